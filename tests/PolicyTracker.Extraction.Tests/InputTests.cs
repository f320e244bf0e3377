using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PolicyTracker.Extraction.Input;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace PolicyTracker.Extraction.Tests;

public class InputTests
{
    static InputTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Gbk_bytes_are_decoded_without_relying_on_the_file_name()
    {
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("牵头单位：县财政局\n第二行");
        var text = SourceReader.Read(bytes);
        Assert.Equal("牵头单位：县财政局", text[1]);
        Assert.Equal(2, text.Count);
    }

    [Fact]
    public void Utf8_with_bom_and_utf16_with_bom_are_both_read()
    {
        var utf8 = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("县民政局")).ToArray();
        var utf16 = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("县民政局")).ToArray();
        Assert.Equal("县民政局", SourceReader.Read(utf8)[1]);
        Assert.Equal("县民政局", SourceReader.Read(utf16)[1]);
    }

    [Fact]
    public void Line_numbers_follow_the_file_including_blank_lines_and_crlf()
    {
        var text = SourceText.FromString("a\r\n\r\nb\nc");
        Assert.Equal(4, text.Count);
        Assert.Equal("b", text[3]);
    }

    [Fact]
    public void Binary_garbage_is_a_clear_input_error()
    {
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256)).ToArray();
        var e = Assert.Throws<ExtractionInputException>(() => Extractor.Extract(garbage, "x.txt"));
        Assert.Contains("Unrecognised", e.Message);
    }

    [Fact]
    public void A_legacy_word_file_is_refused_with_advice()
    {
        var bytes = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0 };
        var e = Assert.Throws<ExtractionInputException>(() => Extractor.Extract(bytes, "old.doc"));
        Assert.Contains(".docx", e.Message);
    }

    [Fact]
    public void A_corrupt_docx_is_a_clear_input_error()
    {
        var bytes = "PK\u0003\u0004 not really a zip"u8.ToArray();
        Assert.Throws<ExtractionInputException>(() => Extractor.Extract(bytes, "x.docx"));
    }

    [Fact]
    public void A_corrupt_pdf_is_a_clear_input_error()
    {
        var bytes = "%PDF-1.7 broken"u8.ToArray();
        Assert.Throws<ExtractionInputException>(() => Extractor.Extract(bytes, "x.pdf"));
    }

    [Fact]
    public void Docx_paragraphs_come_in_order_and_table_rows_become_tab_separated_lines()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var table = new Table(
                Row("序号", "任务", "责任单位"),
                Row("1", "建设示范园区。", "县农业农村局、县财政局"));
            main.Document = new Document(new Body(Para("重点任务分工"), table, Para("结束")));
        }
        var text = SourceReader.Read(stream.ToArray());
        Assert.Equal("重点任务分工", text[1]);
        Assert.Equal("序号\t任务\t责任单位", text[2]);
        Assert.Equal("1\t建设示范园区。\t县农业农村局、县财政局", text[3]);
        Assert.Equal("结束", text[5]);
    }

    [Fact]
    public void A_docx_task_table_yields_tasks_through_the_extractor()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(Para("示范方案"), new Table(
                Row("序号", "任务", "责任单位"),
                Row("1", "建设示范园区。", "县农业农村局、县财政局"))));
        }
        var task = Assert.Single(Extractor.Extract(stream.ToArray(), "plan.docx").Documents.Single().Tasks);
        Assert.Equal(["县农业农村局"], task.LeadUnits);
        Assert.Equal(["县财政局"], task.CoUnits);
    }

    [Fact]
    public void Pdf_words_are_grouped_into_lines_top_to_bottom()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        page.AddText("Second", 12, new PdfPoint(25, 600), font);
        page.AddText("First", 12, new PdfPoint(25, 700), font);
        page.AddText("line", 12, new PdfPoint(80, 700), font);
        var text = SourceReader.Read(builder.Build());
        Assert.Equal("First line", text[1]);
        Assert.Equal("Second", text[2]);
    }

    private static TableRow Row(params string[] cells) => new(cells.Select(c => new TableCell(Para(c))));

    private static Paragraph Para(string text) => new(new Run(new Text(text)));
}
