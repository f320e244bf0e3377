using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Tests.Data;

/// <summary>A range of deadlines read from period tallies counts every day in it once and no day outside it.</summary>
public sealed class DeadlineCoverTests
{
    public static TheoryData<string, string> Ranges => new()
    {
        { "2026-03-01", "2026-03-31" },  // one whole month
        { "2026-03-01", "2026-03-17" },  // a month up to a day before today
        { "2026-03-05", "2026-03-05" },  // one day
        { "2026-03-31", "2026-04-01" },  // across a month end, no whole month
        { "2026-02-15", "2026-05-10" },  // edge days and whole months
        { "2025-11-20", "2027-02-03" },  // days, months, a whole year, months, days
        { "2024-01-01", "2026-12-31" },  // whole years only
        { "2024-02-29", "2024-03-01" },  // a leap day
        { "2026-03-10", "2026-03-09" },  // empty
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Pieces_cover_each_day_of_the_range_exactly_once(string first, string last)
    {
        var (from, to) = (DateOnly.Parse(first), DateOnly.Parse(last));
        var pieces = DeadlineCover.Of(from, to);
        for (var day = from.AddDays(-400); day <= to.AddDays(400); day = day.AddDays(1))
        {
            // A piece counts a day when the start of the day's row of the piece's grain falls in it.
            var counted = pieces.Count(p => PeriodTally.StartOf(p.Grain, day) is var start && start >= p.From && start < p.Until);
            Assert.True(counted == (day >= from && day <= to ? 1 : 0), $"{day} counted {counted} times for {first}..{last}");
        }
        Assert.All(pieces, p => Assert.Equal(p.From, PeriodTally.StartOf(p.Grain, p.From)));
    }

    [Fact]
    public void The_deadlines_before_today_weigh_each_earlier_day_once_and_later_days_not_at_all_on_every_day_of_two_years()
    {
        for (var today = new DateOnly(2025, 1, 1); today <= new DateOnly(2026, 12, 31); today = today.AddDays(1))
        {
            var pieces = DeadlineCover.Before(today);
            for (var day = today.AddDays(-400); day <= today.AddDays(400); day = day.AddDays(1))
            {
                var weight = pieces.Where(p => PeriodTally.StartOf(p.Grain, day) is var start && start >= p.From && start < p.Until).Sum(p => p.Sign);
                Assert.True(weight == (day < today ? 1 : 0), $"{day} weighs {weight} before {today}");
            }
            // Read per unit: the years, at most six months and at most half a month of days (and a month row).
            var months = pieces.Where(p => p.Grain == TallyGrain.Month).Sum(p => (p.Until.Year - p.From.Year) * 12 + p.Until.Month - p.From.Month);
            var days = pieces.Where(p => p.Grain == TallyGrain.Day).Sum(p => p.Until.DayNumber - p.From.DayNumber);
            Assert.True(months <= 6 && days <= 16, $"{months} months and {days} days read before {today}");
        }
    }

    [Fact]
    public void Late_in_the_month_and_year_the_deadlines_before_today_are_read_backwards()
    {
        Assert.Equal(
            [new(TallyGrain.Year, DateOnly.MinValue, new(2027, 1, 1)), new(TallyGrain.Month, new(2026, 12, 1), new(2027, 1, 1), -1),
             new DeadlineCover.Piece(TallyGrain.Day, new(2026, 11, 27), new(2026, 12, 1), -1)],
            DeadlineCover.Before(new DateOnly(2026, 11, 27)));
        Assert.Equal(
            [new(TallyGrain.Year, DateOnly.MinValue, new(2026, 1, 1)), new(TallyGrain.Month, new(2026, 1, 1), new(2026, 2, 1)),
             new DeadlineCover.Piece(TallyGrain.Day, new(2026, 2, 1), new(2026, 2, 10))],
            DeadlineCover.Before(new DateOnly(2026, 2, 10)));
    }
}
