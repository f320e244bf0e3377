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
    public void Everything_before_today_is_a_few_dozen_rows_per_unit()
    {
        var pieces = DeadlineCover.Of(DateOnly.MinValue, new DateOnly(2026, 11, 26));
        Assert.Equal([TallyGrain.Year, TallyGrain.Month, TallyGrain.Day], pieces.Select(p => p.Grain));
        Assert.Equal(new DateOnly(2026, 1, 1), pieces[0].Until);
        Assert.Equal(new DateOnly(2026, 11, 1), pieces[1].Until);
        Assert.Equal(new DateOnly(2026, 11, 27), pieces[2].Until);
    }
}
