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
            var first = monday.AddDays(-7 * (q.Weeks - 1));
            var end = monday.AddDays(7);
            var visible = TaskRows.Visible(db, user);
            // Closing days are dates: the period's days of the closings tally (every published task closed, what every
            // overseeing role sees), bucketed here. Counting the tasks closed instead visited each of them: at a
            // million tasks, tens of thousands a quarter.
            var closedByDay = await db.GroupTallies.AsNoTracking()
                .Where(g => g.Group == TallyGroup.Closing && g.Grain == TallyGrain.Day && g.Start >= first && g.Start < end && g.Count != 0)
                .Select(g => new { Day = g.Start, g.Count }).ToListAsync(ct);
            var rows = new List<Row>();
            // Reports are instants, and bucketing them by county week is not portable SQL: one count per week, each
            // starting from that week's reports in the (At, TaskId) index and joining the visible tasks by key, so the
            // cost follows the reports filed in the period, not the number of tasks.
            for (var week = first; week <= monday; week = week.AddDays(7))
            {
                var (since, until) = (clock.StartOf(week), clock.StartOf(week.AddDays(7)));
                var weekEnd = week.AddDays(7);
                var updates = await db.ProgressUpdates.Where(p => p.At >= since && p.At < until)
                    .Join(visible, p => p.TaskId, t => t.Id, (p, t) => p.Id).CountAsync(ct);
                var completed = closedByDay.Where(c => c.Day >= week && c.Day < weekEnd).Sum(c => c.Count);
                rows.Add(new(week, updates, completed));
            }
            return rows;
        }
    }
}
