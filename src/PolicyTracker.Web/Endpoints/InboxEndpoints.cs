using Mediator;
using PolicyTracker.Core.Features.Inbox;

namespace PolicyTracker.Web.Endpoints;

public static class InboxEndpoints
{
    public static void MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        inbox.MapGet("/", async ([AsParameters] ListInbox.Query q, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(q, ct)));
        inbox.MapPost("/{id:guid}/read", async (Guid id, ISender s, CancellationToken ct) =>
            TypedResults.Ok(await s.Send(new MarkInboxRead.Command(id), ct)));
        inbox.MapPost("/read-all", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new MarkInboxRead.Command(null), ct)));
    }
}
