using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features;
using PolicyTracker.Core.Features.Notifications;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Reminders;
using PolicyTracker.Web.Tests.Tracking;
using Xunit.Abstractions;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>Faults injected into the database, the mail server and the process: nothing partial, nothing lost, nothing twice.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    private const string Gazette = """
        某县人民政府办公室 关于印发某县营商环境提升行动方案的通知

        某政办发〔2026〕3号

        各乡（镇）人民政府，县直各有关单位：
        《某县营商环境提升行动方案》已经县人民政府同意，现印发给你们，请认真贯彻落实。
        某县人民政府办公室
        2026年2月10日
        某县营商环境提升行动方案
        一、重点任务
        1.建成企业开办一站式服务专区。2026年6月底前完成。（牵头单位：县行政审批局；配合单位：县市场监管局）
        2.新增限上贸易企业10家以上。2026年12月底前完成。（牵头单位：县商务局；配合单位：县财政局）
        3.完成涉企收费清单公示。2026年3月底前完成。（牵头单位：县发改局）
        4.推进工程建设项目审批提速。长期坚持。（牵头单位：县住建局；配合单位：县自然资源局）
        """;

    [Fact]
    public async Task A_failure_at_any_write_of_a_publish_leaves_no_partial_plan_and_the_retry_publishes_once()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var injector = new FaultInjector();
        var faulty = FaultInjector.On(app, injector);
        var sup = await faulty.SignInAsync("sup");
        var imported = await (await sup.PostAsync("/api/imports/", new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Gazette)), "file", "plan.txt" },
        })).ReadJsonAsync();
        Assert.Equal(4, imported.GetProperty("tasks").GetInt32());
        var importId = imported.GetProperty("importId").GetGuid();
        var before = await SnapshotAsync(app);

        // Fail the 1st write of the publish, then the 2nd, … until the publish has fewer writes than the fault's position.
        var faults = 0;
        for (var nth = 1; ; nth++)
        {
            injector.Arm(nth);
            var injectedBefore = injector.Injected;
            var response = await sup.PostAsync($"/api/imports/{importId}/publish", null);
            if (injector.Injected == injectedBefore)
            {
                injector.Armed = false;
                await response.ReadJsonAsync();
                break;
            }
            faults++;
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.DoesNotContain(FaultInjector.Message, await response.Content.ReadAsStringAsync());
            Assert.Equal(before, await SnapshotAsync(app));
            Assert.True(nth < 50, "the publish never completed");
        }

        // How many commands a save takes is the provider's batching; there is at least one.
        Assert.True(faults >= 1, "no write was failed");
        output.WriteLine($"publish: {faults} faults injected, one at each write command, then published once");
        var plan = await app.WithDbAsync(db => db.Plans.Include(p => p.Tasks).SingleAsync());
        Assert.Equal(4, plan.Tasks.Count);
        Assert.Equal(ImportStatus.Published, await app.WithDbAsync(db => db.PlanImports.Select(i => i.Status).SingleAsync()));
        Assert.Empty(await app.WithDbAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
    }

    /// <summary>
    /// The new plan's tasks, unit rows, targets and their audit entries go in bulk, past EF's command interceptors:
    /// the database itself fails the second such row (a trigger), after the first was written in the same transaction.
    /// </summary>
    [Theory]
    [InlineData("Tasks", "")]
    [InlineData("TaskUnits", "")]
    [InlineData("Targets", "")]
    [InlineData("AuditEntries", "\"EntityType\" = 'PlanTask'")]
    public async Task A_failure_inside_the_bulk_write_of_a_publish_leaves_no_partial_plan(string table, string rows)
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        var importId = await BulkPublishTests.DraftAsync(app, BulkPublishTests.ThreeTasks());
        var before = await SnapshotAsync(app);
        var tallies = await app.WithDbAsync(db => db.TaskTallies.SumAsync(t => t.Count));
        var filter = rows == "" ? "" : $" WHERE {rows}";
        var when = rows == "" ? "" : $" AND NEW.{rows}";
        // Table names come from the test's own data; SQL cannot take them as parameters.
        var count = $"SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM \"{table}\"{filter}";
        var existing = await app.WithDbAsync(db => db.Database.SqlQueryRaw<int>(count).SingleAsync());
        var trigger = TestDatabase.IsPostgres
            ? $"""
              CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN
                IF (SELECT COUNT(*) FROM "{table}"{filter}) > {existing}{when} THEN RAISE EXCEPTION 'injected fault'; END IF;
                RETURN NEW;
              END $$;
              CREATE TRIGGER injected_fault BEFORE INSERT ON "{table}" FOR EACH ROW EXECUTE FUNCTION injected_fault();
              """
            : $"""
              CREATE TRIGGER injected_fault BEFORE INSERT ON "{table}"
              WHEN (SELECT COUNT(*) FROM "{table}"{filter}) > {existing}{when}
              BEGIN SELECT RAISE(ABORT, 'injected fault'); END;
              """;
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(trigger));

        var failed = await sup.PostAsync($"/api/imports/{importId}/publish", null);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(before, await SnapshotAsync(app));
        Assert.Equal(tallies, await app.WithDbAsync(db => db.TaskTallies.SumAsync(t => t.Count)));

        var drop = TestDatabase.IsPostgres ? $"DROP TRIGGER injected_fault ON \"{table}\"; DROP FUNCTION injected_fault();" : "DROP TRIGGER injected_fault;";
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(drop));
        (await sup.PostAsync($"/api/imports/{importId}/publish", null)).EnsureSuccessStatusCode();
        Assert.Equal(3, await app.WithDbAsync(db => db.Tasks.CountAsync()));
        Assert.Empty(await app.WithDbAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
        await BulkPublishTests.AssertTalliesAgreeAsync(app);
    }

    /// <summary>Everything a publish writes, counted, with the import's state.</summary>
    private static Task<(int Plans, int Tasks, int Units, int Leaders, int Targets, int Audit, ImportStatus Import)> SnapshotAsync(TestApp app) =>
        app.WithDbAsync(async db => (await db.Plans.CountAsync(), await db.Tasks.CountAsync(), await db.Units.CountAsync(),
            await db.Leaders.CountAsync(), await db.Targets.CountAsync(), await db.AuditEntries.CountAsync(),
            await db.PlanImports.Select(i => i.Status).SingleAsync()));

    [Fact]
    public async Task A_failed_progress_save_keeps_neither_the_update_nor_its_evidence_file()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var injector = new FaultInjector { Matching = "ProgressUpdates", Armed = true };
        var staff = await FaultInjector.On(app, injector).SignInAsync("staffA");
        var folder = Path.GetFullPath(app.Services.GetRequiredService<PolicyTracker.Core.TrackingOptions>().EvidenceFolder);

        var response = await staff.PostAsync($"/api/tasks/{w.TaskA}/progress",
            HttpJson.Progress(60, "进展", files: ("台账.pdf", "%PDF-1.4\n%%EOF"u8.ToArray())));

        Assert.Equal(1, injector.Injected);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgressUpdates.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == w.TaskA).Select(t => t.PercentComplete).SingleAsync()));
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0, "an evidence file was left behind");
    }

    [Fact]
    public async Task A_progress_report_that_fails_while_writing_its_dashboard_counts_keeps_neither_the_report_nor_its_audit_entry()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        // The counts are written after the task's own rows: the save's transaction must still be open then.
        var injector = new FaultInjector { Matching = "Tallies\" (\"", Armed = true };
        var staff = await FaultInjector.On(app, injector).SignInAsync("staffA");

        var response = await staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(60, "进展"));

        Assert.Equal(1, injector.Injected);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgressUpdates.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == w.TaskA).Select(t => t.PercentComplete).SingleAsync()));
        Assert.Equal(audited, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Empty(await app.WithDbAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
    }

    [SqliteFact]
    public async Task A_write_waits_out_another_connections_write_lock_instead_of_failing()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        var staff = await app.SignInAsync("staffA");
        await using var other = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var write = staff.PostAsync($"/api/tasks/{w.TaskA}/progress", HttpJson.Progress(70, "锁等待"));
        // WAL: readers carry on while the writer waits.
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/tasks/{w.TaskA}")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(write.IsCompleted, "the write went through while another connection held the write lock");
        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        (await write).EnsureSuccessStatusCode();
        Assert.Equal(70, await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == w.TaskA).Select(t => t.PercentComplete).SingleAsync()));
    }

    /// <summary>
    /// The recorder writes notifications and outbox rows past EF's command interceptors (prepared statements on
    /// SQLite), so the database itself fails the outbox write (a trigger), after the notification rows were written
    /// in the same transaction.
    /// </summary>
    [Fact]
    public async Task A_reminder_run_that_fails_while_writing_its_outbox_records_nothing_and_the_rerun_delivers_once()
    {
        await using var smtp = new SmtpSink();
        await using var hook = await HookSink.StartAsync();
        await using var app = DeliveryTests.App(smtp);
        await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县发改局", UnitKind.CountyDepartment);
            db.Units.Add(unit);
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Email, "fagaiju@example.cn"));
            db.UnitChannels.Add(new UnitChannel(unit.Id, DeliveryChannel.Webhook, hook.Url, WebhookFormat.DingTalk));
            var plan = new Plan(null, null, "示范县行动方案", null, null, null, null, app.Clock.GetUtcNow());
            plan.AddTask(new TaskDraft("完成专项整治", null, null, null, null, [unit], [], new DateOnly(2026, 3, 5), null, false, []));
            plan.Publish(app.Clock.GetUtcNow());
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
        });
        var trigger = TestDatabase.IsPostgres
            ? """
              CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;
              CREATE TRIGGER injected_fault BEFORE INSERT ON "OutboxMessages" FOR EACH ROW EXECUTE FUNCTION injected_fault();
              """
            : """CREATE TRIGGER injected_fault BEFORE INSERT ON "OutboxMessages" BEGIN SELECT RAISE(ABORT, 'injected fault'); END;""";
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(trigger));

        await Assert.ThrowsAnyAsync<Exception>(() => SendAsync(app, new SendDeadlineReminders.Command()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Notifications.CountAsync()));

        var drop = TestDatabase.IsPostgres ? "DROP TRIGGER injected_fault ON \"OutboxMessages\"; DROP FUNCTION injected_fault();" : "DROP TRIGGER injected_fault;";
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(drop));
        Assert.Equal(1, (await SendAsync(app, new SendDeadlineReminders.Command())).Recorded);
        Assert.Equal(0, (await SendAsync(app, new SendDeadlineReminders.Command())).Recorded);
        Assert.Equal(2, (await DeliveryTests.DispatchAsync(app)).Sent);
        Assert.Equal(0, (await DeliveryTests.DispatchAsync(app)).Sent);
        Assert.Single(smtp.Messages);
        Assert.Single(hook.Received);
    }

    [Theory]
    [InlineData("before-dispatch")]
    [InlineData("mid-send")]
    [InlineData("channels-down")]
    public async Task A_reminder_recorded_before_a_crash_is_delivered_exactly_once_after_restart(string crash)
    {
        await using var smtp = new SmtpSink { Failing = crash == "channels-down" };
        await using var hook = await HookSink.StartAsync();
        hook.Failing = crash == "channels-down";
        var path = TestDatabase.NewPath();
        try
        {
            await using (var first = DeliveryTests.App(smtp, path))
            {
                await DeliveryTests.UnitWithChannelsAndReminderAsync(first, hook);
                switch (crash)
                {
                    case "mid-send":
                        // A dispatcher claimed both messages and died before sending them.
                        await first.WithDbAsync(async db =>
                        {
                            foreach (var m in await db.OutboxMessages.ToListAsync()) m.Claim(first.Clock.GetUtcNow().AddMinutes(5));
                            await db.SaveChangesAsync();
                        });
                        break;
                    case "channels-down":
                        Assert.Equal(2, (await DeliveryTests.DispatchAsync(first)).Failed);
                        break;
                }
            }
            smtp.Failing = false;
            hook.Failing = false;

            await using var second = DeliveryTests.App(smtp, path);
            second.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
            if (crash == "mid-send")
            {
                Assert.Equal(0, (await DeliveryTests.DispatchAsync(second)).Sent); // still claimed by the dead dispatcher
                second.Clock.Advance(TimeSpan.FromMinutes(6));
            }
            if (crash == "channels-down") second.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(2, (await DeliveryTests.DispatchAsync(second)).Sent);
            second.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, (await DeliveryTests.DispatchAsync(second)).Sent);
            Assert.Equal(0, (await DeliveryTests.SendAsync(second, new SendDeadlineReminders.Command())).Recorded);
            Assert.Single(smtp.Messages);
            Assert.Single(hook.Received);
            Assert.Equal(0, await second.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null)));
        }
        finally
        {
            await TestDatabase.DropAsync(path);
        }
    }

    private static async Task<T> SendAsync<T>(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, Mediator.ICommand<T> command)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(command);
    }
}
