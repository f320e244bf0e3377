using PolicyTracker.Extraction.Fields;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Tests.Fields;

public class TargetParserTests
{
    /// <summary>
    /// Linear scanning of a megabyte takes well under a second; a quadratic one takes minutes. The margin keeps the
    /// test stable on a machine shared with other builds.
    /// </summary>
    private static readonly TimeSpan QuadraticGuard = TimeSpan.FromSeconds(10);

    private static ExtractedTarget Single(string text) => Assert.Single(TargetParser.Find(text));

    [Theory]
    [InlineData("确保新增规上企业8家以上。", ">=", 8, "家")]
    [InlineData("培训人数不低于200人。", ">=", 200, "人")]
    [InlineData("至少建成1所示范园。", ">=", 1, "所")]
    [InlineData("参保人数超过9000人。", ">=", 9000, "人")]
    [InlineData("签约医生不少于30名。", ">=", 30, "名")]
    [InlineData("带动农户3000多户。", ">=", 3000, "户")]
    [InlineData("吸纳就业600余人。", ">=", 600, "人")]
    [InlineData("绿化覆盖率≥40%。", ">=", 40, "%")]
    public void At_least_comparators_give_greater_or_equal(string text, string op, double value, string unit) =>
        AssertTarget(Single(text), op, value, unit);

    [Theory]
    [InlineData("班额不超过40人。", "<=", 40, "人")]
    [InlineData("失业率控制在5%以内。", "<=", 5, "%")]
    [InlineData("事故起数低于3起次，死亡人数在2人以下。", "<=", 2, "人")]
    [InlineData("投诉率≤1%。", "<=", 1, "%")]
    public void At_most_comparators_give_less_or_equal(string text, string op, double value, string unit) =>
        AssertTarget(TargetParser.Find(text)[^1], op, value, unit);

    [Theory]
    [InlineData("地区生产总值增长6%左右。", "~", 6, "%")]
    [InlineData("物价涨幅控制在3%左右。", "~", 3, "%")]
    [InlineData("新增就业约1500人。", "~", 1500, "人")]
    public void Approximate_comparators_give_about(string text, string op, double value, string unit) =>
        AssertTarget(Single(text), op, value, unit);

    [Theory]
    [InlineData("入园率达到90%。", "=", 90, "%")]
    [InlineData("新建污水管网12.5公里。", "=", 12.5, "公里")]
    [InlineData("完成造林2.8万亩。", "=", 2.8, "万亩")]
    [InlineData("年销售收入达到3亿元。", "=", 3, "亿元")]
    [InlineData("就业率提高2个百分点。", "=", 2, "个百分点")]
    [InlineData("全年送戏下乡80场次。", "=", 80, "场次")]
    [InlineData("出让工业用地5宗。", "=", 5, "宗")]
    public void Plain_quantities_are_equal_and_keep_wan_and_yi_in_the_unit(string text, string op, double value, string unit) =>
        AssertTarget(Single(text), op, value, unit);

    [Theory]
    [InlineData("建设冷库一座。", 1, "座")]
    [InlineData("培育十家示范企业。", 10, "家")]
    [InlineData("改造两所寄宿制学校。", 2, "所")]
    [InlineData("招募一百二十名志愿者。", 120, "名")]
    [InlineData("完成两万亩复合种植。", 2, "万亩")]
    public void Chinese_numerals_count(string text, double value, string unit) =>
        AssertTarget(Single(text), "=", value, unit);

    [Theory]
    [InlineData("优良天数比例达到百分之八十五。", "=", 85, "%")]
    [InlineData("返贫率控制在千分之三以内。", "<=", 3, "‰")]
    public void Percentages_written_in_words_are_read(string text, string op, double value, string unit) =>
        AssertTarget(Single(text), op, value, unit);

    [Fact]
    public void More_than_may_follow_the_scale_word() => AssertTarget(Single("新增就业1.2万余人。"), ">=", 1.2, "万人");

    [Theory]
    [InlineData("每个乡镇建成3—5个示范点。", 3)]
    [InlineData("与1到2所高校建立合作。", 1)]
    [InlineData("节水率提高10%—15%。", 10)]
    public void Ranges_count_as_at_least_their_lower_bound(string text, double value) =>
        AssertTarget(Single(text), ">=", value, Single(text).Unit!);

    [Theory]
    [InlineData("每季度至少开展一次专项检查。", ">=")]
    [InlineData("每月一次联合巡查。", "=")]
    public void Frequencies_are_counted_in_times(string text, string op) =>
        AssertTarget(Single(text), op, 1, "次");

    [Fact]
    public void A_comparator_before_a_list_applies_to_each_item()
    {
        var targets = TargetParser.Find("每个社区至少建成1条健身步道、1个口袋公园。");
        Assert.All(targets, t => Assert.Equal(">=", t.Op));
        Assert.Equal(2, targets.Count);
    }

    [Fact]
    public void A_comparator_governs_both_sides_of_and()
    {
        var targets = TargetParser.Find("知晓率分别不低于60%和75%。");
        Assert.Equal([">=", ">="], targets.Select(t => t.Op));
    }

    [Fact]
    public void Text_and_metric_name_what_is_measured()
    {
        var target = Single("加快发展，确保新入限商贸企业10家以上。");
        Assert.Equal("确保新入限商贸企业10家以上", target.Text);
        Assert.Equal("新入限商贸企业", target.Metric);
    }

    [Theory]
    [InlineData("3.新建护坡、排水渠600米。", "新建护坡、排水渠600米")]
    [InlineData("（二）年产小麦1.2万斤。", "年产小麦1.2万斤")]
    [InlineData("到2026年全县造林面积5000亩。", "全县造林面积5000亩")]
    public void Text_keeps_lists_but_drops_numbering_and_dates_in_front(string input, string expected) =>
        Assert.Equal(expected, Single(input).Text);

    [Fact]
    public void Each_item_of_a_counted_list_keeps_only_its_own_words()
    {
        var targets = TargetParser.Find("打造3个示范乡镇、12个示范村。");
        Assert.Equal("12个示范村", targets[1].Text);
    }

    [Fact]
    public void A_measured_noun_after_an_action_verb_follows_the_number()
    {
        var target = Single("加快提升，打造2家以上星级酒店。");
        Assert.Equal("打造2家以上星级酒店", target.Text);
        Assert.Equal("星级酒店", target.Metric);
    }

    [Theory]
    [InlineData("每举办1次得2分。")]
    [InlineData("每纳入一个给予支持。")]
    public void Per_event_scoring_rules_are_not_targets(string text) => Assert.Empty(TargetParser.Find(text));

    [Theory]
    [InlineData("全县共149口人。")]
    [InlineData("3000人口以下的村。")]
    [InlineData("分为五类残疾。")]
    public void Units_that_are_the_start_of_another_word_do_not_count(string text) => Assert.Empty(TargetParser.Find(text));

    [Theory]
    [InlineData("对新认定企业给予5万元奖励。")]
    [InlineData("每亩补贴作业费120元。")]
    [InlineData("项目总投资800万元。")]
    [InlineData("引进种羊，每只0.8万元。")]
    [InlineData("对营收首次达到1亿元的企业，给予20万元奖励。")]
    public void Payments_and_investments_are_not_targets(string text) => Assert.Empty(TargetParser.Find(text));

    [Theory]
    [InlineData("依据2023年工作要点和第3条规定执行。")]
    [InlineData("师生比不低于1:15。")]
    [InlineData("落实36条措施和17项政策。")]
    [InlineData("创建4A级景区。")]
    [InlineData("依据某政发〔2023〕12号文件。")]
    [InlineData("推进90万吨煤矿复产。")]
    [InlineData("首次进入全国前10名。")]
    public void Dates_ordinals_ratios_policy_counts_grades_and_plant_sizes_are_not_targets(string text) =>
        Assert.Empty(TargetParser.Find(text));

    [Fact]
    public void An_amount_that_qualifies_the_counted_noun_is_not_a_target() =>
        AssertTarget(Single("培育产值5亿元以上企业2家。"), "=", 2, "家");

    [Theory]
    [InlineData("市级配套不超过省级奖励额度20%。")]
    [InlineData("县级按不超过支持资金10%配套。")]
    public void Shares_of_a_payment_are_not_targets(string text) => Assert.Empty(TargetParser.Find(text));

    [Theory]
    [InlineData("坚定四个自信。")]
    [InlineData("做到两个维护。")]
    [InlineData("3个月内完成整改。")]
    [InlineData("5个工作日内办结。")]
    [InlineData("依托三眼井村发展民宿。")]
    [InlineData("整治工作分三个阶段进行。")]
    [InlineData("申请表一式三份。")]
    [InlineData("带动二次消费。")]
    [InlineData("推进北关二期工程。")]
    [InlineData("从两个方面推进改革。")]
    public void Doctrines_durations_and_place_names_are_not_targets(string text) => Assert.Empty(TargetParser.Find(text));

    [Fact]
    public void The_starting_point_of_a_change_is_not_a_target() =>
        AssertTarget(Single("覆盖率由60%提高到80%。"), "=", 80, "%");

    [Fact]
    public void A_list_item_without_its_own_noun_shares_the_metric_before_it()
    {
        var targets = TargetParser.Find("群众满意度分别达到85%和90%。");
        Assert.Equal(2, targets.Count);
        Assert.Equal(targets[0].Metric, targets[1].Metric);
    }

    [Theory]
    [InlineData("全县已建成养老床位300张。")]
    [InlineData("目前现有企业45家。")]
    public void Background_statistics_are_not_targets(string text) => Assert.Empty(TargetParser.Find(text));

    [Theory]
    [InlineData("推行一户一策帮扶。")]
    [InlineData("落实“三个一批”要求。")]
    [InlineData("组建一支服务队伍。")]
    [InlineData("实行一次性奖补。")]
    [InlineData("统一处理生活垃圾。")]
    [InlineData("提高两人间比例。")]
    public void Numerals_inside_set_phrases_and_words_are_not_targets(string text) => Assert.Empty(TargetParser.Find(text));

    [Fact]
    public void A_table_cell_that_only_labels_the_row_is_not_a_target() =>
        Assert.Single(TargetParser.Find("高粱种植项目\t八个乡镇\t实施高粱种植2万亩"));

    [Fact]
    public void A_megabyte_of_noise_is_scanned_quickly()
    {
        var noise = string.Concat(Enumerable.Repeat("一二三4—5个以上每月至少不低于《第3", 40_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        TargetParser.Find(noise);
        Assert.True(watch.Elapsed < QuadraticGuard);
    }

    private static void AssertTarget(ExtractedTarget target, string op, double value, string unit)
    {
        Assert.Equal(op, target.Op);
        Assert.Equal((decimal)value, target.Value);
        Assert.Equal(unit, target.Unit);
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
        TargetParser.Find(noise);
        Assert.True(watch.Elapsed < QuadraticGuard);
    }
}
