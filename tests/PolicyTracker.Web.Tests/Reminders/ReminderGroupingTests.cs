using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Web.Tests.Infrastructure;
using Unit = PolicyTracker.Core.Domain.Unit;

namespace PolicyTracker.Web.Tests.Reminders;

/// <summary>
/// A unit hears of its tasks due the same day in one reminder, and of its overdue tasks in one notice a day, whatever
/// their number; a task that joins a reminder's group after it went out still gets its own, once.
/// </summary>
public sealed class ReminderGroupingTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private sealed record World(Unit X, Unit Y, Dictionary<string, Guid> Tasks);

    /// <summary>
    /// Units X and Y. Due in three days: 甲 and 乙 led by X, 丙 led by Y with X helping. Overdue: 丁 (10 days) and 戊
    /// (4 days) led by X, 己 (6 days) led by Y.
    /// </summary>
    private static async Task<World> PublishAsync(TestApp app, Action<Unit>? configure = null)
    {
        ReminderScenario.SetTime(app, Today, ReminderScenario.RunAt);
        return await app.WithDbAsync(async db =>
        {
            var (x, y) = (new Unit("县发改局", UnitKind.CountyDepartment), new Unit("县财政局", UnitKind.CountyDepartment));
            db.AddRange(x, y);
            configure?.Invoke(x);
            var plan = new Plan(null, null, "示范县行动方案", null, Today.AddDays(-30), null, null, app.Clock.GetUtcNow());
            var tasks = new Dictionary<string, Guid>();
            foreach (var (name, lead, co, deadline) in new (string, Unit, Unit?, DateOnly)[]
                     {
                         ("甲", x, null, Today.AddDays(3)), ("乙", x, null, Today.AddDays(3)), ("丙", y, x, Today.AddDays(3)),
                         ("丁", x, null, Today.AddDays(-10)), ("戊", x, null, Today.AddDays(-4)), ("己", y, null, Today.AddDays(-6)),
                     })
                tasks[name] = plan.AddTask(new TaskDraft($"{name}项工作", null, null, null, null, [lead], co is null ? [] : [co], deadline, null, false, [])).Id;
            plan.Publish(app.Clock.GetUtcNow());
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return new World(x, y, tasks);
        });
    }

    private static Task<List<Notification>> NoticesAsync(TestApp app, string kind) =>
        app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == kind).OrderBy(n => n.DedupKey).ToListAsync());

    [Fact]
    public async Task Tasks_of_one_unit_due_the_same_day_come_in_one_reminder_naming_each_and_another_units_task_in_its_own()
    {
        await using var app = new TestApp();
        var w = await PublishAsync(app);

        // X: one reminder naming 甲, 乙 (lead) and 丙 (co); Y: 丙's own reminder.
        Assert.Equal(2, (await DeliveryTests.SendAsync(app, new SendDeadlineReminders.Command())).Recorded);
        Assert.Equal(0, (await DeliveryTests.SendAsync(app, new SendDeadlineReminders.Command())).Recorded);

        var notices = await NoticesAsync(app, "deadline");
        var toX = Assert.Single(notices, n => n.RecipientUnitId == w.X.Id);
        Assert.Equal("【到期提醒】3项任务还有3天到期", toX.Title);
        Assert.Null(toX.TaskId);
        Assert.Equal(new[] { w.Tasks["甲"], w.Tasks["乙"], w.Tasks["丙"] }.Order(), Notification.Covered(toX.TaskIds, toX.TaskId).Order());
        var lines = toX.Body.Split('\n');
        Assert.StartsWith("以下3项任务将于3月5日到期（还有3天到期）", lines[0]);
        Assert.Equal(["甲项工作（牵头单位）", "乙项工作（牵头单位）", "丙项工作（配合单位）"], lines[1..].Select(l => l[(l.IndexOf('：') + 1)..]));
        var toY = Assert.Single(notices, n => n.RecipientUnitId == w.Y.Id);
        Assert.Equal((w.Tasks["丙"], null, "【到期提醒】任务还有3天到期"), (toY.TaskId!.Value, toY.TaskIds, toY.Title));
        Assert.Contains("丙项工作", toY.Body);
        Assert.Equal($"deadline:u{w.X.Id:N}:20260305:3", toX.DedupKey);
    }

    [Fact]
    public async Task A_reminder_lists_at_most_the_configured_lines_and_counts_the_rest_while_covering_them_all()
    {
        await using var app = new TestApp(settings: new() { ["Reminders:OverdueListMaxLines"] = "2" });
        var w = await PublishAsync(app);

        await DeliveryTests.SendAsync(app, new SendDeadlineReminders.Command());

        var toX = Assert.Single(await NoticesAsync(app, "deadline"), n => n.RecipientUnitId == w.X.Id);
        var lines = toX.Body.Split('\n');
        Assert.Equal(2, lines.Count(l => l.StartsWith("· ", StringComparison.Ordinal)));
        Assert.Contains("另有1项未列出", lines[^1]);
        Assert.Equal(3, Notification.Covered(toX.TaskIds, toX.TaskId).Count());
    }

    [Fact]
    public async Task A_task_that_joins_a_units_group_after_its_reminder_went_out_gets_its_own_once_and_the_group_is_not_repeated()
    {
        await using var app = new TestApp();
        var w = await PublishAsync(app);
        Assert.Equal(2, (await DeliveryTests.SendAsync(app, new SendDeadlineReminders.Command())).Recorded);

        // Later that day a second plan gives X another task due the same day.
        ReminderScenario.SetTime(app, Today, ReminderScenario.EventsAt);
        var late = await app.WithDbAsync(async db =>
        {
            var x = await db.Units.SingleAsync(u => u.Id == w.X.Id);
            var plan = new Plan(null, null, "示范县补充方案", null, Today, null, null, app.Clock.GetUtcNow());
            var task = plan.AddTask(new TaskDraft("庚项工作", null, null, null, null, [x], [], Today.AddDays(3), null, false, []));
            plan.Publish(app.Clock.GetUtcNow());
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return task.Id;
        });

        // The next day's run covers yesterday again: only 庚 is new, and it comes on its own, marked late.
        ReminderScenario.SetTime(app, Today.AddDays(1), ReminderScenario.RunAt);
        Assert.Equal(1, (await DeliveryTests.SendAsync(app, new SendDeadlineReminders.Command())).Recorded);
        Assert.Equal(0, (await DeliveryTests.SendAsync(app, new SendDeadlineReminders.Command())).Recorded);
        var toX = (await NoticesAsync(app, "deadline")).Where(n => n.RecipientUnitId == w.X.Id).ToList();
        Assert.Equal(2, toX.Count);
        var own = Assert.Single(toX, n => n.TaskId == late);
        Assert.EndsWith("（补发）", own.Title);
        Assert.Contains("庚项工作", own.Body);
        // Every task X takes part in was told once at this offset.
        Assert.Equal(new[] { w.Tasks["甲"], w.Tasks["乙"], w.Tasks["丙"], late }.Order(),
            toX.SelectMany(n => Notification.Covered(n.TaskIds, n.TaskId)).Order());
    }

    [Fact]
    public async Task Each_lead_unit_gets_one_overdue_notice_a_day_longest_overdue_first_and_a_unit_with_one_gets_that_tasks_own()
    {
        await using var app = new TestApp();
        var w = await PublishAsync(app);

        // X's notice, Y's notice, 督查室's list.
        Assert.Equal(3, (await DeliveryTests.SendAsync(app, new SendOverdueNotices.Command())).Recorded);
        Assert.Equal(0, (await DeliveryTests.SendAsync(app, new SendOverdueNotices.Command())).Recorded);

        var notices = await NoticesAsync(app, "overdue");
        var toX = Assert.Single(notices, n => n.RecipientUnitId == w.X.Id);
        Assert.Equal("【逾期通报】贵单位牵头的2项任务已逾期", toX.Title);
        Assert.Equal($"overdue:u{w.X.Id:N}:20260302", toX.DedupKey);
        var lines = toX.Body.Split('\n');
        Assert.StartsWith("截至3月2日，贵单位牵头的以下2项任务已逾期", lines[0]);
        Assert.Equal(["丁项工作（时限2月20日，逾期10天）", "戊项工作（时限2月26日，逾期4天）"],
            lines.Where(l => l.StartsWith("· ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('：') + 1)..]));
        Assert.Contains("仅逾期", lines[^1]);
        var toY = Assert.Single(notices, n => n.RecipientUnitId == w.Y.Id);
        Assert.Equal((w.Tasks["己"], "【逾期通报】任务已逾期6天"), (toY.TaskId!.Value, toY.Title));

        // The next day brings the next day's notices, with the days counted on.
        ReminderScenario.SetTime(app, Today.AddDays(1), ReminderScenario.RunAt);
        Assert.Equal(3, (await DeliveryTests.SendAsync(app, new SendOverdueNotices.Command())).Recorded);
        Assert.Contains("逾期11天", (await NoticesAsync(app, "overdue")).Single(n => n.RecipientUnitId == w.X.Id && n.DedupKey.EndsWith("20260303")).Body);
    }

    [Fact]
    public async Task A_units_grouped_notices_reach_its_mailbox_as_one_message_each()
    {
        await using var smtp = new SmtpSink();
        await using var app = DeliveryTests.App(smtp);
        var w = await PublishAsync(app);
        await app.WithDbAsync(async db =>
        {
            db.UnitChannels.Add(new UnitChannel(w.X.Id, DeliveryChannel.Email, "fagaiju@example.cn"));
            await db.SaveChangesAsync();
        });

        await DeliveryTests.SendAsync(app, new SendDeadlineReminders.Command());
        await DeliveryTests.SendAsync(app, new SendOverdueNotices.Command());

        // X's reminder of three tasks and its notice of two overdue ones: two messages, not five.
        Assert.Equal(2, await app.WithDbAsync(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(2, (await DeliveryTests.DispatchAsync(app)).Sent);
        Assert.Equal(0, (await DeliveryTests.DispatchAsync(app)).Sent);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.All(smtp.Messages, m => Assert.Contains("fagaiju@example.cn", m));
    }
}
