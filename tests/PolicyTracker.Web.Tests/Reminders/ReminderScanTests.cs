using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Web.Tests.Infrastructure;
using Unit = PolicyTracker.Core.Domain.Unit;

namespace PolicyTracker.Web.Tests.Reminders;

/// <summary>
/// The scans read a chunk's tasks and its unit rows in separate queries and pair them in memory: every task must get
/// exactly its own units, in their own roles, however many tasks share the chunk.
/// </summary>
public sealed class ReminderScanTests
{
    [Fact]
    public async Task Every_task_of_a_chunk_is_sent_to_exactly_its_own_lead_and_co_units()
    {
        await using var app = new TestApp();
        var today = new DateOnly(2026, 3, 2);
        ReminderScenario.SetTime(app, today, ReminderScenario.RunAt);
        var tasks = new List<(Guid Id, int Sequence, bool Overdue, List<Unit> Lead, List<Unit> Co)>();
        await app.WithDbAsync(async db =>
        {
            var units = Enumerable.Range(1, 6).Select(i => new Unit($"县第{i}局", UnitKind.CountyDepartment)).ToList();
            db.AddRange(units);
            var plan = new Plan(null, null, "示范县行动方案", null, today, null, null, app.Clock.GetUtcNow());
            for (var i = 0; i < 30; i++)
            {
                List<Unit> lead = i % 5 == 0 ? [units[i % 6], units[(i + 1) % 6]] : [units[i % 6]];
                List<Unit> co = i % 2 == 1 ? [units[(i + 2) % 6]] : [];
                var overdue = i % 3 != 0;
                var deadline = overdue ? today.AddDays(-2 - i % 4) : today.AddDays(3);
                var task = plan.AddTask(new TaskDraft($"第{i}项工作", null, null, null, null, lead, co, deadline, null, false, []));
                tasks.Add((task.Id, task.Sequence, overdue, lead, co));
            }
            plan.Publish(app.Clock.GetUtcNow());
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
        });

        // One reminder per unit (all due the same day at the same offset), one overdue notice per lead unit, 督查室's list.
        var reminded = tasks.Where(t => !t.Overdue).SelectMany(t => t.Lead.Concat(t.Co)).Select(u => u.Id).Distinct().Count();
        var late = tasks.Where(t => t.Overdue).SelectMany(t => t.Lead).Select(u => u.Id).Distinct().Count();
        Assert.Equal(reminded, await SendAsync(app, new SendDeadlineReminders.Command()));
        Assert.Equal(late + 1, await SendAsync(app, new SendOverdueNotices.Command()));
        Assert.Equal(0, await SendAsync(app, new SendDeadlineReminders.Command()));
        Assert.Equal(0, await SendAsync(app, new SendOverdueNotices.Command()));

        var notices = await app.WithDbAsync(db => db.Notifications.AsNoTracking().ToListAsync());
        // Each unit's reminder names exactly the tasks it leads or helps with, each in its role.
        var reminders = notices.Where(n => n.Kind == "deadline")
            .SelectMany(n => Notification.Covered(n.TaskIds, n.TaskId).Select(id => (TaskId: (Guid?)id, n.RecipientUnitId, Lead: IsLead(n, tasks.Single(t => t.Id == id).Sequence))))
            .Order().ToList();
        Assert.Equal(tasks.Where(t => !t.Overdue)
            .SelectMany(t => t.Lead.Select(u => ((Guid?)t.Id, (Guid?)u.Id, true)).Concat(t.Co.Select(u => ((Guid?)t.Id, (Guid?)u.Id, false)))).Order().ToList(),
            reminders);
        // Each lead unit's overdue notice lists exactly the overdue tasks it leads.
        var overdueNotices = notices.Where(n => n.Kind == "overdue")
            .SelectMany(n => n.TaskId is { } one ? [(one, n.RecipientUnitId)]
                : tasks.Where(t => n.Body.Contains($"第{t.Sequence}项：")).Select(t => (t.Id, n.RecipientUnitId)))
            .Order().ToList();
        Assert.Equal(tasks.Where(t => t.Overdue).SelectMany(t => t.Lead.Select(u => (t.Id, (Guid?)u.Id))).Order().ToList(), overdueNotices);
        // 督查室's list names each overdue task's lead units, and only those.
        var lines = notices.Single(n => n.Kind == "overdue-list").Body.Split('\n');
        foreach (var t in tasks.Where(t => t.Overdue))
        {
            var line = Assert.Single(lines, l => l.Contains($"第{t.Sequence}项："));
            var named = line[(line.IndexOf("牵头单位：", StringComparison.Ordinal) + 5)..line.IndexOf("，时限", StringComparison.Ordinal)].Split('、').Order();
            Assert.Equal(t.Lead.Select(u => u.Name).Order(), named);
        }
        Assert.Equal(tasks.Count(t => t.Overdue), lines.Count(l => l.StartsWith("· ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_supervision_list_names_the_longest_overdue_tasks_up_to_its_limit_and_counts_the_rest()
    {
        await using var app = new TestApp(settings: new() { ["Reminders:OverdueListMaxLines"] = "3" });
        var today = new DateOnly(2026, 3, 2);
        ReminderScenario.SetTime(app, today, ReminderScenario.RunAt);
        await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县商务局", UnitKind.CountyDepartment);
            db.Add(unit);
            var plan = new Plan(null, null, "示范县行动方案", null, today.AddDays(-60), null, null, app.Clock.GetUtcNow());
            // Overdue by 5, 9, 2, 9, 20 and 1 days; two tasks tie at 9.
            foreach (var (late, i) in new[] { 5, 9, 2, 9, 20, 1 }.Select((d, i) => (d, i)))
                plan.AddTask(new TaskDraft($"第{i + 1}项工作", null, null, null, null, [unit], [], today.AddDays(-late), null, false, []));
            plan.AddTask(new TaskDraft("未到期的工作", null, null, null, null, [unit], [], today.AddDays(10), null, false, []));
            plan.Publish(app.Clock.GetUtcNow());
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
        });

        await SendAsync(app, new SendOverdueNotices.Command());

        var list = await app.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Kind == "overdue-list"));
        Assert.Contains("今日共6项任务逾期", list.Title);
        var lines = list.Body.Split('\n');
        // The three longest overdue (20, 9, 9 days), in plan order, then the count of those left out.
        var listed = lines.Where(l => l.StartsWith("· ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, listed.Count);
        Assert.Contains("：第2项工作（", listed[0]);
        Assert.Contains("：第4项工作（", listed[1]);
        Assert.Contains("：第5项工作（", listed[2]);
        Assert.Contains("另有3项未列出", lines[^1]);
        // The unit's own notice counts all six and lists the same three, longest overdue first.
        var toUnit = await app.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Kind == "overdue"));
        Assert.Equal("【逾期通报】贵单位牵头的6项任务已逾期", toUnit.Title);
        Assert.Null(toUnit.TaskId);
        var unitLines = toUnit.Body.Split('\n');
        Assert.Equal(["第5项工作（时限2月10日，逾期20天）", "第2项工作（时限2月21日，逾期9天）", "第4项工作（时限2月21日，逾期9天）"],
            unitLines.Where(l => l.StartsWith("· ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('：') + 1)..]));
        Assert.Contains("另有3项未列出", unitLines[^1]);
        Assert.Contains("仅逾期", unitLines[^1]);
    }

    /// <summary>Whether a unit's reminder names the task as one it leads: a task's own reminder says so, a list marks each line.</summary>
    private static bool IsLead(Notification n, int sequence) => n.TaskId is not null
        ? n.Body.Contains("该任务的牵头单位")
        : n.Body.Split('\n').Single(l => l.Contains($"第{sequence}项：")).EndsWith("（牵头单位）", StringComparison.Ordinal);

    private static async Task<int> SendAsync(TestApp app, ICommand<SendDeadlineReminders.Response> command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ISender>().Send(command)).Recorded;
    }

    private static async Task<int> SendAsync(TestApp app, ICommand<SendOverdueNotices.Response> command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ISender>().Send(command)).Recorded;
    }
}
