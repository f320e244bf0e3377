using Microsoft.Playwright;
using PolicyTracker.Ui.Tests.Infrastructure;

namespace PolicyTracker.Ui.Tests;

public sealed class UnitWorkspaceTests : UiTest
{
    // A 1×1 PNG: evidence must be a real image, the server sniffs the bytes.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Unit_staff_reports_progress_with_a_target_actual_and_sees_the_light_turn_from_yellow_to_green()
    {
        var browser = await LoggedInAsync("fgj");
        var page = browser.Page;

        Assert.EndsWith("/unit.html", page.Url);
        var row = page.Locator($"tr[data-task-id='{County.MarketEntities.Id}']");
        await Assertions.Expect(row).ToContainTextAsync("黄灯");
        await Assertions.Expect(row).ToContainTextAsync("2026年6月30日");
        await browser.ScreenshotAsync("unit-workspace");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);

        await row.GetByRole(AriaRole.Link, new() { Name = "填报进展" }).ClickAsync();
        await Assertions.Expect(page.Locator("#progress-form")).ToBeVisibleAsync();
        await page.GetByLabel("完成进度（%）").FillAsync("50");
        await page.GetByLabel("新增市场主体 实际值", new() { Exact = false }).FillAsync("320");
        await page.GetByLabel("进展情况").FillAsync("已新增市场主体320户，正在推进第二批企业入驻。");
        await page.GetByLabel("佐证材料", new() { Exact = false }).SetInputFilesAsync(
            new FilePayload { Name = "现场照片.png", MimeType = "image/png", Buffer = Png });
        await browser.ScreenshotAsync("task-progress-form");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交进展" }).ClickAsync();

        await Assertions.Expect(page.Locator("#task-light")).ToContainTextAsync("绿灯");
        await Assertions.Expect(page.Locator("#task-percent")).ToContainTextAsync("50%");
        await Assertions.Expect(page.Locator($"[data-target-actual='{County.MarketEntities.Targets[0].Id}']")).ToContainTextAsync("320");
        await Assertions.Expect(page.Locator("#hist-h + ul")).ToContainTextAsync("现场照片.png");
        await browser.ScreenshotAsync("task-detail-after-progress");

        await page.GetByRole(AriaRole.Link, new() { Name = "单位工作台" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-task-id='{County.MarketEntities.Id}']")).ToContainTextAsync("绿灯");
    }

    [Fact]
    public async Task Staff_of_another_unit_cannot_open_the_progress_form_of_a_task_that_is_not_theirs()
    {
        var browser = await LoggedInAsync("nyj");
        var page = browser.Page;

        await page.GotoAsync($"/task.html?id={County.MarketEntities.Id}#progress");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("无权");
        await Assertions.Expect(page.Locator("#progress-form")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("task-forbidden");
    }

    [Fact]
    public async Task A_co_unit_sees_the_task_but_gets_the_contribution_form_not_the_progress_form()
    {
        var browser = await LoggedInAsync("zjj");
        var page = browser.Page;

        await page.GotoAsync($"/task.html?id={County.MarketEntities.Id}#progress");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "配合情况" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#progress-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_unit_workspace_and_progress_form_fit_a_phone_screen()
    {
        var browser = await LoggedInAsync("fgj", width: 390, height: 844);
        var page = browser.Page;
        await Assertions.Expect(page.Locator($"tr[data-task-id='{County.MarketEntities.Id}']")).ToContainTextAsync("黄灯");
        Assert.False(await OverflowsAsync(page), "the unit workspace is wider than a phone screen");
        await browser.ScreenshotAsync("unit-workspace-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "填报进展" }).ClickAsync();
        await Assertions.Expect(page.Locator("#progress-form")).ToBeVisibleAsync();
        Assert.False(await OverflowsAsync(page), "the task page is wider than a phone screen");
        await browser.ScreenshotAsync("task-detail-phone");
    }

    private static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
}
