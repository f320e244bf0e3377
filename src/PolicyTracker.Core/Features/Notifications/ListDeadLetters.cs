using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>Messages that could not be delivered after every retry, for admins to inspect and send again.</summary>
public static class ListDeadLetters
{
    public sealed record Query : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, Guid NotificationId, string Channel, string Destination, string Title, int Attempts,
        string? LastError, DateTimeOffset CreatedAt, DateTimeOffset DeadLetteredAt);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken ct)
        {
            user.MustBeAdmin();
            var rows = await (from m in db.OutboxMessages.AsNoTracking()
                              join n in db.Notifications.AsNoTracking() on m.NotificationId equals n.Id
                              where m.DeadLetteredAt != null
                              select new { m, n.Title }).ToListAsync(ct);
            return rows.OrderByDescending(r => r.m.DeadLetteredAt)
                .Select(r => new Item(r.m.Id, r.m.NotificationId, r.m.Channel.ToString(), r.m.Destination, r.Title, r.m.Attempts,
                    r.m.LastError, r.m.CreatedAt, r.m.DeadLetteredAt!.Value)).ToList();
        }
    }
}
