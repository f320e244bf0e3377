using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>An admin removes a unit's channel; messages already in the outbox still go to the old address.</summary>
public static class DeleteUnitChannel
{
    public sealed record Command(Guid Id) : ICommand<Response>;

    public sealed record Response(Guid Id);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeAdmin();
            var channel = await db.UnitChannels.FindRequiredAsync(cmd.Id, ct);
            db.UnitChannels.Remove(channel);
            await db.SaveChangesAsync(ct);
            return new(cmd.Id);
        }
    }
}
