using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>
/// 指标完成情况: the targets of the most recently published plans, in each plan's task order, with the goal, the latest
/// actual reported and whether it is met; at most <see cref="Query.Take"/> of them (the dashboard's card shows twenty).
/// </summary>
public static class GetTargetAttainment
{
    public sealed record Query(int Take = 20) : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(Guid TargetId, Guid TaskId, string TaskTitle, string Text, Comparator Comparator, decimal Value, string? Unit,
        decimal? LatestActual, DateTimeOffset? LatestActualAt, bool? Attained);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Take).InclusiveBetween(1, 500).WithMessage("条数为1到500");
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            // A province holds a target for most of its million tasks: every one of them was sent to the card that shows
            // twenty. The newest plans come first, a few at a time (one plan usually fills the card; plans without
            // targets widen the next read), each read starting from its plans' tasks by index.
            var plans = await db.Plans.AsNoTracking().Where(p => p.Status == PlanStatus.Published)
                .OrderByDescending(p => p.PublishedAt).ThenBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
            var rows = new List<Row>();
            var (next, width) = (0, 1);
            while (rows.Count < q.Take && next < plans.Count)
            {
                var chunk = plans.Skip(next).Take(width).ToList();
                var found = await (
                    from x in db.Targets.AsNoTracking()
                    join t in db.Tasks on x.TaskId equals t.Id
                    where chunk.Contains(t.PlanId)
                    select new { t.PlanId, t.Sequence, Row = new Row(x.Id, x.TaskId, t.Title ?? t.Text, x.Text, x.Comparator, x.Value, x.Unit, x.LatestActual, x.LatestActualAt, null) })
                    .ToListAsync(ct);
                // The chunk's plans in their order, each plan's targets in task order.
                rows.AddRange(found.OrderBy(f => chunk.IndexOf(f.PlanId)).ThenBy(f => f.Sequence).ThenBy(f => f.Row.TargetId).Select(f => f.Row).Take(q.Take - rows.Count));
                (next, width) = (next + width, Math.Min(width * 4, 256));
            }
            // Attainment is the domain's rule (左右 allows 5%), applied to the projected values rather than restated in SQL.
            return rows.Select(r => r with { Attained = Target.Attains(r.Comparator, r.Value, r.LatestActual) }).ToList();
        }
    }
}
