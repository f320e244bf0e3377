using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Dashboard;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>The dashboard tallies kept by every save agree with a full recount of the tasks after each kind of change.</summary>
public sealed class TallyTests
{
    [Fact]
    public async Task Incremental_tallies_equal_a_full_recount_after_every_kind_of_change()
    {
        await using var app = new TestApp();
        var world = await TrackingWorld.CreateAsync(app);
        await AssertAgreeAsync(app, "publish");
        var staffA = await app.SignInAsync("staffA");
        var sup = await app.SignInAsync("sup");

        await staffA.PostJsonAsync($"/api/tasks/{world.TaskA}/acknowledge", new { });
        await AssertAgreeAsync(app, "acknowledge");
        (await staffA.PostAsync($"/api/tasks/{world.TaskA}/progress", HttpJson.Progress(40, "已完成四成"))).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "progress");
        (await staffA.PostAsync($"/api/tasks/{world.TaskA}/progress", HttpJson.Progress(70, "已完成七成"))).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "more progress");
        var contribution = new MultipartFormDataContent { { new StringContent("已拨付资金"), "narrative" } };
        (await (await app.SignInAsync("staffB")).PostAsync($"/api/tasks/{world.TaskA}/contributions", contribution)).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "contribution");

        var extension = await (await staffA.PostJsonAsync($"/api/tasks/{world.TaskA}/extension-requests",
            new { newDeadline = "2026-09-30", reason = "资金未到位" })).ReadJsonAsync();
        (await sup.PostJsonAsync($"/api/extension-requests/{extension.GetProperty("requestId").GetGuid()}/approve", new { })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "extension");

        (await staffA.PostJsonAsync($"/api/tasks/{world.TaskA}/completion-request", new { summary = "已完成" })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "completion request");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 8, 2, 0, 0, TimeSpan.Zero));
        sup = await app.SignInAsync("sup");  // the earlier cookie expired while the clock moved on
        (await sup.PostJsonAsync($"/api/tasks/{world.TaskA}/confirm-completion", new { grade = "Good" })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "completed late");
        (await sup.PostJsonAsync($"/api/tasks/{world.TaskA}/reopen", new { reason = "数据有误" })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "reopen");

        await app.WithDbAsync(async db =>
        {
            // Replace the responsibility: unit C leads task A, A becomes a co-unit.
            var task = await db.Tasks.Include(t => t.Units).SingleAsync(t => t.Id == world.TaskA);
            var units = await db.Units.Where(u => u.Id == world.UnitA || u.Id == world.UnitC).ToListAsync();
            task.Reassign([units.Single(u => u.Id == world.UnitC)], [units.Single(u => u.Id == world.UnitA)]);
            await db.SaveChangesAsync();
        });
        await AssertAgreeAsync(app, "reassign");

        // A revised plan moves the deadline: across a year (day, month and year rows all change), away, and back onto
        // a day in the middle of a past month, handing the task to another leader, to none and back to that one; then
        // only the leader changes (back to the world's).
        foreach (var (deadline, leaderName, step) in new (DateOnly?, string?, string)[]
                 {
                     (new(2027, 1, 15), "李华", "deadline moved across a year"), (null, null, "deadline removed"),
                     (new(2026, 8, 17), "李华", "deadline set in a past month"), (new(2026, 8, 17), "王明", "leader changed"),
                 })
        {
            await app.WithDbAsync(async db =>
            {
                var task = await db.Tasks.Include(t => t.Units).Include(t => t.Targets).SingleAsync(t => t.Id == world.TaskA);
                var units = await db.Units.Where(u => u.Id == world.UnitA || u.Id == world.UnitC).ToListAsync();
                var leader = leaderName is null ? null : await db.Leaders.FirstOrDefaultAsync(l => l.Name == leaderName);
                if (leader is null && leaderName is not null) db.Leaders.Add(leader = new Leader(leaderName, "县长助理"));
                task.Revise(new TaskDraft(task.Text, task.Title, task.Section, task.SourceLine, leader, [units.Single(u => u.Id == world.UnitC)],
                    [units.Single(u => u.Id == world.UnitA)], deadline, null, deadline is null, []));
                await db.SaveChangesAsync();
            });
            await AssertAgreeAsync(app, step);
        }
        var staffC = await app.SignInAsync("staffC");
        (await staffC.PostJsonAsync($"/api/tasks/{world.TaskA}/completion-request", new { summary = "已完成" })).EnsureSuccessStatusCode();
        (await sup.PostJsonAsync($"/api/tasks/{world.TaskA}/confirm-completion", new { grade = "Pass" })).EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "completed late after the deadline moved");

        var secondPlan = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Id == world.UnitB);
            var leader = await db.Leaders.SingleAsync(l => l.Id == world.LeaderId);
            var plan = new Plan(null, null, "第二方案", null, null, null, null, app.Clock.GetUtcNow());
            for (var i = 0; i < 5; i++)
                plan.AddTask(new TaskDraft($"第二方案任务{i}", null, null, null, i % 2 == 0 ? leader : null, [unit], [], i == 0 ? null : new DateOnly(2026, 11, i), null, i == 0, []));
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return plan.Id;
        });
        await AssertAgreeAsync(app, "draft plan");
        await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Tasks).SingleAsync(p => p.Id == secondPlan);
            plan.Publish(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        await AssertAgreeAsync(app, "publish existing plan");
        var secondTask = await app.WithDbAsync(db => db.Tasks.Where(t => t.PlanId == secondPlan).Select(t => t.Id).FirstAsync());
        (await (await app.SignInAsync("staffB")).PostAsync($"/api/tasks/{secondTask}/progress", HttpJson.Progress(30, "第二方案进展")))
            .EnsureSuccessStatusCode();
        await AssertAgreeAsync(app, "report on the second plan");
        Assert.Equal(7, (await sup.GetJsonAsync("/api/dashboard/summary")).GetProperty("total").GetInt32());

        await app.WithDbAsync(async db =>
        {
            db.Plans.Remove(await db.Plans.SingleAsync(p => p.Id == secondPlan));
            await db.SaveChangesAsync();
        });
        await AssertAgreeAsync(app, "delete plan");
        Assert.Equal(2, (await sup.GetJsonAsync("/api/dashboard/summary")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_save_that_fails_leaves_the_tallies_untouched()
    {
        await using var app = new TestApp();
        var world = await TrackingWorld.CreateAsync(app);
        var before = await StoredAsync(app);
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Include(t => t.Units).Include(t => t.Targets).SingleAsync(t => t.Id == world.TaskC);
            task.ReportProgress(world.UnitC, null, 50, "进展", new Dictionary<Guid, decimal>(), app.Clock.GetUtcNow());
            // A unit row pointing at no unit breaks the foreign key after the tallies were read.
            db.TaskUnits.Add(CreateDanglingUnit(task));
            await db.SaveChangesAsync();
        }));
        Assert.Equal(before, await StoredAsync(app));
        await AssertAgreeAsync(app, "failed save");
    }

    private static TaskUnit CreateDanglingUnit(PlanTask task) =>
        (TaskUnit)Activator.CreateInstance(typeof(TaskUnit), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance,
            null, [task, Guid.NewGuid(), UnitRole.Lead], null)!;

    private static async Task<string> StoredAsync(TestApp app) => await app.WithDbAsync(async db =>
    {
        var tasks = await db.TaskTallies.AsNoTracking().Where(t => t.Count != 0).ToListAsync();
        var schedules = await db.ScheduleTallies.AsNoTracking().Where(t => t.Count != 0).ToListAsync();
        var units = await db.UnitTallies.AsNoTracking().Where(t => t.Count != 0).ToListAsync();
        var groups = await db.GroupTallies.AsNoTracking().Where(t => t.Count != 0 || t.Open != 0 || t.Percent != 0).ToListAsync();
        return string.Join("\n", tasks.Select(t => $"{t.UnitId} {t.Deadline} {t.Status} {t.Acknowledged}: {t.Count} {t.OnTime} {t.Late} {t.Graded} {t.Points}")
            .Concat(schedules.Select(s => $"{s.Deadline} {s.BehindFrom}: {s.Count}")).Concat(units.Select(u => $"unit {u.UnitId}: {u.Count}"))
            .Concat(groups.Select(g => GroupLine(g.Group, g.GroupId, g.Grain, g.Start, g.Count, g.Open, g.Percent))).Order(StringComparer.Ordinal));
    });

    private static string GroupLine(TallyGroup group, Guid id, TallyGrain grain, DateOnly start, int count, int open, int percent) =>
        $"{group} {id} {grain} {start}: {count} {open} {percent}";

    /// <summary>
    /// What <see cref="GroupTally"/> must hold, counted straight from the tasks of published plans (not through
    /// TallyDelta): per plan and per leader, every task, and a task with a deadline under its day, month and year; the
    /// closed tasks by closing day, and their progress reports by the county day they were filed.
    /// </summary>
    internal static async Task<IEnumerable<string>> GroupCountsAsync(PolicyTrackerDbContext db, CountyClock clock)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => db.Plans.Any(p => p.Id == t.PlanId && p.Status == PlanStatus.Published))
            .Select(t => new { t.PlanId, t.LeaderId, t.Deadline, t.Status, t.PercentComplete, t.CompletedOn }).ToListAsync();
        var rows = from t in tasks
                   from g in t.LeaderId is { } leader ? [(TallyGroup.Plan, t.PlanId), (TallyGroup.Leader, leader)] : new[] { (TallyGroup.Plan, t.PlanId) }
                   from p in t.Deadline is { } d
                       ? [(TallyGrain.All, DateOnly.MinValue), (TallyGrain.Day, d), (TallyGrain.Month, new DateOnly(d.Year, d.Month, 1)), (TallyGrain.Year, new DateOnly(d.Year, 1, 1))]
                       : new[] { (TallyGrain.All, DateOnly.MinValue) }
                   group t by (g.Item1, g.Item2, p.Item1, p.Item2) into x
                   select GroupLine(x.Key.Item1, x.Key.Item2, x.Key.Item3, x.Key.Item4, x.Count(), x.Count(t => t.Status != TrackingStatus.Completed),
                       x.Key.Item3 == TallyGrain.All ? x.Sum(t => t.PercentComplete) : 0);
        var closings = tasks.Where(t => t.Status == TrackingStatus.Completed && t.CompletedOn is not null).GroupBy(t => t.CompletedOn!.Value)
            .Select(g => GroupLine(TallyGroup.Closing, TaskTally.County, TallyGrain.Day, g.Key, g.Count(), 0, 0));
        var reports = (await db.ProgressUpdates.AsNoTracking()
                .Where(r => db.Tasks.Any(t => t.Id == r.TaskId && db.Plans.Any(p => p.Id == t.PlanId && p.Status == PlanStatus.Published)))
                .Select(r => r.At).ToListAsync())
            .GroupBy(clock.DayOf).Select(g => GroupLine(TallyGroup.Reports, TaskTally.County, TallyGrain.Day, g.Key, g.Count(), 0, 0));
        return rows.Concat(closings).Concat(reports).ToList();
    }

    /// <summary>
    /// What <see cref="UnitTally"/> must hold, counted straight from the unit rows of published plans (not through
    /// TallyDelta, which the interceptor and the recount share).
    /// </summary>
    internal static async Task<IEnumerable<string>> UnitRowCountsAsync(PolicyTrackerDbContext db) =>
        (await db.TaskUnits.AsNoTracking().Where(u => db.Plans.Any(p => p.Id == u.PlanId && p.Status == PlanStatus.Published))
            .GroupBy(u => u.UnitId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
        .Select(x => $"unit {x.Key}: {x.Count}");

    /// <summary>
    /// The stored tallies equal a full recount of the tasks (the unit tallies: a plain count of the unit rows; the
    /// leader and plan tallies: a plain count of the tasks).
    /// </summary>
    internal static async Task AssertAgreeAsync(TestApp app, string after)
    {
        var recounted = await app.WithDbAsync(async db =>
        {
            var delta = await TallyDelta.RecountAsync(db, PolicyTracker.Migrations.DatabaseSetup.TallyRulesOf(app.Services), default);
            return string.Join("\n", delta.Tasks.Where(x => !x.Value.IsZero)
                .Select(x => $"{x.Key.UnitId} {x.Key.Deadline} {x.Key.Status} {x.Key.Acknowledged}: {x.Value.Count} {x.Value.OnTime} {x.Value.Late} {x.Value.Graded} {x.Value.Points}")
                .Concat(delta.Schedules.Where(x => x.Value != 0).Select(x => $"{x.Key.Deadline} {x.Key.BehindFrom}: {x.Value}"))
                .Concat(await UnitRowCountsAsync(db))
                .Concat(await GroupCountsAsync(db, app.Services.GetRequiredService<CountyClock>()))
                .Order(StringComparer.Ordinal));
        });
        Assert.True(recounted == await StoredAsync(app), $"after {after}:\nrecount\n{recounted}\nstored\n{await StoredAsync(app)}");
        Assert.NotEqual("", recounted);
    }
}

/// <summary>The summary's lights from the tallies equal the domain's light of every task, day after day.</summary>
public sealed class TallyLightTests
{
    [Fact]
    public async Task Summary_lights_equal_each_tasks_own_light_on_every_day_of_a_quarter()
    {
        await using var app = new TestApp();
        await app.WithDbAsync(async db =>
        {
            var unit = new Unit("县商务局", UnitKind.CountyDepartment);
            var plan = new Plan(null, null, "灯色测试方案", null, null, null, null, app.Clock.GetUtcNow());
            var percents = new[] { 0, 10, 20, 35, 50, 65, 80, 95 };
            for (var i = 0; i < 40; i++)
            {
                var task = plan.AddTask(new TaskDraft($"任务{i}", null, null, null, null, [unit], [],
                    i % 9 == 0 ? null : new DateOnly(2026, 3, 1).AddDays(5 + i * 2), null, i % 9 == 0, []));
                if (i % 7 == 3) task.RequestCompletion("完成", app.Clock.GetUtcNow());
                else if (i % 5 != 0) task.ReportProgress(unit.Id, null, percents[i % percents.Length], "进展", new Dictionary<Guid, decimal>(), app.Clock.GetUtcNow());
            }
            plan.Publish(app.Clock.GetUtcNow());
            db.AddRange(unit, plan);
            await db.SaveChangesAsync();
        });
        var options = app.Services.GetRequiredService<PolicyTracker.Core.TrackingOptions>();
        var clock = app.Services.GetRequiredService<CountyClock>();
        for (var day = 0; day < 95; day += 2)
        {
            app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero).AddDays(day));
            await using var scope = app.Services.CreateAsyncScope();
            var summary = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new PolicyTracker.Core.Features.Dashboard.GetSummary.Query());
            var expected = await app.WithDbAsync(async db =>
            {
                var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.PublishedAt);
                var tasks = await db.Tasks.AsNoTracking().ToListAsync();
                return tasks.Select(t => t.Light(clock.Today, options.Thresholds, plans[t.PlanId] is { } at ? clock.DayOf(at) : null))
                    .GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            });
            Assert.True(expected.GetValueOrDefault(WarningLight.Red) == summary.Red, $"red on day {day}");
            Assert.True(expected.GetValueOrDefault(WarningLight.Yellow) == summary.Yellow, $"yellow on day {day}");
            Assert.True(expected.GetValueOrDefault(WarningLight.Green) == summary.Green, $"green on day {day}");
        }
    }
}

/// <summary>
/// The league tables, overdue counts and the leader and plan tables read from the tallies equal a count of the tasks
/// themselves, for periods and days that fall on day, month and year edges.
/// </summary>
public sealed class TallyDashboardTests
{
    [Fact]
    public async Task Rankings_unit_leader_and_plan_stats_and_overdue_from_the_tallies_equal_a_count_of_the_tasks()
    {
        await using var app = new TestApp();
        await app.WithDbAsync(async db =>
        {
            var random = new Random(7);
            var units = Enumerable.Range(0, 4).Select(i => new Unit($"县测试{i}局", UnitKind.CountyDepartment)).ToList();
            var leaders = Enumerable.Range(0, 3).Select(i => new Leader($"测试领导{i}", "副县长")).ToList();
            var plans = Enumerable.Range(0, 2).Select(i => new Plan(null, null, $"统计核对方案{i}", null, null, null, null, app.Clock.GetUtcNow())).ToList();
            var grades = Enum.GetValues<CompletionGrade>();
            for (var i = 0; i < 160; i++)
            {
                var plan = plans[i % plans.Count];
                // One task in four has no responsible leader.
                var leader = random.Next(4) == 0 ? null : leaders[random.Next(leaders.Count)];
                var lead = units[random.Next(units.Count)];
                // Some tasks have two lead units (counted for each), some no deadline.
                var leads = i % 11 == 0 ? new[] { lead, units[(units.IndexOf(lead) + 1) % units.Count] } : [lead];
                DateOnly? deadline = i % 13 == 0 ? null : new DateOnly(2026, 2, 1).AddDays(random.Next(540));
                var task = plan.AddTask(new TaskDraft($"核对任务{i}", null, null, null, leader, leads, [], deadline, null, deadline is null, []));
                if (random.Next(3) == 0)
                {
                    if (random.Next(2) == 0)
                        task.ReportProgress(lead.Id, null, random.Next(1, 100), "进展", new Dictionary<Guid, decimal>(), app.Clock.GetUtcNow());
                    continue;
                }
                task.RequestCompletion("完成", app.Clock.GetUtcNow());
                if (random.Next(4) == 0) continue;
                var closedOn = (deadline ?? new DateOnly(2026, 6, 1)).AddDays(random.Next(-20, 15));
                task.ConfirmCompletion(grades[random.Next(grades.Length)], app.Clock.GetUtcNow(), closedOn);
            }
            foreach (var plan in plans) plan.Publish(app.Clock.GetUtcNow());
            db.AddRange(units);
            db.AddRange(leaders);
            db.AddRange(plans);
            await db.SaveChangesAsync();
        });
        var (tasks, leads) = await app.WithDbAsync(async db => (
            await db.Tasks.AsNoTracking().ToListAsync(),
            (await db.TaskUnits.AsNoTracking().Where(u => u.Role == UnitRole.Lead).ToListAsync()).ToLookup(u => u.UnitId, u => u.TaskId)));

        foreach (var today in new DateOnly[] { new(2026, 3, 2), new(2026, 3, 17), new(2026, 4, 1), new(2026, 12, 31), new(2027, 1, 1), new(2027, 2, 28), new(2027, 8, 2) })
        {
            app.Clock.SetUtcNow(new DateTimeOffset(today.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
            bool Overdue(PlanTask t) => t.Status != TrackingStatus.Completed && t.Deadline < today;
            await using var scope = app.Services.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();

            var summary = await sender.Send(new GetSummary.Query());
            Assert.Equal(tasks.Count(Overdue), summary.Overdue);

            var stats = await sender.Send(new GetUnitStats.Query());
            foreach (var row in stats)
            {
                var mine = tasks.Where(t => leads[row.UnitId].Contains(t.Id)).ToList();
                var completed = mine.Where(t => t.Status == TrackingStatus.Completed).ToList();
                var onTime = completed.Count(t => t.Deadline is null || t.CompletedOn <= t.Deadline);
                Assert.Equal((mine.Count, completed.Count, mine.Count(Overdue)), (row.Total, row.Completed, row.Overdue));
                Assert.Equal(completed.Count + row.Overdue == 0 ? null : Math.Round((double)onTime / (completed.Count + row.Overdue), 4), row.OnTimeRate);
            }
            Assert.Equal(leads.Count, stats.Count);

            var leaderStats = await sender.Send(new GetLeaderStats.Query());
            var byLeader = tasks.Where(t => t.LeaderId is not null).GroupBy(t => t.LeaderId!.Value)
                .Select(g => (g.Key, g.Count(), g.Count(t => t.Status == TrackingStatus.Completed), g.Count(Overdue))).OrderBy(x => x.Key).ToList();
            Assert.Equal(byLeader, leaderStats.Select(r => (r.LeaderId, r.Total, r.Completed, r.Overdue)).OrderBy(x => x.LeaderId).ToList());
            Assert.Equal(3, leaderStats.Count);
            var planStats = await sender.Send(new GetPlanStats.Query());
            var byPlan = tasks.GroupBy(t => t.PlanId)
                .Select(g => (g.Key, g.Count(), g.Count(t => t.Status == TrackingStatus.Completed), g.Count(Overdue), Math.Round(g.Average(t => (double)t.PercentComplete), 1)))
                .OrderBy(x => x.Key).ToList();
            Assert.Equal(byPlan, planStats.Select(r => (r.PlanId, r.Total, r.Completed, r.Overdue, r.AveragePercent)).OrderBy(x => x.PlanId).ToList());
            Assert.Equal(2, planStats.Count);

            var periods = new (DateOnly? From, DateOnly? To)[]
            {
                (null, null), (new(2026, 3, 1), new(2026, 3, 31)), (new(2026, 12, 15), new(2027, 2, 10)), (new(2025, 1, 1), new(2028, 12, 31)),
                (new(2026, 3, 30), new(2027, 4, 1)), (new(2027, 1, 1), new(2027, 12, 31)), (new(2026, 11, 17), new(2026, 11, 17)),
            };
            foreach (var (from, to) in periods)
            {
                var ranking = await sender.Send(new GetRanking.Query(from, to));
                var expected = leads.Select(g =>
                    {
                        var due = tasks.Where(t => g.Contains(t.Id) && t.Deadline >= ranking.From && t.Deadline <= ranking.To).ToList();
                        var graded = due.Where(t => t.Grade is not null).ToList();
                        return (Unit: g.Key, Due: due.Count, OnTime: due.Count(t => t.CompletedOn <= t.Deadline),
                            Overdue: due.Count(t => Overdue(t) || t.CompletedOn > t.Deadline),
                            Grade: graded.Count == 0 ? (double?)null : Math.Round(graded.Average(t => (double)TallyDelta.Points(t.Grade!.Value)), 2));
                    })
                    .Where(x => x.Due > 0).OrderBy(x => x.Unit).ToList();
                var actual = ranking.Rows.Select(r => (Unit: r.UnitId, r.Due, OnTime: r.CompletedOnTime, r.Overdue, Grade: r.AverageGrade))
                    .OrderBy(x => x.Unit).ToList();
                Assert.True(expected.SequenceEqual(actual), $"ranking {ranking.From}..{ranking.To} on {today}:\n{string.Join("\n", expected)}\nvs\n{string.Join("\n", actual)}");
            }
        }
    }
}
