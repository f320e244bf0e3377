using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Tracking;
using Xunit.Abstractions;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>
/// 50 clients of three units, over Kestrel on 127.0.0.1, report progress on four tasks whose lead units overlap, each sending the version it
/// last read, for POLICYTRACKER_LOAD_SECONDS (default 10) of wall time. Every update is either accepted — and then
/// stored once, audited once and built on the version before it — or refused with 409.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Clients = 50;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("POLICYTRACKER_LOAD_SECONDS"), out var s) && s > 0 ? s : 10);

    private sealed record Accepted(Guid TaskId, string Narrative, int Percent, Guid BasedOn, Guid Produced);

    [Fact]
    public async Task Fifty_clients_updating_overlapping_tasks_lose_no_update_and_each_accepted_one_is_audited_once()
    {
        await using var app = new TestApp(settings: new() { ["Security:LoginAttemptsPerMinute"] = "1000" });
        // The real server on a loopback port: sockets, connection handling and Kestrel's limits, not the in-memory host.
        app.UseKestrel(0);
        app.StartServer();
        var (tasks, ledBy) = await ArrangeAsync(app);
        var initial = await app.WithDbAsync(db => db.Tasks.ToDictionaryAsync(t => t.Id, t => t.Version));
        var clients = new HttpClient[Clients];
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)), address.ToString());
        for (var i = 0; i < Clients; i++)
        {
            clients[i] = app.CreateClient(new() { BaseAddress = address, HandleCookies = true, AllowAutoRedirect = false });
            clients[i].DefaultRequestHeaders.Add("X-Requested-With", "PolicyTracker");
            (await clients[i].PostAsJsonAsync("/api/auth/login", new { userName = $"staff{i}", password = TestApp.Password })).EnsureSuccessStatusCode();
        }

        var accepted = new ConcurrentBag<Accepted>();
        var failures = new ConcurrentBag<string>();
        int sent = 0, conflicts = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var mine = ledBy[c % ledBy.Length];
            for (var n = 0; clock.Elapsed < Duration; n++)
            {
                var task = mine[random.Next(mine.Length)];
                var read = await clients[c].GetAsync($"/api/tasks/{task}");
                if (read.StatusCode != HttpStatusCode.OK) { failures.Add($"GET {(int)read.StatusCode}"); continue; }
                var version = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("task").GetProperty("version").GetGuid();
                var narrative = $"c{c}-{n}";
                var percent = random.Next(0, 100);
                var response = await clients[c].PostAsync($"/api/tasks/{task}/progress", HttpJson.Progress(percent, narrative, version: version));
                Interlocked.Increment(ref sent);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var produced = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetGuid();
                    accepted.Add(new(task, narrative, percent, version, produced));
                }
                else if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref conflicts);
                else failures.Add($"POST {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        })));

        Assert.True(failures.IsEmpty, $"{failures.Count} requests neither accepted nor refused with 409: {string.Join(" | ", failures.Take(5))}");
        Assert.Equal(sent, accepted.Count + conflicts);
        Assert.True(accepted.Count >= tasks.Length, $"only {accepted.Count} updates accepted");

        var stored = await app.WithDbAsync(db => db.ProgressUpdates.Select(p => new { p.Id, p.TaskId, p.Narrative, p.Percent }).ToListAsync());
        // Each accepted update is stored exactly once, and nothing is stored that was refused.
        Assert.Equal(accepted.Select(a => a.Narrative).Order(), stored.Select(p => p.Narrative).Order());
        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(ProgressUpdate))
            .GroupBy(a => a.EntityId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.All(stored, p => Assert.Equal(1, audited.GetValueOrDefault(p.Id.ToString())));
        var final = await app.WithDbAsync(db => db.Tasks.ToDictionaryAsync(t => t.Id, t => (t.Version, t.PercentComplete)));
        foreach (var task in tasks)
        {
            // No lost update: the accepted updates of a task form one chain of versions from the one before the run
            // to the one after it, so each was built on everything accepted before it.
            var next = accepted.Where(a => a.TaskId == task).ToDictionary(a => a.BasedOn);
            var at = initial[task];
            var length = 0;
            Accepted? last = null;
            while (next.TryGetValue(at, out var step)) { last = step; at = step.Produced; length++; }
            Assert.Equal(next.Count, length);
            Assert.Equal(final[task].Version, at);
            if (last is not null) Assert.Equal(last.Percent, final[task].PercentComplete);
        }
        Assert.Empty(await app.WithDbAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
        output.WriteLine($"load: {Clients} clients, {Duration.TotalSeconds} s, {sent} updates sent ({sent * 2} requests with the reads), " +
            $"{accepted.Count} accepted, {conflicts} refused with 409, lost 0");
    }

    /// <summary>Units 0–2, four tasks led by 0 / 0+1 / 1+2 / 2, and 50 unit staff accounts spread over the units.</summary>
    private static async Task<(Guid[] Tasks, Guid[][] LedBy)> ArrangeAsync(TestApp app)
    {
        var (tasks, units) = await app.WithDbAsync(async db =>
        {
            var units = new[] { new Unit("县商务局", UnitKind.CountyDepartment), new Unit("县财政局", UnitKind.CountyDepartment), new Unit("县教育局", UnitKind.CountyDepartment) };
            var plan = new Plan(null, null, "示范县促消费行动方案", null, null, null, null, app.Clock.GetUtcNow());
            TaskDraft Draft(string text, params Unit[] lead) => new(text, null, null, null, null, lead, [], new DateOnly(2026, 12, 31), null, false, []);
            var t = new[]
            {
                plan.AddTask(Draft("任务一", units[0])), plan.AddTask(Draft("任务二", units[0], units[1])),
                plan.AddTask(Draft("任务三", units[1], units[2])), plan.AddTask(Draft("任务四", units[2])),
            };
            plan.Publish(app.Clock.GetUtcNow());
            db.AddRange(units);
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return (t.Select(x => x.Id).ToArray(), units.Select(u => u.Id).ToArray());
        });
        for (var i = 0; i < Clients; i++) await app.CreateUserAsync($"staff{i}", Roles.UnitStaff, units[i % 3]);
        return (tasks, [[tasks[0], tasks[1]], [tasks[1], tasks[2]], [tasks[2], tasks[3]]]);
    }
}
