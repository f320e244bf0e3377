using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PolicyTracker.Extraction.Input;
using PolicyTracker.Extraction.Structure;

namespace PolicyTracker.Extraction.Tests;

public class FurnitureTests
{
    [Theory]
    [InlineData("— 12 —", true)]
    [InlineData("-74 -", true)]
    [InlineData("第 3 页", true)]
    [InlineData("3/40", true)]
    [InlineData("2024", false)]
    [InlineData("1. 推进", false)]
    public void Page_numbers_are_recognised(string line, bool expected) =>
        Assert.Equal(expected, LineCleaner.IsPageNumber(LineCleaner.Clean(line)));

    [Fact]
    public void Page_numbers_and_running_headers_do_not_run_into_the_item_they_interrupt()
    {
        var task = Assert.Single(TestInput.Tasks(TestInput.Gazette(
            "某县人民政府公报", "一、任务", "某县人民政府公报", "1. 推进园区建设，", "— 7 —", "某县人民政府公报", "加快项目落地。(县发改局)")));
        Assert.Equal("推进园区建设,加快项目落地。(县发改局)", task.Text);
        Assert.Equal(["县发改局"], task.LeadUnits);
    }

    [Fact]
    public void A_heading_that_ends_with_its_doc_number_starts_a_document()
    {
        var doc = Assert.Single(TestInput.Extract("某县人民政府关于做好防汛工作的通知 某政发〔2024〕3号\n各乡镇人民政府：\n正文。").Documents);
        Assert.Equal("某政发〔2024〕3号", doc.DocNumber);
        Assert.Equal("某县人民政府关于做好防汛工作的通知", doc.NoticeTitle);
    }

    [Fact]
    public void Docx_paragraphs_inside_content_controls_are_read_in_order()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text("第一段"))),
                new SdtBlock(new SdtContentBlock(new Paragraph(new Run(new Text("控件里的段落"))))),
                new Paragraph(new Run(new Text("末段")))));
        }
        var text = SourceReader.Read(stream.ToArray());
        Assert.Equal(["第一段", "控件里的段落", "末段"], text.Lines);
    }

    [Fact]
    public void A_zip_that_is_not_a_word_document_is_a_clear_input_error()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, true))
        {
            using var w = new StreamWriter(zip.CreateEntry("hello.txt").Open());
            w.Write("hello");
        }
        Assert.Throws<ExtractionInputException>(() => Extractor.Extract(stream.ToArray(), "a.docx"));
    }
}

public class ReferenceDateTests
{
    [Fact]
    public void An_undated_document_reads_month_only_dates_in_the_year_of_its_doc_number()
    {
        var text = string.Join("\n", "某县人民政府 关于印发某项目实施方案的通知", "某政发〔2023〕8号", "各乡（镇）人民政府：",
            "三、项目实施进度安排", "(一)5月底前完成母羊引调；");
        var task = Assert.Single(TestInput.Tasks(text));
        Assert.Null(TestInput.Extract(text).Documents[0].IssuedOn);
        Assert.Equal(new DateOnly(2023, 5, 31), task.Deadline);
    }
}

public class LayoutVariantTests
{
    [Fact]
    public void A_doc_number_printed_above_its_heading_starts_the_document()
    {
        var text = string.Join("\n", "(此件公开发布)", "", "某政办发〔2024〕9号", "", "某县人民政府办公室关于做好秋季防火工作的通知", "", "各乡（镇）人民政府：", "正文。");
        var doc = Assert.Single(TestInput.Extract(text).Documents);
        Assert.Equal(3, doc.StartLine);
        Assert.Equal("某县人民政府办公室关于做好秋季防火工作的通知", doc.NoticeTitle);
    }

    [Fact]
    public void A_vertically_merged_docx_unit_cell_names_the_unit_of_every_row_it_spans()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new Run(new Text("示范方案"))), new Table(
                Row(Cell("序号"), Cell("任务"), Cell("责任单位")),
                Row(Cell("1"), Cell("建设园区。"), Cell("县发改局", MergedCellValues.Restart)),
                Row(Cell("2"), Cell("培育主体。"), Cell("", MergedCellValues.Continue)))));
        }
        var tasks = Extractor.Extract(stream.ToArray(), "plan.docx").Documents.Single().Tasks;
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(["县发改局"], t.LeadUnits));
    }

    private static TableRow Row(params TableCell[] cells) => new(cells);

    private static TableCell Cell(string text, MergedCellValues? merge = null)
    {
        var cell = new TableCell(new Paragraph(new Run(new Text(text))));
        if (merge is { } m) cell.TableCellProperties = new TableCellProperties(new VerticalMerge { Val = m });
        return cell;
    }
}

public class AddresseeTests
{
    [Fact]
    public void An_addressee_broken_over_two_lines_is_not_part_of_the_heading()
    {
        var text = string.Join("\n", "某县人民政府办公室", "关于开展安全检查的通知", "各乡（镇）人民政府，县直各有关单位，", "各企业：", "正文。");
        var doc = Assert.Single(TestInput.Extract(text).Documents);
        Assert.Equal("某县人民政府办公室关于开展安全检查的通知", doc.NoticeTitle);
    }
}

public class HeadingContinuationTests
{
    [Fact]
    public void A_heading_continued_by_a_parenthesised_qualifier_is_one_heading()
    {
        var text = string.Join("\n", "某县人民政府办公室关于印发某县园林绿化工程建设管理办法", "(试行)的通知", "某政办发〔2023〕25号", "各有关单位：", "正文。");
        var doc = Assert.Single(TestInput.Extract(text).Documents);
        Assert.Equal(1, doc.StartLine);
        Assert.Equal("某县人民政府办公室关于印发某县园林绿化工程建设管理办法(试行)的通知", doc.NoticeTitle);
    }
}
