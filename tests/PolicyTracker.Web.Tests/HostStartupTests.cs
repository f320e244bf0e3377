using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests;

public sealed class HostStartupTests
{
    [Fact]
    public async Task Health_reports_the_database_as_healthy()
    {
        await using var app = new TestApp();
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Demo_data_is_loaded_once_and_a_second_start_does_not_duplicate_it()
    {
        var path = TestDatabase.NewPath();
        int plans, tasks, users;
        await using (var first = new TestApp(seedDemo: true, databasePath: path) { KeepDatabase = true })
        {
            first.CreateClient();
            (plans, tasks, users) = await first.WithDbAsync(async db => (await db.Plans.CountAsync(), await db.Tasks.CountAsync(), await db.Users.CountAsync()));
        }
        Assert.Equal(1, plans);
        Assert.True(tasks >= 5, $"the sample plan should publish its tasks, got {tasks}");
        Assert.True(users >= 4, "one demo account per role");

        await using var second = new TestApp(seedDemo: true, databasePath: path);
        second.CreateClient();
        var again = await second.WithDbAsync(async db => (await db.Plans.CountAsync(), await db.Tasks.CountAsync(), await db.Users.CountAsync()));
        Assert.Equal((plans, tasks, users), again);
    }

    [Fact]
    public async Task Demo_accounts_can_sign_in_with_the_documented_password()
    {
        await using var app = new TestApp(seedDemo: true);
        var client = await app.SignInAsync("duchashi", Core.Features.Demo.SeedDemo.Password);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(Roles.Supervisor, me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_invalid_command_is_a_400_with_field_errors()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var client = await app.SignInAsync("sup");
        var form = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "plan.exe" } };
        var response = await client.PostAsync("/api/imports/", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("fileName", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.PlanImports.CountAsync()));
    }

    [Fact]
    public async Task Anonymous_api_calls_get_401_not_a_login_redirect()
    {
        await using var app = new TestApp();
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unit_staff_cannot_import_plans()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("staff", Roles.UnitStaff);
        var client = await app.SignInAsync("staff");
        var form = new MultipartFormDataContent { { new ByteArrayContent("一、任务"u8.ToArray()), "file", "plan.txt" } };
        var response = await client.PostAsync("/api/imports/", form);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
