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
            var stats = await (
                from tu in db.TaskUnits
                join t in TaskRows.Visible(db, user) on tu.TaskId equals t.Id
                where tu.Role == UnitRole.Lead
                group t by tu.UnitId into g
                select new
                {
                    UnitId = g.Key,
                    Total = g.Count(),
                    Completed = g.Sum(t => t.Status == TrackingStatus.Completed ? 1 : 0),
                    Overdue = g.Sum(t => t.Status != TrackingStatus.Completed && t.Deadline != null && t.Deadline < today ? 1 : 0),
                    OnTime = g.Sum(t => t.Status == TrackingStatus.Completed && (t.Deadline == null || t.CompletedOn <= t.Deadline) ? 1 : 0),
                    Due = g.Sum(t => t.Status == TrackingStatus.Completed || (t.Deadline != null && t.Deadline < today) ? 1 : 0),
                }).ToListAsync(ct);
            var ids = stats.Select(s => s.UnitId).ToList();
            var names = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
            var ordered = stats
                .Select(s => new { s, Rate = Oversight.Rate(s.OnTime, s.Due), Name = names.GetValueOrDefault(s.UnitId, "") })
                .OrderByDescending(x => x.Rate ?? -1).ThenBy(x => x.s.Overdue).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
            return ordered.Select((x, i) => new Row(x.s.UnitId, x.Name, x.s.Total, x.s.Completed, x.s.Overdue, x.Rate, i + 1)).ToList();
        }
    }
}
