using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>Per plan: tasks, completed, overdue now, average percent complete.</summary>
public static class GetPlanStats
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid PlanId, string PlanTitle, string? DocNumber, int Total, int Completed, int Overdue, double AveragePercent);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            // Every published plan's tasks (what every overseeing role sees), from the tallies.
            var stats = await GroupSums.ReadAsync(db, TallyGroup.Plan, clock.Today, ct);
            var plans = await db.Plans.AsNoTracking().Select(p => new { p.Id, Title = p.PlanTitle ?? p.NoticeTitle ?? "", p.DocNumber, p.PublishedAt })
                .ToDictionaryAsync(p => p.Id, ct);
            return stats.Where(s => plans.ContainsKey(s.GroupId))
                .Select(s => new Row(s.GroupId, plans[s.GroupId].Title, plans[s.GroupId].DocNumber, (int)s.Total, (int)(s.Total - s.Open), (int)s.Overdue,
                    Math.Round((double)s.Percent / s.Total, 1)))
                .OrderByDescending(r => plans[r.PlanId].PublishedAt).ToList();
        }
    }
}
