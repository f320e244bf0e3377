using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

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
            var today = clock.Today;
            var stats = await TaskRows.Visible(db, user).GroupBy(t => t.PlanId)
                .Select(g => new
                {
                    PlanId = g.Key,
                    Total = g.Count(),
                    Completed = g.Sum(t => t.Status == TrackingStatus.Completed ? 1 : 0),
                    Overdue = g.Sum(t => t.Status != TrackingStatus.Completed && t.Deadline != null && t.Deadline < today ? 1 : 0),
                    Average = g.Average(t => (double)t.PercentComplete),
                }).ToListAsync(ct);
            var plans = await db.Plans.AsNoTracking().Select(p => new { p.Id, Title = p.PlanTitle ?? p.NoticeTitle ?? "", p.DocNumber, p.PublishedAt })
                .ToDictionaryAsync(p => p.Id, ct);
            return stats.Select(s => new Row(s.PlanId, plans[s.PlanId].Title, plans[s.PlanId].DocNumber, s.Total, s.Completed, s.Overdue,
                Math.Round(s.Average, 1))).OrderByDescending(r => plans[r.PlanId].PublishedAt).ToList();
        }
    }
}
