using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>The county at a glance: tasks by status, overdue, by warning light, not yet acknowledged.</summary>
/// <remarks>Read from <see cref="TaskTally"/> and <see cref="ScheduleTally"/>: the cost does not grow with the number of tasks.</remarks>
public static class GetSummary
{
    public sealed record Query : IQuery<Response>;

    public sealed record Response(int Total, int NotStarted, int InProgress, int CompletionRequested, int Completed, int Overdue,
        int Red, int Yellow, int Green, int Unacknowledged);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock, TrackingOptions options)
        : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query q, CancellationToken ct)
        {
            user.MustOversee();
            var today = clock.Today;
            // The county-wide tallies, not the tasks (TallyInterceptor keeps them exact): a few rows for all deadlines,
            // and the open rows of the days before today.
            var rows = await db.TaskTallies.AsNoTracking().Where(t => t.UnitId == TaskTally.County && t.Deadline == TaskTally.AnyDeadline)
                .Select(t => new { t.Status, t.Acknowledged, t.Count }).ToListAsync(ct);
            int Of(TrackingStatus s) => rows.Where(r => r.Status == s).Sum(r => r.Count);
            var total = rows.Sum(r => r.Count);
            var overdue = await db.TaskTallies
                .Where(t => t.Status != TrackingStatus.Completed && t.Deadline < today && t.UnitId == TaskTally.County)
                .SumAsync(t => t.Count, ct);
            var unacknowledged = rows.Where(r => !r.Acknowledged && r.Status != TrackingStatus.Completed).Sum(r => r.Count);
            // Red: open past the deadline. Yellow: due within the window, or behind schedule — fallen behind by today
            // (every open task with a deadline has fallen "behind" by the day after it, so the red ones are taken out)
            // and not already counted as due soon.
            var soonUntil = today.AddDays(options.DueSoonDays);
            var dueSoon = await db.ScheduleTallies.AsNoTracking().Where(t => t.Deadline >= today && t.Deadline <= soonUntil)
                .Select(t => new { t.BehindFrom, t.Count }).ToListAsync(ct);
            var behindByToday = await db.ScheduleTallies.Where(t => t.Deadline == ScheduleTally.AnyDeadline && t.BehindFrom <= today)
                .SumAsync(t => t.Count, ct);
            var red = overdue;
            var yellow = dueSoon.Sum(t => t.Count) + behindByToday - red - dueSoon.Where(t => t.BehindFrom <= today).Sum(t => t.Count);
            return new(total, Of(TrackingStatus.NotStarted), Of(TrackingStatus.InProgress), Of(TrackingStatus.CompletionRequested),
                Of(TrackingStatus.Completed), overdue, red, yellow, total - red - yellow, unacknowledged);
        }
    }
}
