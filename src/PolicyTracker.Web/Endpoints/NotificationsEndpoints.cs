using Mediator;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Web.Endpoints;

public static class NotificationsEndpoints
{
    public static void MapNotificationsEndpoints(this IEndpointRouteBuilder app)
    {
        // The inbox itself (/api/notifications) is mapped by InboxEndpoints.
        var channels = app.MapGroup("/api/unit-channels").WithTags("Notifications").RequireAuthorization();
        channels.MapGet("/", async (Guid? unitId, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListUnitChannels.Query(unitId), ct)));
        channels.MapPost("/", async (SaveUnitChannel.Command cmd, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(cmd with { Id = null }, ct)));
        channels.MapPut("/{id:guid}", async (Guid id, SaveUnitChannel.Command cmd, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(cmd with { Id = id }, ct)));
        channels.MapDelete("/{id:guid}", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new DeleteUnitChannel.Command(id), ct)));

        var outbox = app.MapGroup("/api/outbox").WithTags("Notifications").RequireAuthorization();
        outbox.MapGet("/dead-letters", async (ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new ListDeadLetters.Query(), ct)));
        outbox.MapPost("/{id:guid}/retry", async (Guid id, ISender s, CancellationToken ct) => TypedResults.Ok(await s.Send(new RetryDeadLetter.Command(id), ct)));
    }
}
