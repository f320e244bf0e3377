using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features;
using PolicyTracker.Core.Tests.Domain;
using PolicyTracker.Migrations;

namespace PolicyTracker.Core.Tests.Data;

/// <summary>Real migrations on a real SQLite file, one per test.</summary>
public sealed class PersistenceTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "policytracker-tests", $"{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={_path};Pooling=False",
        }).Build();
        _services = new ServiceCollection()
            .AddPolicyTrackerCore(configuration)
            .AddPolicyTrackerDatabase(configuration)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(SamplePlans.PublishedAt))
            .AddSingleton<ICurrentUser, SystemUser>()
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    private async Task<T> InScope<T>(Func<PolicyTrackerDbContext, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>());
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_sqlite_migrations()
    {
        Assert.False(await InScope(db => Task.FromResult(db.Database.HasPendingModelChanges())),
            "the model changed without a migration: run scripts/regen-migrations.sh");
    }

    [Fact]
    public void The_model_has_no_changes_missing_from_the_postgres_migrations()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run scripts/regen-migrations.sh");
    }

    [Fact]
    public async Task A_published_plan_round_trips_with_its_tasks_units_targets_and_cycles()
    {
        var (plan, task, lead, co) = SamplePlans.PublishedTask(new DateOnly(2026, 6, 30),
            new TargetDraft("新增企业10家以上", "新增企业", Comparator.AtLeast, 10.5m, "家"));
        plan.SetReportingCycles([new ReportingCycle(ReportingFrequency.Quarterly, 25, [3, 6, 9, 12], "每季度末月25日前")]);
        await InScope(async db =>
        {
            db.AddRange(lead, co, plan);
            return await db.SaveChangesAsync();
        });

        var loaded = await InScope(db => db.Plans.Include(p => p.Tasks).ThenInclude(t => t.Targets)
            .Include(p => p.Tasks).ThenInclude(t => t.Units).SingleAsync());
        var loadedTask = loaded.Tasks.Single();
        Assert.Equal("示政办发〔2026〕1号", loaded.DocNumber);
        Assert.Equal(PlanStatus.Published, loaded.Status);
        Assert.Equal(SamplePlans.PublishedAt, loaded.PublishedAt);
        Assert.Equal(new DateOnly(2026, 6, 30), loadedTask.Deadline);
        Assert.Equal([lead.Id], loadedTask.LeadUnitIds);
        Assert.Equal([co.Id], loadedTask.CoUnitIds);
        Assert.Equal(10.5m, loadedTask.Targets.Single().Value);
        Assert.Equal([3, 6, 9, 12], loaded.ReportingCycles.Single().Months);
        Assert.Equal(task.Version, loadedTask.Version);
    }

    [Fact]
    public async Task Every_save_writes_a_chained_audit_entry_and_tampering_breaks_the_chain()
    {
        var (plan, _, lead, co) = SamplePlans.PublishedTask();
        await InScope(async db => { db.AddRange(lead, co, plan); return await db.SaveChangesAsync(); });
        await InScope(async db =>
        {
            var task = await db.Tasks.SingleAsync();
            task.Acknowledge(SamplePlans.PublishedAt);
            return await db.SaveChangesAsync();
        });

        var entries = await InScope(db => db.AuditEntries.OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(entries, e => e.Action == "签收" && e.Actor == "系统" && e.TaskId != null);
        Assert.Empty(await InScope(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));

        await InScope(db => db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Action = '篡改' WHERE Action = '签收'"));
        Assert.NotEmpty(await InScope(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
    }

    [Fact]
    public async Task Two_concurrent_edits_of_one_task_cannot_both_win()
    {
        var (plan, _, lead, co) = SamplePlans.PublishedTask();
        await InScope(async db => { db.AddRange(lead, co, plan); return await db.SaveChangesAsync(); });
        await using var first = _services.CreateAsyncScope();
        await using var second = _services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
        var db2 = second.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
        var t1 = await db1.Tasks.SingleAsync();
        var t2 = await db2.Tasks.SingleAsync();
        t1.ReportProgress(lead.Id, null, 40, "一", new Dictionary<Guid, decimal>(), SamplePlans.PublishedAt);
        t2.ReportProgress(lead.Id, null, 60, "二", new Dictionary<Guid, decimal>(), SamplePlans.PublishedAt);
        await db1.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());
    }
}
