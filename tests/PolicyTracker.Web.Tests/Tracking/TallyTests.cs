using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>The dashboard tallies kept by every save agree with a full recount of the tasks after each kind of change.</summary>
public sealed class TallyTests
{
    [Fact]
    public async Task Incremental_tallies_equal_a_full_recount_after_every_kind_of_change()
    {
        await using var app = new TestApp();
        var world = await TrackingWorld.CreateAsync(app);
        await AssertAgreeAsync(app, "publish");
        var staffA = await app.SignInAsync("staffA");
        var sup = await app.SignInAsync("sup");

        await staffA.PostJsonAsync($"/api/tasks/{world.TaskA}/acknowledge", new { });
        await AssertAgreeAsync(app, "acknowledge");
        (await staffA.PostAsync($"/api/tasks/{world.TaskA}/progress", HttpJson.Progress(40, "已完成四成"))).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "progress");
        (await staffA.PostAsync($"/api/tasks/{world.TaskA}/progress", HttpJson.Progress(70, "已完成七成"))).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "more progress");

        var extension = await (await staffA.PostJsonAsync($"/api/tasks/{world.TaskA}/extension-requests",
            new { newDeadline = "2026-09-30", reason = "资金未到位" })).ReadJsonAsync();
        (await sup.PostJsonAsync($"/api/extension-requests/{extension.GetProperty("requestId").GetGuid()}/approve", new { })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "extension");

        (await staffA.PostJsonAsync($"/api/tasks/{world.TaskA}/completion-request", new { summary = "已完成" })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "completion request");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 8, 2, 0, 0, TimeSpan.Zero));
        sup = await app.SignInAsync("sup");  // the earlier cookie expired while the clock moved on
        (await sup.PostJsonAsync($"/api/tasks/{world.TaskA}/confirm-completion", new { grade = "Good" })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "completed late");
        (await sup.PostJsonAsync($"/api/tasks/{world.TaskA}/reopen", new { reason = "数据有误" })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "reopen");

        await app.WithDbAsync(async db =>
        {
            // Replace the responsibility: unit C leads task A, A becomes a co-unit.
            var task = await db.Tasks.Include(t => t.Units).SingleAsync(t => t.Id == world.TaskA);
            var units = await db.Units.Where(u => u.Id == world.UnitA || u.Id == world.UnitC).ToListAsync();
            task.Reassign([units.Single(u => u.Id == world.UnitC)], [units.Single(u => u.Id == world.UnitA)]);
            await db.SaveChangesAsync();
        });
        await AssertAgreeAsync(app, "reassign");

        var secondPlan = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Id == world.UnitB);
            var plan = new Plan(null, null, "第二方案", null, null, null, null, app.Clock.GetUtcNow());
            for (var i = 0; i < 5; i++)
                plan.AddTask(new TaskDraft($"第二方案任务{i}", null, null, null, null, [unit], [], i == 0 ? null : new DateOnly(2026, 11, i), null, i == 0, []));
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return plan.Id;
        });
        await AssertAgreeAsync(app, "draft plan");
        await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Tasks).SingleAsync(p => p.Id == secondPlan);
            plan.Publish(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        await AssertAgreeAsync(app, "publish existing plan");
        Assert.Equal(7, (await sup.GetJsonAsync("/api/dashboard/summary")).GetProperty("total").GetInt32());

        await app.WithDbAsync(async db =>
        {
            db.Plans.Remove(await db.Plans.SingleAsync(p => p.Id == secondPlan));
            await db.SaveChangesAsync();
        });
        await AssertAgreeAsync(app, "delete plan");
        Assert.Equal(2, (await sup.GetJsonAsync("/api/dashboard/summary")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_save_that_fails_leaves_the_tallies_untouched()
    {
        await using var app = new TestApp();
        var world = await TrackingWorld.CreateAsync(app);
        var before = await StoredAsync(app);
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Include(t => t.Units).Include(t => t.Targets).SingleAsync(t => t.Id == world.TaskC);
            task.ReportProgress(world.UnitC, null, 50, "进展", new Dictionary<Guid, decimal>(), app.Clock.GetUtcNow());
            // A unit row pointing at no unit breaks the foreign key after the tallies were read.
            db.TaskUnits.Add(CreateDanglingUnit(task.Id));
            await db.SaveChangesAsync();
        }));
        Assert.Equal(before, await StoredAsync(app));
        await AssertAgreeAsync(app, "failed save");
    }

    private static TaskUnit CreateDanglingUnit(Guid taskId) =>
        (TaskUnit)Activator.CreateInstance(typeof(TaskUnit), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance,
            null, [taskId, Guid.NewGuid(), UnitRole.Lead], null)!;

    private static async Task<string> StoredAsync(TestApp app) => await app.WithDbAsync(async db =>
    {
        var tasks = await db.TaskTallies.AsNoTracking().Where(t => t.Count != 0).ToListAsync();
        var schedules = await db.ScheduleTallies.AsNoTracking().Where(t => t.Count != 0).ToListAsync();
        return string.Join("\n", tasks.Select(t => $"{t.UnitId} {t.Deadline} {t.Status} {t.Acknowledged}: {t.Count} {t.OnTime} {t.Late} {t.Graded} {t.Points}")
            .Concat(schedules.Select(s => $"{s.StartDay} {s.Deadline} {s.Percent}: {s.Count}")).Order(StringComparer.Ordinal));
    });

    private static async Task AssertAgreeAsync(TestApp app, string after)
    {
        var recounted = await app.WithDbAsync(async db =>
        {
            var delta = await TallyDelta.RecountAsync(db, app.Services.GetRequiredService<CountyClock>(), default);
            return string.Join("\n", delta.Tasks.Where(x => !x.Value.IsZero)
                .Select(x => $"{x.Key.UnitId} {x.Key.Deadline} {x.Key.Status} {x.Key.Acknowledged}: {x.Value.Count} {x.Value.OnTime} {x.Value.Late} {x.Value.Graded} {x.Value.Points}")
                .Concat(delta.Schedules.Where(x => x.Value != 0).Select(x => $"{x.Key.StartDay} {x.Key.Deadline} {x.Key.Percent}: {x.Value}"))
                .Order(StringComparer.Ordinal));
        });
        Assert.True(recounted == await StoredAsync(app), $"after {after}:\nrecount\n{recounted}\nstored\n{await StoredAsync(app)}");
        Assert.NotEqual("", recounted);
    }
}
