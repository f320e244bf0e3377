using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>
/// Per lead unit (牵头单位), all time: tasks, completed, overdue now, and the on-time rate — completed on or before the
/// deadline, over the tasks already due (completed, or past their deadline); ranked by that rate, then fewest overdue.
/// </summary>
public static class GetUnitStats
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid UnitId, string UnitName, int Total, int Completed, int Overdue, double? OnTimeRate, int Rank);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            // The per-unit tallies: totals from each unit's all-deadlines rows, completed without a deadline (on time by
            // definition) from its no-deadline rows, overdue from its open rows of the days before today.
            var totals = await db.TaskTallies.AsNoTracking()
                .Where(t => t.UnitId != TaskTally.County && (t.Deadline == TaskTally.AnyDeadline
                    || (t.Deadline == TaskTally.NoDeadline && t.Status == TrackingStatus.Completed)))
                .Select(t => new { t.UnitId, t.Deadline, t.Status, t.Count, t.OnTime }).ToListAsync(ct);
            var overdue = await db.TaskTallies
                .Where(t => (t.Status == TrackingStatus.NotStarted || t.Status == TrackingStatus.InProgress || t.Status == TrackingStatus.CompletionRequested)
                    && t.Deadline < today && t.UnitId != TaskTally.County)
                .GroupBy(t => t.UnitId).Select(g => new { UnitId = g.Key, Count = g.Sum(t => t.Count) })
                .ToDictionaryAsync(g => g.UnitId, g => g.Count, ct);
            var withoutDeadline = totals.Where(t => t.Deadline == TaskTally.NoDeadline).GroupBy(t => t.UnitId).ToDictionary(g => g.Key, g => g.Sum(t => t.Count));
            var stats = totals.Where(t => t.Deadline == TaskTally.AnyDeadline).GroupBy(t => t.UnitId)
                .Select(g =>
                {
                    var completed = g.Where(t => t.Status == TrackingStatus.Completed).ToList();
                    var noDeadline = withoutDeadline.GetValueOrDefault(g.Key);
                    var late = overdue.GetValueOrDefault(g.Key);
                    return new
                    {
                        UnitId = g.Key,
                        Total = g.Sum(t => t.Count),
                        Completed = completed.Sum(t => t.Count),
                        Overdue = late,
                        OnTime = completed.Sum(t => t.OnTime) + noDeadline,
                        Due = completed.Sum(t => t.Count) + late,
                    };
                }).Where(s => s.Total > 0).ToList();
            var ids = stats.Select(s => s.UnitId).ToList();
            var names = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var ordered = stats
                .Select(s => new { s, Rate = Oversight.Rate(s.OnTime, s.Due), Name = names.GetValueOrDefault(s.UnitId, "") })
                .OrderByDescending(x => x.Rate ?? -1).ThenBy(x => x.s.Overdue).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
            return ordered.Select((x, i) => new Row(x.s.UnitId, x.Name, x.s.Total, x.s.Completed, x.s.Overdue, x.Rate, i + 1)).ToList();
        }
    }
}
