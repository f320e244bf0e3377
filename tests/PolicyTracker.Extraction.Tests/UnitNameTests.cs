using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Tests;

public class UnitNameTests
{
    [Theory]
    [InlineData("县发改局(县粮食局、县能源局)", "县发改局")]
    [InlineData("消防救援大队等部门", "消防救援大队")]
    [InlineData("县 教育 体育局", "县教育体育局")]
    [InlineData("各乡镇人民政府落实", "各乡镇人民政府")]
    [InlineData("县有关部门按分工负责", "县有关部门")]
    [InlineData("县", "")]
    [InlineData("各乡(镇)人民政府", "各乡(镇)人民政府")]
    public void Unit_names_are_normalised_as_the_contract_writes_them(string raw, string expected) =>
        Assert.Equal(expected, UnitNames.Normalize(raw));

    [Fact]
    public void An_abbreviation_scores_as_likely_the_same_unit_and_another_unit_does_not()
    {
        Assert.True(UnitNames.AreLikelySame("县工信科局", "县工信和科技局"));
        Assert.False(UnitNames.AreLikelySame("县财政局", "县民政局"));
        Assert.Equal(1, UnitNames.Similarity("县民政局", " 县民政局 "));
    }

    [Fact]
    public void Lists_split_on_chinese_and_latin_separators_but_not_inside_parentheses() =>
        Assert.Equal(["县住建局", "各区", "县级市"], ResponsibilityParser.SplitUnits("县住建局(城管局、环卫所)，各区、县级市"));
}

public class ParenthesisTests
{
    [Theory]
    [InlineData("推进服务全覆盖到各行政村(社区)")]
    [InlineData("加强开发区安全管理(含化工园区)")]
    [InlineData("制定实施细则(以下简称细则)")]
    [InlineData("完成清理(2023年版)")]
    public void Explanatory_parentheses_are_not_responsibility_markers(string text) =>
        Assert.Null(ResponsibilityParser.TrailingParenthesis(text));

    [Theory]
    [InlineData("抓好宣传。(各有关部门)", "各有关部门")]
    [InlineData("落实属地责任。(各乡镇)", "各乡镇")]
    [InlineData("开展巡查。(县交通运输局负责)", "县交通运输局")]
    [InlineData("开展巡查。(交警大队)", "交警大队")]
    public void A_single_organ_in_a_trailing_parenthesis_leads(string text, string lead) =>
        Assert.Equal([lead], ResponsibilityParser.TrailingParenthesis(text)!.Lead);
}

public class LabelTests
{
    [Fact]
    public void Labels_inside_a_parenthesis_need_no_colon()
    {
        var r = ResponsibilityParser.Parse("推进改造。(牵头单位 县住建局;配合单位 县财政局、县自然资源局)");
        Assert.Equal(["县住建局"], r.Lead);
        Assert.Equal(["县财政局", "县自然资源局"], r.Co);
    }

    [Fact]
    public void A_label_word_inside_a_sentence_is_not_a_marker() =>
        Assert.True(ResponsibilityParser.Parse("各责任单位要各负其责,强化协调配合").IsEmpty);
}

public class FragmentTests
{
    [Fact]
    public void A_list_cut_off_in_a_fragment_drops_the_fragment() =>
        Assert.Equal(["县民政局", "县财政局"], ResponsibilityParser.SplitUnits("县民政局、县财政局、县残"));

    [Fact]
    public void A_short_real_unit_at_the_end_of_a_list_is_kept() =>
        Assert.Equal(["县民政局", "团县委"], ResponsibilityParser.SplitUnits("县民政局、团县委"));
}

public class PlaceListTests
{
    [Fact]
    public void A_parenthesis_listing_places_is_not_a_marker() =>
        Assert.Null(ResponsibilityParser.TrailingParenthesis("加强重点场所管理(商场、超市、农贸市场)"));
}
