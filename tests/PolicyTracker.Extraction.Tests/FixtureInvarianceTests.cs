using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PolicyTracker.Extraction.Tests;

/// <summary>
/// The same plan printed differently must give the same tasks: punctuation in the other width, stray spaces from
/// PDF conversion, paragraphs broken at other places, indentation gone, saved as GBK or as a .docx with real tables.
/// </summary>
[Collection(FixtureCollection.Name)]
public class FixtureInvarianceTests
{
    static FixtureInvarianceTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string> Names() => [.. FixtureCase.Names()];

    [Theory]
    [MemberData(nameof(Names))]
    public void Swapping_full_and_half_width_punctuation_changes_nothing(string name) =>
        AssertSameTasks(name, SwapWidth, sameLines: true);

    [Theory]
    [MemberData(nameof(Names))]
    public void Stray_spaces_inside_words_change_nothing(string name) =>
        AssertSameTasks(name, InsertSpaces, sameLines: true);

    [Theory]
    [MemberData(nameof(Names))]
    public void Removing_indentation_changes_nothing(string name) =>
        AssertSameTasks(name, text => string.Join("\n", text.Split('\n').Select(l => l.TrimStart('　', ' '))), sameLines: true);

    [Theory]
    [MemberData(nameof(Names))]
    public void Breaking_long_paragraphs_elsewhere_changes_nothing_but_line_numbers(string name) =>
        AssertSameTasks(name, Reflow, sameLines: false);

    [Theory]
    [MemberData(nameof(Names))]
    public void Joining_broken_lines_back_onto_their_paragraph_changes_nothing(string name) =>
        AssertSameTasks(name, Unwrap, sameLines: true);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_gbk_encoded_copy_gives_the_same_result(string name)
    {
        var fixture = FixtureCase.Load(name);
        var gbk = Extractor.Extract(Encoding.GetEncoding("GB18030").GetBytes(fixture.Text), name + ".txt");
        Assert.Equal(Lines(fixture.Extract(), true), Lines(gbk, true));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_docx_copy_with_real_tables_gives_the_same_tasks(string name)
    {
        var fixture = FixtureCase.Load(name);
        var docx = Extractor.Extract(Docx(fixture.Text), name + ".docx");
        Assert.Equal(Lines(fixture.Extract(), false), Lines(docx, false));
    }

    private static void AssertSameTasks(string name, Func<string, string> variant, bool sameLines)
    {
        var fixture = FixtureCase.Load(name);
        Assert.Equal(Lines(fixture.Extract(), sameLines), Lines(fixture.Extract(variant(fixture.Text)), sameLines));
    }

    private static List<string> Lines(Model.ExtractionResult result, bool withLines) =>
        FixtureCase.TasksOf(result).Select(t => (withLines ? $"{t.Line}: " : "") + FixtureCase.Describe(t)).ToList();

    private const string HalfWidth = "():;,%";
    private const string FullWidth = "（）：；，％";

    private static string SwapWidth(string text) => new(text.Select(c =>
        HalfWidth.IndexOf(c) is var h and >= 0 ? FullWidth[h] : FullWidth.IndexOf(c) is var f and >= 0 ? HalfWidth[f] : c).ToArray());

    private const int SpaceEvery = 5;

    /// <summary>A space after every fifth Chinese character, as a two-column PDF layout spreads words.</summary>
    private static string InsertSpaces(string text)
    {
        var sb = new StringBuilder();
        var count = 0;
        foreach (var c in text)
        {
            sb.Append(c);
            if (c is < '\u4e00' or > '\u9fff') continue;
            if (++count % SpaceEvery == 0) sb.Append(' ');
        }
        return sb.ToString();
    }

    private const int ReflowLength = 36;
    private const string NumeralStarts = "一二三四五六七八九十第";

    /// <summary>Long lines broken once more in the middle, between two Chinese characters that cannot start an item.</summary>
    private static string Reflow(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length <= ReflowLength || line.Contains('\t') || line.StartsWith('|'))
            {
                lines.Add(line);
                continue;
            }
            var rest = line;
            while (rest.Length > ReflowLength)
            {
                var cut = ReflowLength / 2;
                while (cut < rest.Length - 1 && !(IsCjk(rest[cut - 1]) && IsCjk(rest[cut]) && !NumeralStarts.Contains(rest[cut]))) cut++;
                if (cut >= rest.Length - 1) break;
                lines.Add(rest[..cut]);
                rest = rest[cut..];
            }
            lines.Add(rest);
        }
        return string.Join("\n", lines);
    }

    private const string ParagraphEnds = "。；;:：";
    private const int MinBrokenLine = 24;

    /// <summary>
    /// A line that starts no item and follows an unfinished line is joined onto it; a blank line keeps its place so
    /// that line numbers do not move.
    /// </summary>
    private static string Unwrap(string text)
    {
        var lines = text.Split('\n').ToList();
        for (var i = lines.Count - 1; i > 0; i--)
        {
            var (above, line) = (lines[i - 1], lines[i]);
            if (line.Length == 0 || above.Length == 0 || line.Contains('\t') || above.Contains('\t') || line.StartsWith('|')) continue;
            if (ParagraphEnds.Contains(above[^1]) || Structure.NumberingParser.Parse(line.TrimStart('　', ' ')) != null) continue;
            // headings, 文号 and signatures are short lines of their own, never the broken end of a paragraph
            if (above.Length < MinBrokenLine || line[^1] is '日' or '号') continue;
            // page furniture stands on a line of its own whatever the text around it
            if (IsFurniture(line) || IsFurniture(above)) continue;
            lines[i - 1] = above + line.TrimStart('　', ' ');
            lines[i] = "";
        }
        return string.Join("\n", lines);
    }

    private static bool IsFurniture(string line) => Structure.LineCleaner.IsPageNumber(Structure.LineCleaner.Clean(line));

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';

    /// <summary>The plan as a Word file: each line a paragraph, each run of tab-separated lines a table.</summary>
    private static byte[] Docx(string text)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            Table? table = null;
            foreach (var line in text.Split('\n'))
            {
                if (line.Contains('\t'))
                {
                    table ??= body.AppendChild(new Table());
                    table.AppendChild(new TableRow(line.Split('\t').Select(c => new TableCell(Para(c)))));
                    continue;
                }
                table = null;
                body.AppendChild(Para(line));
            }
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static Paragraph Para(string text) => new(new Run(new Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }));
}
