using System.Text;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Reports;
using Microsoft.Playwright;
using PolicyTracker.Ui.Tests.Infrastructure;

namespace PolicyTracker.Ui.Tests;

public sealed class SupervisionTests : UiTest
{
    private const string CityPlan = """
        示范县人民政府办公室
        关于印发示范县2026年城市管理提升行动方案的通知
        示政办发〔2026〕12号

        各乡镇人民政府，县直各有关单位：
        现将《示范县2026年城市管理提升行动方案》印发给你们，请认真贯彻落实。

        示范县人民政府办公室
        2026年3月1日

        示范县2026年城市管理提升行动方案

        一、重点任务
        1.整治占道经营。开展占道经营专项整治，主要街道占道经营点位清理率达到100%。2026年6月底前完成。（牵头单位：县城管执法局；配合单位：县住房和城乡建设局）
        2.提升市容环境。新建口袋公园10个以上。2026年9月底前完成。（牵头单位：县住房和城乡建设局）
        """;

    [Fact]
    public async Task A_supervisor_reviews_an_import_corrects_an_unknown_lead_unit_publishes_it_and_the_tasks_appear()
    {
        var browser = await LoggedInAsync("supervisor");
        var page = browser.Page;

        await UploadAsync(page);

        await Assertions.Expect(page.Locator("#source")).ToContainTextAsync("整治占道经营");
        await Assertions.Expect(page.Locator("article.draft-task").First).ToContainTextAsync("整治占道经营");
        await page.Locator("[data-select]").First.ClickAsync();
        await Assertions.Expect(page.Locator("#source li.hl mark.unit").First).ToHaveTextAsync("县城管执法局");
        await Assertions.Expect(page.Locator("#source li.hl mark.deadline").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("import-review");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);

        // The extractor read "县城管执法局", a name the county doesn't know: the supervisor corrects the lead unit.
        await Assertions.Expect(page.Locator("form[data-map='县城管执法局']")).ToBeVisibleAsync();
        await page.Locator("article.draft-task").First.GetByRole(AriaRole.Button, new() { Name = "编辑" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("牵头单位", new() { Exact = false }).FillAsync("县综合行政执法局");
        await browser.ScreenshotAsync("import-edit-task");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("article.draft-task").First).ToContainTextAsync("牵头：县综合行政执法局");
        await Assertions.Expect(page.Locator("form[data-map='县城管执法局']")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已发布" })).ToBeVisibleAsync();
        await page.Locator("#published a").First.ClickAsync();

        var table = page.Locator("table.task-table");
        await Assertions.Expect(table).ToContainTextAsync("整治占道经营");
        await Assertions.Expect(table.Locator("tr", new() { HasText = "整治占道经营" })).ToContainTextAsync("县综合行政执法局");
        await Assertions.Expect(table).ToContainTextAsync("2026年6月30日");
        await browser.ScreenshotAsync("import-published-tasks");
        Assert.Empty(browser.ExternalRequests);
    }

    [Fact]
    public async Task A_supervisor_maps_an_unknown_unit_name_excludes_a_non_task_and_publishes_only_the_rest()
    {
        var browser = await LoggedInAsync("supervisor");
        var page = browser.Page;
        await UploadAsync(page);

        await MapUnknownUnitAsync(page);

        var second = page.Locator("article.draft-task", new() { HasText = "提升市容环境" });
        await second.GetByRole(AriaRole.Button, new() { Name = "标记为非任务" }).ClickAsync();
        // The button's own label holds "非任务", so wait for the badge the reloaded draft shows.
        await Assertions.Expect(page.Locator("article.draft-task", new() { HasText = "提升市容环境" }).Locator(".badge")).ToHaveTextAsync("非任务");

        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "共 1 项任务" })).ToBeVisibleAsync();
        await page.Locator("#published a").First.ClickAsync();
        var rows = page.Locator("table.task-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("县综合行政执法局");
    }

    [Fact]
    public async Task A_publish_clicked_while_an_exclusion_is_still_on_its_way_waits_for_it()
    {
        var browser = await LoggedInAsync("supervisor");
        var page = browser.Page;
        await UploadAsync(page);
        await MapUnknownUnitAsync(page);

        // Hold the exclusion back so that the supervisor's publish click certainly comes before the server has it.
        await page.RouteAsync("**/exclude", async route => { await Task.Delay(1500); await route.ContinueAsync(); });
        var second = page.Locator("article.draft-task", new() { HasText = "提升市容环境" });
        await second.GetByRole(AriaRole.Button, new() { Name = "标记为非任务" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "共 1 项任务" })).ToBeVisibleAsync();
        await page.Locator("#published a").First.ClickAsync();
        await Assertions.Expect(page.Locator("table.task-table tbody tr")).ToHaveCountAsync(1);
    }

    /// <summary>The extractor read "县城管执法局", a name the county doesn't know: the supervisor maps it to the law-enforcement bureau.</summary>
    private async Task MapUnknownUnitAsync(IPage page)
    {
        var mapping = page.Locator("form[data-map='县城管执法局']");
        await mapping.GetByLabel("“县城管执法局”对应到").SelectOptionAsync(County.LawEnforcement.Id.ToString());
        await mapping.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Assertions.Expect(page.Locator("form[data-map='县城管执法局']")).ToHaveCountAsync(0);
    }

    private static async Task UploadAsync(IPage page)
    {
        await page.GotoAsync("/import.html");
        await page.GetByLabel("选择文件", new() { Exact = false }).SetInputFilesAsync(
            new FilePayload { Name = "城市管理提升行动方案.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(CityPlan) });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并识别" }).ClickAsync();
        await page.WaitForURLAsync("**/import.html?id=*");
    }

    [Fact]
    public async Task The_supervision_board_lists_red_and_yellow_tasks_and_urges_a_unit_in_place()
    {
        var browser = await LoggedInAsync("supervisor");
        var page = browser.Page;

        Assert.EndsWith("/supervision.html", page.Url);
        await Assertions.Expect(page.Locator("#red")).ToContainTextAsync("老旧小区改造");
        await Assertions.Expect(page.Locator("#yellow")).ToContainTextAsync("培育市场主体");
        await browser.ScreenshotAsync("supervision-board");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);

        await page.Locator($"#red tr[data-task-id='{County.OldEstates.Id}']").GetByRole(AriaRole.Button, new() { Name = "催办" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("催办要求").FillAsync("请于3日内报送老旧小区改造方案设计进展。");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "发出催办" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#urges")).ToContainTextAsync("请于3日内报送老旧小区改造方案设计进展");

        await page.GotoAsync($"/task.html?id={County.OldEstates.Id}");
        await Assertions.Expect(page.Locator("#urges-h + div, #urges-h ~ *").First).ToContainTextAsync("请于3日内报送");
        await Assertions.Expect(page.Locator("#tl-h ~ ol")).ToContainTextAsync("催办");
        await browser.ScreenshotAsync("task-detail-supervisor");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);
    }

    [Fact]
    public async Task Supervision_finds_the_weekly_report_and_downloads_its_ledger_as_xlsx()
    {
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GenerateReport.Command(ReportKind.Weekly));
        var browser = await LoggedInAsync("supervisor");
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "报表" }).ClickAsync();
        var row = page.Locator("#reports tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("周报");
        await Assertions.Expect(row).ToContainTextAsync("2026年3月");
        await browser.ScreenshotAsync("reports");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "下载台账（.xlsx）" }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        var head = new byte[2];
        await using (var file = File.OpenRead(path)) await file.ReadExactlyAsync(head);
        Assert.Equal("PK"u8.ToArray(), head);
    }

    [Fact]
    public async Task A_completion_request_from_a_unit_is_confirmed_with_a_grade_on_the_supervision_board()
    {
        var unit = await LoggedInAsync("fgj");
        await unit.Page.GotoAsync($"/task.html?id={County.MarketEntities.Id}");
        await unit.Page.GetByRole(AriaRole.Button, new() { Name = "申请办结" }).ClickAsync();
        var dialog = unit.Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("办结情况说明").FillAsync("新增市场主体512户，目标已完成。");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "申请办结" }).ClickAsync();
        await Assertions.Expect(unit.Page.Locator("#task-status")).ToContainTextAsync("申请办结");

        var browser = await LoggedInAsync("supervisor");
        var page = browser.Page;
        var request = page.Locator("#completion li", new() { HasText = "培育市场主体" });
        await request.GetByLabel("办结评定").SelectOptionAsync(new SelectOptionValue { Label = "良好" });
        await request.GetByRole(AriaRole.Button, new() { Name = "确认办结" }).ClickAsync();
        await Assertions.Expect(page.Locator("#completion")).ToContainTextAsync("没有待确认的办结申请");

        await page.GotoAsync($"/task.html?id={County.MarketEntities.Id}");
        await Assertions.Expect(page.Locator("#task-status")).ToContainTextAsync("已办结（评定：良好）");
        await Assertions.Expect(page.Locator("#tl-h ~ ol")).ToContainTextAsync("确认办结");
    }
}
