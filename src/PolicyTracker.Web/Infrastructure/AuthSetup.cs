using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Web.Infrastructure;

public static class AuthSetup
{
    public const string CookieName = "policytracker";

    /// <summary>ASP.NET Core Identity: hashed passwords, lockout, cookie sign-in for the browser and bearer tokens for API clients.</summary>
    public static IServiceCollection AddPolicyTrackerAuth(this IServiceCollection services)
    {
        services.AddAuthorization();
        // Keys live in the application database, so N instances behind one address share one key ring: a cookie
        // issued by one is accepted by every other, and a restart or a new instance signs nobody out.
        services.AddDataProtection().SetApplicationName("PolicyTracker").PersistKeysToDbContext<PolicyTrackerDbContext>();
        services.AddIdentityApiEndpoints<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<PolicyTrackerDbContext>()
            .AddClaimsPrincipalFactory<UnitClaimsFactory>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.LoginPath = "/login";
            // API callers get status codes, not redirects to the login page.
            o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            // Identity re-checks the account's security stamp (a lock or a new password signs it out) once the cookie
            // is older than the validation interval. Its validator is built per request just to find that out: a
            // SignInManager, UserManager, store and metrics each time, a fifth of a list request's allocations. The
            // same age test runs here first, with the validator's own options and clock, so it is built when it checks.
            var validate = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = ctx =>
            {
                var stamp = ctx.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
                var now = (stamp.TimeProvider ?? TimeProvider.System).GetUtcNow();
                return ctx.Properties.IssuedUtc is { } issued && now - issued <= stamp.ValidationInterval ? Task.CompletedTask : validate(ctx);
            };
        });
        return services;
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hangfire"))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Puts the account's unit and display name into its claims, so access checks need no database read.</summary>
public sealed class UnitClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.UnitId is { } unit) identity.AddClaim(new Claim(HttpCurrentUser.UnitClaim, unit.ToString()));
        identity.AddClaim(new Claim(HttpCurrentUser.DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
