namespace PolicyTracker.Extraction.Tests;

public class TaskTests
{
    [Fact]
    public void Labelled_lead_and_co_units_on_their_own_lines_make_the_item_a_task()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "一、工作措施", "1. 培育商贸主体。加大培育力度。", "牵头单位:县工信科局", "配合单位:县住建局、县统计局")));
        Assert.Equal(12, task.Line);
        Assert.Equal("培育商贸主体", task.Title);
        Assert.Equal(["县工信科局"], task.LeadUnits);
        Assert.Equal(["县住建局", "县统计局"], task.CoUnits);
        Assert.Equal("一、工作措施", task.Section);
    }

    [Fact]
    public void A_marker_split_across_lines_and_a_blank_line_is_joined()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "一、任务", "1. 加强组织建设。做好工作。(牵头", "", "单位：县委组织部，参与单位：县残联)")));
        Assert.Equal(["县委组织部"], task.LeadUnits);
        Assert.Equal(["县残联"], task.CoUnits);
    }

    [Fact]
    public void Trailing_parenthesis_lists_the_lead_unit_first()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "一、任务", "(1)实施节能改造。推进改造。(县能源局、县工信和科技局、县发展和改革局按照职责分工负责)")));
        Assert.Equal(["县能源局"], task.LeadUnits);
        Assert.Equal(["县工信和科技局", "县发展和改革局"], task.CoUnits);
    }

    [Fact]
    public void A_parenthesis_of_ordinary_words_is_not_a_marker() =>
        Assert.Empty(TestInput.Tasks(TestInput.Gazette("一、任务", "1. 推进建设。开展培训(包括线上和线下)。")));

    [Fact]
    public void A_responsibility_label_lists_the_first_unit_as_lead_and_drops_aliases_and_etc()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "一、任务", "1. 统筹推进。(责任单位：县发改局(县粮食局、县能源局)、消防救援大队等部门)")));
        Assert.Equal(["县发改局"], task.LeadUnits);
        Assert.Equal(["消防救援大队"], task.CoUnits);
    }

    [Fact]
    public void Clauses_ending_in_lead_and_cooperate_words_say_who_leads()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "一、任务", "1. 加强防范。(县水利局牵头,县应急局、县气象局等部门配合)")));
        Assert.Equal(["县水利局"], task.LeadUnits);
        Assert.Equal(["县应急局", "县气象局"], task.CoUnits);
    }

    [Fact]
    public void A_heading_naming_a_leader_and_a_lead_unit_assigns_the_items_under_it()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "一、王某某县长负责的工作", "(一)县发改局(县粮食局)牵头负责的工作", "1. 稳定经济增长。", "2. 扩大有效投资。",
            "(二)县政府办公室协调，全县政府系统各单位负责落实的工作", "3. 依法行政。"));
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("王某某", t.Leader));
        Assert.Equal(["县发改局"], tasks[0].LeadUnits);
        Assert.Equal(["县政府办公室"], tasks[2].LeadUnits);
        Assert.Equal(["全县政府系统各单位"], tasks[2].CoUnits);
    }

    [Fact]
    public void An_own_parenthesis_replaces_the_heading_assignment()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "(一)县财政局牵头负责的工作", "1. 盘活资产。(县国资办、县财政局)")));
        Assert.Equal(["县国资办"], task.LeadUnits);
        Assert.Equal(["县财政局"], task.CoUnits);
    }

    [Fact]
    public void Numbered_duties_under_a_unit_name_heading_are_led_by_that_unit()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette("一、县交通运输局", "1. 加强路面治超；", "2. 查处违法车辆。", "二、领导小组", "1. 统筹协调。"));
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(["县交通运输局"], t.LeadUnits));
    }

    [Fact]
    public void A_marker_after_several_sub_points_makes_the_parent_one_task()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "一、主要工作", "(一)健全养老服务制度", "1. 制定服务清单。", "2. 健全购买制度。", "(责任单位:县民政局、县财政局)")));
        Assert.Equal(12, task.Line);
        Assert.Equal(["县民政局"], task.LeadUnits);
        Assert.Contains("健全购买制度", task.Text);
    }

    [Fact]
    public void When_children_carry_markers_the_children_are_the_tasks()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "(一)第一组", "1. 甲事项。(责任单位:县民政局)", "2. 乙事项。(责任单位:县财政局)"));
        Assert.Equal(2, tasks.Count);
        Assert.Equal(["县财政局"], tasks[1].LeadUnits);
    }

    [Fact]
    public void Exhortations_without_markers_are_not_tasks() =>
        Assert.Empty(TestInput.Tasks(TestInput.Gazette("六、保障措施", "(一)加强组织领导。各单位要高度重视。", "(二)强化督导考核。")));

    [Fact]
    public void Schedule_phases_with_a_date_range_are_tasks_but_a_start_only_phase_is_not()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "四、实施步骤", "(一)启动阶段(2023年4月-2023年5月底)。完成培训。", "(二)推广阶段。2024年起全面推行。"));
        var task = Assert.Single(tasks);
        Assert.Empty(task.LeadUnits);
    }

    [Fact]
    public void Dated_sub_points_of_one_schedule_line_are_separate_tasks()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "四、工作计划", "一是办理批复，力争2023年1月底完成；二是办理延期，力争2023年2月底完成；三是开工，2023年6月底前完成。"));
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(12, t.Line));
    }

    [Fact]
    public void An_explicit_completion_time_makes_an_item_a_task_outside_schedule_sections() =>
        Assert.Single(TestInput.Tasks(TestInput.Gazette("三、重点内容", "(一)理顺机制。成立中心。完成时限为2023年5月底。")));

    [Fact]
    public void Table_rows_with_unit_cells_are_tasks_and_repeated_headers_and_continuations_are_merged()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "附件", "重点任务分工",
            "序号\t任务\t主要内容\t责任单位",
            "1\t强化引领\t认真贯彻落实，\t",
            "",
            "序号\t任务\t主要内容\t责任单位",
            "\t\t持续推进各方面工作。\t",
            "\t\t每月召开一次会议。\t县安委会",
            "2\t严格责任\t落实责任清单。\t县安委办、各部门"));
        Assert.Equal(3, tasks.Count);
        Assert.Equal("强化引领", tasks[0].Title);
        Assert.Contains("持续推进各方面工作", tasks[0].Text);
        Assert.Empty(tasks[0].LeadUnits);
        Assert.Equal(["县安委会"], tasks[1].LeadUnits);
        Assert.Equal(["各部门"], tasks[2].CoUnits);
    }

    [Fact]
    public void A_table_without_a_responsibility_column_is_not_a_task_table() =>
        Assert.Empty(TestInput.Tasks(TestInput.Gazette("序号\t乡镇\t面积", "1\t甲镇\t100", "2\t乙镇\t200")));
}

public class MarkerVariantTests
{
    [Fact]
    public void A_leader_or_deadline_label_ends_the_unit_list_before_it()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "一、任务", "1. 推进改造。责任单位：县住建局、县财政局；牵头领导：张三；完成时限：2024年底")));
        Assert.Equal(["县住建局"], task.LeadUnits);
        Assert.Equal(["县财政局"], task.CoUnits);
    }

    [Fact]
    public void A_table_header_may_qualify_its_responsibility_column()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "序号\t工作任务\t牵头单位（部门）\t配合单位", "1\t建设示范园区。\t县农业农村局\t县财政局、县自然资源局")));
        Assert.Equal(["县农业农村局"], task.LeadUnits);
        Assert.Equal(["县财政局", "县自然资源局"], task.CoUnits);
    }

    [Fact]
    public void Half_parenthesis_and_enclosed_ideograph_numbering_are_levels_too()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "㈠重点任务", "1）建设园区。(县发改局)", "2）培育主体。(县工信局)"));
        Assert.Equal(2, tasks.Count);
        Assert.Equal("㈠重点任务", tasks[0].Section);
    }

    [Fact]
    public void A_leader_named_after_the_title_is_found_too()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette("一、副县长李四负责的工作", "1. 抓好春耕。")));
        Assert.Equal("李四", task.Leader);
    }

    [Fact]
    public void A_text_without_gazette_layout_is_read_as_one_plan_with_a_warning()
    {
        var result = TestInput.Extract("某县示范行动方案\n一、任务\n1. 建设园区。(县发改局)");
        var doc = Assert.Single(result.Documents);
        Assert.Equal("某县示范行动方案", doc.PlanTitle);
        Assert.Single(doc.Tasks);
        Assert.Single(result.Warnings);
    }
}
