using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace PolicyTracker.Extraction.Input;

/// <summary>
/// Reads a .pdf into lines: words are grouped into lines by their baseline, left to right; pages follow each
/// other with a blank line between them. Page furniture is left for the structure pass to recognise.
/// </summary>
public static class PdfReader
{
    /// <summary>
    /// A county plan runs to tens of pages, a year's gazette to a few hundred; beyond this the file is an archive
    /// or an attack, and reading it would hold a worker for minutes.
    /// </summary>
    public const int MaxPages = 2_000;

    public static SourceText Read(byte[] content)
    {
        try
        {
            using var pdf = PdfDocument.Open(content);
            if (pdf.NumberOfPages > MaxPages)
                throw new ExtractionInputException($"PDF 文件超过 {MaxPages} 页，请拆分后再导入。 / The .pdf has more than {MaxPages} pages; split it first.");
            var lines = new List<string>();
            foreach (var page in pdf.GetPages())
            {
                lines.AddRange(PageLines(page));
                lines.Add("");
            }
            return new SourceText(lines);
        }
        catch (Exception e) when (e is not ExtractionInputException and not OutOfMemoryException)
        {
            throw new ExtractionInputException("PDF 文件已损坏或无法读取。 / The .pdf is corrupt or unreadable.", e);
        }
    }

    private static IEnumerable<string> PageLines(Page page)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        // top of page first; words whose baselines differ by less than half their height share a line
        words.Sort((a, b) => b.BoundingBox.Bottom.CompareTo(a.BoundingBox.Bottom));
        var current = new List<Word>();
        double baseline = double.NaN, height = 0;
        foreach (var w in words)
        {
            var h = Math.Max(w.BoundingBox.Height, 1);
            if (current.Count > 0 && Math.Abs(w.BoundingBox.Bottom - baseline) > Math.Max(height, h) / 2)
            {
                yield return Join(current);
                current.Clear();
            }
            if (current.Count == 0) { baseline = w.BoundingBox.Bottom; height = h; }
            current.Add(w);
        }
        if (current.Count > 0) yield return Join(current);
    }

    private static string Join(List<Word> words) =>
        string.Join(' ', words.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text));
}
