using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PolicyTracker.Web.Infrastructure;

public static class SecuritySetup
{
    public const string LoginPolicy = "login";

    /// <summary>
    /// The header the UI's fetch wrapper (wwwroot/js/api.js) sends with every call. A cross-site form or image can't
    /// set a custom header, and a cross-site script can't without a CORS preflight this host never grants.
    /// </summary>
    public const string RequestedWithHeader = "X-Requested-With";
    public const string RequestedWithValue = "PolicyTracker";

    /// <summary>Login attempts are limited per client address and account name, on top of Identity's lockout.</summary>
    public static IServiceCollection AddPolicyTrackerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Security:LoginAttemptsPerMinute", 10);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>
    /// Headers that keep the pages from being framed, sniffed or fed from elsewhere: every asset is served from
    /// here (county intranets have no internet), so the policy allows only this origin.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (!http.Request.Path.StartsWithSegments("/hangfire"))
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
                "script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        await next();
    });

    /// <summary>
    /// Anti-forgery for the session cookie: an unsafe API request that carries it must also carry
    /// <see cref="RequestedWithHeader"/>, or it is refused with 403 before any handler runs. Bearer-token clients
    /// send no cookie a browser could attach on their behalf, so they are exempt. Placed before authentication, so a
    /// forged request never even signs in.
    /// </summary>
    public static IApplicationBuilder UseCookieForgeryGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
        if (unsafeMethod && request.Path.StartsWithSegments("/api") && request.Cookies.ContainsKey(AuthSetup.CookieName)
            && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && request.Headers[RequestedWithHeader] != RequestedWithValue)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
            {
                HttpContext = http,
                ProblemDetails = { Status = 403, Title = "请求来源无法确认", Detail = "请从本系统页面操作（缺少防跨站请求标头）" },
            });
            return;
        }
        await next();
    });
}
