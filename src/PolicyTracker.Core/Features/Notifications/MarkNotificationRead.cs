using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>Marks one of the caller's notifications read (a unit's or role's notice is read for everyone in it).</summary>
public static class MarkNotificationRead
{
    public sealed record Command(Guid Id) : ICommand<Response>;

    public sealed record Response(Guid Id, DateTimeOffset ReadAt);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var notification = await db.Notifications.Mine(user).FirstOrDefaultAsync(n => n.Id == cmd.Id, ct)
                ?? throw new NotFoundException("通知", cmd.Id);
            notification.MarkRead(clock.Now);
            await db.SaveChangesAsync(ct);
            return new(notification.Id, notification.ReadAt!.Value);
        }
    }
}
