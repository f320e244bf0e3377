using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Reports;
using PolicyTracker.Web.Jobs;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Reminders;

public sealed class ReportTests
{
    private static async Task<GenerateReport.Response> GenerateAsync(TestApp app, ReportKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GenerateReport.Command(kind));
    }

    [Fact]
    public async Task The_weekly_report_is_made_once_per_week_with_a_ledger_row_per_task()
    {
        await using var app = new TestApp();
        var s = await ReminderScenario.PublishAsync(app);
        await s.ApplyEventsAsync(app, ReminderScenario.Start);
        ReminderScenario.SetTime(app, new DateOnly(2026, 3, 10), TimeSpan.FromHours(7));
        await s.ApplyEventsAsync(app, new DateOnly(2026, 3, 10));

        var first = await GenerateAsync(app, ReportKind.Weekly);
        await app.Services.GetRequiredService<ReminderJobs>().GenerateReportAsync(ReportKind.Weekly, CancellationToken.None);
        var again = await GenerateAsync(app, ReportKind.Weekly);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.ReportId, again.ReportId);
        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 8)), (first.PeriodStart, first.PeriodEnd));
        Assert.Equal(1, await app.WithDbAsync(db => db.Reports.CountAsync()));
        var notice = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.Kind == "report"));
        Assert.Equal(Roles.Supervisor, notice.RecipientRole);
        Assert.Contains("共跟踪任务3项", notice.Body);

        var ledger = await app.WithDbAsync(db => db.Reports.Select(r => r.Ledger).SingleAsync());
        var rows = ReadRows(ledger);
        Assert.Equal(ReportLedger.Header, rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["1", "建成企业开办一站式服务专区", "县发改局", "县财政局", "", "2026年4月15日"], rows[1][..6]);
        Assert.Equal(["2", "完成涉企收费清单公示", "县财政局", "", "李县长", "2026年3月20日"], rows[2][..6]);
        Assert.StartsWith("已梳理收费项目", rows[2][6]);
        Assert.Equal(["30%", "推进中"], rows[2][7..9]);
        Assert.Equal(["3", "长期坚持", "0%", "未启动", "绿灯"], [rows[3][0], rows[3][5], rows[3][7], rows[3][8], rows[3][9]]);
    }

    [Fact]
    public async Task Monthly_and_quarterly_reports_go_to_leaders_and_are_listed_and_downloaded_through_the_api()
    {
        await using var app = new TestApp();
        await ReminderScenario.PublishAsync(app);
        ReminderScenario.SetTime(app, new DateOnly(2026, 4, 1), TimeSpan.FromHours(7));
        var monthly = await GenerateAsync(app, ReportKind.Monthly);
        var quarterly = await GenerateAsync(app, ReportKind.Quarterly);
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), (monthly.PeriodStart, monthly.PeriodEnd));
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)), (quarterly.PeriodStart, quarterly.PeriodEnd));
        Assert.Equal(2, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Kind == "report" && n.RecipientRole == Roles.Leader)));

        await app.CreateUserAsync("leader", Roles.Leader);
        await app.CreateUserAsync("staff", Roles.UnitStaff);
        var leader = await app.SignInAsync("leader");
        var list = await leader.GetFromJsonAsync<JsonElement[]>("/api/reports");
        Assert.Equal(2, list!.Length);
        Assert.Contains(list, r => r.GetProperty("title").GetString() == "2026年第1季度任务落实情况季报");
        var inbox = await leader.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Equal(2, inbox.GetProperty("total").GetInt32());

        var download = await leader.GetAsync($"/api/reports/{monthly.ReportId}/ledger.xlsx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(GetReportLedger.ContentType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, ReadRows(await download.Content.ReadAsByteArrayAsync()).Count);

        var staff = await app.SignInAsync("staff");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/reports/{monthly.ReportId}/ledger.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/api/reports/{Guid.NewGuid()}/ledger.xlsx")).StatusCode);
    }

    private static List<string[]> ReadRows(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Descendants<Sheet>().Single();
        Assert.Equal("台账", sheet.Name?.Value);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        return part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToArray()).ToList();
    }
}
