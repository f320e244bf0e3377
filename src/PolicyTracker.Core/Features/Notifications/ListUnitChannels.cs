using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>Where each unit's reminders go besides the in-app inbox.</summary>
public static class ListUnitChannels
{
    public sealed record Query(Guid? UnitId = null) : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, Guid UnitId, string UnitName, DeliveryChannel Channel, string Destination, WebhookFormat Format, bool Enabled);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken ct)
        {
            user.MustBeAdmin();
            var rows = from c in db.UnitChannels.AsNoTracking()
                       join u in db.Units.AsNoTracking() on c.UnitId equals u.Id
                       where query.UnitId == null || c.UnitId == query.UnitId
                       orderby u.Name, c.Channel
                       select new Item(c.Id, c.UnitId, u.Name, c.Channel, c.Destination, c.Format, c.Enabled);
            return await rows.ToListAsync(ct);
        }
    }
}
