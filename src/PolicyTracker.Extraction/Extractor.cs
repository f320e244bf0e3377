using PolicyTracker.Extraction.Fields;
using PolicyTracker.Extraction.Input;
using PolicyTracker.Extraction.Model;
using PolicyTracker.Extraction.Structure;

namespace PolicyTracker.Extraction;

/// <summary>Entry point: bytes of a .txt/.docx/.pdf in, documents and tasks out. Deterministic, no side effects.</summary>
public static class Extractor
{
    /// <summary>Lines about reporting progress, read for a document's own reporting cadence.</summary>
    private static readonly string[] ReportingWords = ["报送", "上报"];

    public static ExtractionResult ExtractFile(string path) =>
        Extract(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <exception cref="ExtractionInputException">the content is not a readable .txt/.docx/.pdf</exception>
    public static ExtractionResult Extract(byte[] content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        var source = SourceReader.Read(content);
        var lines = new string[source.Count];
        // the outline's view: the same lines, with items run onto a line's end put on segments of their own;
        // it shares the cleaned string wherever a line has no such item
        var segmented = new string[source.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = source.Lines[i];
            lines[i] = LineCleaner.Clean(raw);
            if (LineCleaner.IsPageNumber(lines[i]))
            {
                lines[i] = segmented[i] = "";
                continue;
            }
            segmented[i] = InlineNumbering.Cuts(raw).Count == 0 ? lines[i] : InlineNumbering.Segment(raw);
        }

        BlankRunningHeaders(lines, segmented);
        var warnings = new List<string>();
        var spans = DocumentSplitter.Split(lines);
        if (spans.Count == 0 && FirstNonBlank(lines) is var first and > 0)
        {
            spans = [SinglePlan(lines, first)];
            warnings.Add("未识别出公文版式（文号、主送机关），按单个方案处理。 / No gazette layout found; read as a single plan.");
        }
        if (FirstNonBlank(lines) == 0 && content.Length > 0)
            warnings.Add("文件中没有可读文字（可能是扫描件）。 / No readable text (a scanned document?).");

        var documents = spans.Select(span => BuildDocument(lines, segmented, span)).ToList();
        return new ExtractionResult(fileName, documents) { Warnings = warnings, Lines = lines };
    }

    /// <summary>Words of a gazette's running header ("绛县人民政府公报", "2024年第2期").</summary>
    private static readonly string[] RunningHeaderWords = ["公报"];
    private const int MaxRunningHeaderLength = 30;
    private const int MinRunningHeaderRepeats = 3;

    /// <summary>
    /// A short line naming the gazette that recurs page after page is a running header, not text; it is blanked
    /// in place (line numbers keep) so it cannot run into the item it interrupts.
    /// </summary>
    private static void BlankRunningHeaders(string[] lines, string[] segmented)
    {
        var counts = new Dictionary<string, int>();
        foreach (var l in lines)
            if (l.Length is > 0 and <= MaxRunningHeaderLength && RunningHeaderWords.Any(w => l.Contains(w, StringComparison.Ordinal)))
                counts[l] = counts.GetValueOrDefault(l) + 1;
        if (counts.Count == 0) return;
        for (var i = 0; i < lines.Length; i++)
            if (counts.TryGetValue(lines[i], out var n) && n >= MinRunningHeaderRepeats)
                lines[i] = segmented[i] = "";
    }

    /// <summary>An input with no gazette layout is one plan: its first line is the title.</summary>
    private static DocumentSpan SinglePlan(string[] lines, int first) => new()
    {
        StartLine = first,
        BodyLine = first + 1,
        EndLine = lines.Length,
        NoticeTitle = lines[first - 1],
        PlanTitle = lines[first - 1],
    };

    private static int FirstNonBlank(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Length > 0) return i + 1;
        return 0;
    }

    private static ExtractedDocument BuildDocument(string[] lines, string[] segmented, DocumentSpan span)
    {
        var restarts = DocumentSplitter.SignatureLines(lines, span.BodyLine, span.EndLine);
        if (span.PlanLine is { } p) restarts.Add(p);
        var outline = OutlineBuilder.Build(segmented, span.BodyLine, span.EndLine, restarts);
        var candidates = TaskDetector.Detect(outline);
        candidates.AddRange(TableReader.Read(lines, span.BodyLine, span.EndLine, line => SectionAt(outline, line)));
        candidates.Sort((a, b) => a.Line.CompareTo(b.Line));

        var tasks = candidates.Select(c => BuildTask(c, ReferenceDate(span))).ToList();
        var reportingText = string.Concat(Enumerable.Range(span.BodyLine, Math.Max(0, span.EndLine - span.BodyLine + 1))
            .Select(n => lines[n - 1]).Where(l => ReportingWords.Any(w => l.Contains(w, StringComparison.Ordinal))));
        return new ExtractedDocument
        {
            DocNumber = span.DocNumber,
            NoticeTitle = span.NoticeTitle,
            PlanTitle = span.PlanTitle,
            Issuer = span.Issuer,
            IssuedOn = span.IssuedOn,
            StartLine = span.StartLine,
            EndLine = span.EndLine,
            Tasks = tasks,
            Reporting = reportingText.Length > 0 ? ReportingCadenceParser.Find(reportingText) : [],
        };
    }

    /// <summary>
    /// The date month-only expressions are read against: the signature date, else the first day of the year in
    /// the 文号 ("〔2023〕"), which at least fixes the year of an undated document.
    /// </summary>
    private static DateOnly? ReferenceDate(DocumentSpan span)
    {
        if (span.IssuedOn is { } issued) return issued;
        var open = span.DocNumber?.IndexOf('〔') ?? -1;
        if (open >= 0 && int.TryParse(span.DocNumber.AsSpan(open + 1, 4), out var year) && year is > 1949 and < 2100)
            return new DateOnly(year, 1, 1);
        // an undated plan still names its year in its title ("柳溪镇2025年安全生产专项整治行动方案")
        var titled = TitleYear(span.PlanTitle) ?? TitleYear(span.NoticeTitle);
        return titled is { } titleYear ? new DateOnly(titleYear, 1, 1) : null;
    }

    /// <summary>The first year written in a title ("2025年"), or null.</summary>
    private static int? TitleYear(string? title)
    {
        if (title == null) return null;
        for (var at = title.IndexOf('年'); at >= 4; at = title.IndexOf('年', at + 1))
            if (int.TryParse(title.AsSpan(at - 4, 4), out var year) && year is > 1949 and < 2100) return year;
        return null;
    }

    private static ExtractedTask BuildTask(TaskCandidate c, DateOnly? issuedOn)
    {
        // a table row is read cell by cell for targets; its cells joined by a clause break for dates
        var deadline = DeadlineParser.Find(c.Pieces is { } cells ? string.Join("；", cells) : c.Text, issuedOn);
        var targets = (c.TargetPieces ?? c.Pieces) is { } pieces ? pieces.SelectMany(TargetParser.Find).ToList() : TargetParser.Find(c.Text);
        return new ExtractedTask
        {
            Line = c.Line,
            EndLine = c.EndLine,
            Text = c.Text,
            Title = c.Title,
            Section = c.Section,
            Leader = c.Leader,
            LeadUnits = c.Units.Lead,
            CoUnits = c.Units.Co,
            Deadline = deadline.Deadline,
            DeadlineText = deadline.Deadline == null ? null : deadline.Text,
            Ongoing = deadline.Ongoing,
            Milestones = deadline.Milestones,
            Targets = targets,
            Reporting = ReportingCadenceParser.Find(c.Text),
        };
    }

    /// <summary>The headings enclosing a line, outermost first (for tables, which sit outside the outline).</summary>
    private static IReadOnlyList<string> SectionAt(OutlineNode root, int line)
    {
        var path = new List<string>();
        var node = root;
        while (true)
        {
            var next = node.Children.LastOrDefault(c => c.Line <= line);
            if (next == null) break;
            path.Add(TaskDetector.SectionLabel(next));
            node = next;
        }
        return path;
    }
}
