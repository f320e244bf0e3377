using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features;
using PolicyTracker.Core.Features.Plans;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>
/// A new plan's tasks are written in bulk, outside EF's change tracker: they must read back as EF would have written
/// them, with the audit entry and the tally counts EF's interceptors would have added, and an update must still work.
/// </summary>
public sealed class BulkPublishTests
{
    private static DraftTask Task(int line, string text, string[] lead, string[] co, string? deadline, string? leader = null,
        DraftTarget? target = null) => new()
    {
        Line = line,
        EndLine = line,
        Text = text,
        Title = text[..4],
        Section = "二、重点任务",
        Leader = leader,
        LeadUnits = lead.ToList(),
        CoUnits = co.ToList(),
        Deadline = deadline is null ? null : DateOnly.Parse(deadline),
        DeadlineText = deadline is null ? "长期坚持" : "年底前",
        Ongoing = deadline is null,
        Targets = target is null ? [] : [target],
    };

    internal static Task<Guid> DraftAsync(TestApp app, params DraftTask[] tasks) =>
        DraftAsync(app, string.Join('\n', tasks.Select(t => t.Text)), tasks);

    /// <summary>An import awaiting review whose file text is <paramref name="source"/>.</summary>
    internal static async Task<Guid> DraftAsync(TestApp app, string source, DraftTask[] tasks)
    {
        var doc = new DraftDocument
        {
            DocNumber = "示政办发〔2026〕8号", PlanTitle = "示范县项目建设攻坚方案", Issuer = "示范县人民政府办公室",
            IssuedOn = new DateOnly(2026, 2, 1), StartLine = 1, EndLine = 20, Tasks = tasks.ToList(),
            Reporting = [new DraftReporting("每季度末月25日前报送进展", "Quarterly", 25, [3, 6, 9, 12])],
        };
        var import = new PlanImport("plan.txt", Guid.NewGuid().ToString("N"), source,
            new ImportDraft("plan.txt", [doc]).ToJson(), null, app.Clock.GetUtcNow());
        await app.WithDbAsync(async db => { db.PlanImports.Add(import); await db.SaveChangesAsync(); });
        return import.Id;
    }

    internal static DraftTask[] ThreeTasks() =>
    [
        Task(3, "新开工重点项目20个。", ["县发改局"], ["县财政局", "县自然资源局"], "2026-03-31", "张副县长",
            new DraftTarget("新开工重点项目20个", "新开工重点项目", ">=", 20, "个")),
        Task(4, "完成固定资产投资50亿元。", ["县发改局", "县统计局"], ["县财政局"], "2026-12-31", "张副县长",
            new DraftTarget("完成固定资产投资50亿元", "固定资产投资", ">=", 50.5m, "亿元")),
        Task(5, "优化项目审批服务。", ["县行政审批局"], [], null),
    ];

    [Fact]
    public async Task A_published_plan_reads_back_whole_with_one_creation_entry_per_task_and_exact_tallies()
    {
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        var importId = await DraftAsync(app, ThreeTasks());

        var published = await (await sup.PostAsync($"/api/imports/{importId}/publish", null)).ReadJsonAsync();
        Assert.Equal(3, published.GetProperty("tasks").GetInt32());
        var planId = published.GetProperty("planIds")[0].GetGuid();

        var plan = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Tasks).ThenInclude(t => t.Units)
            .Include(p => p.Tasks).ThenInclude(t => t.Targets).SingleAsync(p => p.Id == planId));
        Assert.Equal(PlanStatus.Published, plan.Status);
        Assert.Equal(ReportingFrequency.Quarterly, Assert.Single(plan.ReportingCycles).Frequency);
        var tasks = plan.Tasks.OrderBy(t => t.Sequence).ToList();
        Assert.Equal([1, 2, 3], tasks.Select(t => t.Sequence));
        Assert.Equal(["新开工重点项目20个。", "完成固定资产投资50亿元。", "优化项目审批服务。"], tasks.Select(t => t.Text));
        Assert.Equal([new DateOnly(2026, 3, 31), new DateOnly(2026, 12, 31), (DateOnly?)null], tasks.Select(t => t.Deadline));
        Assert.True(tasks[2].Ongoing);
        Assert.Equal(tasks[0].LeaderId, tasks[1].LeaderId);
        Assert.NotNull(tasks[0].LeaderId);
        Assert.Equal([1, 2, 1], tasks.Select(t => t.LeadUnitIds.Count()));
        Assert.Equal([2, 1, 0], tasks.Select(t => t.CoUnitIds.Count()));
        Assert.Equal(50.5m, Assert.Single(tasks[1].Targets).Value);
        Assert.Equal(Comparator.AtLeast, tasks[0].Targets[0].Comparator);
        Assert.Equal(5, await app.WithDbAsync(db => db.Units.CountAsync()));

        // Keys and values stored as EF stores them: found by id, by unit, and through the API.
        var task = await sup.GetJsonAsync($"/api/tasks/{tasks[1].Id}");
        Assert.Equal("完成固定资产投资50亿元。", task.GetProperty("task").GetProperty("text").GetString());
        Assert.Equal(50.5m, task.GetProperty("targets")[0].GetProperty("value").GetDecimal());
        Assert.Equal(3, (await sup.GetJsonAsync("/api/tasks")).GetProperty("total").GetInt32());
        var statistics = await app.WithDbAsync(db => db.Units.Where(u => u.Name == "县统计局").Select(u => u.Id).SingleAsync());
        Assert.Equal([tasks[1].Id], await app.WithDbAsync(db => db.TaskUnits.Where(u => u.UnitId == statistics).Select(u => u.TaskId).ToListAsync()));

        // 留痕: one creation entry per task, shown first on its timeline, and the chain verifies.
        foreach (var t in tasks)
        {
            var timeline = await sup.GetJsonAsync($"/api/tasks/{t.Id}/timeline");
            var created = Assert.Single(timeline.EnumerateArray());
            Assert.Equal("新增PlanTask", created.GetProperty("action").GetString());
            var after = JsonDocument.Parse(created.GetProperty("after").GetString()!).RootElement;
            Assert.Equal(t.Text, after.GetProperty("Text").GetString());
            Assert.False(after.TryGetProperty("Version", out _));
        }
        Assert.Empty(await app.WithDbAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
        await app.CreateUserAsync("admin", Roles.Admin);
        Assert.True((await (await app.SignInAsync("admin")).GetJsonAsync("/api/admin/audit/verify")).GetProperty("intact").GetBoolean());
        await AssertTalliesAgreeAsync(app);

        // The update path (through EF) appends a task: its creation entry has the same shape as a bulk-written one.
        var revised = ThreeTasks().Append(Task(6, "建立项目专班调度机制。", ["县发改局"], ["县统计局"], "2026-06-30")).ToArray();
        var update = await (await sup.PostAsync($"/api/imports/{await DraftAsync(app, revised)}/publish?replaceDuplicates=true", null)).ReadJsonAsync();
        Assert.Equal(planId, update.GetProperty("updatedPlanIds")[0].GetGuid());
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "新增PlanTask").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(4, entries.Count);
        static string Shape(AuditEntry a) => string.Join(",", JsonDocument.Parse(a.After!).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Shape(entries[^1]), Shape(entries[0]));
        Assert.All(entries, e => Assert.Equal(e.TaskId.ToString(), e.EntityId));
        Assert.Equal(4, await app.WithDbAsync(db => db.Tasks.CountAsync(t => t.PlanId == planId)));
        Assert.Empty(await app.WithDbAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
        await AssertTalliesAgreeAsync(app);
    }

    /// <summary>
    /// The same plan (same ids) saved by EF into one database and written in bulk into another: every task, unit and
    /// target row reads back the same, column by column as the engine stores it, and each task's creation entry has the
    /// same action, key and JSON as the one EF's audit interceptor wrote.
    /// </summary>
    [Fact]
    public async Task Rows_written_in_bulk_are_the_rows_EF_writes_for_the_same_tasks()
    {
        var lead = new Unit("县发改局", UnitKind.CountyDepartment);
        var co = new Unit("县财政局", UnitKind.CountyDepartment);
        var leader = new Leader("张副县长");
        var now = new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);
        var plan = new Plan("示政办发〔2026〕8号", null, "示范县项目建设攻坚方案", "示范县人民政府办公室", new DateOnly(2026, 2, 1), "plan.txt", "hash", now);
        plan.AddTask(new TaskDraft("新开工重点项目20个，\"四新\"项目\t优先。", "新开工", "二、重点任务 / （一）", 3, leader, [lead], [co], new DateOnly(2026, 3, 31), "3月底前",
            false, [new TargetDraft("新开工重点项目20个", "新开工重点项目", Comparator.AtLeast, 20, "个"), new TargetDraft("投资50.5亿元", null, Comparator.About, 50.5m, null)]));
        plan.AddTask(new TaskDraft("优化项目审批服务。", null, null, null, null, [co, lead], [], null, null, true, []));
        plan.Publish(now);

        await using var viaEf = new TestApp();
        await using var viaBulk = new TestApp();
        await viaEf.WithDbAsync(async db =>
        {
            db.AddRange(lead, co, leader, plan);
            await db.SaveChangesAsync();
        });
        await viaBulk.WithDbAsync(async db =>
        {
            db.AddRange(lead, co, leader);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            // As PublishImport saves a new plan: the plan by EF, its tasks' rows in bulk.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.ChangeTracker.TrackGraph(plan, n => { if (n.Entry.Entity is Plan || n.Entry.Metadata.IsOwned()) n.Entry.State = EntityState.Added; });
            await db.SaveChangesAsync();
            var tasks = plan.Tasks.ToList();
            await BulkInsert.RowsAsync(db, tasks, default);
            await BulkInsert.RowsAsync(db, tasks.SelectMany(t => t.Units).ToList(), default);
            await BulkInsert.RowsAsync(db, tasks.SelectMany(t => t.Targets).ToList(), default);
            var audit = AuditInterceptor.ForAdded(db, tasks, t => t.Id, now, new SystemUser());
            await AuditInterceptor.ChainAsync(db, audit, default);
            await BulkInsert.RowsAsync(db, audit, default);
            await transaction.CommitAsync();
        });

        foreach (var table in new[] { "Tasks", "TaskUnits", "Targets" })
        {
            var expected = await viaEf.WithDbAsync(db => RowsAsync(db, table));
            Assert.Equal(table == "TaskUnits" ? 4 : 2, expected.Count);
            Assert.Equal(expected, await viaBulk.WithDbAsync(db => RowsAsync(db, table)));
        }
        static Task<List<string>> CreationsAsync(PolicyTrackerDbContext db) => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "新增PlanTask").OrderBy(a => a.EntityId)
            .Select(a => a.Action + "|" + a.EntityType + "|" + a.EntityId + "|" + a.TaskId + "|" + a.Before + "|" + a.After).ToListAsync();
        var created = await viaEf.WithDbAsync(CreationsAsync);
        Assert.Equal(2, created.Count);
        Assert.Contains("\"Deadline\":\"2026-03-31\"", created.Single(c => c.Contains("新开工重点项目20个")));
        Assert.Equal(created, await viaBulk.WithDbAsync(CreationsAsync));
        Assert.Empty(await viaBulk.WithDbAsync(db => AuditTrail.VerifyAsync(db, CancellationToken.None)));
    }

    /// <summary>Every row of <paramref name="table"/> as the engine returns it, one text per row, in key order.</summary>
    private static async Task<List<string>> RowsAsync(PolicyTrackerDbContext db, string table)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        // The table name comes from the test's own list.
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i =>
                $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}")));
        return rows;
    }

    /// <summary>The stored tallies equal a full recount of the tasks.</summary>
    internal static Task AssertTalliesAgreeAsync(TestApp app) => TallyTests.AssertAgreeAsync(app, "the change");
}
