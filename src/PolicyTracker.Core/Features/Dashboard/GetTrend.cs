using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>Week by week (Monday to Sunday, county time): progress reports filed and tasks closed.</summary>
public static class GetTrend
{
    public sealed record Query(int Weeks = 12) : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(DateOnly WeekStart, int ProgressUpdates, int Completed);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Weeks).InclusiveBetween(1, 52).WithMessage("周数为1到52");
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var visible = TaskRows.Visible(db, user);
            var ids = visible.Select(t => t.Id);
            var rows = new List<Row>();
            // One COUNT per week and series: bucketing instants by county week is not portable SQL, and 2×52 small
            // indexed counts stay cheap where loading every update would not.
            for (var week = monday.AddDays(-7 * (q.Weeks - 1)); week <= monday; week = week.AddDays(7))
            {
                var (since, until) = (clock.StartOf(week), clock.StartOf(week.AddDays(7)));
                var end = week.AddDays(7);
                var updates = await db.ProgressUpdates.CountAsync(p => p.At >= since && p.At < until && ids.Contains(p.TaskId), ct);
                var completed = await visible.CountAsync(t => t.Status == TrackingStatus.Completed && t.CompletedOn >= week && t.CompletedOn < end, ct);
                rows.Add(new(week, updates, completed));
            }
            return rows;
        }
    }
}
