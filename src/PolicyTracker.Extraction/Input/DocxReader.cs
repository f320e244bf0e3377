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
                    foreach (var row in t.Elements<TableRow>())
                        lines.Add(string.Join('\t', row.Elements<TableCell>().Select(CellText)));
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
