using PolicyTracker.Extraction.Fields;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Tests.Fields;

public class ReportingCadenceParserTests
{
    /// <summary>
    /// Linear scanning of a megabyte takes well under a second; a quadratic one takes minutes. The margin keeps the
    /// test stable on a machine shared with other builds.
    /// </summary>
    private static readonly TimeSpan QuadraticGuard = TimeSpan.FromSeconds(10);

    [Fact]
    public void Quarterly_reports_due_in_the_quarters_last_month()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("各单位每季度末月20日前报送工作进展。"));
        Assert.Equal(ReportingFrequency.Quarterly, rule.Frequency);
        Assert.Equal(20, rule.DueDay);
        Assert.Equal([3, 6, 9, 12], rule.Months);
    }

    [Fact]
    public void Quarterly_reports_due_after_the_quarter_fall_in_the_next_month()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("每季度结束后10日内上报完成情况。"));
        Assert.Equal([1, 4, 7, 10], rule.Months);
    }

    [Fact]
    public void Monthly_reports_have_their_due_day_every_month()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("每月3日前将上月数据报县统计局。"));
        Assert.Equal(ReportingFrequency.Monthly, rule.Frequency);
        Assert.Equal(3, rule.DueDay);
        Assert.Equal(12, rule.Months.Count);
    }

    [Fact]
    public void Month_end_reports_have_no_due_day()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("于每月月底前将新增任务报住建部门。"));
        Assert.Null(rule.DueDay);
    }

    [Fact]
    public void A_list_of_month_ends_with_named_periods_is_half_yearly()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("6月底、12月底分别报送半年、全年工作总结。"));
        Assert.Equal(ReportingFrequency.HalfYearly, rule.Frequency);
        Assert.Null(rule.DueDay);
        Assert.Equal([6, 12], rule.Months);
    }

    [Fact]
    public void Yearly_reports_take_their_month()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("每年11月底前上报年度考核结果。"));
        Assert.Equal(ReportingFrequency.Yearly, rule.Frequency);
        Assert.Equal([11], rule.Months);
    }

    [Fact]
    public void Two_dates_a_year_make_a_yearly_marker_half_yearly()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("每年6月底和12月底前报送工作总结。"));
        Assert.Equal(ReportingFrequency.HalfYearly, rule.Frequency);
        Assert.Equal([6, 12], rule.Months);
    }

    [Fact]
    public void Quarterly_reports_due_in_the_quarters_first_month()
    {
        var rule = Assert.Single(ReportingCadenceParser.Find("每季度第一个月10日前上报上季度情况。"));
        Assert.Equal([1, 4, 7, 10], rule.Months);
        Assert.Equal(10, rule.DueDay);
    }

    [Fact]
    public void Each_period_named_in_a_clause_is_its_own_duty()
    {
        var rules = ReportingCadenceParser.Find("中心按季、按年报送资金使用情况。");
        Assert.Equal([ReportingFrequency.Quarterly, ReportingFrequency.Yearly], rules.Select(r => r.Frequency));
    }

    [Fact]
    public void Weekly_reports_are_weekly() =>
        Assert.Equal(ReportingFrequency.Weekly, Assert.Single(ReportingCadenceParser.Find("专班每周报送进展情况。")).Frequency);

    [Fact]
    public void The_reporting_verb_may_follow_in_the_next_clause() =>
        Assert.Single(ReportingCadenceParser.Find("每半年开展一次考核，并将考核结果报县农业农村局。"));

    [Theory]
    [InlineData("每月开展一次安全检查。")]
    [InlineData("每季度组织企业进行申报。")]
    [InlineData("2023年10月底前完成自检，12月底前汇总上报。")]
    public void Recurring_work_that_is_not_reporting_or_one_off_reports_are_no_cadence(string text) =>
        Assert.Empty(ReportingCadenceParser.Find(text));

    [Theory]
    [InlineData("一")]
    [InlineData("1")]
    [InlineData("《")]
    [InlineData("每年")]
    [InlineData("2023年")]
    [InlineData("，")]
    public void A_megabyte_of_one_repeated_token_is_scanned_quickly(string token)
    {
        var noise = string.Concat(Enumerable.Repeat(token, 1_000_000 / token.Length));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ReportingCadenceParser.Find(noise);
        Assert.True(watch.Elapsed < QuadraticGuard);
    }
}
