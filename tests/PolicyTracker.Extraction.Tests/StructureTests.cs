using PolicyTracker.Extraction.Structure;

namespace PolicyTracker.Extraction.Tests;

public class StructureTests
{
    [Theory]
    [InlineData("一、总体要求", NumberingKind.ChineseComma, 1)]
    [InlineData("(十二)县司法局牵头负责的工作", NumberingKind.ChineseParen, 12)]
    [InlineData("（三）加强保障", NumberingKind.ChineseParen, 3)]
    [InlineData("3. 培育主体", NumberingKind.ArabicDot, 3)]
    [InlineData("217.健全制度", NumberingKind.ArabicDot, 217)]
    [InlineData("(4)实施改造", NumberingKind.ArabicParen, 4)]
    [InlineData("②建立台账", NumberingKind.Circled, 2)]
    [InlineData("二是加快推进", NumberingKind.Ordinal, 2)]
    [InlineData("第三阶段：验收评估", NumberingKind.Phase, 3)]
    [InlineData("第十二条 本办法", NumberingKind.Article, 12)]
    public void Numbering_styles_are_recognised_with_their_values(string line, NumberingKind kind, int value)
    {
        var n = NumberingParser.Parse(line);
        Assert.NotNull(n);
        Assert.Equal(kind, n.Value.Kind);
        Assert.Equal(value, n.Value.Value);
    }

    [Theory]
    [InlineData("1.5万亩")]
    [InlineData("2023年5月底")]
    [InlineData("(2023年版)")]
    [InlineData("一是否")]
    public void Numbers_that_are_not_numbering_are_left_alone(string line) =>
        Assert.Null(NumberingParser.Parse(line));

    [Fact]
    public void Stray_spaces_inside_chinese_words_are_removed_but_latin_words_keep_theirs() =>
        Assert.Equal("县教育体育局Windows 10版(2024年)", LineCleaner.Clean("县教 育体育局 Windows 10 版（2024 年）"));

    [Fact]
    public void Markdown_bullets_bold_and_pipe_tables_are_flattened()
    {
        Assert.Equal("(1)设备摸排。", LineCleaner.Clean("- (1)设备摸排。"));
        Assert.Equal("关于印发的通知", LineCleaner.Clean("**关于印发的通知**"));
        Assert.Equal("1\t任务\t县财政局", LineCleaner.Clean("| 1 | 任务 | 县财政局 |"));
        Assert.Equal("", LineCleaner.Clean("|---|---|---|"));
        Assert.Equal("1\t建设园区\t县发改局、县财政局", LineCleaner.Clean("| 1 | 建设<br>园区 | 县发改局、<br/>县财政局 |"));
    }

    [Fact]
    public void Numbering_levels_follow_first_appearance_and_a_repeated_kind_closes_deeper_levels()
    {
        string[] lines = ["一、任务", "(一)第一组", "1. 甲", "2. 乙", "(二)第二组", "1. 丙", "二、保障"];
        var root = OutlineBuilder.Build(lines, 1, lines.Length, new HashSet<int>());
        Assert.Equal(2, root.Children.Count);
        var first = root.Children[0];
        Assert.Equal(2, first.Children.Count);
        Assert.Equal(2, first.Children[0].Children.Count);
        Assert.Single(first.Children[1].Children);
    }

    [Theory]
    [InlineData("交政发 [2024] 10 号", "交政发〔2024〕10号")]
    [InlineData("偏政办发（2023）18号", "偏政办发〔2023〕18号")]
    [InlineData("绛政办发〔2024〕10号", "绛政办发〔2024〕10号")]
    public void Doc_numbers_are_normalised_to_hexagonal_brackets(string line, string expected) =>
        Assert.Equal(expected, DocumentSplitter.DocNumber(LineCleaner.Clean(line)));

    [Fact]
    public void A_doc_number_followed_by_a_page_number_is_a_table_of_contents_entry() =>
        Assert.Null(DocumentSplitter.DocNumber(LineCleaner.Clean("绛政办发〔2024〕18 号(16)")));

    [Fact]
    public void A_gazette_is_split_into_documents_with_issuer_date_and_plan_title()
    {
        var text = string.Join("\n",
            "目 录", "某县人民政府 关于甲的通知", "某政发〔2024〕1号(1)", "",
            "某县人民政府", "关于甲的通知", "某政发〔2024〕1号", "各乡（镇）人民政府：", "正文。", "某县人民政府", "2024年3月1日", "",
            "某县人民政府办公室 关于印发某县乙实施方案的通知", "某政办发 [2024] 2 号", "各有关单位：", "现印发给你们。",
            "某县人民政府办公室", "2024年5月6日", "(此件公开发布)", "某县乙实施方案", "一、目标");
        var docs = TestInput.Extract(text).Documents;
        Assert.Equal(2, docs.Count);
        Assert.Equal(5, docs[0].StartLine);
        Assert.Equal("某县人民政府关于甲的通知", docs[0].NoticeTitle);
        Assert.Equal("某县人民政府", docs[0].Issuer);
        Assert.Equal(new DateOnly(2024, 3, 1), docs[0].IssuedOn);
        Assert.Equal("某政办发〔2024〕2号", docs[1].DocNumber);
        Assert.Equal("某县乙实施方案", docs[1].PlanTitle);
        Assert.Equal(new DateOnly(2024, 5, 6), docs[1].IssuedOn);
    }

    [Fact]
    public void A_document_without_doc_number_is_found_by_its_heading_and_addressee()
    {
        var text = string.Join("\n", "某县人民政府办公室", "", "关于开展清理工作的通知", "", "各乡（镇）人民政府，县直各有关单位：", "正文。");
        var doc = Assert.Single(TestInput.Extract(text).Documents);
        Assert.Null(doc.DocNumber);
        Assert.Equal(1, doc.StartLine);
        Assert.Equal("某县人民政府办公室关于开展清理工作的通知", doc.NoticeTitle);
    }

    [Theory]
    [InlineData("2023年6月底前，完成整合；", true)]
    [InlineData("启动阶段(2023年4月1日至4月30日)", true)]
    [InlineData("2024年起全面推行", false)]
    [InlineData("4月1日开始实施", false)]
    public void A_completion_date_is_told_from_a_start_date(string text, bool expected) =>
        Assert.Equal(expected, ScheduleDates.HasCompletionDate(text));
}
