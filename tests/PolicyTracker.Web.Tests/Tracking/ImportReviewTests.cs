using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Plans;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>Review and publish through HTTP, on drafts written straight into a PlanImport row (as the extractor would leave them).</summary>
public sealed class ImportReviewTests
{
    private static DraftTask Task(int line, string text, string[] lead, string[]? co = null, string? deadline = null) => new()
    {
        Line = line,
        EndLine = line,
        Text = text,
        LeadUnits = lead.ToList(),
        CoUnits = (co ?? []).ToList(),
        Deadline = deadline is null ? null : DateOnly.Parse(deadline),
    };

    private static DraftDocument Doc(string docNumber, string title, params DraftTask[] tasks) => new()
    {
        DocNumber = docNumber,
        PlanTitle = title,
        StartLine = 1,
        EndLine = 20,
        Tasks = tasks.ToList(),
    };

    private static async Task<Guid> DraftAsync(TestApp app, params DraftDocument[] docs)
    {
        var lines = docs.SelectMany(d => new[] { d.PlanTitle! }.Concat(d.Tasks.Select(t => t.Text)));
        var import = new PlanImport("plan.txt", Guid.NewGuid().ToString("N"), string.Join('\n', lines),
            new ImportDraft("plan.txt", docs.ToList()).ToJson(), null, app.Clock.GetUtcNow());
        await app.WithDbAsync(async db => { db.PlanImports.Add(import); await db.SaveChangesAsync(); });
        return import.Id;
    }

    private static async Task<Guid> VersionOf(HttpClient client, Guid import) =>
        (await client.GetJsonAsync($"/api/imports/{import}")).GetProperty("version").GetGuid();

    [Fact]
    public async Task Review_edits_map_units_and_publish_and_the_tasks_appear()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var known = new Unit("县工信和科技局", UnitKind.CountyDepartment);
        await app.WithDbAsync(async db => { db.Units.Add(known); await db.SaveChangesAsync(); });
        var id = await DraftAsync(app, Doc("示政发〔2026〕3号", "示范县工业提质行动方案",
            Task(3, "新增规上工业企业5家。", ["县工信科局"], deadline: "2026-12-31"),
            Task(4, "推进园区标准化厂房建设。", []),
            Task(5, "二、保障措施", [])));
        var sup = await app.SignInAsync("sup");

        var pending = await sup.GetJsonAsync("/api/imports");
        Assert.Equal(id, pending[0].GetProperty("id").GetGuid());
        var review = await sup.GetJsonAsync($"/api/imports/{id}");
        Assert.Equal("新增规上工业企业5家。", review.GetProperty("lines")[1].GetString());
        var version = review.GetProperty("version").GetGuid();

        var units = await sup.GetJsonAsync($"/api/imports/{id}/units");
        var variant = units.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "县工信科局");
        Assert.Equal("New", variant.GetProperty("status").GetString());
        Assert.Equal(known.Id, variant.GetProperty("suggestions")[0].GetProperty("unitId").GetGuid());

        version = (await (await sup.PostJsonAsync($"/api/imports/{id}/unit-mappings", new { version, name = "县工信科局", unitId = known.Id })).ReadJsonAsync())
            .GetProperty("version").GetGuid();
        var edited = Task(4, "推进园区标准化厂房建设，年内新建厂房2万平方米。", ["县住建局"], ["县工信和科技局"], "2026-10-31");
        version = (await (await sup.PutAsJsonAsync($"/api/imports/{id}/documents/0/tasks/1", new { version, task = edited }, TrackingWorld.Json)).ReadJsonAsync())
            .GetProperty("version").GetGuid();
        var stale = await sup.PostJsonAsync($"/api/imports/{id}/documents/0/tasks/2/exclude", new { version = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        (await sup.PostJsonAsync($"/api/imports/{id}/documents/0/tasks/2/exclude", new { version })).EnsureSuccessStatusCode();

        var published = await (await sup.PostAsync($"/api/imports/{id}/publish", null)).ReadJsonAsync();
        Assert.Equal(2, published.GetProperty("tasks").GetInt32());

        var tasks = await sup.GetJsonAsync("/api/tasks");
        Assert.Equal(2, tasks.GetProperty("total").GetInt32());
        var first = tasks.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("text").GetString() == "新增规上工业企业5家。");
        Assert.Equal("县工信和科技局", first.GetProperty("leadUnits")[0].GetProperty("name").GetString());
        Assert.True(await app.WithDbAsync(db => db.UnitAliases.AnyAsync(a => a.Name == "县工信科局" && a.UnitId == known.Id)));
        Assert.True(await app.WithDbAsync(db => db.Units.AnyAsync(u => u.Name == "县住建局")));
        Assert.Empty((await sup.GetJsonAsync("/api/imports")).EnumerateArray());
    }

    [Fact]
    public async Task Merge_split_and_a_missed_task_reshape_the_draft()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var id = await DraftAsync(app, Doc("示政发〔2026〕4号", "示范县文旅行动方案",
            Task(3, "打造精品线路3条，", ["县文旅局"], deadline: "2026-09-30"),
            Task(4, "举办节会活动2场。", ["县文旅局"], ["县商务局"], "2026-06-30"),
            Task(6, "提升景区服务。完善旅游厕所。", ["县文旅局"])));
        var sup = await app.SignInAsync("sup");
        var version = await VersionOf(sup, id);
        version = (await (await sup.PostJsonAsync($"/api/imports/{id}/documents/0/tasks/0/merge", new { version, with = 1 })).ReadJsonAsync()).GetProperty("version").GetGuid();
        version = (await (await sup.PostJsonAsync($"/api/imports/{id}/documents/0/tasks/1/split", new { version, parts = new[] { "提升景区服务。", "完善旅游厕所。" } })).ReadJsonAsync()).GetProperty("version").GetGuid();
        (await sup.PostJsonAsync($"/api/imports/{id}/documents/0/tasks", new { version, task = Task(5, "培育民宿10家。", ["县文旅局"]) })).EnsureSuccessStatusCode();

        var tasks = (await sup.GetJsonAsync($"/api/imports/{id}")).GetProperty("draft").GetProperty("documents")[0].GetProperty("tasks");
        Assert.Equal(["打造精品线路3条，举办节会活动2场。", "培育民宿10家。", "提升景区服务。", "完善旅游厕所。"],
            tasks.EnumerateArray().Select(t => t.GetProperty("text").GetString()));
        Assert.Equal("2026-06-30", tasks[0].GetProperty("deadline").GetString());
        Assert.Equal("县商务局", tasks[0].GetProperty("coUnits")[0].GetString());
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(PlanImport)).Select(a => a.Action).ToListAsync());
        Assert.Equal(["新增PlanImport", "合并任务", "拆分任务", "补充任务"], audit);
    }

    [Fact]
    public async Task A_document_published_before_is_refused_then_updates_the_existing_plan_in_place()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        var first = await DraftAsync(app, Doc("示政发〔2026〕5号", "示范县稳就业方案",
            Task(3, "新增城镇就业1000人。", ["县人社局"], deadline: "2026-12-31"),
            Task(4, "开展职业技能培训。", ["县人社局"])));
        var planId = (await (await sup.PostAsync($"/api/imports/{first}/publish", null)).ReadJsonAsync()).GetProperty("planIds")[0].GetGuid();
        var taskId = await app.WithDbAsync(db => db.Tasks.Where(t => t.Text == "新增城镇就业1000人。").Select(t => t.Id).SingleAsync());
        await app.CreateUserAsync("staff", Roles.UnitStaff, await app.WithDbAsync(db => db.Units.Where(u => u.Name == "县人社局").Select(u => u.Id).SingleAsync()));
        var staff = await app.SignInAsync("staff");
        (await staff.PostAsync($"/api/tasks/{taskId}/progress", HttpJson.Progress(40, "已新增就业400人"))).EnsureSuccessStatusCode();

        var second = await DraftAsync(app, Doc("示政发〔2026〕5号", "示范县稳就业方案（修订）",
            Task(3, "新增城镇就业1000人。", ["县人社局"], deadline: "2026-11-30"),
            Task(5, "发放创业担保贷款5000万元。", ["县人社局"], ["县财政局"])));
        var review = await sup.GetJsonAsync($"/api/imports/{second}");
        Assert.Equal(planId, review.GetProperty("duplicates")[0].GetProperty("planId").GetGuid());
        var refused = await sup.PostAsync($"/api/imports/{second}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("文号相同", await refused.Content.ReadAsStringAsync());

        var updated = await (await sup.PostAsync($"/api/imports/{second}/publish?replaceDuplicates=true", null)).ReadJsonAsync();
        Assert.Equal(planId, updated.GetProperty("updatedPlanIds")[0].GetGuid());
        Assert.Equal(1, updated.GetProperty("unmatchedTaskIds").GetArrayLength());
        Assert.Equal(1, await app.WithDbAsync(db => db.Plans.CountAsync()));
        var plans = await sup.GetJsonAsync("/api/plans");
        Assert.Equal("示范县稳就业方案（修订）", plans[0].GetProperty("title").GetString());
        Assert.Equal(3, plans[0].GetProperty("tasks").GetInt32());
        var kept = await sup.GetJsonAsync($"/api/tasks/{taskId}");
        Assert.Equal(40, kept.GetProperty("task").GetProperty("percentComplete").GetInt32());
        Assert.Equal("2026-11-30", kept.GetProperty("task").GetProperty("deadline").GetString());
        Assert.Contains(kept.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "方案更新");
    }

    [Fact]
    public async Task A_publish_that_fails_half_way_leaves_no_partial_plan_or_unit()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        var id = await DraftAsync(app,
            Doc("示政发〔2026〕6号", "方案甲", Task(3, "任务一。", ["县新单位局"])),
            Doc("示政发〔2026〕7号", "方案乙", Task(9, "任务二。", [])));
        var response = await sup.PostAsync($"/api/imports/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("第9行的任务没有牵头单位", await response.Content.ReadAsStringAsync());
        Assert.Equal((0, 0, 0), await app.WithDbAsync(async db => (await db.Plans.CountAsync(), await db.Tasks.CountAsync(), await db.Units.CountAsync())));
        Assert.Equal(ImportStatus.PendingReview, await app.WithDbAsync(db => db.PlanImports.Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_discarded_import_can_no_longer_be_edited_or_published()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        var id = await DraftAsync(app, Doc("示政发〔2026〕8号", "方案丙", Task(3, "任务。", ["县商务局"])));
        var version = await VersionOf(sup, id);
        (await sup.PostJsonAsync($"/api/imports/{id}/discard", new { version })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await sup.PostAsync($"/api/imports/{id}/publish", null)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Plans.CountAsync()));
    }
}
