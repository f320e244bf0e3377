using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Tests;

/// <summary>Rules added while reading plans written in styles other than the corpus's, each with a tiny input.</summary>
public class GeneralizationRuleTests
{
    [Fact]
    public void A_wrapped_table_cell_that_ends_a_sentence_still_belongs_to_its_row()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "序号\t任务\t牵头单位\t完成时限",
            "1\t开展信用修复，\t县发改局\t持续推进",
            "推动结果互认。",
            "2\t规范涉企检查。\t县司法局\t2024年10月底前"));
        Assert.Equal(2, tasks.Count);
        Assert.Contains("推动结果互认", tasks[0].Text);
        Assert.Equal(["县司法局"], tasks[1].LeadUnits);
    }

    [Fact]
    public void A_complete_row_takes_its_units_from_the_header_column_not_from_a_task_cell_ending_like_a_unit()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "序号\t工作任务\t责任领导\t责任单位\t完成时限",
            "1\t新建饮水工程15处\t孙强\t县水利局、各乡镇人民政府\t2024年12月底前")));
        Assert.Equal(["县水利局"], task.LeadUnits);
        Assert.Equal(["各乡镇人民政府"], task.CoUnits);
    }

    [Fact]
    public void A_row_holding_only_a_unit_cell_continues_the_unit_list_of_the_row_above()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "序号\t工作任务\t责任单位\t完成时限",
            "1\t新建停车泊位800个\t县城管局\t今年9月底前",
            "\t\t县交通运输局\t")));
        Assert.Equal(["县城管局"], task.LeadUnits);
        Assert.Equal(["县交通运输局"], task.CoUnits);
    }

    [Fact]
    public void A_note_after_the_first_sentence_of_a_unit_parenthesis_is_ignored()
    {
        var r = ResponsibilityParser.Parse("扩大助餐服务。(省民政厅牵头,省财政厅按职责分工负责;各市人民政府负责落实。以下均需各市落实,不再列出)");
        Assert.Equal(["省民政厅"], r.Lead);
        Assert.Equal(["省财政厅", "各市人民政府"], r.Co);
    }

    [Fact]
    public void Labels_in_square_brackets_need_no_colon()
    {
        var r = ResponsibilityParser.Parse("改造商贸中心4个。【牵头单位】县商务局【配合单位】县财政局、各乡镇人民政府【完成时限】2025年11月底前");
        Assert.Equal(["县商务局"], r.Lead);
        Assert.Equal(["县财政局", "各乡镇人民政府"], r.Co);
    }

    [Fact]
    public void A_label_whose_colon_was_lost_counts_when_an_organ_follows_it()
    {
        var r = ResponsibilityParser.Parse("推动农产品上行。责任单位 县商务局、县农业农村局 完成时限 2025年12月".Replace(" ", ""));
        Assert.Equal(["县商务局"], r.Lead);
        Assert.Equal(["县农业农村局"], r.Co);
    }

    [Fact]
    public void A_bare_label_word_in_a_sentence_is_not_a_label() =>
        Assert.True(ResponsibilityParser.Parse("各责任单位各司其职，明确责任单位要求。").IsEmpty);

    [Fact]
    public void A_unit_marked_lead_inside_a_responsible_list_leads_wherever_it_stands()
    {
        var r = ResponsibilityParser.Parse("培育企业5家。责任单位：县财政局、县商务局（牵头）、县市场监管局");
        Assert.Equal(["县商务局"], r.Lead);
        Assert.Equal(["县财政局", "县市场监管局"], r.Co);
    }

    [Fact]
    public void A_department_named_on_the_line_above_the_about_line_starts_the_heading()
    {
        var doc = Assert.Single(TestInput.Extract(string.Join("\n",
            "桃源县发展和改革局", "关于印发桃源县重点项目工作要点的通知", "桃发改发〔2025〕2号", "各乡镇人民政府：",
            "现将要点印发给你们。", "桃源县发展和改革局", "2025年1月10日")).Documents);
        Assert.Equal(1, doc.StartLine);
        Assert.Equal("桃源县发展和改革局关于印发桃源县重点项目工作要点的通知", doc.NoticeTitle);
    }

    [Fact]
    public void An_undated_plan_reads_month_only_dates_in_the_year_of_its_title()
    {
        var task = Assert.Single(TestInput.Tasks("柳溪镇2025年安全生产整治方案\n一、任务\n1. 安装护栏3公里，年内完成。（镇应急办）"));
        Assert.Equal(new DateOnly(2025, 12, 31), task.Deadline);
    }

    [Fact]
    public void A_cumulative_count_set_for_a_future_date_is_a_target_but_a_past_total_is_not()
    {
        var target = Assert.Single(TargetParser.Find("到2026年底累计认定市级数字化车间100个。"));
        Assert.Equal(100m, target.Value);
        Assert.Empty(TargetParser.Find("全县已累计建成数字化车间60个。"));
        Assert.Empty(TargetParser.Find("累计建成数字化车间60个。"));
    }

    [Theory]
    [InlineData("开展食品安全抽检不少于1500批次。", 1500, "批次")]
    [InlineData("加装电梯200部。", 200, "部")]
    public void Batches_and_machines_are_counted_units(string text, int value, string unit)
    {
        var target = Assert.Single(TargetParser.Find(text));
        Assert.Equal(value, target.Value);
        Assert.Equal(unit, target.Unit);
    }

    [Fact]
    public void A_count_of_departments_is_not_counted_in_machines() =>
        Assert.Empty(TargetParser.Find("成立工作专班，抽调3部门人员。"));

    [Fact]
    public void An_item_run_onto_a_line_is_cut_off_even_with_spaces_inside_its_bracket()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "(五)推进数据开放", "1. 开展试点。", "责任单位: 县行政 审批局 ( 六 )强化数据安全", "2. 加强防护。(县公安局)"));
        Assert.Equal(["县行政审批局"], tasks[0].LeadUnits);
        Assert.Equal("(六)强化数据安全", tasks[1].Section?.Split(" / ")[0]);
    }

    [Fact]
    public void Numbered_units_under_a_division_of_tasks_heading_lead_their_own_items()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette("二、任务分工", "(一)县林业局:负责技术指导。", "(二)各乡镇人民政府:负责组织实施。"));
        Assert.Equal(2, tasks.Count);
        Assert.Equal(["县林业局"], tasks[0].LeadUnits);
        Assert.Equal(["各乡镇人民政府"], tasks[1].LeadUnits);
    }

    [Fact]
    public void A_heading_naming_lead_and_cooperating_units_assigns_the_items_under_it()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette("(一)县行政审批局牵头,县直有关部门配合的工作", "1. 推行集成办理。")));
        Assert.Equal(["县行政审批局"], task.LeadUnits);
        Assert.Equal(["县直有关部门"], task.CoUnits);
    }

    [Fact]
    public void A_topic_heading_ending_in_work_is_no_assignment() =>
        Assert.Empty(TestInput.Tasks(TestInput.Gazette("(一)加强统筹负责的协调推进的工作", "1. 推行集成办理。")));

    [Fact]
    public void A_second_header_row_under_a_spanning_responsibility_cell_names_lead_and_cooperating_columns()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "序号\t重点任务\t责任单位\t\t完成时限",
            "\t\t牵头单位\t配合单位\t",
            "1\t建设健康步道10条\t县体育中心\t县住建局、县科协\t2025年10月底前",
            "序号\t重点任务\t责任单位\t\t完成时限")));
        Assert.Equal(["县体育中心"], task.LeadUnits);
        Assert.Equal(["县住建局", "县科协"], task.CoUnits);
    }

    [Theory]
    [InlineData("⑵开展活动。(县民政局)")]
    [InlineData("⒉开展活动。(县民政局)")]
    public void Parenthesised_and_dotted_digits_printed_as_one_character_are_numbering(string item)
    {
        var tasks = TestInput.Tasks(TestInput.Gazette("(一)重点任务", item[..1] == "⑵" ? "⑴推进工作。(县财政局)" : "⒈推进工作。(县财政局)", item));
        Assert.Equal(2, tasks.Count);
        Assert.Equal(["县民政局"], tasks[1].LeadUnits);
    }

    [Fact]
    public void A_leader_whose_posts_are_listed_before_the_title_is_named()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette("一、县委常委、常务副县长赵刚负责的工作", "1. 抓好春耕。")));
        Assert.Equal("赵刚", task.Leader);
        Assert.Empty(task.LeadUnits);
    }

    [Theory]
    [InlineData("县科协")]
    [InlineData("各医疗卫生机构")]
    public void Associations_and_institutions_are_unit_names(string name) => Assert.True(UnitNames.LooksLikeUnit(name));

    [Fact]
    public void An_exhortation_to_divide_the_work_is_no_duty_list() =>
        Assert.Empty(TestInput.Tasks(TestInput.Gazette("五、保障措施", "(一)明确任务分工", "1. 各乡镇要高度重视。", "2. 县直各部门要密切配合。")));

    [Fact]
    public void Counts_in_place_and_beneficiary_columns_are_no_targets()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "序号\t项目名称\t实施地点\t建设内容\t受益对象\t责任单位",
            "1\t高粱种植项目\t八个乡镇\t种植优质高粱1万亩\t脱贫户300户\t县农业农村局")));
        var target = Assert.Single(task.Targets);
        Assert.Equal("万亩", target.Unit);
    }

    [Theory]
    [InlineData("·3·", true)]
    [InlineData("第2页共6页", true)]
    [InlineData("共6页第2页", true)]
    [InlineData("共6页", false)]
    [InlineData("·县民政局·", false)]
    public void Dotted_page_numbers_and_page_of_count_lines_are_furniture(string line, bool expected) =>
        Assert.Equal(expected, Structure.LineCleaner.IsPageNumber(line));

    [Fact]
    public void Duty_headings_may_end_in_other_words_for_the_work()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "一、李明副县长负责的重点工作", "(一)县住建局牵头的重点任务", "1. 改造老旧小区。", "(二)县自然资源局负责的工作事项", "2. 完成规划报批。"));
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("李明", t.Leader));
        Assert.Equal(["县住建局"], tasks[0].LeadUnits);
        Assert.Equal(["县自然资源局"], tasks[1].LeadUnits);
    }

    [Fact]
    public void A_chinese_numeral_with_a_half_parenthesis_is_a_level_of_its_own()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette("一、重点任务", "一）培育主体", "1. 新增企业10家。(县工信局)", "二）扩大投资", "2. 谋划项目。(县发改局)"));
        Assert.Equal(2, tasks.Count);
        Assert.Equal("一、重点任务 / 二)扩大投资", tasks[1].Section);
    }
}
