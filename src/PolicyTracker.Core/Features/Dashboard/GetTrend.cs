using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>Week by week (Monday to Sunday, county days): progress reports filed and tasks closed.</summary>
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
            // Both series from their day tallies (every published task, what every overseeing role sees), bucketed by
            // county week here. Counting the period's reports and closed tasks instead visited each of them: at a
            // province's size, hundreds of thousands a quarter.
            var days = await db.GroupTallies.AsNoTracking()
                .Where(g => (g.Group == TallyGroup.Reports || g.Group == TallyGroup.Closing) && g.Grain == TallyGrain.Day
                    && g.Start >= first && g.Start < end && g.Count != 0)
                .Select(g => new { g.Group, Day = g.Start, g.Count }).ToListAsync(ct);
            var rows = new List<Row>();
            for (var week = first; week <= monday; week = week.AddDays(7))
            {
                var weekEnd = week.AddDays(7);
                int Sum(TallyGroup group) => days.Where(d => d.Group == group && d.Day >= week && d.Day < weekEnd).Sum(d => d.Count);
                rows.Add(new(week, Sum(TallyGroup.Reports), Sum(TallyGroup.Closing)));
            }
            return rows;
        }
    }
}
