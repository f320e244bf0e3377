using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Inbox;

/// <summary>Marks one notification of the caller's inbox read, or all of them when no id is given.</summary>
public static class MarkInboxRead
{
    public sealed record Command(Guid? NotificationId) : ICommand<Response>;

    public sealed record Response(int Marked);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var mine = ListInbox.For(db.Notifications, user);
            if (cmd.NotificationId is { } one)
            {
                if (!await mine.AnyAsync(n => n.Id == one, ct)) throw new NotFoundException("消息", one);
                mine = mine.Where(n => n.Id == one);
            }
            var unread = await mine.Where(n => n.ReadAt == null).ToListAsync(ct);
            var now = clock.GetUtcNow();
            foreach (var n in unread) n.MarkRead(now);
            await db.SaveChangesAsync(ct);
            return new(unread.Count);
        }
    }
}
