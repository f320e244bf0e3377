using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 签收催办: a task its lead unit has not acknowledged by the end of the day
/// <see cref="TrackingOptions.AcknowledgeWithinDays"/> after publishing is chased the next day; if it is still not
/// acknowledged <see cref="RemindersOptions.ReceiptReportAfterDays"/> later, 督查室 receives the list.
/// </summary>
public static class ChaseAcknowledgements
{
    public const string Job = "reminders.receipt";

    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Recorded, DateOnly From, DateOnly? StaleFrom);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, TrackingOptions tracking, RemindersOptions options,
        NotificationRecorder recorder) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var today = clock.Today;
            var window = await ReminderWindow.OpenAsync(db, Job, today, options.CatchUpHorizonDays, ct);
            var names = await TrackedTasks.UnitNamesAsync(db, ct);
            var due = new List<DueNotice>();
            var toReport = new List<(DateOnly Day, TrackedTask Task)>();
            foreach (var t in await TrackedTasks.LoadAsync(db, clock, ct))
            {
                if (t.Task.AcknowledgedAt is not null || t.Task.Status == TrackingStatus.Completed) continue;
                var chaseDay = ChaseDay(t.PublishedOn, tracking.AcknowledgeWithinDays);
                if (chaseDay >= window.Earliest && chaseDay <= today)
                    foreach (var unitId in t.Task.LeadUnitIds)
                    {
                        var recipient = Recipient.OfUnit(unitId);
                        due.Add(new DueNotice(chaseDay, new PlannedNotice($"receipt:{t.Task.Id:N}:{recipient.Key}:{t.PublishedOn:yyyyMMdd}",
                            "receipt", "【签收催办】任务尚未签收",
                            $"{t.Label}\n该任务于{t.PublishedOn:yyyy年M月d日}下达，应在{tracking.AcknowledgeWithinDays}日内签收，贵单位作为牵头单位至今未签收，请尽快签收。",
                            recipient, t.Task.Id)));
                    }
                var reportDay = chaseDay.AddDays(options.ReceiptReportAfterDays);
                if (reportDay >= window.Earliest && reportDay <= today) toReport.Add((reportDay, t));
            }
            foreach (var day in toReport.GroupBy(r => r.Day))
            {
                var lines = day.Select(r => $"· {r.Task.Label}（牵头单位：{TrackedTasks.Names(r.Task.Task.LeadUnitIds, names)}，{r.Task.PublishedOn:M月d日}下达）");
                due.Add(new DueNotice(day.Key, new PlannedNotice($"receipt-report:{day.Key:yyyyMMdd}", "receipt-report",
                    $"【签收情况】{day.Count()}项任务催办后仍未签收",
                    "以下任务经催办仍未签收，请督查室跟进：\n" + string.Join("\n", lines), Recipient.OfRole(Roles.Supervisor))));
            }
            var recorded = await recorder.RecordAsync(window.Plan(due), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }
    }

    /// <summary>签收 is due by the end of the day <paramref name="withinDays"/> after publishing; the chase goes out the day after.</summary>
    public static DateOnly ChaseDay(DateOnly publishedOn, int withinDays) => publishedOn.AddDays(withinDays + 1);
}
