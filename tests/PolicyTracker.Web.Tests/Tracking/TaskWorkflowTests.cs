using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

public sealed class TaskWorkflowTests
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF"u8.ToArray();

    [Fact]
    public async Task Progress_with_a_target_actual_updates_the_target_and_the_light()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        // Two thirds of the time gone with nothing done: behind schedule, so yellow before the report.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 20, 1, 0, 0, TimeSpan.Zero));
        var staff = await app.SignInAsync("staffA");
        var before = await staff.GetJsonAsync($"/api/tasks/{w.TaskA}");
        Assert.Equal("Yellow", before.GetProperty("task").GetProperty("light").GetString());

        var response = await staff.PostAsync($"/api/tasks/{w.TaskA}/progress",
            HttpJson.Progress(80, "已新增企业12家", $"[{{\"targetId\":\"{w.TargetA}\",\"value\":12}}]", null, ("台账.pdf", Pdf)));
        var result = await response.ReadJsonAsync();
        Assert.Equal("Green", result.GetProperty("light").GetString());
        Assert.Equal("InProgress", result.GetProperty("status").GetString());

        var detail = await staff.GetJsonAsync($"/api/tasks/{w.TaskA}");
        var target = detail.GetProperty("targets")[0];
        Assert.Equal(12m, target.GetProperty("latestActual").GetDecimal());
        Assert.True(target.GetProperty("attained").GetBoolean());
        Assert.Equal(80, detail.GetProperty("task").GetProperty("percentComplete").GetInt32());
        var evidence = detail.GetProperty("progress")[0].GetProperty("evidence")[0];
        Assert.Equal("application/pdf", evidence.GetProperty("contentType").GetString());
        var download = await staff.GetAsync($"/api/evidence/{evidence.GetProperty("id").GetGuid()}");
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        var other = await app.SignInAsync("staffC");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/evidence/{evidence.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Evidence_is_judged_by_its_content_not_its_name()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffA");
        var response = await staff.PostAsync($"/api/tasks/{w.TaskA}/progress",
            HttpJson.Progress(10, "进展", null, null, ("照片.jpg", "MZ\u0090\u0000 not an image"u8.ToArray())));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("类型不受支持", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgressUpdates.CountAsync()));
    }

    [Fact]
    public async Task Unit_staff_cannot_update_request_extension_for_or_see_another_units_task()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffC");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(50, "越权"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostJsonAsync($"/api/tasks/{w.TaskA}/extension-requests",
            new { newDeadline = "2026-09-30", reason = "越权" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/tasks/{w.TaskA}")).StatusCode);
        var list = await staff.GetJsonAsync("/api/tasks");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(w.TaskC, list.GetProperty("items")[0].GetProperty("id").GetGuid());
        var task = await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.Id == w.TaskA));
        Assert.Equal(0, task.PercentComplete);
        Assert.Equal(0, await app.WithDbAsync(db => db.ExtensionRequests.CountAsync()));
    }

    [Fact]
    public async Task Co_unit_staff_contribute_but_cannot_report_the_lead_units_progress()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var co = await app.SignInAsync("staffB");
        var form = new MultipartFormDataContent { { new StringContent("已拨付资金50万元"), "narrative" } };
        (await co.PostAsync($"/api/tasks/{w.TaskA}/contributions", form)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await co.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(50, "越权"))).StatusCode);
        var detail = await co.GetJsonAsync($"/api/tasks/{w.TaskA}");
        var update = detail.GetProperty("progress")[0];
        Assert.Equal("Contribution", update.GetProperty("kind").GetString());
        Assert.Equal("县财政局", update.GetProperty("unitName").GetString());
        Assert.Equal(0, detail.GetProperty("task").GetProperty("percentComplete").GetInt32());
    }

    [Fact]
    public async Task An_urge_notifies_the_lead_unit_and_its_reply_closes_it()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var sup = await app.SignInAsync("sup");
        var urge = await (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/urges",
            new { kind = "SupervisionOrder", instruction = "请加快推进并书面反馈", responseDue = "2026-03-06" })).ReadJsonAsync();
        var urgeId = urge.GetProperty("urgeId").GetGuid();
        Assert.Equal(1, (await sup.GetJsonAsync("/api/urges")).GetArrayLength());

        var staff = await app.SignInAsync("staffC");
        var inbox = await staff.GetJsonAsync("/api/notifications");
        Assert.Equal("urge", inbox.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync("staffA")).PostJsonAsync($"/api/urges/{urgeId}/reply", new { reply = "越权" })).StatusCode);
        (await staff.PostJsonAsync($"/api/urges/{urgeId}/reply", new { reply = "已完成宣传3场" })).EnsureSuccessStatusCode();

        Assert.Equal(0, (await sup.GetJsonAsync("/api/urges")).GetArrayLength());
        var closed = (await sup.GetJsonAsync("/api/urges?open=false"))[0];
        Assert.Equal("已完成宣传3场", closed.GetProperty("reply").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostJsonAsync($"/api/urges/{urgeId}/reply", new { reply = "再次" })).StatusCode);
    }

    [Fact]
    public async Task Approving_an_extension_moves_the_deadline_and_keeps_the_history()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffC");
        var request = await (await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/extension-requests",
            new { newDeadline = "2026-04-30", reason = "场地改造推迟" })).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/extension-requests",
            new { newDeadline = "2026-05-31", reason = "再申请一次" })).StatusCode);
        var sup = await app.SignInAsync("sup");
        Assert.Equal(1, (await sup.GetJsonAsync("/api/workbench")).GetProperty("extensionRequests").GetArrayLength());
        var decided = await (await sup.PostJsonAsync($"/api/extension-requests/{request.GetProperty("requestId").GetGuid()}/approve",
            new { note = "同意" })).ReadJsonAsync();
        Assert.Equal("2026-04-30", decided.GetProperty("deadline").GetString());

        var detail = await sup.GetJsonAsync($"/api/tasks/{w.TaskC}");
        Assert.Equal("2026-04-30", detail.GetProperty("task").GetProperty("deadline").GetString());
        Assert.Equal("2026-03-31", detail.GetProperty("originalDeadline").GetString());
        var history = detail.GetProperty("extensionRequests")[0];
        Assert.Equal("2026-03-31", history.GetProperty("currentDeadline").GetString());
        Assert.Equal("Approved", history.GetProperty("decision").GetString());
        Assert.Empty((await sup.GetJsonAsync("/api/extension-requests")).EnumerateArray());
    }

    [Fact]
    public async Task An_extension_cannot_be_requested_once_the_deadline_has_passed()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero));
        var staff = await app.SignInAsync("staffC");
        var response = await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/extension-requests", new { newDeadline = "2026-04-30", reason = "来不及" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("已超过完成时限", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Completion_is_sent_back_with_a_reason_then_confirmed_with_a_grade()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffC");
        var sup = await app.SignInAsync("sup");
        (await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/completion-request", new { summary = "宣传已开展" })).EnsureSuccessStatusCode();
        Assert.Equal(1, (await sup.GetJsonAsync("/api/workbench")).GetProperty("completionRequests").GetArrayLength());
        var back = await (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/send-back", new { reason = "缺少佐证材料" })).ReadJsonAsync();
        Assert.Equal("InProgress", back.GetProperty("status").GetString());
        var inbox = await staff.GetJsonAsync("/api/notifications");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("body").GetString() == "缺少佐证材料");

        (await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/completion-request", new { summary = "已补充材料" })).EnsureSuccessStatusCode();
        var done = await (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/confirm-completion", new { grade = "Good" })).ReadJsonAsync();
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("Good", done.GetProperty("grade").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/reopen", new { reason = "自行重开" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/send-back", new { reason = "已办结的不能退回" })).StatusCode);
        var reopened = await (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/reopen", new { reason = "问题反弹" })).ReadJsonAsync();
        Assert.Equal("InProgress", reopened.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stale_version_is_a_409_and_changes_nothing()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffA");
        var read = await staff.GetJsonAsync($"/api/tasks/{w.TaskA}");
        var version = read.GetProperty("task").GetProperty("version").GetGuid();
        (await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(30, "第一次", null, version))).EnsureSuccessStatusCode();
        var stale = await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(60, "基于旧数据", null, version));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(30, (await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.Id == w.TaskA))).PercentComplete);
    }

    [Fact]
    public async Task Every_state_change_writes_exactly_one_named_audit_entry_with_its_actor()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffC");
        var sup = await app.SignInAsync("sup");
        var leader = await app.SignInAsync("leader");
        (await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/acknowledge", new { })).EnsureSuccessStatusCode();
        (await staff.PostAsync($"/api/tasks/{w.TaskC}/progress", HttpJson.Progress(50, "过半"))).EnsureSuccessStatusCode();
        (await leader.PostJsonAsync($"/api/tasks/{w.TaskC}/instructions", new { text = "抓紧落实" })).EnsureSuccessStatusCode();
        (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/urges", new { kind = "Reminder", instruction = "请加快" })).EnsureSuccessStatusCode();
        (await staff.PostJsonAsync($"/api/tasks/{w.TaskC}/completion-request", new { summary = "完成" })).EnsureSuccessStatusCode();
        (await sup.PostJsonAsync($"/api/tasks/{w.TaskC}/confirm-completion", new { grade = "Excellent" })).EnsureSuccessStatusCode();

        var timeline = await sup.GetJsonAsync($"/api/tasks/{w.TaskC}/timeline");
        var named = timeline.EnumerateArray().Where(e => e.GetProperty("entityType").GetString() == nameof(PlanTask)
            && !e.GetProperty("action").GetString()!.StartsWith("新增")).ToList();
        Assert.Equal(["签收", "填报进展", "领导批示", "催办", "申请办结", "确认办结"], named.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["staffC", "staffC", "leader", "sup", "staffC", "sup"], named.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal(["UnitStaff", "UnitStaff", "Leader", "Supervisor", "UnitStaff", "Supervisor"], named.Select(e => e.GetProperty("role").GetString()));
        Assert.All(named.Take(2), e => Assert.Equal(w.UnitC, e.GetProperty("unitId").GetGuid()));
        Assert.Equal("县教育局", named[0].GetProperty("unitName").GetString());
        Assert.Equal("单位人员", named[0].GetProperty("roleName").GetString());
        Assert.Contains("NotStarted/0% → InProgress/50%", named[1].GetProperty("after").GetString());
        Assert.All(timeline.EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("actor").GetString())));
    }

    [Fact]
    public async Task A_leader_instruction_notifies_every_unit_of_the_task()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var leader = await app.SignInAsync("leader");
        (await leader.PostJsonAsync($"/api/tasks/{w.TaskA}/instructions", new { text = "要确保完成目标" })).EnsureSuccessStatusCode();
        var recipients = await app.WithDbAsync(db => db.Notifications.Where(n => n.Kind == "instruction").Select(n => n.RecipientUnitId).ToListAsync());
        Assert.Equal(new[] { w.UnitA, w.UnitB }.Order(), recipients.Select(r => r!.Value).Order());
        var sup = await app.SignInAsync("sup");
        Assert.Equal(HttpStatusCode.Forbidden, (await sup.PostJsonAsync($"/api/tasks/{w.TaskA}/instructions", new { text = "非领导" })).StatusCode);
    }
}

public sealed class EvidenceStorageTests
{
    [Fact]
    public async Task Evidence_survives_a_restart_and_is_stored_under_a_generated_name()
    {
        var database = Path.Combine(Path.GetTempPath(), "policytracker-tests", $"{Guid.NewGuid():N}.db");
        var folder = Path.Combine(Path.GetTempPath(), "policytracker-tests", $"evidence-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["Tracking:EvidenceFolder"] = folder };
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };
        // A second host on the same database and folder stands for the restarted service: nothing is held in memory.
        // (The first stays open because disposing a TestApp deletes its database file.)
        await using var first = new TestApp(settings: settings, databasePath: database);
        var w = await TrackingWorld.CreateAsync(first);
        var staff = await first.SignInAsync("staffA");
        (await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(20, "现场照片", null, null, ("../../现场.png", png)))).EnsureSuccessStatusCode();
        var evidence = (await staff.GetJsonAsync($"/api/tasks/{w.TaskA}")).GetProperty("progress")[0].GetProperty("evidence")[0];
        var evidenceId = evidence.GetProperty("id").GetGuid();
        Assert.Equal("现场.png", evidence.GetProperty("fileName").GetString());
        var stored = Assert.Single(Directory.GetFiles(folder));
        Assert.DoesNotContain("现场", Path.GetFileName(stored));

        await using var second = new TestApp(settings: settings, databasePath: database);
        var again = await second.SignInAsync("staffA");
        var download = await again.GetAsync($"/api/evidence/{evidenceId}");
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
    }
}
