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
            // The county-wide tallies (a few rows per deadline day), not the tasks: TallyInterceptor keeps them exact.
            var rows = await db.TaskTallies.AsNoTracking().Where(t => t.UnitId == TaskTally.County && t.Count != 0)
                .Select(t => new { t.Deadline, t.Status, t.Acknowledged, t.Count }).ToListAsync(ct);
            int Of(TrackingStatus s) => rows.Where(r => r.Status == s).Sum(r => r.Count);
            var total = rows.Sum(r => r.Count);
            var overdue = rows.Where(r => r.Status != TrackingStatus.Completed && r.Deadline < today).Sum(r => r.Count);
            var unacknowledged = rows.Where(r => !r.Acknowledged && r.Status != TrackingStatus.Completed).Sum(r => r.Count);
            // Open tasks past their deadline are red; of those due today or later, the domain's light rule decides
            // yellow once per (start, deadline, percent) row with the number of tasks that share it.
            var schedules = await db.ScheduleTallies.AsNoTracking().Where(t => t.Deadline >= today && t.Count != 0).ToListAsync(ct);
            var yellow = schedules.Where(t => TaskRows.LightOf(t, clock, options) == WarningLight.Yellow).Sum(t => t.Count);
            var red = overdue;
            return new(total, Of(TrackingStatus.NotStarted), Of(TrackingStatus.InProgress), Of(TrackingStatus.CompletionRequested),
                Of(TrackingStatus.Completed), overdue, red, yellow, total - red - yellow, unacknowledged);
        }
    }
}
