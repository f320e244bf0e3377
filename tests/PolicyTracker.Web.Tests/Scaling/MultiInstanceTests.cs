using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Reminders;

namespace PolicyTracker.Web.Tests.Scaling;

/// <summary>Runs only against PostgreSQL (scripts/with-postgres.sh), the engine several instances share.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres) Skip = "needs POLICYTRACKER_TEST_POSTGRES (scripts/with-postgres.sh)";
    }
}

/// <summary>Two instances of the service on one database, as a scaled-out deployment runs them.</summary>
public sealed class MultiInstanceTests
{
    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_another()
    {
        await using var one = new TestApp();
        await one.CreateUserAsync("sup", Roles.Supervisor);
        var login = await one.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false })
            .PostAsJsonAsync("/api/auth/login", new { userName = "sup", password = TestApp.Password, useCookies = true });
        login.EnsureSuccessStatusCode();
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("policytracker=")).Split(';')[0];

        await using var two = new TestApp(databasePath: one.DatabasePath);
        var client = two.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        var me = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("sup", await me.Content.ReadAsStringAsync());
        Assert.Equal(1, await two.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    [Fact]
    public async Task Two_instances_saving_at_the_same_moment_append_to_one_unbroken_audit_chain()
    {
        await using var one = new TestApp();
        await using var two = new TestApp(databasePath: one.DatabasePath);
        const int savesEach = 20;
        var before = await one.WithDbAsync(db => db.AuditEntries.CountAsync());
        // Each save is audited (a unit added) and runs on its own thread beside the other instance's saves (SQLite's
        // driver completes "async" calls synchronously, so without threads nothing would overlap).
        Task SaveUnitsAsync(TestApp app, string prefix) =>
            Task.WhenAll(Enumerable.Range(0, savesEach).Select(i => Task.Run(() => app.WithDbAsync(async db =>
            {
                db.Units.Add(new Unit($"{prefix}第{i}办公室", UnitKind.CountyDepartment));
                await db.SaveChangesAsync();
            }))));

        await Task.WhenAll(SaveUnitsAsync(one, "甲"), SaveUnitsAsync(two, "乙"));

        var links = await one.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.PreviousHash, a.Hash }).ToListAsync());
        Assert.Equal(before + 2 * savesEach, links.Count);
        // No fork: every entry follows the one before it, so none can be removed unnoticed.
        Assert.Equal(links.Count, links.Select(l => l.PreviousHash).Distinct().Count());
        Assert.Empty(await one.WithDbAsync(db => PolicyTracker.Core.Features.AuditTrail.VerifyAsync(db, CancellationToken.None)));
    }

    [PostgresFact]
    public async Task Two_instances_with_Hangfire_servers_run_each_recurring_occurrence_once_and_record_each_notification_once()
    {
        var path = TestDatabase.NewPath();
        var every4Seconds = "*/4 * * * * *";
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:PollingSeconds"] = "1",
            ["Jobs:Schedules:reminders.deadline"] = every4Seconds,
            ["Jobs:Schedules:reminders.receipt"] = every4Seconds,
            ["Jobs:Schedules:reminders.overdue"] = every4Seconds,
            ["Jobs:Schedules:reminders.reporting"] = every4Seconds,
            ["Jobs:Schedules:outbox.dispatch"] = "",
            ["Jobs:Schedules:reports.weekly"] = "",
            ["Jobs:Schedules:reports.monthly"] = "",
            ["Jobs:Schedules:reports.quarterly"] = "",
        };
        try
        {
            await using var one = new TestApp(settings: settings, databasePath: path);
            var s = await ReminderScenario.PublishAsync(one);
            await one.WithDbAsync(async db =>
            {
                db.UnitChannels.Add(new UnitChannel(s.B, DeliveryChannel.Email, "caizheng@example.cn"));
                await db.SaveChangesAsync();
            });
            // 15 April: T1 is due today, T2 is overdue since 20 March.
            var day = new DateOnly(2026, 4, 15);
            ReminderScenario.SetTime(one, day, ReminderScenario.RunAt);
            // Instance one's server has been running the jobs since it started, on the scenario's first day; on a slow
            // machine the publish above can take several rounds. Only rounds from now on count.
            var earlier = RecurringOccurrences(one).Count;
            await using (var two = new TestApp(settings: settings, databasePath: path))
            {
                ReminderScenario.SetTime(two, day, ReminderScenario.RunAt);
                two.CreateClient();
                // Both instances schedule until eight occurrences have run (two rounds of the four jobs); a slow
                // machine takes longer, which is no failure, so the wait is bounded generously instead of fixed.
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (waited.Elapsed < TimeSpan.FromSeconds(90) && RecurringOccurrences(one).Count < earlier + 8) await Task.Delay(500);
            }
            // Let instance one finish what is queued, then stop scheduling more.
            var manager = one.Services.GetRequiredService<IRecurringJobManager>();
            foreach (var id in new[] { "reminders.deadline", "reminders.receipt", "reminders.overdue", "reminders.reporting" }) manager.RemoveIfExists(id);
            var monitor = one.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            // On a loaded machine queued runs can take a while: counting before they end would call their notices lost.
            var drained = System.Diagnostics.Stopwatch.StartNew();
            while (drained.Elapsed < TimeSpan.FromSeconds(90) && (monitor.ProcessingCount() > 0 || monitor.EnqueuedCount("default") > 0 || monitor.ScheduledCount() > 0))
                await Task.Delay(500);

            Assert.Equal(0, monitor.FailedCount());
            var occurrences = RecurringOccurrences(one);
            Assert.True(occurrences.Count >= earlier + 8, $"only {occurrences.Count - earlier} recurring runs in 90 s");
            Assert.All(occurrences, o => Assert.NotNull(o.Time));
            Assert.DoesNotContain(occurrences.GroupBy(o => o), g => g.Count() > 1);

            var recorded = await one.WithDbAsync(db => db.Notifications.CountAsync());
            Assert.True(recorded > 0);
            // Nothing lost: a further run finds nothing left to record. Nothing doubled: one e-mail per notice to B.
            await ReminderScenario.RunRemindersAsync(one);
            Assert.Equal(recorded, await one.WithDbAsync(db => db.Notifications.CountAsync()));
            var (toB, mails) = await one.WithDbAsync(async db => (
                await db.Notifications.CountAsync(n => n.RecipientUnitId == s.B),
                await db.OutboxMessages.CountAsync()));
            Assert.True(toB > 0);
            Assert.Equal(toB, mails);
        }
        finally
        {
            await TestDatabase.DropAsync(path);
        }
    }

    /// <summary>The recurring-job occurrences that have run to success: (job id, scheduled time) each.</summary>
    private static List<(string Job, string Time)> RecurringOccurrences(TestApp app)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        return storage.GetMonitoringApi().SucceededJobs(0, 1000).Select(j => j.Key)
            .Select(id => (Job: connection.GetJobParameter(id, "RecurringJobId"), Time: connection.GetJobParameter(id, "Time")))
            .Where(o => o.Job is not null).ToList();
    }
}
