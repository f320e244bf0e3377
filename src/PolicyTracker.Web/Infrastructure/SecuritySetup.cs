using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PolicyTracker.Web.Infrastructure;

public static class SecuritySetup
{
    public const string LoginPolicy = "login";

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
}
