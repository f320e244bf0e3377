using Microsoft.Playwright;
using PolicyTracker.Ui.Tests.Infrastructure;

namespace PolicyTracker.Ui.Tests;

public sealed class LeaderDashboardTests : UiTest
{
    [Fact]
    public async Task A_leader_logs_in_sees_the_dashboard_and_drills_down_to_a_units_overdue_tasks()
    {
        var browser = await LoggedInAsync("leader");
        var page = browser.Page;

        Assert.EndsWith("/dashboard.html", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "领导驾驶舱", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("逾期任务");
        // ECharts came from the app itself and drew the overdue chart.
        await Assertions.Expect(page.Locator("#overdue-card canvas").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("dashboard");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);

        // March's league table: the housing bureau's two tasks fell due in March and neither was closed.
        await page.GetByLabel("统计月份").FillAsync("2026-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        var housingRank = page.Locator("#ranking tr", new() { HasText = "县住房和城乡建设局" });
        await Assertions.Expect(housingRank.Locator("td[data-label='逾期']")).ToHaveTextAsync("2");
        await Assertions.Expect(housingRank.Locator("td[data-label='按时办结率']")).ToHaveTextAsync("0%");

        var overdueCard = page.Locator("#overdue-card");
        await overdueCard.GetByText("查看数据并下钻").ClickAsync();
        await overdueCard.GetByRole(AriaRole.Link, new() { Name = "县住房和城乡建设局" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("县住房和城乡建设局的逾期任务");
        var rows = page.Locator("table.task-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table.task-table")).ToContainTextAsync("老旧小区改造");
        await Assertions.Expect(page.Locator("table.task-table")).ToContainTextAsync("排水管网普查");
        await Assertions.Expect(page.Locator("table.task-table")).Not.ToContainTextAsync("培育市场主体");
        await Assertions.Expect(rows.First).ToContainTextAsync("红灯");
        await Assertions.Expect(rows.First).ToContainTextAsync("2026年3月");
        await browser.ScreenshotAsync("dashboard-drilldown-overdue");
        Assert.DoesNotContain(browser.Errors, e => !e.Contains("Failed to load resource"));
        Assert.Empty(browser.ExternalRequests);
    }

    [Fact]
    public async Task The_dashboard_fits_a_phone_screen()
    {
        var browser = await LoggedInAsync("leader", width: 390, height: 844);
        await Assertions.Expect(browser.Page.Locator("#overdue-card canvas").First).ToBeVisibleAsync();
        var overflows = await browser.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflows, "the dashboard is wider than a phone screen");
        await browser.ScreenshotAsync("dashboard-phone");
    }

    [Fact]
    public async Task A_wrong_password_gets_a_chinese_message_and_stays_on_the_login_page()
    {
        var browser = await BrowserAsync();
        await browser.Page.GotoAsync("/login.html");
        await browser.Page.GetByLabel("用户名").FillAsync("leader");
        await browser.Page.GetByLabel("密码").FillAsync("wrong-password");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Assertions.Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码错误");
        Assert.Contains("/login.html", browser.Page.Url);
        await browser.ScreenshotAsync("login-error");
        await AssertNoSeriousAccessibilityViolationsAsync(browser);
    }

    [Fact]
    public async Task The_login_form_works_with_the_keyboard_alone()
    {
        var browser = await BrowserAsync();
        var page = browser.Page;
        await page.GotoAsync("/login.html");

        await page.Keyboard.TypeAsync("leader");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(UiApp.Password);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/dashboard.html");
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()");
        Assert.Equal("跳到主要内容", focused);
    }

    [Fact]
    public async Task A_leader_gives_an_instruction_on_an_overdue_task_and_it_shows_on_the_task()
    {
        var browser = await LoggedInAsync("leader");
        var page = browser.Page;
        await page.Locator("#summary").GetByRole(AriaRole.Link, new() { Name = "逾期任务" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "老旧小区改造" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "作出批示" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("批示内容").FillAsync("请住建局本周内拿出改造方案，督查室跟踪。");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "发出批示" }).ClickAsync();

        await Assertions.Expect(page.Locator("#ins-h ~ ul")).ToContainTextAsync("请住建局本周内拿出改造方案");
        await Assertions.Expect(page.Locator("#ins-h ~ ul")).ToContainTextAsync("王明");
        await Assertions.Expect(page.Locator("#progress-form")).ToHaveCountAsync(0);
    }
}
