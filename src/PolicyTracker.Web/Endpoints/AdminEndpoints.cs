using Mediator;
using PolicyTracker.Core.Features.Accounts;
using PolicyTracker.Core.Features.Audit;

namespace PolicyTracker.Web.Endpoints;

public static class AdminEndpoints
{
    public sealed record PasswordBody(string Password);

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin/users").WithTags("Admin").RequireAuthorization();
        users.MapGet("/", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListAccounts.Query(), ct)));
        users.MapPost("/", async (CreateAccount.Command cmd, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(cmd with { UserName = cmd.UserName ?? "", DisplayName = cmd.DisplayName ?? "", Password = cmd.Password ?? "", Role = cmd.Role ?? "" }, ct)));
        users.MapPost("/{id:guid}/reset-password", async (Guid id, PasswordBody body, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new ResetPassword.Command(id, body.Password ?? ""), ct)));
        users.MapPost("/{id:guid}/lock", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new SetAccountLock.Command(id, true), ct)));
        users.MapPost("/{id:guid}/unlock", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new SetAccountLock.Command(id, false), ct)));

        app.MapGet("/api/admin/audit/verify", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new VerifyAuditTrail.Query(), ct)))
            .WithTags("Admin").RequireAuthorization();
    }
}
