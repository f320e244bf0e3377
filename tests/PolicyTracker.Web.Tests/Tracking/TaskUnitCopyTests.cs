using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>
/// A unit's task list is ordered by copies of the task's deadline, plan and sequence on its unit rows (TaskUnit): after
/// every kind of change each unit row still equals its task, and the list follows a moved deadline.
/// </summary>
public sealed class TaskUnitCopyTests
{
    [Fact]
    public async Task Unit_rows_carry_their_tasks_deadline_plan_and_sequence_after_every_kind_of_change()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        await AssertCopiesAsync(app, "plan published through EF");

        var later = await app.WithDbAsync(async db =>
        {
            var a = await db.Units.SingleAsync(u => u.Id == w.UnitA);
            var plan = new Plan(null, null, "示范县第二方案", null, null, null, null, app.Clock.GetUtcNow());
            var task = plan.AddTask(new TaskDraft("8月底前完成项目验收。", null, null, 1, null, [a], [], new DateOnly(2026, 8, 31), "8月底前", false, []));
            plan.AddTask(new TaskDraft("长期做好项目服务。", null, null, 2, null, [a], [], null, "长期坚持", true, []));
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return (Plan: plan.Id, Task: task.Id);
        });
        await AssertCopiesAsync(app, "draft plan");
        await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Tasks).SingleAsync(p => p.Id == later.Plan);
            plan.Publish(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        await AssertCopiesAsync(app, "draft published");
        var staffA = await app.SignInAsync("staffA");
        Assert.Equal([w.TaskA, later.Task], (await ListAsync(staffA)).Take(2));

        // 延期: the deadline moves past the second plan's task, and the unit's list (read from its rows) follows.
        var extension = await (await staffA.PostJsonAsync($"/api/tasks/{w.TaskA}/extension-requests",
            new { newDeadline = "2026-09-30", reason = "资金未到位" })).ReadJsonAsync();
        var sup = await app.SignInAsync("sup");
        (await sup.PostJsonAsync($"/api/extension-requests/{extension.GetProperty("requestId").GetGuid()}/approve", new { })).EnsureSuccessStatusCode();
        await AssertCopiesAsync(app, "extension approved");
        Assert.Equal([later.Task, w.TaskA], (await ListAsync(staffA)).Take(2));
        Assert.Equal([later.Task, w.TaskA], (await ListAsync(sup, $"unitId={w.UnitA}")).Take(2));

        await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Include(t => t.Units).SingleAsync(t => t.Id == w.TaskA);
            var units = await db.Units.Where(u => u.Id == w.UnitB || u.Id == w.UnitC).ToListAsync();
            task.Reassign([units.Single(u => u.Id == w.UnitC)], [units.Single(u => u.Id == w.UnitB)]);
            await db.SaveChangesAsync();
        });
        await AssertCopiesAsync(app, "units reassigned");

        // A revised plan moves the deadline, removes it, then sets it again while a unit changes role in place and
        // another joins: every unit row, kept, changed or new, carries the deadline of the moment.
        foreach (var (deadline, lead, co, step) in new (DateOnly?, Guid, Guid[], string)[]
                 {
                     (new(2027, 1, 15), w.UnitC, [w.UnitB], "revised: deadline moved"),
                     (null, w.UnitC, [w.UnitB], "revised: deadline removed"),
                     (new(2026, 7, 20), w.UnitB, [w.UnitC, w.UnitA], "revised: deadline set, roles swapped, a unit added"),
                 })
        {
            await app.WithDbAsync(async db =>
            {
                var task = await db.Tasks.Include(t => t.Units).Include(t => t.Targets).SingleAsync(t => t.Id == w.TaskA);
                var units = await db.Units.ToListAsync();
                task.Revise(new TaskDraft(task.Text, task.Title, task.Section, task.SourceLine, null, [units.Single(u => u.Id == lead)],
                    co.Select(id => units.Single(u => u.Id == id)).ToList(), deadline, null, deadline is null, []));
                await db.SaveChangesAsync();
            });
            await AssertCopiesAsync(app, step);
        }

        // Publishing an import writes the new plan's unit rows in bulk; re-publishing it as an update goes through EF.
        var published = await (await sup.PostAsync($"/api/imports/{await BulkPublishTests.DraftAsync(app, BulkPublishTests.ThreeTasks())}/publish", null)).ReadJsonAsync();
        await AssertCopiesAsync(app, "import published in bulk");
        var revised = BulkPublishTests.ThreeTasks();
        revised[0].Deadline = new DateOnly(2026, 5, 31);
        revised[2].Deadline = new DateOnly(2026, 10, 31);
        revised[2].Ongoing = false;
        (await sup.PostAsync($"/api/imports/{await BulkPublishTests.DraftAsync(app, revised)}/publish?replaceDuplicates=true", null)).EnsureSuccessStatusCode();
        await AssertCopiesAsync(app, "import re-published as an update");
        var planId = published.GetProperty("planIds")[0].GetGuid();
        Assert.Equal([new DateOnly(2026, 5, 31), new DateOnly(2026, 12, 31), new DateOnly(2026, 10, 31)],
            await app.WithDbAsync(db => db.Tasks.Where(t => t.PlanId == planId).OrderBy(t => t.Sequence).Select(t => t.Deadline).ToListAsync()));
    }

    [Fact]
    public async Task A_deadline_moved_on_a_task_loaded_without_its_units_is_refused()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staffA = await app.SignInAsync("staffA");
        var extension = await (await staffA.PostJsonAsync($"/api/tasks/{w.TaskA}/extension-requests",
            new { newDeadline = "2026-09-30", reason = "资金未到位" })).ReadJsonAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var request = await db.ExtensionRequests.SingleAsync(r => r.Id == extension.GetProperty("requestId").GetGuid());
            var task = await db.Tasks.SingleAsync(t => t.Id == w.TaskA);
            request.Approve(task, null, null, app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }));
        Assert.Contains("units loaded", error.Message);
        Assert.Equal(new DateOnly(2026, 6, 30), await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == w.TaskA).Select(t => t.Deadline).SingleAsync()));
        await AssertCopiesAsync(app, "refused save");
    }

    private static async Task<List<Guid>> ListAsync(HttpClient client, string filter = "") =>
        (await client.GetJsonAsync($"/api/tasks?pageSize=50&{filter}")).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();

    /// <summary>Every unit row equals its task, read back from the database.</summary>
    private static async Task AssertCopiesAsync(TestApp app, string after)
    {
        var (rows, tasks) = await app.WithDbAsync(async db =>
            (await db.TaskUnits.AsNoTracking().ToListAsync(), await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id)));
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var task = tasks[row.TaskId];
            Assert.True((task.Deadline ?? TaskUnit.NoDeadline, task.PlanId, task.Sequence) == (row.ListDeadline, row.PlanId, row.Sequence),
                $"after {after}: unit row {row.UnitId} of task {task.Id} has ({row.ListDeadline}, {row.PlanId}, {row.Sequence}), " +
                $"the task ({task.Deadline}, {task.PlanId}, {task.Sequence})");
        }
    }
}
