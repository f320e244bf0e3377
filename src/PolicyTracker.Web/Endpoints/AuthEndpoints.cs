using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Web.Endpoints;

public static class AuthEndpoints
{
    public sealed record LoginRequest([Required] string UserName, [Required] string Password, bool UseCookies = true);

    public sealed record Me(Guid? Id, string Name, string Role, string RoleName, Guid? UnitId);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        // Cookie for the browser, or a bearer token (the body) for API clients; failures count towards lockout.
        group.MapPost("/login", async Task<IResult> (LoginRequest req, SignInManager<AppUser> signIn) =>
        {
            signIn.AuthenticationScheme = req.UseCookies ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(req.UserName, req.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return TypedResults.Empty;
            return TypedResults.Problem(result.IsLockedOut ? "登录失败次数过多，账号已暂时锁定" : "用户名或密码错误",
                statusCode: StatusCodes.Status401Unauthorized, title: "登录失败");
        }).AllowAnonymous().RequireRateLimiting(Infrastructure.SecuritySetup.LoginPolicy);

        group.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization();

        group.MapGet("/me", (ICurrentUser user) =>
            TypedResults.Ok(new Me(user.Id, user.Name, user.Role, Roles.Chinese(user.Role), user.UnitId))).RequireAuthorization();
    }
}
