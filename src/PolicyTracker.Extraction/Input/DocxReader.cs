using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PolicyTracker.Extraction.Input;

/// <summary>
/// Reads a .docx into lines: body paragraphs in order, each table row as one tab-separated line, so the same
/// table reader handles .txt and .docx tables.
/// </summary>
public static class DocxReader
{
    public static SourceText Read(byte[] content)
    {
        try
        {
            ZipGuard.Check(content);
            using var stream = new MemoryStream(content, writable: false);
            using var doc = WordprocessingDocument.Open(stream, false);
            var body = doc.MainDocumentPart?.Document?.Body
                ?? throw new ExtractionInputException("Word 文件没有正文。 / The .docx has no document body.");
            var lines = new List<string>();
            AddBlocks(body, lines);
            return new SourceText(lines);
        }
        catch (Exception e) when (e is not ExtractionInputException and not OutOfMemoryException)
        {
            throw new ExtractionInputException("Word 文件已损坏或格式不支持。 / The .docx is corrupt or unsupported.", e);
        }
    }

    /// <summary>Paragraphs and tables in document order, also inside content controls and custom XML blocks.</summary>
    private static void AddBlocks(OpenXmlElement container, List<string> lines)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case Paragraph p:
                    lines.Add(ParagraphText(p));
                    break;
                case Table t:
                    AddTable(t, lines);
                    // a blank line ends the table, as in a converted text
                    lines.Add("");
                    break;
                case SectionProperties:
                    break;
                default:
                    AddBlocks(element, lines);
                    break;
            }
        }
    }

    /// <summary>
    /// One tab-separated line per row. A vertically merged cell repeats the text of the cell it continues, as the
    /// reader of the printed table sees it (a unit cell spanning several task rows names the unit of each).
    /// </summary>
    private static void AddTable(Table table, List<string> lines)
    {
        var above = new List<string>();
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var column = cells.Count;
                var merge = cell.TableCellProperties?.VerticalMerge;
                var continues = merge != null && (merge.Val == null || merge.Val.Value == MergedCellValues.Continue);
                cells.Add(continues && column < above.Count ? above[column] : CellText(cell));
                // a cell spanning grid columns occupies each of them
                var span = cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
                for (var k = 1; k < span; k++) cells.Add("");
            }
            lines.Add(string.Join('\t', cells));
            above = cells;
        }
    }

    private static string CellText(TableCell cell) =>
        string.Join("", cell.Elements<Paragraph>().Select(ParagraphText)).Replace('\t', ' ');

    private static string ParagraphText(Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var node in p.Descendants())
        {
            switch (node)
            {
                case Text t: sb.Append(t.Text); break;
                case TabChar: sb.Append(' '); break;
                case Break or CarriageReturn: sb.Append(' '); break;
            }
        }
        return sb.ToString();
    }
}
