using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Reports;

/// <summary>The periods reports cover: weeks run Monday to Sunday, months and quarters by the calendar.</summary>
public static class ReportPeriods
{
    /// <summary>The last period of <paramref name="kind"/> that ended before <paramref name="today"/>.</summary>
    public static (DateOnly Start, DateOnly End) LastCompleted(ReportKind kind, DateOnly today)
    {
        switch (kind)
        {
            case ReportKind.Weekly:
                var sinceMonday = ((int)today.DayOfWeek + 6) % 7;
                var thisMonday = today.AddDays(-sinceMonday);
                return (thisMonday.AddDays(-7), thisMonday.AddDays(-1));
            case ReportKind.Monthly:
                var thisMonth = new DateOnly(today.Year, today.Month, 1);
                return (thisMonth.AddMonths(-1), thisMonth.AddDays(-1));
            default:
                var thisQuarter = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
                return (thisQuarter.AddMonths(-3), thisQuarter.AddDays(-1));
        }
    }

    public static string Title(ReportKind kind, DateOnly start, DateOnly end) => kind switch
    {
        ReportKind.Weekly => $"督查周报（{start:yyyy年M月d日}—{end:M月d日}）",
        ReportKind.Monthly => $"{start:yyyy年M月}任务落实情况月报",
        _ => $"{start.Year}年第{(start.Month - 1) / 3 + 1}季度任务落实情况季报",
    };
}
