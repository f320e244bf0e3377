using System.Net;
using System.Text.Json;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>The task list a unit's staff open first: what it counts, in which order, and what it leaves out.</summary>
public sealed class TaskListTests
{
    [Fact]
    public async Task A_units_list_counts_and_orders_its_own_published_tasks_and_leaves_out_drafts_and_other_units()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        // Besides the world's task A (lead, 6月底), unit A leads two more in a second plan and co-owns one of unit C's;
        // a draft plan under review gives it a task that must not show yet.
        var (late, open, coOwned, draft) = await app.WithDbAsync(async db =>
        {
            var a = await db.Units.FindAsync(w.UnitA);
            var c = await db.Units.FindAsync(w.UnitC);
            var second = new Plan("示政办发〔2026〕2号", null, "示范县稳就业方案", "示范县人民政府办公室", new DateOnly(2026, 2, 25), "jobs.txt", "hash2", app.Clock.GetUtcNow());
            var lateTask = second.AddTask(new TaskDraft("年底前新增就业400人。", null, null, 3, null, [a!], [], new DateOnly(2026, 12, 31), "年底前", false, []));
            var openTask = second.AddTask(new TaskDraft("持续优化就业服务。", null, null, 4, null, [a!], [], null, "长期坚持", true, []));
            var coTask = second.AddTask(new TaskDraft("开展职业技能培训。", null, null, 5, null, [c!], [a!], new DateOnly(2026, 4, 30), "4月底前", false, []));
            second.Publish(app.Clock.GetUtcNow());
            var review = new Plan("示政办发〔2026〕3号", null, "示范县待审方案", "示范县人民政府办公室", new DateOnly(2026, 2, 27), "draft.txt", "hash3", app.Clock.GetUtcNow());
            var draftTask = review.AddTask(new TaskDraft("草稿中的任务。", null, null, 1, null, [a!], [], new DateOnly(2026, 3, 10), "3月10日前", false, []));
            db.AddRange(second, review);
            await db.SaveChangesAsync();
            return (lateTask.Id, openTask.Id, coTask.Id, draftTask.Id);
        });
        var staffA = await app.SignInAsync("staffA");

        var all = await staffA.GetJsonAsync("/api/tasks?pageSize=20");
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        // Deadline first (nearest first), the open-ended task last; the draft's and unit C's own task are not there.
        Assert.Equal([coOwned, w.TaskA, late, open], Ids(all));
        Assert.DoesNotContain(draft, Ids(all));
        var first = all.GetProperty("items")[0];
        Assert.Equal("示范县稳就业方案", first.GetProperty("planTitle").GetString());
        Assert.Equal(["县教育局"], first.GetProperty("leadUnits").EnumerateArray().Select(u => u.GetProperty("name").GetString()).ToList());
        Assert.Equal(["县商务局"], first.GetProperty("coUnits").EnumerateArray().Select(u => u.GetProperty("name").GetString()).ToList());
        Assert.Equal("王明", all.GetProperty("items")[1].GetProperty("leaderName").GetString());
        // Every row carries its own task's units (the page's units are read apart from its rows and matched by task).
        Assert.Equal(["县教育局", "县商务局", "县商务局", "县商务局"], UnitNames(all, "leadUnits"));
        Assert.Equal(["县商务局", "县财政局", "", ""], UnitNames(all, "coUnits"));

        var second = await staffA.GetJsonAsync("/api/tasks?pageSize=3&page=2");
        Assert.Equal(4, second.GetProperty("total").GetInt32());
        Assert.Equal([open], Ids(second));
        Assert.Equal("县商务局", second.GetProperty("items")[0].GetProperty("leadUnits")[0].GetProperty("name").GetString());
        var beyond = await staffA.GetJsonAsync("/api/tasks?pageSize=3&page=3");
        Assert.Equal(4, beyond.GetProperty("total").GetInt32());
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());

        // Filters still narrow the unit's set: only what it leads or co-owns, with a deadline passed by 4月底.
        var due = await staffA.GetJsonAsync("/api/tasks?dueWithinDays=60");
        Assert.Equal([coOwned], Ids(due));

        // A supervisor sees the published tasks of every unit, still not the draft.
        var sup = await app.SignInAsync("sup");
        var everything = await sup.GetJsonAsync("/api/tasks?pageSize=20");
        Assert.Equal(5, everything.GetProperty("total").GetInt32());
        Assert.DoesNotContain(draft, Ids(everything));
        Assert.Equal(HttpStatusCode.OK, (await sup.GetAsync($"/api/tasks?unitId={w.UnitA}")).StatusCode);
        Assert.Equal(4, (await sup.GetJsonAsync($"/api/tasks?unitId={w.UnitA}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Every_page_of_a_units_list_is_its_slice_of_the_whole_list_near_the_start_and_deep_in()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        // Unit A leads seven more tasks, so that one-task pages reach past the first pages, which are read by a statement
        // of their own (the page's numbers written into it), to the pages that share one statement.
        await app.WithDbAsync(async db =>
        {
            var a = await db.Units.FindAsync(w.UnitA);
            var more = new Plan("示政办发〔2026〕4号", null, "示范县扩内需方案", "示范县人民政府办公室", new DateOnly(2026, 3, 2), "more.txt", "hash4", app.Clock.GetUtcNow());
            for (var i = 1; i <= 7; i++)
                more.AddTask(new TaskDraft($"第{i}项任务。", null, null, i, null, [a!], [], new DateOnly(2026, 4 + i % 3, 28 - i), $"{4 + i % 3}月{28 - i}日前", false, []));
            more.Publish(app.Clock.GetUtcNow());
            db.Add(more);
            await db.SaveChangesAsync();
        });
        var staffA = await app.SignInAsync("staffA");

        var whole = await staffA.GetJsonAsync("/api/tasks?pageSize=20");
        var order = Ids(whole);
        Assert.Equal(8, order.Count);
        for (var page = 1; page <= 9; page++)
        {
            var one = await staffA.GetJsonAsync($"/api/tasks?pageSize=1&page={page}");
            Assert.Equal(8, one.GetProperty("total").GetInt32());
            Assert.Equal(order.Skip(page - 1).Take(1).ToList(), Ids(one));
            Assert.All(UnitNames(one, "leadUnits"), names => Assert.Equal("县商务局", names));
        }
        var third = await staffA.GetJsonAsync("/api/tasks?pageSize=3&page=3");
        Assert.Equal(order.Skip(6).ToList(), Ids(third));
    }

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();

    /// <summary>Each row's units of one role (leadUnits, coUnits), their names joined.</summary>
    private static List<string> UnitNames(JsonElement page, string role) =>
        page.GetProperty("items").EnumerateArray()
            .Select(t => string.Join("、", t.GetProperty(role).EnumerateArray().Select(u => u.GetProperty("name").GetString()))).ToList();
}
