using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features;
using PolicyTracker.Web.Tests.Infrastructure;
using PolicyTracker.Web.Tests.Tracking;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>
/// A save refused because someone else changed the task first (the task's version no longer matches) keeps nothing:
/// not its progress row, not its audit entry, not its dashboard counts — also when the same context goes on to save
/// something else, as a job that skips a conflicting row and carries on does, and when the pool hands the context to
/// the next request.
/// </summary>
public sealed class SaveTransactionTests
{
    [Fact]
    public async Task A_save_refused_for_a_concurrent_change_keeps_nothing_though_its_context_saves_again()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
        await RefusedReportAsync(app, w, db);

        db.ChangeTracker.Clear();
        db.Units.Add(new Unit("县审计局", UnitKind.CountyDepartment));
        await db.SaveChangesAsync();

        Assert.Equal(30, await app.WithDbAsync(d => d.Tasks.Where(t => t.Id == w.TaskA).Select(t => t.PercentComplete).SingleAsync()));
        Assert.Equal(["先到的填报"], await app.WithDbAsync(d => d.ProgressUpdates.Select(p => p.Narrative).ToListAsync()));
        var entries = await app.WithDbAsync(d => d.AuditEntries.Where(a => a.TaskId == w.TaskA).Select(a => a.After ?? "").ToListAsync());
        Assert.DoesNotContain(entries, e => e.Contains("90%"));
        Assert.True(await app.WithDbAsync(d => d.Units.AnyAsync(u => u.Name == "县审计局")));
        Assert.Empty(await app.WithDbAsync(d => AuditTrail.VerifyAsync(d, CancellationToken.None)));
        await BulkPublishTests.AssertTalliesAgreeAsync(app);
    }

    [Fact]
    public async Task A_pooled_context_leased_again_after_a_refused_save_carries_nothing_of_it()
    {
        await using var app = new TestApp();
        var w = await TrackingWorld.CreateAsync(app);
        await using (var scope = app.Services.CreateAsyncScope())
            await RefusedReportAsync(app, w, scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>());

        // The pool hands the returned context to the next scopes: each saves on its own, under its own transaction.
        for (var i = 1; i <= 5; i++)
            await app.WithDbAsync(async db =>
            {
                db.Units.Add(new Unit($"第{i}乡镇", UnitKind.Township));
                await db.SaveChangesAsync();
            });

        Assert.Equal(5, await app.WithDbAsync(d => d.Units.CountAsync(u => u.Kind == UnitKind.Township)));
        Assert.Equal(30, await app.WithDbAsync(d => d.Tasks.Where(t => t.Id == w.TaskA).Select(t => t.PercentComplete).SingleAsync()));
        Assert.Empty(await app.WithDbAsync(d => AuditTrail.VerifyAsync(d, CancellationToken.None)));
        await BulkPublishTests.AssertTalliesAgreeAsync(app);
    }

    /// <summary>
    /// <paramref name="db"/> reads task A and reports 90 %; another report (30 %) lands between its read and its save,
    /// so its save is refused.
    /// </summary>
    private static async Task RefusedReportAsync(TestApp app, TrackingWorld w, PolicyTrackerDbContext db)
    {
        var now = app.Clock.GetUtcNow();
        var noActuals = new Dictionary<Guid, decimal>();
        var stale = await db.Tasks.Include(t => t.Units).Include(t => t.Targets).SingleAsync(t => t.Id == w.TaskA);
        await app.WithDbAsync(async other =>
        {
            var task = await other.Tasks.Include(t => t.Units).Include(t => t.Targets).SingleAsync(t => t.Id == w.TaskA);
            other.ProgressUpdates.Add(task.ReportProgress(w.UnitA, null, 30, "先到的填报", noActuals, now));
            await other.SaveChangesAsync();
        });
        db.ProgressUpdates.Add(stale.ReportProgress(w.UnitA, null, 90, "晚到的填报", noActuals, now));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
    }
}
