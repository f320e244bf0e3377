using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

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
            // Every published task with a leader counts (what every overseeing role sees), from the tallies.
            var stats = await GroupSums.ReadAsync(db, TallyGroup.Leader, clock.Today, ct);
            var names = await db.Leaders.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);
            return stats.Select(s => new Row(s.GroupId, names.GetValueOrDefault(s.GroupId, ""), (int)s.Total, (int)(s.Total - s.Open), (int)s.Overdue))
                .OrderByDescending(r => r.Overdue).ThenBy(r => r.LeaderName, StringComparer.Ordinal).ToList();
        }
    }
}
