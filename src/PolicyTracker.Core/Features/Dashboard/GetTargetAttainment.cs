using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>指标完成情况: every target with its goal, the latest actual reported and whether it is met.</summary>
public static class GetTargetAttainment
{
    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid TargetId, Guid TaskId, string TaskTitle, string Text, Comparator Comparator, decimal Value, string? Unit,
        decimal? LatestActual, DateTimeOffset? LatestActualAt, bool? Attained);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var targets = await (
                from x in db.Targets.AsNoTracking()
                join t in TaskRows.Visible(db, user) on x.TaskId equals t.Id
                orderby t.PlanId, t.Sequence
                select new Row(x.Id, x.TaskId, t.Title ?? t.Text, x.Text, x.Comparator, x.Value, x.Unit, x.LatestActual, x.LatestActualAt, null))
                .ToListAsync(ct);
            // Attainment is the domain's rule (左右 allows 5%), applied to the projected values rather than restated in SQL.
            return targets.Select(r => r with { Attained = Target.Attains(r.Comparator, r.Value, r.LatestActual) }).ToList();
        }
    }
}
