using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 未按期报送: for each plan's latest reporting due day that has passed, the units of open tasks that reported
/// nothing between the previous due day and it — the same rule the reporting reminders send to 督查室, read live
/// for the supervision workbench.
/// </summary>
public static class ListMissedReports
{
    public sealed record Query : IQuery<IReadOnlyList<UnitRow>>;

    public sealed record UnitRow(Guid UnitId, string UnitName, IReadOnlyList<MissedReport> Missed);

    public sealed record MissedReport(Guid TaskId, string TaskTitle, string PlanTitle, DateOnly DueDay, UnitRole Role);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, ICurrentUser user) : IQueryHandler<Query, IReadOnlyList<UnitRow>>
    {
        public async ValueTask<IReadOnlyList<UnitRow>> Handle(Query query, CancellationToken ct)
        {
            user.MustBeSupervision();
            var today = clock.Today;
            var tasks = (await TrackedTasks.LoadAsync(db, clock, ct))
                .Where(t => t.Task.Status is TrackingStatus.NotStarted or TrackingStatus.InProgress).ToList();
            var taskIds = tasks.Select(t => t.Task.Id).ToList();
            var since = clock.StartOf(today.AddYears(-1).AddDays(-1));
            var reports = (await db.ProgressUpdates.AsNoTracking().Where(p => taskIds.Contains(p.TaskId) && p.At >= since)
                    .Select(p => new { p.TaskId, p.UnitId, p.At }).ToListAsync(ct))
                .ToLookup(p => (p.TaskId, p.UnitId), p => p.At);
            var names = await TrackedTasks.UnitNamesAsync(db, ct);
            var missed = new List<(Guid Unit, MissedReport Report)>();
            foreach (var plan in tasks.GroupBy(t => t.Plan.Id))
            {
                var first = plan.First().Plan;
                var cycles = first.ReportingCycles.Count > 0 ? first.ReportingCycles : [ReportingCycle.DefaultMonthly];
                var dueDay = SendReportingReminders.DueDates(cycles, today.AddYears(-1), today.AddDays(-1)).LastOrDefault();
                if (dueDay == default) continue;
                var previous = SendReportingReminders.DueDates(cycles, dueDay.AddYears(-1), dueDay.AddDays(-1)).LastOrDefault();
                var end = clock.StartOf(dueDay.AddDays(1));
                // A task published after the previous due day owes its first report from publishing on.
                foreach (var t in plan.Where(t => t.PublishedOn < dueDay))
                {
                    var from = previous == default || previous < t.PublishedOn ? first.PublishedAt ?? first.CreatedAt : clock.StartOf(previous.AddDays(1));
                    foreach (var unit in t.Task.Units)
                        if (!reports[(t.Task.Id, unit.UnitId)].Any(at => at >= from && at < end))
                            missed.Add((unit.UnitId, new MissedReport(t.Task.Id, t.Task.Title ?? t.Task.Text, first.Title, dueDay, unit.Role)));
                }
            }
            return missed.GroupBy(m => m.Unit)
                .Select(g => new UnitRow(g.Key, names.GetValueOrDefault(g.Key, "未知单位"), g.Select(m => m.Report).OrderBy(r => r.DueDay).ToList()))
                .OrderByDescending(r => r.Missed.Count).ThenBy(r => r.UnitName, StringComparer.Ordinal).ToList();
        }
    }
}
