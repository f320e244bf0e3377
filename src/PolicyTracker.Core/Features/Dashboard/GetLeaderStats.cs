using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>Per responsible leader (责任领导): tasks, completed, overdue now.</summary>
public static class GetLeaderStats
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid LeaderId, string LeaderName, int Total, int Completed, int Overdue);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            var stats = await TaskRows.Visible(db, user).Where(t => t.LeaderId != null).GroupBy(t => t.LeaderId!.Value)
                .Select(g => new
                {
                    LeaderId = g.Key,
                    Total = g.Count(),
                    Completed = g.Sum(t => t.Status == TrackingStatus.Completed ? 1 : 0),
                    Overdue = g.Sum(t => t.Status != TrackingStatus.Completed && t.Deadline != null && t.Deadline < today ? 1 : 0),
                }).ToListAsync(ct);
            var names = await db.Leaders.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
            return stats.Select(s => new Row(s.LeaderId, names.GetValueOrDefault(s.LeaderId, ""), s.Total, s.Completed, s.Overdue))
                .OrderByDescending(r => r.Overdue).ThenBy(r => r.LeaderName, StringComparer.Ordinal).ToList();
        }
    }
}
