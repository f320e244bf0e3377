using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Cli;

/// <summary>
/// A province's worth of published tasks, loaded with the engine's bulk path (prepared inserts in one transaction on
/// SQLite, binary COPY on PostgreSQL) rather than through the domain, then counted into the dashboard tallies once.
/// Shape: 300 units, 40 leaders, plans of 500 tasks published over the last 20 months; deadlines mostly month ends from
/// 18 months ago to 18 months ahead; past deadlines mostly closed (some late), future ones mostly in progress, each
/// task in progress with one progress report filed in the last twelve weeks (what the weekly trend counts).
/// </summary>
public sealed class BenchData(PolicyTrackerDbContext db, CountyClock clock, TallyRules rules)
{
    /// <summary>The unit leading the most tasks: the list and its staff the benchmarks time.</summary>
    public static Task<Guid> BusiestLeadUnitAsync(PolicyTrackerDbContext db) =>
        db.TaskUnits.Where(u => u.Role == UnitRole.Lead).GroupBy(u => u.UnitId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();

    public const int UnitCount = 300;
    public const int TasksPerPlan = 500;
    private readonly List<Guid> _units = [];
    private readonly List<Guid> _leaders = [];
    private int _tasks;

    public IReadOnlyList<Guid> Units => _units;
    public int Tasks => _tasks;

    /// <summary>Carries on from a loader that used an earlier DbContext scope.</summary>
    public BenchData Continue(BenchData previous)
    {
        _units.AddRange(previous._units);
        _leaders.AddRange(previous._leaders);
        _tasks = previous._tasks;
        return this;
    }

    /// <summary>Units and leaders, through EF (a few hundred rows).</summary>
    public async Task CreateReferenceAsync()
    {
        for (var i = 0; i < UnitCount; i++)
        {
            var unit = new Unit($"第{i + 1}督查责任单位", UnitKind.CountyDepartment);
            db.Units.Add(unit);
            _units.Add(unit.Id);
        }
        for (var i = 0; i < 40; i++)
        {
            var leader = new Leader($"领导{i + 1}", "副县长");
            db.Leaders.Add(leader);
            _leaders.Add(leader.Id);
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    /// <summary>Adds tasks (and their plans) until there are <paramref name="total"/>, then recounts the tallies.</summary>
    public async Task GrowToAsync(int total)
    {
        // Bulk loads, recounts and ANALYZE of a million rows outlast the 30 s default on a busy machine.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(20));
        var today = clock.Today;
        var random = new Random(42 + _tasks);
        // Its own sequence, so the tasks are the same as before the reports were added.
        var reportRandom = new Random(7 + _tasks);
        var now = clock.Now;
        var plans = new List<(Guid Id, DateTimeOffset PublishedAt)>();
        var rows = new List<TaskRow>(total - _tasks);
        for (var i = _tasks; i < total; i++)
        {
            if (i % TasksPerPlan == 0 || plans.Count == 0)
            {
                var at = clock.StartOf(today.AddDays(-600 + random.Next(0, 560))).AddHours(9);
                var created = new Plan(null, null, $"基准方案{i / TasksPerPlan + 1}", "示范省人民政府办公厅", clock.DayOf(at), null, null, at);
                db.Plans.Add(created);
                plans.Add((created.Id, at));
            }
            var plan = plans[^1];
            var lead = _units[random.Next(UnitCount)];
            var co = _units[(_units.IndexOf(lead) + 7) % UnitCount];
            var month = today.AddMonths(random.Next(-18, 19));
            var deadline = random.Next(10) == 0
                ? new DateOnly(month.Year, month.Month, random.Next(1, 28))
                : new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            var row = new TaskRow(Guid.NewGuid(), plan.Id, i % TasksPerPlan + 1, lead, co,
                random.Next(5) == 0 ? null : _leaders[random.Next(_leaders.Count)], random.Next(50) == 0 ? null : deadline);
            var r = random.Next(100);
            if (row.Deadline is { } d && d < today)
            {
                if (r < 85)
                {
                    var late = random.Next(10) == 0;
                    row.Status = TrackingStatus.Completed;
                    row.CompletedOn = late ? d.AddDays(random.Next(1, 30)) : d.AddDays(-random.Next(0, 20));
                    if (row.CompletedOn > today) row.CompletedOn = today;
                    row.Grade = (CompletionGrade)random.Next(4);
                    row.Percent = 100;
                }
                else if (r < 90) (row.Status, row.Percent) = (TrackingStatus.CompletionRequested, 100);
                else (row.Status, row.Percent) = (TrackingStatus.InProgress, random.Next(0, 10) * 10);
            }
            else if (r < 10)
            {
                (row.Status, row.Percent, row.Grade) = (TrackingStatus.Completed, 100, (CompletionGrade)random.Next(4));
                row.CompletedOn = today.AddDays(-random.Next(0, 60));
            }
            else if (r < 70) (row.Status, row.Percent) = (TrackingStatus.InProgress, random.Next(1, 10) * 10);
            row.AcknowledgedAt = row.Status == TrackingStatus.NotStarted && random.Next(2) == 0 ? null : plan.PublishedAt.AddDays(1);
            if (row.Status == TrackingStatus.InProgress && row.Percent > 0) row.ReportedAt = now.AddMinutes(-reportRandom.Next(1, 84 * 24 * 60));
            rows.Add(row);
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        // Publishing through the domain needs the plan's tasks in memory; bulk-loaded plans are switched directly.
        await db.Plans.Where(p => p.Status == PlanStatus.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PlanStatus.Published).SetProperty(p => p.PublishedAt, p => p.CreatedAt));
        if (db.Database.IsSqlite()) await InsertSqliteAsync(rows);
        else await CopyPostgresAsync(rows);
        _tasks = total;
        await TallyDelta.RebuildAsync(db, rules, CancellationToken.None);
        // PostgreSQL: VACUUM as well. A table just loaded in bulk has no visibility map yet, so every index-only scan
        // (a unit's list total, the tallies' recounts) fetches heap pages anyway; a database that has been in use has
        // been vacuumed by autovacuum (which also runs after large inserts). Without it the bench measured a state no
        // running database stays in: a unit's total at 100k read 636 heap pages instead of none.
        await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "VACUUM ANALYZE" : "ANALYZE");
    }

    private sealed class TaskRow(Guid id, Guid planId, int sequence, Guid lead, Guid co, Guid? leader, DateOnly? deadline)
    {
        public Guid Id { get; } = id;
        public Guid PlanId { get; } = planId;
        public int Sequence { get; } = sequence;
        public Guid Lead { get; } = lead;
        public Guid Co { get; } = co;
        public Guid? Leader { get; } = leader;
        public DateOnly? Deadline { get; } = deadline;
        public TrackingStatus Status { get; set; }
        public int Percent { get; set; }
        public DateTimeOffset? AcknowledgedAt { get; set; }
        public DateOnly? CompletedOn { get; set; }
        public CompletionGrade? Grade { get; set; }
        /// <summary>When its one progress report was filed, if it has one.</summary>
        public DateTimeOffset? ReportedAt { get; set; }
        public string Text => $"{Sequence}.推进第{Sequence}项重点工作，确保按期完成并报送进展。";
    }

    private const string TaskColumns = "\"Id\", \"PlanId\", \"Sequence\", \"Text\", \"LeaderId\", \"Deadline\", \"OriginalDeadline\", \"Ongoing\", " +
        "\"Status\", \"PercentComplete\", \"AcknowledgedAt\", \"CompletedAt\", \"CompletedOn\", \"Grade\", \"Version\"";

    // With the unit rows' copies of the task's plan, sequence and deadline (TaskUnit), as the domain writes them.
    private const string UnitColumns = "\"TaskId\", \"UnitId\", \"Role\", \"PlanId\", \"Sequence\", \"ListDeadline\"";

    private const string ReportColumns = "\"Id\", \"TaskId\", \"UnitId\", \"Kind\", \"Percent\", \"Narrative\", \"At\", \"Actuals\"";
    private const string ReportNarrative = "按计划推进，本月完成阶段性目标。";

    private async Task InsertSqliteAsync(List<TaskRow> rows)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            // EF's SQLite mapping: GUIDs as text (the case EF wrote the units in), dates as ISO text, instants as binary integers.
            var instants = new DateTimeOffsetToBinaryConverter();
            await using (var probe = connection.CreateCommand())
            {
                probe.CommandText = "SELECT \"Id\" FROM \"Units\" LIMIT 1";
                var sample = (string)(await probe.ExecuteScalarAsync())!;
                if (sample != sample.ToUpperInvariant()) throw new InvalidOperationException("EF stored a lower-case GUID; adjust the bulk loader");
            }
            static string G(Guid g) => g.ToString().ToUpperInvariant();
            static object D(DateOnly? d) => d is { } x ? x.ToString("yyyy-MM-dd") : DBNull.Value;
            await using var transaction = await connection.BeginTransactionAsync();
            await using var task = connection.CreateCommand();
            task.CommandText = $"INSERT INTO \"Tasks\" ({TaskColumns}) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
            var p = Enumerable.Range(1, 14).Select(i => task.Parameters.Add(new SqliteParameter($"${i}", null))).ToArray();
            await using var unit = connection.CreateCommand();
            unit.CommandText = $"INSERT INTO \"TaskUnits\" ({UnitColumns}) VALUES ($1, $2, $3, $4, $5, $6)";
            var u = Enumerable.Range(1, 6).Select(i => unit.Parameters.Add(new SqliteParameter($"${i}", null))).ToArray();
            await using var report = connection.CreateCommand();
            report.CommandText = $"INSERT INTO \"ProgressUpdates\" ({ReportColumns}) VALUES ($1, $2, $3, {(int)ProgressKind.Progress}, $4, '{ReportNarrative}', $5, '[]')";
            var pr = Enumerable.Range(1, 5).Select(i => report.Parameters.Add(new SqliteParameter($"${i}", null))).ToArray();
            task.Prepare();
            unit.Prepare();
            report.Prepare();
            foreach (var r in rows)
            {
                p[0].Value = G(r.Id); p[1].Value = G(r.PlanId); p[2].Value = r.Sequence; p[3].Value = r.Text;
                p[4].Value = r.Leader is { } l ? G(l) : DBNull.Value; p[5].Value = D(r.Deadline); p[6].Value = r.Deadline is null ? 1 : 0;
                p[7].Value = (int)r.Status; p[8].Value = r.Percent;
                p[9].Value = r.AcknowledgedAt is { } a ? instants.ConvertToProvider(a)! : DBNull.Value;
                p[10].Value = r.CompletedOn is { } c ? instants.ConvertToProvider(clock.StartOf(c).AddHours(10))! : DBNull.Value;
                p[11].Value = D(r.CompletedOn); p[12].Value = r.Grade is { } g ? (int)g : DBNull.Value; p[13].Value = G(Guid.NewGuid());
                await task.ExecuteNonQueryAsync();
                (u[0].Value, u[1].Value, u[2].Value) = (G(r.Id), G(r.Lead), (int)UnitRole.Lead);
                (u[3].Value, u[4].Value, u[5].Value) = (G(r.PlanId), r.Sequence, D(r.Deadline ?? TaskUnit.NoDeadline));
                await unit.ExecuteNonQueryAsync();
                (u[1].Value, u[2].Value) = (G(r.Co), (int)UnitRole.Co);
                await unit.ExecuteNonQueryAsync();
                if (r.ReportedAt is not { } at) continue;
                (pr[0].Value, pr[1].Value, pr[2].Value, pr[3].Value, pr[4].Value) = (G(Guid.NewGuid()), G(r.Id), G(r.Lead), r.Percent, instants.ConvertToProvider(at)!);
                await report.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task CopyPostgresAsync(List<TaskRow> rows)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"Tasks\" ({TaskColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                writer.Timeout = TimeSpan.FromMinutes(20);
                foreach (var r in rows)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(r.PlanId, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(r.Sequence, NpgsqlDbType.Integer);
                    await writer.WriteAsync(r.Text, NpgsqlDbType.Text);
                    if (r.Leader is { } l) await writer.WriteAsync(l, NpgsqlDbType.Uuid); else await writer.WriteNullAsync();
                    for (var twice = 0; twice < 2; twice++)
                        if (r.Deadline is { } d) await writer.WriteAsync(d, NpgsqlDbType.Date); else await writer.WriteNullAsync();
                    await writer.WriteAsync(r.Deadline is null, NpgsqlDbType.Boolean);
                    await writer.WriteAsync((int)r.Status, NpgsqlDbType.Integer);
                    await writer.WriteAsync(r.Percent, NpgsqlDbType.Integer);
                    if (r.AcknowledgedAt is { } a) await writer.WriteAsync(a.UtcDateTime, NpgsqlDbType.TimestampTz); else await writer.WriteNullAsync();
                    if (r.CompletedOn is { } c)
                    {
                        await writer.WriteAsync(clock.StartOf(c).AddHours(10).UtcDateTime, NpgsqlDbType.TimestampTz);
                        await writer.WriteAsync(c, NpgsqlDbType.Date);
                    }
                    else
                    {
                        await writer.WriteNullAsync();
                        await writer.WriteNullAsync();
                    }
                    if (r.Grade is { } g) await writer.WriteAsync((int)g, NpgsqlDbType.Integer); else await writer.WriteNullAsync();
                    await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                }
                await writer.CompleteAsync();
            }
            await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"TaskUnits\" ({UnitColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                writer.Timeout = TimeSpan.FromMinutes(20);
                foreach (var r in rows)
                {
                    var listDeadline = r.Deadline ?? TaskUnit.NoDeadline;
                    await writer.WriteRowAsync(CancellationToken.None, r.Id, r.Lead, (int)UnitRole.Lead, r.PlanId, r.Sequence, listDeadline);
                    await writer.WriteRowAsync(CancellationToken.None, r.Id, r.Co, (int)UnitRole.Co, r.PlanId, r.Sequence, listDeadline);
                }
                await writer.CompleteAsync();
            }
            await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"ProgressUpdates\" ({ReportColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                writer.Timeout = TimeSpan.FromMinutes(20);
                foreach (var r in rows)
                {
                    if (r.ReportedAt is not { } at) continue;
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(r.Lead, NpgsqlDbType.Uuid);
                    await writer.WriteAsync((int)ProgressKind.Progress, NpgsqlDbType.Integer);
                    await writer.WriteAsync(r.Percent, NpgsqlDbType.Integer);
                    await writer.WriteAsync(ReportNarrative, NpgsqlDbType.Text);
                    await writer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync("[]", NpgsqlDbType.Jsonb);
                }
                await writer.CompleteAsync();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
