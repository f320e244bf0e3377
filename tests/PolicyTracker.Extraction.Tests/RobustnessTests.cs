using System.Text;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Tests;

public class RobustnessTests
{
    [Fact]
    public void Empty_input_gives_an_empty_result() =>
        Assert.Empty(Extractor.Extract([], "empty.txt").Documents);

    [Fact]
    public void A_fifty_megabyte_text_is_refused_by_its_size_with_a_clear_error()
    {
        var big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("一、推进工作(县民政局)\n", 50 * 1024 * 1024 / 33)));
        var e = Assert.Throws<Input.ExtractionInputException>(() => Extractor.Extract(big, "big.txt"));
        Assert.Contains("too large", e.Message);
    }

    [Fact]
    public void Unbalanced_brackets_do_not_break_marker_parsing()
    {
        var text = TestInput.Gazette("一、任务", "1. 推进工作((((((责任单位:县民政局", "2. 开展工作)))))(((县财政局)");
        var tasks = TestInput.Tasks(text);
        Assert.Equal(["县民政局"], tasks[0].LeadUnits);
    }

    [Fact]
    public void Numbering_ten_thousand_levels_deep_is_read_in_linear_time()
    {
        string[] styles = ["一、", "(一)", "1.", "(1)", "①"];
        LinearTime.Assert(count =>
        {
            var sb = new StringBuilder(TestInput.Gazette());
            for (var i = 0; i < count; i++) sb.Append('\n').Append(styles[i % styles.Length]).Append("推进工作(县民政局)");
            Assert.NotEmpty(TestInput.Extract(sb.ToString()).Documents);
        }, 10_000);
    }

    [Fact]
    public void A_large_text_with_one_huge_line_is_processed_in_linear_time() =>
        LinearTime.Assert(count =>
            TestInput.Extract(TestInput.Gazette("1. " + string.Concat(Enumerable.Repeat("推进工作(县民政局、", count)))), 200_000);

    [Fact]
    public void A_table_of_a_hundred_thousand_continuation_rows_is_read_in_linear_time()
    {
        LinearTime.Assert(count =>
        {
            var rows = string.Concat(Enumerable.Repeat("\n\t\t继续推进工作。\t", count));
            var task = Assert.Single(TestInput.Tasks(TestInput.Gazette("序号\t任务\t主要内容\t责任单位", "1\t推进\t开始。\t县民政局" + rows)));
            Assert.Equal(count + 12, task.EndLine);
        }, 100_000);
    }

    [Fact]
    public void A_schedule_section_of_one_endless_paragraph_is_read_in_linear_time() =>
        LinearTime.Assert(count =>
            Assert.Single(TestInput.Tasks(TestInput.Gazette("四、实施步骤" + string.Concat(Enumerable.Repeat("\n推进工作并于2024年6月底前完成", count))))),
            100_000);

    [Fact]
    public void Json_uses_contract_keys_dates_and_unescaped_chinese()
    {
        var result = new ExtractionResult("a.txt", [new ExtractedDocument
        {
            NoticeTitle = "关于印发的通知", IssuedOn = new DateOnly(2024, 5, 9), StartLine = 3,
            Tasks = [new ExtractedTask { Line = 5, Text = "任务", LeadUnits = ["县民政局"], Targets = [new ExtractedTarget("10家以上", "企业", ">=", 10m, "家")] }],
        }]);
        var json = ExtractionJson.Serialize(result);
        Assert.Contains("\"notice_title\": \"关于印发的通知\"", json);
        Assert.Contains("\"issued_on\": \"2024-05-09\"", json);
        Assert.Contains("\"doc_number\": null", json);
        Assert.Contains("\"lead_units\": [", json);
        Assert.Contains("\"value\": 10,", json);
        Assert.Contains("\"op\": \">=\"", json);
    }
}
