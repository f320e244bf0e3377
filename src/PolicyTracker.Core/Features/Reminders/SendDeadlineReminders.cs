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
            var offsets = options.DeadlineOffsets.Where(o => o >= 0).Distinct().ToList();
            var plans = await TrackedTasks.PublishedPlansAsync(db, clock, ct);
            // Only open tasks due an offset after a day this run covers can be due; they are read a chunk of deadline
            // days at a time and each chunk's notices recorded before the next is read, so memory stays bounded.
            var (from, until) = (window.Earliest, today.AddDays(offsets.DefaultIfEmpty(0).Max()));
            bool Wanted(DateOnly deadline) => offsets.Any(o => deadline.AddDays(-o) >= window.Earliest && deadline.AddDays(-o) <= today);
            var recorded = 0;
            var stale = new StaleNotices();
            await foreach (var chunk in TrackedTasks.ByDeadlineAsync(db, plans, TrackedTasks.Open, from, until, Wanted, ct))
            {
                var due = new List<DueNotice>();
                foreach (var t in chunk)
                {
                    if (t.Deadline is not { } deadline) continue;
                    foreach (var offset in offsets)
                    {
                        var sendDay = deadline.AddDays(-offset);
                        if (sendDay < t.PublishedOn || sendDay < window.Earliest || sendDay > today) continue;
                        foreach (var unit in t.Units)
                        {
                            var notice = new DueNotice(sendDay, Notice(t, deadline, offset, unit, today));
                            if (window.IsStale(notice)) stale.Add(notice, t);
                            else due.Add(notice);
                        }
                    }
                }
                recorded += await recorder.RecordAsync(window.Individually(due), ct);
            }
            recorded += await recorder.RecordAsync(window.Digests(stale.InPlanOrder), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }

        private static PlannedNotice Notice(ScannedTask t, DateOnly deadline, int offset, ScannedUnit unit, DateOnly today)
        {
            var left = deadline.DayNumber - today.DayNumber;
            var when = left switch { > 0 => $"还有{left}天到期", 0 => "今天到期", _ => $"已逾期{-left}天" };
            var role = unit.Role == UnitRole.Lead ? "牵头" : "配合";
            var recipient = Recipient.OfUnit(unit.UnitId);
            return new PlannedNotice($"deadline:{t.Id:N}:{recipient.Key}:{deadline:yyyyMMdd}:{offset}", "deadline",
                $"【到期提醒】任务{when}",
                $"{t.Label}\n完成时限：{deadline:yyyy年M月d日}（{when}）\n贵单位为该任务的{role}单位，请抓紧推进并及时报送进展。",
                recipient, t.Id);
        }
    }
}
