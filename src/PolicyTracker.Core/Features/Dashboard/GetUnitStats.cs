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
            // The per-unit tallies: a few rows per unit and deadline day, whatever the number of tasks.
            var stats = await db.TaskTallies.AsNoTracking().Where(t => t.UnitId != TaskTally.County).GroupBy(t => t.UnitId)
                .Select(g => new
                {
                    UnitId = g.Key,
                    Total = g.Sum(t => t.Count),
                    Completed = g.Sum(t => t.Status == TrackingStatus.Completed ? t.Count : 0),
                    Overdue = g.Sum(t => t.Status != TrackingStatus.Completed && t.Deadline < today ? t.Count : 0),
                    OnTime = g.Sum(t => t.Status == TrackingStatus.Completed ? (t.Deadline == TaskTally.NoDeadline ? t.Count : t.OnTime) : 0),
                    Due = g.Sum(t => t.Status == TrackingStatus.Completed || t.Deadline < today ? t.Count : 0),
                }).Where(s => s.Total > 0).ToListAsync(ct);
            var ids = stats.Select(s => s.UnitId).ToList();
            var names = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var ordered = stats
                .Select(s => new { s, Rate = Oversight.Rate(s.OnTime, s.Due), Name = names.GetValueOrDefault(s.UnitId, "") })
                .OrderByDescending(x => x.Rate ?? -1).ThenBy(x => x.s.Overdue).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
            return ordered.Select((x, i) => new Row(x.s.UnitId, x.Name, x.s.Total, x.s.Completed, x.s.Overdue, x.Rate, i + 1)).ToList();
        }
    }
}
