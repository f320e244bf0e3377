using System.Net;
using System.Net.Http.Json;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

public sealed class AdminAndReferenceTests
{
    [Fact]
    public async Task An_admin_creates_a_unit_staff_account_that_then_sees_only_its_units_tasks()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var admin = await app.SignInAsync("admin");
        var weak = await admin.PostJsonAsync("/api/admin/users", new { userName = "li", displayName = "李四", password = "short", role = "UnitStaff", unitId = w.UnitC });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("密码至少8位", await weak.Content.ReadAsStringAsync());
        var noUnit = await admin.PostJsonAsync("/api/admin/users", new { userName = "li", displayName = "李四", password = "Li#20260301", role = "UnitStaff" });
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.StatusCode);

        var created = await (await admin.PostJsonAsync("/api/admin/users",
            new { userName = "li", displayName = "李四", password = "Li#20260301", role = "UnitStaff", unitId = w.UnitC })).ReadJsonAsync();
        var li = await app.SignInAsync("li", "Li#20260301");
        var tasks = await li.GetJsonAsync("/api/tasks");
        Assert.Equal(w.TaskC, tasks.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(1, tasks.GetProperty("total").GetInt32());

        var accounts = await admin.GetJsonAsync("/api/admin/users");
        var row = accounts.EnumerateArray().Single(a => a.GetProperty("userName").GetString() == "li");
        Assert.Equal("县教育局", row.GetProperty("unitName").GetString());
        Assert.Equal("UnitStaff", row.GetProperty("role").GetString());

        var id = created.GetProperty("id").GetGuid();
        (await admin.PostAsync($"/api/admin/users/{id}/lock", null)).EnsureSuccessStatusCode();
        var locked = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "li", password = "Li#20260301" });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        (await admin.PostJsonAsync($"/api/admin/users/{id}/reset-password", new { password = "Li#20260302" })).EnsureSuccessStatusCode();
        await app.SignInAsync("li", "Li#20260302");

        var sup = await app.SignInAsync("sup");
        Assert.Equal(HttpStatusCode.Forbidden, (await sup.GetAsync("/api/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Renaming_a_unit_keeps_the_old_name_as_an_alias_and_names_stay_unique()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var sup = await app.SignInAsync("sup");
        (await sup.PutAsJsonAsync($"/api/units/{w.UnitC}", new { name = "县教育和体育局" })).EnsureSuccessStatusCode();
        (await sup.PostJsonAsync($"/api/units/{w.UnitC}/aliases", new { alias = "县教体局" })).EnsureSuccessStatusCode();
        var taken = await sup.PostJsonAsync("/api/units", new { name = "县教体局" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("县教育和体育局", await taken.Content.ReadAsStringAsync());

        var unit = (await sup.GetJsonAsync("/api/units")).EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == w.UnitC);
        Assert.Equal("县教育和体育局", unit.GetProperty("name").GetString());
        Assert.Equal(["县教体局", "县教育局"], unit.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).Order(StringComparer.Ordinal));
        var staff = await app.SignInAsync("staffC");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostJsonAsync("/api/units", new { name = "县新局" })).StatusCode);
    }

    [Fact]
    public async Task The_read_models_answer_for_leaders_with_filters_and_paging()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var leader = await app.SignInAsync("leader");
        Assert.Equal("王明", (await leader.GetJsonAsync("/api/leaders"))[0].GetProperty("name").GetString());
        Assert.Equal(2, (await leader.GetJsonAsync("/api/plans"))[0].GetProperty("tasks").GetInt32());
        Assert.Equal(1, (await leader.GetJsonAsync($"/api/tasks?leaderId={w.LeaderId}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await leader.GetJsonAsync($"/api/tasks?unitId={w.UnitB}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await leader.GetJsonAsync("/api/tasks?dueWithinDays=30")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await leader.GetJsonAsync("/api/tasks?unacknowledged=true")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await leader.GetJsonAsync("/api/tasks?acknowledgeLate=true")).GetProperty("total").GetInt32());
        Assert.Equal("2026-03-03", (await leader.GetJsonAsync($"/api/tasks/{w.TaskC}")).GetProperty("task").GetProperty("acknowledgeBy").GetString());
        Assert.Equal(1, (await leader.GetJsonAsync("/api/tasks?q=校园")).GetProperty("total").GetInt32());
        var page = await leader.GetJsonAsync("/api/tasks?pageSize=1&page=2");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(w.TaskA, page.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.BadRequest, (await leader.GetAsync("/api/tasks?pageSize=1000")).StatusCode);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 2, 1, 0, 0, TimeSpan.Zero));
        leader = await app.SignInAsync("leader");
        var red = await leader.GetJsonAsync("/api/tasks?light=Red");
        Assert.Equal(w.TaskC, red.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.True(red.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
        Assert.Equal(1, (await leader.GetJsonAsync("/api/tasks?overdue=true")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await leader.GetJsonAsync("/api/tasks?acknowledgeLate=true")).GetProperty("total").GetInt32());
        Assert.Equal(12, (await leader.GetJsonAsync("/api/dashboard/trend")).GetArrayLength());
        Assert.Equal("新增限上贸易企业10家以上", (await leader.GetJsonAsync("/api/dashboard/targets"))[0].GetProperty("text").GetString());
        Assert.Equal(1, (await leader.GetJsonAsync("/api/dashboard/leaders"))[0].GetProperty("total").GetInt32());
        Assert.Equal(2, (await leader.GetJsonAsync("/api/dashboard/plans"))[0].GetProperty("total").GetInt32());
        Assert.Equal(2, (await leader.GetJsonAsync("/api/workbench")).GetProperty("unacknowledged").GetInt32());
    }
}
