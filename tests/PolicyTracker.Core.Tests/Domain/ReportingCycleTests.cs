using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;
using Microsoft.Extensions.Time.Testing;

namespace PolicyTracker.Core.Tests.Domain;

public sealed class ReportingCycleTests
{
    [Fact]
    public void Quarterly_reports_on_the_25th_fall_in_march_june_september_and_december()
    {
        var cycle = new ReportingCycle(ReportingFrequency.Quarterly, 25, [3, 6, 9, 12], "每季度末月25日前");
        var due = cycle.DueDatesBetween(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)).ToList();
        Assert.Equal([new(2026, 3, 25), new(2026, 6, 25), new(2026, 9, 25), new(2026, 12, 25)], due);
    }

    [Fact]
    public void Half_year_reports_without_a_day_are_due_on_the_last_day_of_the_month()
    {
        var cycle = new ReportingCycle(ReportingFrequency.HalfYearly, null, [6, 12], "6月底、12月底");
        var due = cycle.DueDatesBetween(new DateOnly(2026, 1, 1), new DateOnly(2027, 6, 30)).ToList();
        Assert.Equal([new(2026, 6, 30), new(2026, 12, 31), new(2027, 6, 30)], due);
    }

    [Fact]
    public void A_monthly_day_past_the_end_of_a_short_month_falls_on_its_last_day()
    {
        var cycle = new ReportingCycle(ReportingFrequency.Monthly, 31, [], "每月底");
        Assert.Contains(new DateOnly(2026, 2, 28), cycle.DueDatesBetween(new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28)));
    }

    [Fact]
    public void County_days_are_days_in_china_not_utc()
    {
        // 2026-03-01 17:00 UTC is already 2026-03-02 01:00 in Asia/Shanghai.
        var clock = new CountyClock(new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 17, 0, 0, TimeSpan.Zero)), CountyClock.ResolveZone("Asia/Shanghai"));
        Assert.Equal(new DateOnly(2026, 3, 2), clock.Today);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero), clock.StartOf(new DateOnly(2026, 3, 2)));
    }
}
