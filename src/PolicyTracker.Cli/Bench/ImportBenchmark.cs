using System.Diagnostics;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Plans;
using PolicyTracker.Migrations;

namespace PolicyTracker.Cli;

/// <summary>
/// Publishing a reviewed import (units resolved, tasks, targets and audit written in one transaction) against the
/// engine's raw bulk-insert rate, by prepared inserts in one transaction on SQLite and binary COPY on PostgreSQL, twice:
/// for the same number of narrow task rows (the issue's measure: tasks/s against rows/s), and for exactly the rows the
/// publish wrote, into copies of the same tables (<see cref="SameRowsBaseline"/>): publish time against raw time.
/// </summary>
public static class ImportBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, TextWriter output)
    {
        var (settings, drop) = options.NewDatabase();
        try
        {
            await using var provider = CliServices.Build(CliServices.Configuration(settings));
            Guid importId, warmId;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
                await db.MigrateAsync();
                var warm = new PlanImport("warm.txt", "warm", "", SyntheticDraft(WarmTasks(options.Tasks), "热身").ToJson(), null, DateTimeOffset.UtcNow);
                var import = new PlanImport("bench.txt", "bench", "", SyntheticDraft(options.Tasks).ToJson(), null, DateTimeOffset.UtcNow);
                db.PlanImports.AddRange(warm, import);
                await db.SaveChangesAsync();
                (importId, warmId) = (import.Id, warm.Id);
            }
            // A smaller publish first, and a pause for the runtime's background compiler to finish the code it made hot, so
            // the timed publish runs the code a host that has been up a while runs rather than the JIT's first passes over
            // it; the raw inserts get the same warm-up and pause, with the rows that publish wrote.
            SameRowsBaseline.Table[] warmRows, snapshot;
            await using (var scope = provider.CreateAsyncScope())
            {
                var connection = await OpenAsync(scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>());
                var empty = await SameRowsBaseline.SnapshotAsync(connection);
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PublishImport.Command(warmId));
                snapshot = [.. await SameRowsBaseline.SnapshotAsync(connection)];
                warmRows = [.. SameRowsBaseline.Written(empty, snapshot)];
            }
            await Task.Delay(WarmPause);

            long rowsBefore;
            await using (var scope = provider.CreateAsyncScope())
                rowsBefore = await TaskRowsAsync(scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>());

            GC.Collect();
            PeakMemory.Reset();
            var pausedBefore = GC.GetTotalPauseDuration();
            var publishCpu = CpuTime.Start();
            var publish = Stopwatch.StartNew();
            await using (var scope = provider.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PublishImport.Command(importId));
            publish.Stop();
            var publishCpuSeconds = publishCpu.Seconds();
            var publishMiB = PeakMemory.MiB();
            var publishGc = GC.GetTotalPauseDuration() - pausedBefore;

            double rawSeconds, sameSeconds, sameCpuSeconds;
            long rowsWritten;
            IReadOnlyList<SameRowsBaseline.Table> written;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
                // Everything the publish wrote that scales with its tasks, to show its row rate beside the raw one.
                rowsWritten = await TaskRowsAsync(db) - rowsBefore;
                // The raw inserts run on the DbContext's own connection, so they have the same database settings as the
                // publish (SQLite's per-connection pragmas, the same pool), and get a warm-up pass as the publish did.
                var connection = await OpenAsync(db);
                written = SameRowsBaseline.Written(snapshot, await SameRowsBaseline.SnapshotAsync(connection));
                if (db.Database.IsSqlite())
                {
                    RawSqliteInsert((SqliteConnection)connection, "raw_warm", WarmTasks(options.Tasks));
                    await Task.Delay(WarmPause);
                    rawSeconds = RawSqliteInsert((SqliteConnection)connection, "raw_tasks", options.Tasks);
                }
                else
                {
                    await RawPostgresCopyAsync((NpgsqlConnection)connection, "raw_warm", WarmTasks(options.Tasks));
                    await Task.Delay(WarmPause);
                    rawSeconds = await RawPostgresCopyAsync((NpgsqlConnection)connection, "raw_tasks", options.Tasks);
                }
                await SameRowsBaseline.CreateCopiesAsync(connection, warmRows, "rawwarm_");
                await SameRowsBaseline.InsertAsync(connection, warmRows, "rawwarm_");
                await SameRowsBaseline.CreateCopiesAsync(connection, written, "rawsame_");
                await Task.Delay(WarmPause);
                GC.Collect();
                var sameCpu = CpuTime.Start();
                sameSeconds = await SameRowsBaseline.InsertAsync(connection, written, "rawsame_");
                sameCpuSeconds = sameCpu.Seconds();
            }

            var published = options.Tasks / publish.Elapsed.TotalSeconds;
            var raw = options.Tasks / rawSeconds;
            var sameRows = written.Sum(t => t.Rows.Count);
            output.WriteLine($"import benchmark on {options.Engine}, {options.Tasks:N0} tasks in one plan");
            output.WriteLine($"  publish (PublishImport)      {published,12:N0} tasks/s   ({publish.Elapsed.TotalSeconds:F2} s)");
            output.WriteLine($"  rows the publish wrote       {rowsWritten / publish.Elapsed.TotalSeconds,12:N0} rows/s    ({(double)rowsWritten / options.Tasks:F1} a task: task, unit rows, target, audit entry)");
            output.WriteLine($"  raw insert of task rows      {raw,12:N0} rows/s    ({rawSeconds:F2} s; one narrow row a task)");
            output.WriteLine($"  publish / raw                {published / raw,12:P1}   (publish tasks/s ÷ raw task rows/s; goal ≥ 50%)");
            output.WriteLine($"  raw insert of the same rows  {sameRows / sameSeconds,12:N0} rows/s    ({sameSeconds:F2} s; {sameRows:N0} rows: {string.Join(", ", written.Select(t => $"{t.Name} {t.Rows.Count:N0}"))})");
            output.WriteLine($"  publish / raw, same rows     {sameSeconds / publish.Elapsed.TotalSeconds,12:P1}   (raw time ÷ publish time for the same rows; the publish takes {publish.Elapsed.TotalSeconds / sameSeconds:F1}× the raw time)");
            output.WriteLine($"  CPU time, same rows          {sameCpuSeconds / publishCpuSeconds,12:P1}   (raw {sameCpuSeconds:F2} s, publish {publishCpuSeconds:F2} s of this process's CPU: less moved by other load than wall time{(options.Postgres is null ? "" : "; the server's is not counted")})");
            output.WriteLine($"  peak memory (publish)        {publishMiB,12:F0} MiB   (garbage collection paused it {publishGc.TotalSeconds:F2} s)");
            return 0;
        }
        finally
        {
            await drop();
        }
    }

    /// <summary>CPU time this process spent (every thread, user and kernel) since <see cref="Start"/>.</summary>
    private readonly record struct CpuTime(TimeSpan At)
    {
        public static CpuTime Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

        public double Seconds() => (Process.GetCurrentProcess().TotalProcessorTime - At).TotalSeconds;
    }

    /// <summary>The warm-up plan: a tenth of the timed one, at least 50 and at most 2,000 tasks.</summary>
    private static int WarmTasks(int tasks) => Math.Clamp(tasks / 10, 50, 2_000);

    private static readonly TimeSpan WarmPause = TimeSpan.FromSeconds(1);

    private static async Task<System.Data.Common.DbConnection> OpenAsync(PolicyTrackerDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        return db.Database.GetDbConnection();
    }

    private static async Task<long> TaskRowsAsync(PolicyTrackerDbContext db) =>
        await db.Tasks.LongCountAsync() + await db.TaskUnits.LongCountAsync() + await db.Targets.LongCountAsync()
        + await db.AuditEntries.LongCountAsync(a => a.EntityType == nameof(PlanTask));

    /// <summary>A plan of <paramref name="tasks"/> tasks over 60 units, two co-units and one target each.</summary>
    public static ImportDraft SyntheticDraft(int tasks, string name = "基准测试")
    {
        var units = Enumerable.Range(1, 60).Select(i => $"县第{i}局").ToArray();
        var doc = new DraftDocument
        {
            DocNumber = $"示政办发〔2026〕{99 + name.Length}号", NoticeTitle = $"关于印发{name}方案的通知", PlanTitle = $"{name}方案",
            Issuer = "示范县人民政府办公室", IssuedOn = new DateOnly(2026, 1, 5), StartLine = 1,
        };
        for (var i = 0; i < tasks; i++)
            doc.Tasks.Add(new DraftTask
            {
                Line = i + 10,
                Text = $"{i + 1}.推进{name}第{i + 1}项重点工作。新增市场主体{i % 50 + 10}家以上。",
                Title = $"推进第{i + 1}项重点工作",
                Section = "二、重点任务",
                LeadUnits = [units[i % 60]],
                CoUnits = [units[(i + 7) % 60], units[(i + 13) % 60]],
                Deadline = new DateOnly(2026, 1 + i % 12, 28),
                DeadlineText = $"{1 + i % 12}月底前",
                Targets = [new DraftTarget($"新增市场主体{i % 50 + 10}家以上", "新增市场主体", ">=", i % 50 + 10, "家")],
            });
        return new ImportDraft("bench.txt", [doc]);
    }

    private const string RawColumns = "id, plan_id, sequence, text, title, section, deadline, status, percent, version";

    private static double RawSqliteInsert(SqliteConnection connection, string table, int rows)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE {table} (id TEXT PRIMARY KEY, plan_id TEXT, sequence INTEGER, text TEXT, title TEXT, section TEXT, deadline TEXT, status INTEGER, percent INTEGER, version TEXT)";
            create.ExecuteNonQuery();
        }
        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table} ({RawColumns}) VALUES ($id, $plan, $seq, $text, $title, $section, $deadline, 0, 0, $version)";
        var parameters = new[] { "$id", "$plan", "$seq", "$text", "$title", "$section", "$deadline", "$version" }
            .Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
        insert.Prepare();
        var plan = Guid.NewGuid().ToString();
        for (var i = 0; i < rows; i++)
        {
            parameters[0].Value = Guid.NewGuid().ToString();
            parameters[1].Value = plan;
            parameters[2].Value = i;
            parameters[3].Value = $"{i + 1}.推进第{i + 1}项重点工作。新增市场主体{i % 50 + 10}家以上。";
            parameters[4].Value = $"推进第{i + 1}项重点工作";
            parameters[5].Value = "二、重点任务";
            parameters[6].Value = $"2026-{1 + i % 12:00}-28";
            parameters[7].Value = Guid.NewGuid().ToString();
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> RawPostgresCopyAsync(NpgsqlConnection connection, string table, int rows)
    {
        await using (var create = new NpgsqlCommand($"CREATE TABLE {table} (id uuid PRIMARY KEY, plan_id uuid, sequence int, text text, title text, section text, deadline date, status int, percent int, version uuid)", connection))
            await create.ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        var plan = Guid.NewGuid();
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({RawColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.NewGuid());
                await writer.WriteAsync(plan);
                await writer.WriteAsync(i);
                await writer.WriteAsync($"{i + 1}.推进第{i + 1}项重点工作。新增市场主体{i % 50 + 10}家以上。");
                await writer.WriteAsync($"推进第{i + 1}项重点工作");
                await writer.WriteAsync("二、重点任务");
                await writer.WriteAsync(new DateOnly(2026, 1 + i % 12, 28), NpgsqlTypes.NpgsqlDbType.Date);
                await writer.WriteAsync(0);
                await writer.WriteAsync(0);
                await writer.WriteAsync(Guid.NewGuid());
            }
            await writer.CompleteAsync();
        }
        return watch.Elapsed.TotalSeconds;
    }
}
