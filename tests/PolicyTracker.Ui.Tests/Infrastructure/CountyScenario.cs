using PolicyTracker.Core.Domain;

namespace PolicyTracker.Ui.Tests.Infrastructure;

/// <summary>
/// A small county built with the domain: three units, one published plan with four tasks and an account for each
/// role. Published on 2 March 2026; the tests then move the clock to 1 April 2026, when the housing bureau's two
/// tasks are overdue and the development bureau's task is behind schedule (a quarter of its time used, nothing done).
/// </summary>
public sealed class CountyScenario
{
    public static readonly DateTimeOffset PublishedAt = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan ToReviewDay = TimeSpan.FromDays(30);

    public Unit Development { get; } = new("县发展和改革局", UnitKind.CountyDepartment);
    public Unit Housing { get; } = new("县住房和城乡建设局", UnitKind.CountyDepartment);
    public Unit Agriculture { get; } = new("县农业农村局", UnitKind.CountyDepartment);
    public Unit LawEnforcement { get; } = new("县综合行政执法局", UnitKind.CountyDepartment);
    public Plan Plan { get; private set; } = null!;
    public PlanTask OldEstates { get; private set; } = null!;
    public PlanTask Drainage { get; private set; } = null!;
    public PlanTask MarketEntities { get; private set; } = null!;
    public PlanTask FarmRoads { get; private set; } = null!;

    public static async Task<CountyScenario> CreateAsync(UiApp app)
    {
        var s = new CountyScenario();
        await app.WithDbAsync(async db =>
        {
            db.Units.AddRange(s.Development, s.Housing, s.Agriculture, s.LawEnforcement);
            var leader = new Leader("王明", "副县长");
            db.Leaders.Add(leader);
            s.Plan = new Plan("示政办发〔2026〕8号", "关于印发示范县2026年营商环境优化提升行动方案的通知",
                "示范县2026年营商环境优化提升行动方案", "示范县人民政府办公室", new DateOnly(2026, 3, 1), "ui-test.txt", null, PublishedAt);
            s.OldEstates = s.Plan.AddTask(new TaskDraft("完成城区老旧小区改造首批12个小区的方案设计。", "老旧小区改造", "二、重点任务", 20,
                leader, [s.Housing], [], new DateOnly(2026, 3, 20), "2026年3月20日前", false, []));
            s.Drainage = s.Plan.AddTask(new TaskDraft("完成城区排水管网普查。", "排水管网普查", "二、重点任务", 21,
                leader, [s.Housing], [s.Agriculture], new DateOnly(2026, 3, 25), "2026年3月25日前", false, []));
            s.MarketEntities = s.Plan.AddTask(new TaskDraft("培育市场主体，新增市场主体500户以上。", "培育市场主体", "二、重点任务", 22,
                leader, [s.Development], [s.Housing], new DateOnly(2026, 6, 30), "2026年6月底前", false,
                [new TargetDraft("新增市场主体500户以上", "新增市场主体", Comparator.AtLeast, 500, "户")]));
            s.FarmRoads = s.Plan.AddTask(new TaskDraft("新建农村公路30公里。", "农村公路建设", "二、重点任务", 23,
                null, [s.Agriculture], [], new DateOnly(2026, 12, 31), "年底前", false,
                [new TargetDraft("新建农村公路30公里", "新建农村公路", Comparator.AtLeast, 30, "公里")]));
            s.Plan.Publish(PublishedAt);
            db.Plans.Add(s.Plan);
            await db.SaveChangesAsync();
        });
        await app.CreateUserAsync("leader", "王明", Roles.Leader);
        await app.CreateUserAsync("supervisor", "督查室李华", Roles.Supervisor);
        await app.CreateUserAsync("fgj", "发改局张强", Roles.UnitStaff, s.Development.Id);
        await app.CreateUserAsync("zjj", "住建局刘芳", Roles.UnitStaff, s.Housing.Id);
        await app.CreateUserAsync("nyj", "农业农村局陈刚", Roles.UnitStaff, s.Agriculture.Id);
        app.Clock.Advance(ToReviewDay);
        return s;
    }
}
