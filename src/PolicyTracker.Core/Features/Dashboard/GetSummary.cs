using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Tasks;

namespace PolicyTracker.Core.Features.Dashboard;

/// <summary>The county at a glance: tasks by status, overdue, by warning light, not yet acknowledged.</summary>
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
            var tasks = TaskRows.Visible(db, user);
            var byStatus = await tasks.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var overdue = await tasks.CountAsync(t => t.Status != TrackingStatus.Completed && t.Deadline != null && t.Deadline < today, ct);
            var unacknowledged = await tasks.CountAsync(t => t.AcknowledgedAt == null && t.Status != TrackingStatus.Completed, ct);
            // Only open tasks with a deadline can be yellow or red; their light needs today's schedule rule, so the
            // narrow projection of just those tasks is judged here.
            var open = await TaskRows.Flatten(db, tasks.Where(t => t.Status != TrackingStatus.Completed && t.Deadline != null)).ToListAsync(ct);
            var lights = open.GroupBy(f => TaskRows.LightOf(f, clock, options)).ToDictionary(g => g.Key, g => g.Count());
            var total = byStatus.Values.Sum();
            int Of(TrackingStatus s) => byStatus.GetValueOrDefault(s);
            var red = lights.GetValueOrDefault(WarningLight.Red);
            var yellow = lights.GetValueOrDefault(WarningLight.Yellow);
            return new(total, Of(TrackingStatus.NotStarted), Of(TrackingStatus.InProgress), Of(TrackingStatus.CompletionRequested),
                Of(TrackingStatus.Completed), overdue, red, yellow, total - red - yellow, unacknowledged);
        }
    }
}
