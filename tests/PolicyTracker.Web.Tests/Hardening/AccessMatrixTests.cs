using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Tracking;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>
/// Role × action × own/other unit, against every endpoint that can change something. The endpoints come from the
/// running app's routing table, so a mutating endpoint added later without a row here fails the test until someone
/// decides who may call it.
/// </summary>
public sealed class AccessMatrixTests
{
    public enum Actor { Admin, Supervisor, Leader, LeadUnit, CoUnit, OtherUnit }

    /// <summary>Allowed: the handler let the caller through (any status but 401/403). Hidden: 404, as if it didn't exist.</summary>
    public enum Outcome { Allowed, Forbidden, Hidden }

    private static readonly Actor[] Everyone = Enum.GetValues<Actor>();
    private static readonly Actor[] Supervision = [Actor.Admin, Actor.Supervisor];
    private static readonly Actor[] AdminOnly = [Actor.Admin];

    /// <summary>The ids a request needs: the tracking world plus one of each thing an endpoint acts on.</summary>
    public sealed record Fixture(TrackingWorld W, Guid ImportId, Guid ExtensionId, Guid UrgeId, Guid NotificationId,
        Guid DeadLetterId, Guid ChannelId, Guid TargetUserId);

    private sealed record Row(Func<Actor, Outcome> Expect, Func<Fixture, HttpRequestMessage> Request, bool Anonymous = false);

    private static Row Only(Actor[] allowed, Func<Fixture, HttpRequestMessage> request) =>
        new(a => allowed.Contains(a) ? Outcome.Allowed : Outcome.Forbidden, request);

    private static HttpRequestMessage Post(string url, object? body = null) => Json(HttpMethod.Post, url, body);
    private static HttpRequestMessage Put(string url, object body) => Json(HttpMethod.Put, url, body);

    private static HttpRequestMessage Json(HttpMethod method, string url, object? body) =>
        new(method, url) { Content = JsonContent.Create(body ?? new { }, options: TrackingWorld.Json) };

    private static HttpRequestMessage Form(string url, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return new(HttpMethod.Post, url) { Content = form };
    }

    private static readonly object DraftTask = new { text = "新增任务。", leadUnits = new[] { "县商务局" }, coUnits = Array.Empty<string>(), targets = Array.Empty<object>(), reporting = Array.Empty<object>() };

    /// <summary>Keyed by method and route pattern as the routing table names them.</summary>
    private static readonly Dictionary<string, Row> Matrix = new()
    {
        // Imports: 督查室 and admins only.
        ["POST /api/imports/"] = Only(Supervision, _ => new(HttpMethod.Post, "/api/imports/") { Content = PlanUpload() }),
        ["POST /api/imports/{id:guid}/publish"] = Only(Supervision, f => Post($"/api/imports/{f.ImportId}/publish")),
        ["POST /api/imports/{id:guid}/unit-mappings"] = Only(Supervision, f => Post($"/api/imports/{f.ImportId}/unit-mappings", new { version = Guid.NewGuid(), name = "县商务局", unitId = f.W.UnitA })),
        ["POST /api/imports/{id:guid}/discard"] = Only(Supervision, f => Post($"/api/imports/{f.ImportId}/discard", new { version = Guid.NewGuid() })),
        ["PUT /api/imports/{id:guid}/documents/{d:int}"] = Only(Supervision, f => Put($"/api/imports/{f.ImportId}/documents/0", new { version = Guid.NewGuid(), planTitle = "方案" })),
        ["POST /api/imports/{id:guid}/documents/{d:int}/tasks"] = Only(Supervision, f => Post($"/api/imports/{f.ImportId}/documents/0/tasks", new { version = Guid.NewGuid(), task = DraftTask })),
        ["PUT /api/imports/{id:guid}/documents/{d:int}/tasks/{t:int}"] = Only(Supervision, f => Put($"/api/imports/{f.ImportId}/documents/0/tasks/0", new { version = Guid.NewGuid(), task = DraftTask })),
        ["POST /api/imports/{id:guid}/documents/{d:int}/tasks/{t:int}/merge"] = Only(Supervision, f => Post($"/api/imports/{f.ImportId}/documents/0/tasks/0/merge", new { version = Guid.NewGuid(), with = 1 })),
        ["POST /api/imports/{id:guid}/documents/{d:int}/tasks/{t:int}/split"] = Only(Supervision, f => Post($"/api/imports/{f.ImportId}/documents/0/tasks/0/split", new { version = Guid.NewGuid(), parts = new[] { "一。", "二。" } })),
        ["POST /api/imports/{id:guid}/documents/{d:int}/tasks/{t:int}/exclude"] = Only(Supervision, f => Post($"/api/imports/{f.ImportId}/documents/0/tasks/0/exclude", new { version = Guid.NewGuid() })),

        // A task's own work: staff of its lead unit (牵头单位) only; a co-unit (配合单位) only contributes.
        ["POST /api/tasks/{id:guid}/acknowledge"] = Only([Actor.LeadUnit], f => Post($"/api/tasks/{f.W.TaskA}/acknowledge")),
        ["POST /api/tasks/{id:guid}/progress"] = Only([Actor.LeadUnit], f => Form($"/api/tasks/{f.W.TaskA}/progress", ("percent", "10"), ("narrative", "进展"))),
        ["POST /api/tasks/{id:guid}/contributions"] = Only([Actor.CoUnit], f => Form($"/api/tasks/{f.W.TaskA}/contributions", ("narrative", "配合"))),
        ["POST /api/tasks/{id:guid}/completion-request"] = Only([Actor.LeadUnit], f => Post($"/api/tasks/{f.W.TaskA}/completion-request", new { summary = "已完成" })),
        ["POST /api/tasks/{id:guid}/extension-requests"] = Only([Actor.LeadUnit], f => Post($"/api/tasks/{f.W.TaskA}/extension-requests", new { newDeadline = "2026-09-30", reason = "工期" })),
        ["POST /api/urges/{id:guid}/reply"] = Only([Actor.LeadUnit], f => Post($"/api/urges/{f.UrgeId}/reply", new { reply = "已落实" })),

        // Supervision's decisions, and the leader's instruction (批示).
        ["POST /api/tasks/{id:guid}/urges"] = Only(Supervision, f => Post($"/api/tasks/{f.W.TaskA}/urges", new { kind = "Reminder", instruction = "请加快" })),
        ["POST /api/tasks/{id:guid}/confirm-completion"] = Only(Supervision, f => Post($"/api/tasks/{f.W.TaskA}/confirm-completion", new { grade = "Good" })),
        ["POST /api/tasks/{id:guid}/send-back"] = Only(Supervision, f => Post($"/api/tasks/{f.W.TaskA}/send-back", new { reason = "材料不全" })),
        ["POST /api/tasks/{id:guid}/reopen"] = Only(Supervision, f => Post($"/api/tasks/{f.W.TaskA}/reopen", new { reason = "重新打开" })),
        ["POST /api/extension-requests/{id:guid}/approve"] = Only(Supervision, f => Post($"/api/extension-requests/{f.ExtensionId}/approve", new { note = "同意" })),
        ["POST /api/extension-requests/{id:guid}/reject"] = Only(Supervision, f => Post($"/api/extension-requests/{f.ExtensionId}/reject", new { note = "不同意" })),
        ["POST /api/tasks/{id:guid}/instructions"] = Only([Actor.Leader], f => Post($"/api/tasks/{f.W.TaskA}/instructions", new { text = "抓紧落实" })),

        // One's own inbox: another unit's message is not found rather than forbidden, so it reveals nothing.
        ["POST /api/notifications/{id:guid}/read"] = new(a => a == Actor.LeadUnit ? Outcome.Allowed : Outcome.Hidden, f => Post($"/api/notifications/{f.NotificationId}/read")),
        ["POST /api/notifications/read-all"] = Only(Everyone, _ => Post("/api/notifications/read-all")),

        // Reference data and accounts.
        ["POST /api/units/"] = Only(Supervision, _ => Post("/api/units/", new { name = $"县新设局{Guid.NewGuid():N}"[..12] })),
        ["PUT /api/units/{id:guid}"] = Only(Supervision, f => Put($"/api/units/{f.W.UnitC}", new { name = "县教育和体育局" })),
        ["POST /api/units/{id:guid}/aliases"] = Only(Supervision, f => Post($"/api/units/{f.W.UnitC}/aliases", new { alias = "县教体局" })),
        ["POST /api/unit-channels/"] = Only(AdminOnly, f => Post("/api/unit-channels/", new { unitId = f.W.UnitA, channel = "Email", destination = "a@example.cn" })),
        ["PUT /api/unit-channels/{id:guid}"] = Only(AdminOnly, f => Put($"/api/unit-channels/{f.ChannelId}", new { unitId = f.W.UnitA, channel = "Email", destination = "b@example.cn" })),
        ["DELETE /api/unit-channels/{id:guid}"] = Only(AdminOnly, f => new(HttpMethod.Delete, $"/api/unit-channels/{f.ChannelId}")),
        ["POST /api/outbox/{id:guid}/retry"] = Only(AdminOnly, f => Post($"/api/outbox/{f.DeadLetterId}/retry")),
        ["POST /api/admin/users/"] = Only(AdminOnly, _ => Post("/api/admin/users/", new { userName = $"u{Guid.NewGuid():N}"[..10], displayName = "新人", password = "New#20260301", role = "Leader" })),
        ["POST /api/admin/users/{id:guid}/reset-password"] = Only(AdminOnly, f => Post($"/api/admin/users/{f.TargetUserId}/reset-password", new { password = "Reset#20260301" })),
        ["POST /api/admin/users/{id:guid}/lock"] = Only(AdminOnly, f => Post($"/api/admin/users/{f.TargetUserId}/lock")),
        ["POST /api/admin/users/{id:guid}/unlock"] = Only(AdminOnly, f => Post($"/api/admin/users/{f.TargetUserId}/unlock")),

        // The job dashboard accepts any method (it triggers and deletes jobs by POST).
        ["* /hangfire/{**path}"] = Only(Supervision, _ => new(HttpMethod.Post, "/hangfire/recurring/trigger")
            { Content = new FormUrlEncodedContent([new("jobs[]", "outbox.dispatch")]) }),
        // Any method, changes nothing.
        ["* /health"] = new(_ => Outcome.Allowed, _ => new(HttpMethod.Post, "/health"), Anonymous: true),

        // Signing in is open to all (as a bearer client, so the callers' own sessions stay as they are); signing out
        // ends only one's own session (run last).
        ["POST /api/auth/login"] = new(_ => Outcome.Allowed, _ => Post("/api/auth/login", new { userName = "visitor", password = TestApp.Password, useCookies = false }), Anonymous: true),
        ["POST /api/auth/logout"] = Only(Everyone, _ => Post("/api/auth/logout")),
    };

    private static MultipartFormDataContent PlanUpload() => new()
    {
        { new ByteArrayContent(Encoding.UTF8.GetBytes("示范方案\n一、重点任务\n1.推进园区建设。（牵头单位：县商务局）\n2.建设标准厂房。（牵头单位：县财政局）")), "file", "plan.txt" },
    };

    [Fact]
    public async Task Every_mutating_endpoint_has_a_row_in_the_access_matrix()
    {
        await using var app = new TestApp();
        app.CreateClient();
        var mutating = MutatingEndpoints(app);
        Assert.True(mutating.Count >= 35, $"only {mutating.Count} mutating endpoints found");
        var missing = mutating.Keys.Except(Matrix.Keys).Order().ToList();
        Assert.True(missing.Count == 0, "mutating endpoints without a row in the access matrix: " + string.Join(", ", missing));
        var stale = Matrix.Keys.Except(mutating.Keys).Order().ToList();
        Assert.True(stale.Count == 0, "rows for endpoints that no longer exist: " + string.Join(", ", stale));
        // The API is closed to anonymous callers except where the matrix says so.
        var open = mutating.Where(e => e.Key.Contains(" /api/") && !Matrix[e.Key].Anonymous
                && (e.Value.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Value.Metadata.GetMetadata<IAuthorizeData>() is null))
            .Select(e => e.Key).ToList();
        Assert.True(open.Count == 0, "endpoints open to anonymous callers: " + string.Join(", ", open));
    }

    [Fact]
    public async Task Every_role_gets_exactly_the_access_the_matrix_grants_on_every_mutating_endpoint()
    {
        await using var app = new TestApp(settings: new() { ["Security:LoginAttemptsPerMinute"] = "1000" });
        var fixture = await ArrangeAsync(app);
        var clients = new Dictionary<Actor, HttpClient>
        {
            [Actor.Admin] = await app.SignInAsync("admin"),
            [Actor.Supervisor] = await app.SignInAsync("sup"),
            [Actor.Leader] = await app.SignInAsync("leader"),
            [Actor.LeadUnit] = await app.SignInAsync("staffA"),
            [Actor.CoUnit] = await app.SignInAsync("staffB"),
            [Actor.OtherUnit] = await app.SignInAsync("staffC"),
        };
        var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Requested-With", "PolicyTracker");
        var wrong = new List<string>();
        var calls = 0;
        foreach (var (key, row) in Matrix.OrderBy(r => r.Key == "POST /api/auth/logout"))
        {
            if (!row.Anonymous)
            {
                var status = (await anonymous.SendAsync(row.Request(fixture))).StatusCode;
                calls++;
                if (status != HttpStatusCode.Unauthorized) wrong.Add($"{key} anonymous: {(int)status}, expected 401");
            }
            // Refusals first: an allowed call may change the state the others would meet.
            foreach (var actor in Everyone.OrderBy(a => row.Expect(a) == Outcome.Allowed))
            {
                var response = await clients[actor].SendAsync(row.Request(fixture));
                calls++;
                var status = (int)response.StatusCode;
                var ok = row.Expect(actor) switch
                {
                    Outcome.Allowed => status is not (401 or 403) and < 500,
                    Outcome.Forbidden => status == 403,
                    _ => status == 404,
                };
                if (!ok) wrong.Add($"{key} {actor}: {status}, expected {row.Expect(actor)} — {Short(await response.Content.ReadAsStringAsync())}"
                    + (status >= 500 ? $"\n  server log: {app.ServerErrors.Last}" : ""));
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {calls} calls broke the matrix:\n" + string.Join("\n", wrong));
    }

    private static string Short(string s) => s.Length > 200 ? s[..200] : s;

    /// <summary>"POST /api/tasks/{id:guid}/acknowledge" for every endpoint that accepts an unsafe method ("*" for any method).</summary>
    internal static Dictionary<string, Endpoint> MutatingEndpoints(TestApp app)
    {
        var result = new Dictionary<string, Endpoint>();
        foreach (var endpoint in app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || methods.Count == 0) { result[$"* {pattern}"] = endpoint; continue; }
            foreach (var method in methods.Where(m => !(HttpMethods.IsGet(m) || HttpMethods.IsHead(m) || HttpMethods.IsOptions(m))))
                result[$"{method} {pattern}"] = endpoint;
        }
        return result;
    }

    private static async Task<Fixture> ArrangeAsync(TestApp app)
    {
        var w = await TrackingWorld.CreateAsync(app);
        var target = await app.CreateUserAsync("target", Roles.UnitStaff, w.UnitC);
        await app.CreateUserAsync("visitor", Roles.Leader);
        var sup = await app.SignInAsync("sup");
        var staffA = await app.SignInAsync("staffA");
        var import = await (await sup.PostAsync("/api/imports/", PlanUpload())).ReadJsonAsync();
        var extension = await (await staffA.PostJsonAsync($"/api/tasks/{w.TaskA}/extension-requests", new { newDeadline = "2026-08-31", reason = "工期" })).ReadJsonAsync();
        var urge = await (await sup.PostJsonAsync($"/api/tasks/{w.TaskA}/urges", new { kind = "Reminder", instruction = "请加快" })).ReadJsonAsync();
        var (notification, deadLetter, channel) = await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var toUnitA = new Notification($"matrix:{Guid.NewGuid()}", "test", "测试", "正文", now, recipientUnitId: w.UnitA);
            var failed = new Notification($"matrix:{Guid.NewGuid()}", "test", "测试", "正文", now, recipientUnitId: w.UnitA);
            var message = new OutboxMessage(failed.Id, DeliveryChannel.Email, "a@example.cn", now);
            message.MarkFailed("550", now, maxAttempts: 1);
            var unitChannel = new UnitChannel(w.UnitA, DeliveryChannel.Email, "a@example.cn");
            db.AddRange(toUnitA, failed, message, unitChannel);
            await db.SaveChangesAsync();
            return (toUnitA.Id, message.Id, unitChannel.Id);
        });
        return new Fixture(w, import.GetProperty("importId").GetGuid(), extension.GetProperty("requestId").GetGuid(),
            urge.GetProperty("urgeId").GetGuid(), notification, deadLetter, channel, target.Id);
    }
}
