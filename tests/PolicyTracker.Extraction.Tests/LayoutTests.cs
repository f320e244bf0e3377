using PolicyTracker.Extraction.Fields;
using PolicyTracker.Extraction.Structure;

namespace PolicyTracker.Extraction.Tests;

/// <summary>Rules for the layout damage PDF conversion leaves behind.</summary>
public class LayoutTests
{
    [Fact]
    public void An_item_run_onto_the_end_of_the_previous_line_is_its_own_task_on_that_line()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "三、重点任务",
            "(五)加强数据归集 15. 持续完善资源体系。",
            "责任单位:县行政审批服务管理局 16.提升开发利用水平。",
            "责任单位:县发展和改革局"));
        Assert.Equal(2, tasks.Count);
        Assert.Equal(12, tasks[0].Line);
        Assert.Equal(["县行政审批服务管理局"], tasks[0].LeadUnits);
        Assert.Equal(13, tasks[1].Line);
        Assert.Equal(["县发展和改革局"], tasks[1].LeadUnits);
    }

    [Fact]
    public void Numbers_inside_sentences_are_not_cut_into_items()
    {
        Assert.Empty(InlineNumbering.Cuts("增长 2.5 个百分点"));
        Assert.Empty(InlineNumbering.Cuts("Windows 10.0 版本"));
        Assert.Single(InlineNumbering.Cuts("县财政局 3. 加强保障"));
    }

    [Fact]
    public void Square_brackets_hold_a_unit_list_whose_units_contain_parentheses()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "三、工作任务", "(十)履行属地管理职责。[交城经济开发区管理委员会(含化工园区)、各乡镇负责]")));
        Assert.Equal(["交城经济开发区管理委员会"], task.LeadUnits);
        Assert.Equal(["各乡镇"], task.CoUnits);
    }

    [Fact]
    public void A_signature_block_ends_the_last_item_of_a_document()
    {
        var text = string.Join("\n",
            "某县人民政府办公室 关于明确成员单位职责的通知", "某政办发〔2023〕37号", "各有关单位：",
            "一、县住建局", "1.加强路面治超；", "2.负责源头监管,查处取缔涉及建设的各", "", "某县人民政府办公室", "", "2023年6月25日", "(此件公开发布)");
        var tasks = TestInput.Tasks(text);
        Assert.Equal(2, tasks.Count);
        Assert.DoesNotContain("2023年6月25日", tasks[1].Text);
        Assert.Equal(6, tasks[1].EndLine);
    }

    [Fact]
    public void An_organ_and_its_date_on_one_line_sign_the_document_and_joint_issuers_are_listed()
    {
        var text = string.Join("\n",
            "甲县人民政府 乙县人民政府 关于界线联合检查情况的报告", "甲政发〔2024〕10号", "市人民政府:", "特此报告", "甲县人民政府 乙县人民政府 2024年7月5日");
        var doc = Assert.Single(TestInput.Extract(text).Documents);
        Assert.Equal("甲县人民政府、乙县人民政府", doc.Issuer);
        Assert.Equal(new DateOnly(2024, 7, 5), doc.IssuedOn);
    }

    [Fact]
    public void A_signature_date_printed_inside_the_last_table_row_still_dates_the_document()
    {
        var text = string.Join("\n",
            "某县人民政府 关于对企业进行公示的通告", "某政发〔2023〕10号", "各乡（镇）人民政府：", "名单如下。",
            "企业名称\t所在乡镇\t", "甲公司\t新关镇\t2023年5月26日\t");
        var doc = Assert.Single(TestInput.Extract(text).Documents);
        Assert.Equal(new DateOnly(2023, 5, 26), doc.IssuedOn);
        Assert.Equal("某县人民政府", doc.Issuer);
    }

    [Fact]
    public void A_duty_section_named_by_its_first_sentence_assigns_its_numbered_duties()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "一、办公室职责", "县普查办在领导小组领导下开展工作,负责普查的具体组织。", "(一)组织制定工作方案。", "(二)组织技术指导。",
            "二、领导小组职责", "(一)统筹协调。"));
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(["县普查办"], t.LeadUnits));
    }

    [Fact]
    public void A_numbered_duty_that_starts_with_its_unit_is_led_by_it()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette("二、成员单位职责", "1. 县卫健局：负责医疗救治工作。")));
        Assert.Equal(["县卫健局"], task.LeadUnits);
    }

    [Fact]
    public void A_duty_heading_with_nothing_under_it_holds_no_task() =>
        Assert.Single(TestInput.Tasks(TestInput.Gazette("十二、县公安局", "十三、县财政局", "1. 保障治超经费；")));

    [Fact]
    public void A_misprinted_role_word_after_a_unit_is_dropped() =>
        Assert.Equal("县工信和科技局", UnitNames.Normalize("县工信和科技局接职责"));

    [Fact]
    public void Co_units_are_kept_as_printed_even_when_they_repeat_the_lead()
    {
        var r = ResponsibilityParser.Parse("牵头单位:县住建局 配合单位:县财政局、县住建局");
        Assert.Equal(["县住建局"], r.Lead);
        Assert.Equal(["县财政局", "县住建局"], r.Co);
    }

    [Fact]
    public void Table_rows_whose_cells_shifted_still_find_the_unit_cell_and_skip_group_and_total_rows()
    {
        var tasks = TestInput.Tasks(TestInput.Gazette(
            "资金分配计划表",
            "序号\t项目名称\t建设性质\t计划完工时间\t绩效目标\t项目责任单位\t项目实施单位",
            "合 计\t\t\t\t\t\t",
            "一、产业发展项目\t\t\t\t\t\t",
            "1\t高粱种植项目\t新建\t2023年10月\t亩收入1000元以上\t县农业农村局\t各乡镇人民政府",
            "2\t豆制品项目\t新建\t2023年11月\t县农业农村局\t某某有限公司"));
        Assert.Equal(2, tasks.Count);
        Assert.Equal(["县农业农村局"], tasks[0].LeadUnits);
        Assert.Empty(tasks[0].CoUnits);
        Assert.Equal(["县农业农村局"], tasks[1].LeadUnits);
        Assert.Contains("资金分配计划表 / 一、产业发展项目", tasks[0].Section);
    }

    [Fact]
    public void An_attachment_list_after_the_last_item_is_not_read_as_its_marker()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "三、保障措施", "4. 抓好宣传。营造良好氛围。(各有关部门)", "附件:1. 工作专班(见网络版)")));
        Assert.Equal(["各有关部门"], task.LeadUnits);
    }
}
