using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Core.Features.Reports;

namespace PolicyTracker.Core.Tests.Reminders;

public sealed class ReminderScheduleTests
{
    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    [Fact]
    public void A_first_run_covers_only_today()
    {
        var w = ReminderWindow.Compute("j", null, D(3, 10), 3);
        Assert.Equal((D(3, 10), D(3, 10), (DateOnly?)null), (w.From, w.Today, w.StaleFrom));
    }

    [Fact]
    public void A_daily_run_covers_yesterday_again_and_today()
    {
        var w = ReminderWindow.Compute("j", D(3, 9), D(3, 10), 3);
        Assert.Equal(D(3, 9), w.From);
        Assert.Null(w.StaleFrom);
    }

    [Fact]
    public void A_second_run_on_the_same_day_covers_today()
    {
        var w = ReminderWindow.Compute("j", D(3, 10), D(3, 10), 3);
        Assert.Equal(D(3, 10), w.From);
    }

    [Fact]
    public void After_downtime_within_the_horizon_every_missed_day_is_caught_up_one_by_one()
    {
        var w = ReminderWindow.Compute("j", D(3, 8), D(3, 10), 3);
        Assert.Equal(D(3, 8), w.From);
        Assert.Null(w.StaleFrom);
    }

    [Fact]
    public void After_downtime_beyond_the_horizon_the_older_days_are_stale()
    {
        var w = ReminderWindow.Compute("j", D(3, 1), D(3, 20), 3);
        Assert.Equal(D(3, 17), w.From);
        Assert.Equal(D(3, 2), w.StaleFrom);
        Assert.Equal(D(3, 16), w.StaleTo);
    }

    [Fact]
    public void Stale_notices_become_one_digest_per_recipient_and_late_ones_are_marked()
    {
        var w = ReminderWindow.Compute("reminders.deadline", D(3, 1), D(3, 20), 3);
        var unit = Recipient.OfUnit(Guid.NewGuid());
        var other = Recipient.OfRole(Roles.Supervisor);
        PlannedNotice N(string key, Recipient r) => new(key, "deadline", key, "body", r);
        var planned = w.Plan([
            new DueNotice(D(3, 5), N("a", unit)), new DueNotice(D(3, 9), N("b", unit)), new DueNotice(D(3, 9), N("c", other)),
            new DueNotice(D(3, 18), N("d", unit)), new DueNotice(D(3, 20), N("e", unit)), new DueNotice(D(3, 1), N("old", unit)),
        ]);
        Assert.Equal(["d", "e"], planned.Where(p => p.Kind == "deadline").Select(p => p.DedupKey));
        Assert.EndsWith("（补发）", planned.Single(p => p.DedupKey == "d").Title);
        Assert.Equal("e", planned.Single(p => p.DedupKey == "e").Title);
        var digests = planned.Where(p => p.Kind == "digest").ToList();
        Assert.Equal(2, digests.Count);
        var unitDigest = digests.Single(d => d.Recipient == unit);
        Assert.Equal($"digest:reminders.deadline:{unit.Key}:20260302-20260316", unitDigest.DedupKey);
        Assert.Contains("3月5日 a", unitDigest.Body);
        Assert.Contains("3月9日 b", unitDigest.Body);
        Assert.DoesNotContain("old", unitDigest.Body);
    }

    [Fact]
    public void Quarterly_cycle_on_the_25th_falls_in_the_last_month_of_each_quarter()
    {
        var cycle = new ReportingCycle(ReportingFrequency.Quarterly, 25, [3, 6, 9, 12], "每季度末月25日前报送进展");
        Assert.Equal([D(3, 25), D(6, 25), D(9, 25), D(12, 25)], cycle.DueDatesBetween(D(1, 1), D(12, 31)));
    }

    [Fact]
    public void A_cycle_due_at_month_end_uses_the_last_day_of_each_month()
    {
        var cycle = new ReportingCycle(ReportingFrequency.HalfYearly, null, [], "半年报");
        Assert.Equal([D(6, 30), D(12, 31)], cycle.DueDatesBetween(D(1, 1), D(12, 31)));
        var monthly = new ReportingCycle(ReportingFrequency.Monthly, 31, [], null);
        Assert.Equal([D(2, 28), D(3, 31), D(4, 30)], monthly.DueDatesBetween(D(2, 1), D(4, 30)));
        Assert.Equal(D(2, 29, 2028), monthly.DueDatesBetween(D(2, 1, 2028), D(2, 29, 2028)).Single());
    }

    [Fact]
    public void A_plan_with_several_cycles_is_due_on_each_day_once()
    {
        var quarterly = new ReportingCycle(ReportingFrequency.Quarterly, 25, [3, 6, 9, 12], null);
        var halfYear = new ReportingCycle(ReportingFrequency.HalfYearly, 25, [6, 12], null);
        Assert.Equal([D(3, 25), D(6, 25), D(9, 25), D(12, 25)], SendReportingReminders.DueDates([quarterly, halfYear], D(1, 1), D(12, 31)));
    }

    [Fact]
    public void The_default_cycle_is_monthly_on_the_25th()
    {
        Assert.Equal([D(3, 25), D(4, 25)], ReportingCycle.DefaultMonthly.DueDatesBetween(D(3, 1), D(4, 30)));
    }

    [Fact]
    public void Acknowledgement_is_chased_the_day_after_the_allowed_days()
    {
        Assert.Equal(D(3, 4), ChaseAcknowledgements.ChaseDay(D(3, 2), 1));
        Assert.Equal(D(3, 3), ChaseAcknowledgements.ChaseDay(D(3, 2), 0));
    }

    [Theory]
    [InlineData(ReportKind.Weekly, "2026-03-11", "2026-03-02", "2026-03-08")]
    [InlineData(ReportKind.Weekly, "2026-03-09", "2026-03-02", "2026-03-08")]
    [InlineData(ReportKind.Weekly, "2026-03-08", "2026-02-23", "2026-03-01")]
    [InlineData(ReportKind.Monthly, "2026-03-01", "2026-02-01", "2026-02-28")]
    [InlineData(ReportKind.Monthly, "2026-01-15", "2025-12-01", "2025-12-31")]
    [InlineData(ReportKind.Quarterly, "2026-04-01", "2026-01-01", "2026-03-31")]
    [InlineData(ReportKind.Quarterly, "2026-03-31", "2025-10-01", "2025-12-31")]
    public void A_report_covers_the_last_completed_period(ReportKind kind, string today, string start, string end)
    {
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end)), ReportPeriods.LastCompleted(kind, DateOnly.Parse(today)));
    }
}
