using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 进展报送提醒 from each plan's own cadence (每季度末月25日前, 半年, 全年 …; else the default monthly cycle): a unit of
/// an open task that has not reported since the previous due date is reminded
/// <see cref="RemindersOptions.ReportingRemindDaysBefore"/> days before the due day; the day after it, 督查室 receives the
/// list of units that did not report. A unit owes a report only for tasks published at least that many days before.
/// </summary>
public static class SendReportingReminders
{
    public const string Job = "reminders.reporting";

    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Recorded, DateOnly From, DateOnly? StaleFrom);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, RemindersOptions options, NotificationRecorder recorder)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var today = clock.Today;
            var before = Math.Max(0, options.ReportingRemindDaysBefore);
            var window = await ReminderWindow.OpenAsync(db, Job, today, options.CatchUpHorizonDays, ct);
            var names = await TrackedTasks.UnitNamesAsync(db, ct);
            var tasks = (await TrackedTasks.LoadAsync(db, clock, ct))
                .Where(t => t.Task.Status is TrackingStatus.NotStarted or TrackingStatus.InProgress).ToList();
            var taskIds = tasks.Select(t => t.Task.Id).ToList();
            var since = clock.StartOf(window.Earliest.AddYears(-1).AddDays(-before - 1));
            var reports = (await db.ProgressUpdates.AsNoTracking().Where(p => taskIds.Contains(p.TaskId) && p.At >= since)
                .Select(p => new { p.TaskId, p.UnitId, p.At }).ToListAsync(ct))
                .ToLookup(p => (p.TaskId, p.UnitId), p => p.At);
            var due = new List<DueNotice>();
            foreach (var plan in tasks.GroupBy(t => t.Plan.Id))
            {
                var cycles = plan.First().Plan.ReportingCycles.Count > 0 ? plan.First().Plan.ReportingCycles : [ReportingCycle.DefaultMonthly];
                // Due days whose reminder (before) or missed-list (after) falls in this run's window.
                foreach (var dueDay in DueDates(cycles, window.Earliest.AddDays(-1), today.AddDays(before)))
                {
                    var previous = DueDates(cycles, dueDay.AddYears(-1), dueDay.AddDays(-1)).LastOrDefault();
                    var remindDay = dueDay.AddDays(-before);
                    var missed = new List<string>();
                    foreach (var t in plan.Where(t => t.PublishedOn <= remindDay))
                    {
                        // Reports count from the day after the previous due day, or from publishing.
                        var from = previous == default || previous < t.PublishedOn ? t.Plan.PublishedAt ?? t.Plan.CreatedAt : clock.StartOf(previous.AddDays(1));
                        foreach (var unit in t.Task.Units)
                        {
                            var at = reports[(t.Task.Id, unit.UnitId)].Where(a => a >= from).ToList();
                            if (at.Count == 0 && remindDay >= window.Earliest && remindDay <= today)
                            {
                                var recipient = Recipient.OfUnit(unit.UnitId);
                                due.Add(new DueNotice(remindDay, new PlannedNotice($"reporting:{t.Task.Id:N}:{recipient.Key}:{dueDay:yyyyMMdd}",
                                    "reporting", $"【报送提醒】请于{dueDay:M月d日}前报送进展",
                                    $"{t.Label}\n按方案要求，本期进展应于{dueDay:yyyy年M月d日}前报送，贵单位本期尚未报送，请按时报送。",
                                    recipient, t.Task.Id)));
                            }
                            if (!at.Any(a => a < clock.StartOf(dueDay.AddDays(1))))
                                missed.Add($"· {t.Label}：{names.GetValueOrDefault(unit.UnitId, "未知单位")}（{(unit.Role == UnitRole.Lead ? "牵头" : "配合")}）");
                        }
                    }
                    var reportDay = dueDay.AddDays(1);
                    if (missed.Count > 0 && reportDay >= window.Earliest && reportDay <= today)
                        due.Add(new DueNotice(reportDay, new PlannedNotice($"reporting-missed:{plan.Key:N}:{dueDay:yyyyMMdd}", "reporting-missed",
                            $"【报送情况】《{plan.First().Plan.Title}》{dueDay:M月d日}到期的进展有{missed.Count}个单位未报送",
                            "以下单位未按期报送进展：\n" + string.Join("\n", missed), Recipient.OfRole(Roles.Supervisor))));
                }
            }
            var recorded = await recorder.RecordAsync(window.Plan(due), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }
    }

    /// <summary>The plan's due days in [from, to]: the union of its cycles, each day once.</summary>
    public static IEnumerable<DateOnly> DueDates(IEnumerable<ReportingCycle> cycles, DateOnly from, DateOnly to) =>
        cycles.SelectMany(c => c.DueDatesBetween(from, to)).Distinct().Order();
}
