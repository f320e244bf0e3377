using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Tracking;

namespace PolicyTracker.Web.Tests.Hardening;

public sealed class SecurityHardeningTests
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF"u8.ToArray();

    [Fact]
    public async Task A_cookie_request_without_the_anti_forgery_header_changes_nothing()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffA");
        staff.DefaultRequestHeaders.Remove("X-Requested-With");

        var forged = await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(50, "跨站伪造"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("防跨站", (await UploadTests.AssertProblemAsync(forged)).GetProperty("detail").GetString());
        var wrongValue = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{w.TaskA}/acknowledge") { Content = JsonContent.Create(new { }) };
        wrongValue.Headers.Add("X-Requested-With", "XMLHttpRequest");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.SendAsync(wrongValue)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgressUpdates.CountAsync()));
        // Reading needs no header; the UI's header makes the same change go through.
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/tasks/{w.TaskA}")).StatusCode);
        staff.DefaultRequestHeaders.Add("X-Requested-With", "PolicyTracker");
        (await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(50, "正常填报"))).EnsureSuccessStatusCode();
        Assert.Equal(1, await app.WithDbAsync(db => db.ProgressUpdates.CountAsync()));
    }

    [Fact]
    public async Task A_bearer_client_needs_no_anti_forgery_header()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "staffA", password = TestApp.Password, useCookies = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        (await client.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(30, "接口填报"))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_ui_fetch_wrapper_sends_the_anti_forgery_header()
    {
        await using var app = new TestApp();
        var api = await app.CreateClient().GetStringAsync("/js/api.js");
        Assert.Contains("'X-Requested-With': 'PolicyTracker'", api);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login.html")]
    [InlineData("/api/auth/me")]
    public async Task Pages_and_api_responses_carry_the_security_headers_with_an_enforced_csp(string url)
    {
        await using var app = new TestApp();
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url);
        string Header(string name) => response.Headers.TryGetValues(name, out var v) ? v.Single()
            : response.Content.Headers.TryGetValues(name, out var c) ? c.Single() : "";
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        var csp = Header("Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Empty(Header("Content-Security-Policy-Report-Only"));
    }

    [Fact]
    public async Task A_server_error_shows_no_stack_trace_sql_or_type_name()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        // A table disappears under the running app: a real provider error, with SQL and the table in its message.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Leaders\" RENAME TO \"LeadersGone\""));

        var response = await sup.GetAsync("/api/leaders");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await UploadTests.AssertProblemAsync(response);
        var text = body.ToString();
        foreach (var leak in new[] { "Leaders", "SELECT", "FROM", "Exception", "   at ", ".cs:", "Sqlite", "Npgsql", "PolicyTracker." })
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("服务器内部错误", body.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("sup", HttpStatusCode.OK)]
    [InlineData("leader", HttpStatusCode.Forbidden)]
    [InlineData("staffA", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task The_job_dashboard_is_for_admins_and_supervision_only(string? user, HttpStatusCode expected)
    {
        await using var app = new TestApp();
        await TrackingWorld.CreateAsync(app);
        var client = user is null ? app.CreateClient(new() { AllowAutoRedirect = false }) : await app.SignInAsync(user);
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK) Assert.Contains("PolicyTracker 后台任务", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Audit_verification_passes_on_an_honest_trail_and_names_the_row_tampered_with_raw_sql()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffA");
        (await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(40, "进展"))).EnsureSuccessStatusCode();
        var admin = await app.SignInAsync("admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync("sup")).GetAsync("/api/admin/audit/verify")).StatusCode);

        var honest = await admin.GetJsonAsync("/api/admin/audit/verify");
        Assert.True(honest.GetProperty("intact").GetBoolean());
        Assert.True(honest.GetProperty("entries").GetInt32() > 5);

        var victim = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.TaskId == w.TaskA).OrderByDescending(a => a.Id).Select(a => a.Id).FirstAsync());
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Actor\" = '某人' WHERE \"Id\" = {victim}"));

        var tampered = await admin.GetJsonAsync("/api/admin/audit/verify");
        Assert.False(tampered.GetProperty("intact").GetBoolean());
        Assert.Contains(victim, tampered.GetProperty("broken").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Evidence_is_stored_outside_the_web_root_under_a_generated_name()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffA");
        (await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(40, "进展", files: ("../../wwwroot/index.html.pdf", Pdf)))).EnsureSuccessStatusCode();

        var file = await app.WithDbAsync(db => db.EvidenceFiles.SingleAsync());
        Assert.Matches("^[0-9a-f]{32}\\.pdf$", file.StoredName);
        Assert.Equal("index.html.pdf", file.FileName);
        var folder = Path.GetFullPath(app.Services.GetRequiredService<PolicyTracker.Core.TrackingOptions>().EvidenceFolder);
        Assert.True(File.Exists(Path.Combine(folder, file.StoredName)));
        var webRoot = app.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        Assert.False(folder.StartsWith(Path.GetFullPath(webRoot), StringComparison.Ordinal), $"{folder} is under {webRoot}");
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/" + file.StoredName)).StatusCode);
    }
}
