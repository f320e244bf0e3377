using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Dashboard;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Migrations;

namespace PolicyTracker.Cli;

/// <summary>
/// Dashboards, the reminder scan and the HTTP front at growing numbers of tasks on one database: each dashboard query
/// beside the plain SQL GROUP BY a hand-written report would run over the same tables.
/// </summary>
public static class ScaleBenchmark
{
    [Flags]
    public enum Parts { Dashboard = 1, Reminders = 2, Http = 4, All = Dashboard | Reminders | Http }

    public static async Task<int> RunAsync(BenchOptions options, Parts parts, TextWriter output)
    {
        var (settings, drop) = options.NewDatabase();
        try
        {
            await using var provider = CliServices.Build(CliServices.Configuration(settings));
            var clock = provider.GetRequiredService<CountyClock>();
            BenchData data;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
                await db.MigrateAsync();
                data = new BenchData(db, clock, DatabaseSetup.TallyRulesOf(provider));
                await data.CreateReferenceAsync();
            }
            var sizes = parts.HasFlag(Parts.Dashboard) ? options.Sizes : [options.Sizes[^1]];
            if (parts.HasFlag(Parts.Dashboard))
            {
                output.WriteLine($"dashboards on {options.Engine}: p50 / p95 of {options.Iterations} calls, ms (machine shared: figures are noisy)");
                output.WriteLine($"  {"tasks",10} {"query",-34} {"p50",8} {"p95",8}   peak MiB");
            }
            foreach (var size in sizes)
            {
                var load = Stopwatch.StartNew();
                await using (var scope = provider.CreateAsyncScope())
                {
                    data = new BenchData(scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>(), clock, DatabaseSetup.TallyRulesOf(provider)).Continue(data);
                    await data.GrowToAsync(size);
                }
                output.WriteLine($"  ({size:N0} tasks loaded in bulk and tallied in {load.Elapsed.TotalSeconds:F1} s)");
                if (!parts.HasFlag(Parts.Dashboard)) break;
                var today = clock.Today;
                var month = new DateOnly(today.Year, today.Month, 1);
                await TimeAsync(output, options, size, "summary (tallies)", provider, (sp, ct) => sp.GetRequiredService<ISender>().Send(new GetSummary.Query(), ct).AsTask());
                await TimeAsync(output, options, size, "summary: SQL GROUP BY status", provider, (sp, ct) => SqlAsync(sp,
                    """SELECT "Status", COUNT(*) FROM "Tasks" GROUP BY "Status" """, ct));
                await TimeAsync(output, options, size, "units ranking (tallies)", provider, (sp, ct) => sp.GetRequiredService<ISender>().Send(new GetUnitStats.Query(), ct).AsTask());
                await TimeAsync(output, options, size, "monthly ranking (tallies)", provider, (sp, ct) => sp.GetRequiredService<ISender>().Send(new GetRanking.Query(month), ct).AsTask());
                await TimeAsync(output, options, size, "units: SQL GROUP BY lead unit", provider, (sp, ct) => SqlAsync(sp,
                    """SELECT tu."UnitId", COUNT(*), SUM(CASE WHEN t."Status" = 3 THEN 1 ELSE 0 END) FROM "TaskUnits" tu JOIN "Tasks" t ON t."Id" = tu."TaskId" WHERE tu."Role" = 0 GROUP BY tu."UnitId" """, ct));
                // The leader and plan tables from their tallies, beside the grouping of the tasks they replaced, and the
                // weekly trend from its reporting and closing days' tallies, beside counting the period's reports.
                await TimeAsync(output, options, size, "leaders (tallies)", provider, (sp, ct) => sp.GetRequiredService<ISender>().Send(new GetLeaderStats.Query(), ct).AsTask());
                await TimeAsync(output, options, size, "plans (tallies)", provider, (sp, ct) => sp.GetRequiredService<ISender>().Send(new GetPlanStats.Query(), ct).AsTask());
                await TimeAsync(output, options, size, "leaders: SQL GROUP BY leader", provider, (sp, ct) => SqlAsync(sp,
                    """SELECT "LeaderId", COUNT(*), SUM(CASE WHEN "Status" = 3 THEN 1 ELSE 0 END) FROM "Tasks" WHERE "LeaderId" IS NOT NULL GROUP BY "LeaderId" """, ct));
                await TimeAsync(output, options, size, "12-week trend (day tallies)", provider, (sp, ct) => sp.GetRequiredService<ISender>().Send(new GetTrend.Query(), ct).AsTask());
                var twelveWeeks = clock.StartOf(today.AddDays(-83));
                await TimeAsync(output, options, size, "trend: COUNT of 12 weeks' reports", provider, (sp, ct) =>
                    sp.GetRequiredService<PolicyTrackerDbContext>().ProgressUpdates.CountAsync(p => p.At >= twelveWeeks, ct));
                // The task list page unit staff open most, for the unit leading the most tasks: its total from the unit's
                // tally and its page from the unit's index entries, beside counting those entries as the total once did.
                Guid unit;
                await using (var scope = provider.CreateAsyncScope())
                    unit = await BenchData.BusiestLeadUnitAsync(scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>());
                await TimeAsync(output, options, size, "unit list page (tally, index)", provider, (sp, ct) =>
                    PolicyTracker.Core.Features.Tasks.TaskRows.UnitPageAsync(sp.GetRequiredService<PolicyTrackerDbContext>(), unit, 1, 20,
                        clock, sp.GetRequiredService<PolicyTracker.Core.TrackingOptions>(), ct));
                // SQLite keeps ids as upper-case text; PostgreSQL reads the same literal as a uuid.
                await TimeAsync(output, options, size, "unit list: SQL COUNT of its rows", provider, (sp, ct) => SqlAsync(sp,
                    $"""SELECT COUNT(*) FROM "TaskUnits" WHERE "UnitId" = '{unit.ToString().ToUpperInvariant()}'""", ct));
            }
            if (parts.HasFlag(Parts.Reminders)) await ReminderScanAsync(output, options, provider, data.Tasks);
            if (parts.HasFlag(Parts.Http)) await HttpBenchmark.RunAsync(output, options, provider, settings, data);
            return 0;
        }
        finally
        {
            await drop();
        }
    }

    private static async Task TimeAsync(TextWriter output, BenchOptions options, int size, string name, IServiceProvider provider,
        Func<IServiceProvider, CancellationToken, Task> call)
    {
        // Warm-up past the JIT's tier-up threshold (30 calls), so the timings are of optimised code; slow queries
        // (the full scans at a million rows) are bounded in time instead, as is their timed run.
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < 40 && (i < 2 || budget.Elapsed.TotalSeconds < 5); i++)
        {
            await using var warm = provider.CreateAsyncScope();
            await call(warm.ServiceProvider, CancellationToken.None);
        }
        await Task.Delay(300);
        PeakMemory.Reset();
        var timings = new List<double>();
        budget.Restart();
        for (var i = 0; i < options.Iterations && (i < 5 || budget.Elapsed.TotalSeconds < 20); i++)
        {
            var watch = Stopwatch.StartNew();
            await using (var scope = provider.CreateAsyncScope())
                await call(scope.ServiceProvider, CancellationToken.None);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        var (p50, p95) = Percentiles.Of(timings);
        output.WriteLine($"  {size,10:N0} {name,-34} {p50,8:F2} {p95,8:F2}   {PeakMemory.MiB(),6:F0}{(timings.Count < options.Iterations ? $"   ({timings.Count} calls)" : "")}");
    }

    private static async Task SqlAsync(IServiceProvider sp, string sql, CancellationToken ct)
    {
        var db = sp.GetRequiredService<PolicyTrackerDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) { }
    }

    /// <summary>
    /// The daily reminder jobs over every task, each run twice: the first run of the day records what is due today, the
    /// re-run finds it all recorded. The deadline job is the goal's scan; the others scan too (overdue tasks, plans
    /// awaiting acknowledgement, reporting cycles), so they are timed beside it. Peak memory is per job.
    /// </summary>
    private static async Task ReminderScanAsync(TextWriter output, BenchOptions options, IServiceProvider provider, int tasks)
    {
        (string Job, Func<ISender, Task<int>> Run)[] jobs =
        [
            (SendDeadlineReminders.Job, async s => (await s.Send(new SendDeadlineReminders.Command())).Recorded),
            (SendOverdueNotices.Job, async s => (await s.Send(new SendOverdueNotices.Command())).Recorded),
            (ChaseAcknowledgements.Job, async s => (await s.Send(new ChaseAcknowledgements.Command())).Recorded),
            (SendReportingReminders.Job, async s => (await s.Send(new SendReportingReminders.Command())).Recorded),
        ];
        foreach (var (job, run) in jobs)
        {
            GC.Collect();
            await Task.Delay(300);
            PeakMemory.Reset();
            var watch = Stopwatch.StartNew();
            int recorded;
            await using (var scope = provider.CreateAsyncScope())
                recorded = await run(scope.ServiceProvider.GetRequiredService<ISender>());
            var first = watch.Elapsed.TotalSeconds;
            watch.Restart();
            await using (var scope = provider.CreateAsyncScope())
                await run(scope.ServiceProvider.GetRequiredService<ISender>());
            output.WriteLine($"reminder scan on {options.Engine} ({job}) over {tasks:N0} tasks: {first:F2} s, {recorded:N0} notices recorded; " +
                $"re-run {watch.Elapsed.TotalSeconds:F2} s (nothing new); peak {PeakMemory.MiB():F0} MiB");
        }
    }
}
