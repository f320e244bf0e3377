using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Structure;

/// <summary>
/// Finds the tasks of one document's outline by the annotation guide's rules: the smallest numbered item that
/// (1) carries its own responsibility marker, (2) sits under a heading that assigns responsibility, or
/// (4) states its own completion date inside a schedule section. Rule 3 (task tables) is <see cref="TableReader"/>.
/// </summary>
public static class TaskDetector
{
    private const int MaxTitleLength = 30;

    private sealed record Context(string? Leader, Responsibility? Duty, bool Schedule, bool DutyList, IReadOnlyList<string> Section);

    public static List<TaskCandidate> Detect(OutlineNode root)
    {
        var tasks = new List<TaskCandidate>();
        Visit(root, new Context(null, null, false, false, []), tasks, depth: 0);
        tasks.Sort((a, b) => a.Line.CompareTo(b.Line));
        return tasks;
    }

    private const int MaxDepth = 64;

    private static int Visit(OutlineNode node, Context ctx, List<TaskCandidate> tasks, int depth)
    {
        var inner = ctx;
        if (node.Kind != null && node.HeadIsHeading)
        {
            if (DutyHeadingParser.Parse(node.Head) is { } duty)
                inner = inner with { Leader = duty.Leader ?? ctx.Leader, Duty = duty.Units.IsEmpty ? ctx.Duty : duty.Units };
            if (DutyHeadingParser.IsDutyList(node.Head)) inner = inner with { DutyList = true };
            if (ScheduleDates.IsScheduleHeading(node.Head)) inner = inner with { Schedule = true };
        }
        var childContext = node.Kind != null && node.Children.Count > 0
            ? inner with { Section = [.. inner.Section, SectionLabel(node)] }
            : inner;
        // "一、办公室职责" + "县三普办在…负责…" + numbered duties: the subject leads the items, not the heading itself
        if (node.Kind != null && node.HeadIsHeading && node.Children.Count > 0 && inner.Duty == null
            && DutyHeadingParser.DutyListSubject(node.Head, node.Body.FirstOrDefault(b => b.Text.Length > 0).Text) is { } listSubject)
            childContext = childContext with { Duty = listSubject.Units };

        var found = 0;
        if (depth < MaxDepth)
            foreach (var child in node.Children)
                found += Visit(child, childContext, tasks, depth + 1);
        if (found > 0 || node.Kind == null && node.Body.Count == 0) return found;

        if (node.Kind == null) return 0;

        var text = node.SubtreeText();
        var own = ResponsibilityParser.Parse(node.OwnText);
        if (own.IsEmpty && node.Children.Count > 0) own = ResponsibilityParser.Parse(text);
        // "1. 县卫健局：负责…" in a duty list: the item names its own unit
        if (own.IsEmpty && inner.Duty == null && inner.DutyList && DutyHeadingParser.Subject(node.Head) is { } subject)
            own = subject.Units;
        var assigned = inner.Duty != null || inner.Leader != null;
        var schedule = node.Kind != NumberingKind.Article && (inner.Schedule || node.Kind == NumberingKind.Phase);

        // a duty heading with nothing under it ("十二、县公安局" followed directly by the next unit) holds no task
        var hasContent = text.Length > node.Head.Length || !node.HeadIsHeading || DutyHeadingParser.Parse(node.Head) == null;
        if (!own.IsEmpty || (assigned && hasContent && node.Kind != NumberingKind.Article))
        {
            var units = own.IsEmpty ? inner.Duty ?? Responsibility.None : own;
            tasks.Add(Candidate(node, text, inner, units));
            return 1;
        }
        if (schedule && ScheduleDates.IsScheduleHeading(node.Head) && node.Children.Count == 0)
            return ScheduleParagraphs(node, inner, tasks);
        if ((schedule && ScheduleDates.HasCompletionDate(text)) || ScheduleDates.HasExplicitDeadline(text))
        {
            // "一是…2023年初完成；二是…2月底完成；三是…": dated sub-points of one line are separate steps
            var parts = SplitOrdinals(node.Label + text);
            if (parts.Count > 1 && parts.All(ScheduleDates.HasCompletionDate))
            {
                foreach (var part in parts)
                    tasks.Add(new TaskCandidate(node.Line, node.Line, part, null, SectionOf(inner), inner.Leader, Responsibility.None));
                return parts.Count;
            }
            tasks.Add(Candidate(node, text, inner, Responsibility.None));
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// "(九)时间进度" followed by dated paragraphs, or "四、工作计划" with "一是…；二是…" in one paragraph: each
    /// dated paragraph or sub-point is its own task.
    /// </summary>
    private static int ScheduleParagraphs(OutlineNode node, Context ctx, List<TaskCandidate> tasks)
    {
        var section = ctx with { Section = [.. ctx.Section, SectionLabel(node)] };
        var count = 0;
        foreach (var (line, text) in Paragraphs(node.Body))
        {
            foreach (var part in SplitOrdinals(text))
            {
                if (!ScheduleDates.HasCompletionDate(part)) continue;
                tasks.Add(new TaskCandidate(line, line, part, null, SectionOf(section), ctx.Leader, Responsibility.None));
                count++;
            }
        }
        return count;
    }

    /// <summary>Joins body lines into paragraphs: a line ending in 。；!? or a colon closes its paragraph.</summary>
    private static IEnumerable<(int Line, string Text)> Paragraphs(List<(int Line, string Text)> body)
    {
        var start = -1;
        var text = new System.Text.StringBuilder();
        foreach (var (line, t) in body)
        {
            if (t.Length == 0) continue;
            if (start < 0) start = line;
            text.Append(t);
            if (t[^1] is '。' or ';' or '；' or '!' or '?' or ':')
            {
                yield return (start, text.ToString());
                start = -1;
                text.Clear();
            }
        }
        if (start >= 0) yield return (start, text.ToString());
    }

    /// <summary>一是, 二是 …: a Chinese digit and 是.</summary>
    private const string OrdinalDigits = "一二三四五六七八九十";
    private const char OrdinalMark = '是';

    /// <summary>Splits "一是…；二是…；三是…" into its sub-points (text before the first one is dropped).</summary>
    public static List<string> SplitOrdinals(string text)
    {
        var cuts = new List<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (text[i + 1] != OrdinalMark || !OrdinalDigits.Contains(text[i])) continue;
            if (i == 0 || text[i - 1] is '。' or ';' or '；' or ',' or ':' or '，') cuts.Add(i);
        }
        if (cuts.Count < 2) return [text];
        var parts = new List<string>();
        for (var k = 0; k < cuts.Count; k++)
        {
            var end = k + 1 < cuts.Count ? cuts[k + 1] : text.Length;
            parts.Add(text[(cuts[k] + 2)..end].TrimEnd(';', '；', ',', '，'));
        }
        return parts;
    }

    private static string? SectionOf(Context ctx) => ctx.Section.Count > 0 ? string.Join(" / ", ctx.Section) : null;

    private static TaskCandidate Candidate(OutlineNode node, string text, Context ctx, Responsibility units) =>
        new(node.Line, node.LastLine(), text, Title(node), ctx.Section.Count > 0 ? string.Join(" / ", ctx.Section) : null, ctx.Leader, units);

    /// <summary>The short lead phrase before the first 。 ("培育商贸主体"), or a heading item's own words.</summary>
    private static string? Title(OutlineNode node)
    {
        var head = node.Head;
        // a unit's name heading a duty list names who, not what
        if (DutyHeadingParser.UnitHeading(head) != null) return null;
        // the first sentence of the item's own text, which may run over a broken line
        var text = node.OwnText;
        var stop = text.IndexOf('。');
        if (stop > 0 && stop <= MaxTitleLength && HasMoreText(node.SubtreeText(), stop + 1)) return text[..stop];
        // a short heading line whose words are followed by a body ("(三)加强政策研究,规划消费热点" + paragraphs)
        if (!head.Contains('。') && head.Length <= MaxTitleLength && (HasMoreText(text, head.Length) || node.Children.Count > 0)) return head;
        return null;
    }

    /// <summary>Whether words follow <paramref name="from"/> other than the item's responsibility marker.</summary>
    private static bool HasMoreText(string text, int from)
    {
        var rest = from < text.Length ? text[from..].Trim() : "";
        if (rest.Length == 0) return false;
        var body = rest.StartsWith('(') ? rest[1..] : rest;
        if (ResponsibilityParser.Labels.Any(l => l.Role != MarkerRole.Stop && body.StartsWith(l.Label, StringComparison.Ordinal))) return false;
        return !(rest.StartsWith('(') && ResponsibilityParser.TrailingParenthesis(rest) is { IsEmpty: false } && rest.IndexOf(')') == rest.Length - 1);
    }

    /// <summary>A heading as printed; a heading item with a body is cut after its first sentence.</summary>
    public static string SectionLabel(OutlineNode node)
    {
        var head = node.Head;
        var stop = head.IndexOf('。');
        return node.Label + (stop > 0 && stop < head.Length - 1 ? head[..stop] : head);
    }
}
