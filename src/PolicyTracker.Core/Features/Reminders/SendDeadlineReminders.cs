using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;

namespace PolicyTracker.Core.Features.Reminders;

/// <summary>
/// 到期提醒: lead and co-units are reminded of an open task's deadline at the configured offsets (7, 3, 1 days before
/// and on the day), one notice per unit, deadline day and offset naming every task of the unit due that day
/// (deadlines cluster on month ends: a unit used to get a hundred separate messages, by e-mail too, the same morning).
/// A unit with one such task gets the task's own reminder, pointing at it.
/// </summary>
/// <remarks>
/// The dedup key holds the unit, the deadline and the offset, so an extension makes new reminders due and the old
/// ones simply stop being computed. The notice records the tasks it covers: a task that joins the group after it was
/// recorded (published, its deadline moved there, the unit added to it) is found when the window covers that day
/// again and gets a reminder of its own, under a key of its own, so every task's reminder still goes out once.
/// </remarks>
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
            // days at a time and each chunk's notices recorded before the next is read, so memory stays bounded. A
            // chunk never splits a day, so it holds each of its groups whole.
            var (from, until) = (window.Earliest, today.AddDays(offsets.DefaultIfEmpty(0).Max()));
            bool Wanted(DateOnly deadline) => offsets.Any(o => deadline.AddDays(-o) >= window.Earliest && deadline.AddDays(-o) <= today);
            var recorded = 0;
            var stale = new StaleNotices();
            await foreach (var chunk in TrackedTasks.ByDeadlineAsync(db, plans, TrackedTasks.Open, from, until, Wanted, ct))
            {
                // The chunk's reminders by unit, deadline and offset, each group in plan order (the chunk's order).
                var groups = new Dictionary<Group, List<(ScannedTask Task, UnitRole Role)>>();
                foreach (var t in chunk)
                {
                    if (t.Deadline is not { } deadline) continue;
                    foreach (var offset in offsets)
                    {
                        var sendDay = deadline.AddDays(-offset);
                        if (sendDay < t.PublishedOn || sendDay < window.Earliest || sendDay > today) continue;
                        foreach (var unit in t.Units)
                        {
                            var group = new Group(unit.UnitId, deadline, offset);
                            if (!groups.TryGetValue(group, out var tasks)) groups[group] = tasks = [];
                            tasks.Add((t, unit.Role));
                        }
                    }
                }
                var due = new List<DueNotice>();
                var current = groups.Where(g => !window.IsStale(g.Key.SendDay)).ToList();
                var told = await recorder.CoveredAsync(current.Select(g => g.Key.Key).ToList(), ct);
                foreach (var (group, tasks) in groups)
                {
                    if (window.IsStale(group.SendDay))
                    {
                        stale.Add(new DueNotice(group.SendDay, Notice(group, tasks, today)), tasks[0].Task);
                        continue;
                    }
                    if (!told.TryGetValue(group.Key, out var covered))
                    {
                        due.Add(new DueNotice(group.SendDay, Notice(group, tasks, today)));
                        continue;
                    }
                    // Recorded already: only a task that joined the group since gets a reminder, its own.
                    foreach (var (task, role) in tasks.Where(x => !covered.Contains(x.Task.Id)))
                        due.Add(new DueNotice(group.SendDay, One(group, task, role, today, $"deadline:{task.Id:N}:{group.Recipient.Key}:{group.Deadline:yyyyMMdd}:{group.Offset}")));
                }
                recorded += await recorder.RecordAsync(window.Individually(due), ct);
            }
            recorded += await recorder.RecordAsync(window.Digests(stale.InPlanOrder), ct);
            await window.CloseAsync(db, ct);
            return new(recorded, window.From, window.StaleFrom);
        }

        /// <summary>The group's notice: the task's own reminder if it is alone, else one listing them all.</summary>
        private PlannedNotice Notice(Group group, List<(ScannedTask Task, UnitRole Role)> tasks, DateOnly today)
        {
            if (tasks.Count == 1) return One(group, tasks[0].Task, tasks[0].Role, today, group.Key);
            var when = When(group.Deadline, today);
            var shown = tasks.Take(Math.Max(1, options.OverdueListMaxLines)).Select(x => $"· {x.Task.Label}（{RoleName(x.Role)}单位）").ToList();
            if (tasks.Count > shown.Count) shown.Add($"（另有{tasks.Count - shown.Count}项未列出，请在任务页查看。）");
            var verb = group.Deadline >= today ? "将于" : "已于";
            return new PlannedNotice(group.Key, "deadline", $"【到期提醒】{tasks.Count}项任务{when}",
                $"以下{tasks.Count}项任务{verb}{group.Deadline:M月d日}到期（{when}），请抓紧推进并及时报送进展：\n" + string.Join("\n", shown),
                group.Recipient, null, tasks.Select(x => x.Task.Id).ToList());
        }

        private static PlannedNotice One(Group group, ScannedTask t, UnitRole role, DateOnly today, string key)
        {
            var when = When(group.Deadline, today);
            return new PlannedNotice(key, "deadline", $"【到期提醒】任务{when}",
                $"{t.Label}\n完成时限：{group.Deadline:yyyy年M月d日}（{when}）\n贵单位为该任务的{RoleName(role)}单位，请抓紧推进并及时报送进展。",
                group.Recipient, t.Id);
        }

        private static string When(DateOnly deadline, DateOnly today) => (deadline.DayNumber - today.DayNumber) switch
        {
            > 0 and var left => $"还有{left}天到期",
            0 => "今天到期",
            var left => $"已逾期{-left}天",
        };

        private static string RoleName(UnitRole role) => role == UnitRole.Lead ? "牵头" : "配合";
    }

    /// <summary>The reminders one unit gets for one deadline day at one offset.</summary>
    private readonly record struct Group(Guid UnitId, DateOnly Deadline, int Offset)
    {
        public Recipient Recipient => Recipient.OfUnit(UnitId);
        public DateOnly SendDay => Deadline.AddDays(-Offset);
        public string Key => $"deadline:{Recipient.Key}:{Deadline:yyyyMMdd}:{Offset}";
    }
}
