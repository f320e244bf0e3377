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
                select new { Target = x, t.Title, t.Text }).ToListAsync(ct);
            return targets.Select(x => new Row(x.Target.Id, x.Target.TaskId, x.Title ?? x.Text, x.Target.Text, x.Target.Comparator, x.Target.Value,
                x.Target.Unit, x.Target.LatestActual, x.Target.LatestActualAt, x.Target.IsAttained)).ToList();
        }
    }
}
