using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 到期提醒: lead and co-units are reminded of an open task's deadline at the configured offsets (7, 3, 1 days before
/// and on the day). The dedup key holds the deadline itself, so an extension makes new reminders due and the old
/// ones simply stop being computed; completion or reassignment likewise changes what is due.
/// </summary>
public static class SendDeadlineReminders
{
    public const string Job = "reminders.deadline";

    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Recorded, DateOnly From, DateOnly? StaleFrom);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, RemindersOptions options, NotificationRecorder recorder)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var today = clock.Today;
            var window = await ReminderWindow.OpenAsync(db, Job, today, options.CatchUpHorizonDays, ct);
            var due = new List<DueNotice>();
            // Only open tasks whose deadline lies within the largest offset of a day this run covers can be due.
            var (from, until) = (window.Earliest, today.AddDays(Math.Max(0, options.DeadlineOffsets.DefaultIfEmpty(0).Max())));
            foreach (var t in await TrackedTasks.LoadAsync(db, clock, ct, t =>
                         (t.Status == TrackingStatus.NotStarted || t.Status == TrackingStatus.InProgress) && t.Deadline >= from && t.Deadline <= until))
            {
                if (t.Task.Status is TrackingStatus.Completed or TrackingStatus.CompletionRequested || t.Task.Deadline is not { } deadline) continue;
                foreach (var offset in options.DeadlineOffsets.Where(o => o >= 0).Distinct())
                {
                    var sendDay = deadline.AddDays(-offset);
                    if (sendDay < t.PublishedOn || sendDay < window.Earliest || sendDay > today) continue;
                    foreach (var unit in t.Task.Units)
                        due.Add(new DueNotice(sendDay, Notice(t, deadline, offset, unit, today)));
                }
            }
            var recorded = await recorder.RecordAsync(window.Plan(due), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }

        private static PlannedNotice Notice(TrackedTask t, DateOnly deadline, int offset, TaskUnit unit, DateOnly today)
        {
            var left = deadline.DayNumber - today.DayNumber;
            var when = left switch { > 0 => $"还有{left}天到期", 0 => "今天到期", _ => $"已逾期{-left}天" };
            var role = unit.Role == UnitRole.Lead ? "牵头" : "配合";
            var recipient = Recipient.OfUnit(unit.UnitId);
            return new PlannedNotice($"deadline:{t.Task.Id:N}:{recipient.Key}:{deadline:yyyyMMdd}:{offset}", "deadline",
                $"【到期提醒】任务{when}",
                $"{t.Label}\n完成时限：{deadline:yyyy年M月d日}（{when}）\n贵单位为该任务的{role}单位，请抓紧推进并及时报送进展。",
                recipient, t.Task.Id);
        }
    }
}
