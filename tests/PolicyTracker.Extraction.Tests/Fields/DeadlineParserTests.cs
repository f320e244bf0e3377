using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Tests.Fields;

public class DeadlineParserTests
{
    /// <summary>
    /// Linear scanning of a megabyte takes well under a second; a quadratic one takes minutes. The margin keeps the
    /// test stable on a machine shared with other builds.
    /// </summary>
    private static readonly TimeSpan QuadraticGuard = TimeSpan.FromSeconds(10);

    private static readonly DateOnly Issued = new(2023, 5, 10);

    private static void AssertDeadline(string text, string? expected, string? expectedText = null)
    {
        var finding = DeadlineParser.Find(text, Issued);
        Assert.Equal(expected, finding.Deadline?.ToString("yyyy-MM-dd"));
        if (expectedText is not null) Assert.Equal(expectedText, finding.Text);
    }

    [Theory]
    [InlineData("2023年6月底前完成场地改造。", "2023-06-30", "2023年6月底前")]
    [InlineData("9月底前完成设备采购。", "2023-09-30", "9月底前")]
    [InlineData("确保2023年10月31日前投入使用。", "2023-10-31", "2023年10月31日前")]
    [InlineData("今年10月底前全部建成。", "2023-10-31", "今年10月底前")]
    [InlineData("2024年2月末完成验收。", "2024-02-29", "2024年2月末")]
    [InlineData("十一月中旬前完成培训。", "2023-11-20", "十一月中旬前")]
    [InlineData("二〇二四年三月底前完成。", "2024-03-31", "二〇二四年三月底前")]
    [InlineData("２０２３年１１月１５日前完成。", "2023-11-15", "２０２３年１１月１５日前")]
    public void Month_and_day_expressions_resolve_to_that_day_or_the_month_end(string text, string expected, string expectedText) =>
        AssertDeadline(text, expected, expectedText);

    [Theory]
    [InlineData("年底前完成全部村庄的清理。", "2023-12-31", "年底前")]
    [InlineData("力争上半年完成招标。", "2023-06-30", "上半年")]
    [InlineData("下半年启用新平台并完成调试。", "2023-12-31", "下半年")]
    [InlineData("第三季度完成主体工程。", "2023-09-30", "第三季度")]
    [InlineData("确保年内投入运营。", "2023-12-31", "年内")]
    [InlineData("2024年初完成方案编制。", "2024-01-31", "2024年初")]
    [InlineData("年中完成中期评估。", "2023-06-30", "年中")]
    [InlineData("10月上旬前完成申报。", "2023-10-10", "10月上旬前")]
    [InlineData("本年度完成全部改造。", "2023-12-31", "本年度")]
    [InlineData("今年完成8个站点建设。", "2023-12-31", "今年")]
    [InlineData("次年3月底前完成验收。", "2024-03-31", "次年3月底前")]
    public void Parts_of_the_year_resolve_in_the_documents_year(string text, string expected, string expectedText) =>
        AssertDeadline(text, expected, expectedText);

    [Theory]
    [InlineData("到2027年，主要农作物机械化率达到85%。", "2027-12-31", "到2027年")]
    [InlineData("力争到2025年底完成全部改造任务。", "2025-12-31", "到2025年底")]
    [InlineData("截至2026年，建成三个示范区。", "2026-12-31", "截至2026年")]
    [InlineData("“十四五”期间建成覆盖城乡的服务网络。", "2025-12-31", "“十四五”期间")]
    [InlineData("到“十五五”末实现全覆盖。", "2030-12-31", "到“十五五”末")]
    public void Horizons_resolve_to_the_end_of_their_year(string text, string expected, string expectedText) =>
        AssertDeadline(text, expected, expectedText);

    [Theory]
    [InlineData("2024年，新增规上企业3家。", "2024-12-31", "2024年")]
    [InlineData("修缮两处古建筑，2023年度利用专项债券实施。", "2023-12-31", "2023年度")]
    [InlineData("计划2024年新建村级服务站10个。", "2024-12-31", "2024年")]
    public void A_bare_year_that_opens_a_clause_is_the_horizon(string text, string expected, string expectedText) =>
        AssertDeadline(text, expected, expectedText);

    [Theory]
    [InlineData("实施2023年坡耕地治理项目。")]
    [InlineData("对照2023年6000元的监测标准开展排查。")]
    [InlineData("2024年是全面落实规划的关键之年。")]
    public void A_year_that_only_names_a_project_or_standard_is_no_deadline(string text) =>
        AssertDeadline(text, null);

    [Theory]
    [InlineData("摸底阶段（2023年6月1日至6月20日）开展排查。", "2023-06-20", "2023年6月1日至6月20日")]
    [InlineData("宣传阶段（2023年7月1日至15日）。", "2023-07-15", "2023年7月1日至15日")]
    [InlineData("2023年8月-9月完成设备安装。", "2023-09-30", "2023年8月-9月")]
    [InlineData("开展扬尘治理专项行动（2023年6月—10月）。", "2023-10-31", "2023年6月—10月")]
    [InlineData("集中整治阶段（5月8日20日）", "2023-05-20", "5月8日20日")]
    [InlineData("评估阶段（2024年11月底—2025年）", "2025-12-31", "2024年11月底—2025年")]
    public void A_date_range_ends_the_task_at_its_last_day(string text, string expected, string expectedText) =>
        AssertDeadline(text, expected, expectedText);

    [Theory]
    [InlineData("2023—2025年，每年新增示范村2个。", "2025-12-31", "2023—2025年")]
    [InlineData("实施进度\t2023.6-2023.11\t县水利局", "2023-11-30", "2023.6-2023.11")]
    public void Spans_of_years_and_numeric_dates_end_at_their_last_part(string text, string expected, string expectedText) =>
        AssertDeadline(text, expected, expectedText);

    [Fact]
    public void A_decimal_amount_is_not_a_numeric_date() => AssertDeadline("争取资金2023.5万元。", null);

    [Fact]
    public void A_range_end_is_kept_as_printed_even_before_its_start() =>
        AssertDeadline("复核阶段（2023年6月11日至6月3日）", "2023-06-03");

    [Theory]
    [InlineData("建立档案并培训人员。完成时限为2023年8月底。", "2023-08-31", "2023年8月底")]
    [InlineData("争取2023年11月完成。", "2023-11-30", "2023年11月")]
    [InlineData("到2026年实现全覆盖（截止时间：2024年3月31日）。", "2024-03-31", "2024年3月31日")]
    public void Stated_completion_times_are_deadlines(string text, string expected, string expectedText) =>
        AssertDeadline(text, expected, expectedText);

    [Fact]
    public void Several_dates_give_the_last_as_deadline_and_keep_the_others_as_milestones()
    {
        var finding = DeadlineParser.Find("2023年底完成改造任务的50%，2024年底前全部完成。", Issued);
        Assert.Equal(new DateOnly(2024, 12, 31), finding.Deadline);
        Assert.Equal("2024年底前", finding.Text);
        var milestone = Assert.Single(finding.Milestones);
        Assert.Equal(new DateOnly(2023, 12, 31), milestone.Date);
    }

    [Fact]
    public void The_same_date_written_twice_is_quoted_where_it_is_a_cut_off()
    {
        var finding = DeadlineParser.Find("围绕2023年9月底取得批复，在2023年9月底前全部完成。", Issued);
        Assert.Equal("2023年9月底前", finding.Text);
    }

    [Fact]
    public void A_table_cell_holding_only_a_date_is_the_schedule_column()
    {
        var finding = DeadlineParser.Find("改造项目\t2023年4月\t2023年11月\t租金补贴（2023年1月至2023年11月）", Issued);
        Assert.Equal(new DateOnly(2023, 11, 30), finding.Deadline);
        Assert.Equal("2023年11月", finding.Text);
    }

    [Theory]
    [InlineData("三年内实现全覆盖。", "2026-05-10")]
    [InlineData("6个月内完成整改。", "2023-11-10")]
    public void Relative_spans_count_from_the_documents_date(string text, string expected) =>
        AssertDeadline(text, expected);

    [Theory]
    [InlineData("购置的农机三年内不得转让。")]
    [InlineData("应急结束后1个月内提交总结报告。")]
    [InlineData("普及6月龄以上婴儿辅食知识。")]
    public void Spans_that_limit_a_use_or_count_from_an_event_and_ages_are_not_deadlines(string text) =>
        AssertDeadline(text, null);

    [Theory]
    [InlineData("每月5日前报送工作进展。")]
    [InlineData("每季度末月20日前上报台账。")]
    [InlineData("每年12月底前开展一次评估。")]
    public void Recurring_dates_are_not_deadlines(string text) => AssertDeadline(text, null);

    [Theory]
    [InlineData("按照《某县养老服务规划（2021—2025年）》要求推进。")]
    [InlineData("依据某政发〔2023〕12号文件执行。")]
    [InlineData("按照县老旧小区改造行动方案（2021—2025年）要求推进。")]
    [InlineData("自2024年起，为社区配置健身器材。")]
    [InlineData("2024年9月开始开展资质认定工作。")]
    [InlineData("2022年，全县新建养老床位300张。")]
    [InlineData("今年以来累计培训600人次。")]
    [InlineData("2023年3月，全县已完成摸底。")]
    [InlineData("负责辖区治理工作。某县人民政府办公室2023年6月25日（此件公开发布）")]
    public void Background_dates_are_not_deadlines(string text) => AssertDeadline(text, null);

    [Fact]
    public void Work_that_never_ends_is_ongoing_without_a_deadline()
    {
        var finding = DeadlineParser.Find("加强日常巡查，长期坚持，2023年底前建立台账。", Issued);
        Assert.Null(finding.Deadline);
        Assert.True(finding.Ongoing);
    }

    [Fact]
    public void Continuing_work_with_a_date_keeps_its_deadline()
    {
        var finding = DeadlineParser.Find("持续推进水库建设，确保年内竣工。", Issued);
        Assert.Equal(new DateOnly(2023, 12, 31), finding.Deadline);
        Assert.False(finding.Ongoing);
    }

    [Theory]
    [InlineData("2023年底前建立巡查制度。（完成时限：持续推进）")]
    [InlineData("建立巡查制度，2023年底前出台办法\t县应急局\t常态化")]
    public void A_time_limit_that_says_the_work_continues_makes_the_task_ongoing(string text)
    {
        var finding = DeadlineParser.Find(text, Issued);
        Assert.Null(finding.Deadline);
        Assert.True(finding.Ongoing);
    }

    [Fact]
    public void Continuing_work_without_a_date_is_flagged_ongoing() =>
        Assert.True(DeadlineParser.Find("常态化开展隐患排查。", Issued).Ongoing);

    [Fact]
    public void A_name_containing_long_term_is_not_ongoing_work() =>
        Assert.False(DeadlineParser.Find("探索建立长期护理保险制度。", Issued).Ongoing);

    [Fact]
    public void A_month_without_a_year_needs_the_documents_date() =>
        Assert.Null(DeadlineParser.Find("6月底前完成。", null).Deadline);

    [Fact]
    public void Without_the_documents_date_a_month_borrows_the_year_written_before_it() =>
        Assert.Equal(new DateOnly(2024, 9, 30), DeadlineParser.Find("2024年6月启动，9月底前完成。", null).Deadline);

    [Fact]
    public void A_stated_completion_time_wins_over_later_horizons()
    {
        var finding = DeadlineParser.Find("建成监测平台，到2027年全面覆盖。完成时限为2024年10月底。", Issued);
        Assert.Equal(new DateOnly(2024, 10, 31), finding.Deadline);
        Assert.Equal("2024年10月底", finding.Text);
    }

    [Fact]
    public void A_megabyte_of_noise_is_scanned_quickly()
    {
        var noise = string.Concat(Enumerable.Repeat("2023年6月至每季度底前《到2025年第三", 40_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        DeadlineParser.Find(noise, Issued);
        Assert.True(watch.Elapsed < QuadraticGuard);
    }

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
        DeadlineParser.Find(noise, Issued);
        Assert.True(watch.Elapsed < QuadraticGuard);
    }
}
