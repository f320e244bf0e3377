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
        await using (var first = new TestApp(seedDemo: true, databasePath: path))
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
        await TestDatabase.DropAsync(path);
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

public sealed class SecurityTests
{
    [Fact]
    public async Task Responses_carry_security_headers()
    {
        await using var app = new TestApp();
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/login", new { userName = "sup", password = "wrong-password", useCookies = true });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "sup", password = TestApp.Password, useCookies = true });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("锁定", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_attempts_beyond_the_limit_per_minute_are_refused_with_429()
    {
        await using var app = new TestApp(settings: new() { ["Security:LoginAttemptsPerMinute"] = "3" });
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = "x", useCookies = true })).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_bearer_token_signs_in_an_api_client()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("leader", Roles.Leader);
        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "leader", password = TestApp.Password, useCookies = false });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(Roles.Leader, me.GetProperty("role").GetString());
    }
}
