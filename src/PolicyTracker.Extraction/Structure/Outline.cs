using System.Text;
using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Structure;

/// <summary>One numbered item of a document with the unnumbered lines that follow it and its sub-items.</summary>
public sealed class OutlineNode
{
    public NumberingKind? Kind { get; init; }
    /// <summary>The numbering as printed ("(一)", "1."), empty for the root.</summary>
    public string Label { get; init; } = "";
    public int Line { get; init; }
    /// <summary>Text of the numbered line after its numbering.</summary>
    public string Head { get; init; } = "";
    public List<(int Line, string Text)> Body { get; } = [];
    public List<OutlineNode> Children { get; } = [];
    public OutlineNode? Parent { get; set; }
    /// <summary>A standalone marker line that followed the last sub-item but speaks for this item as a whole.</summary>
    public List<(int Line, string Text)> TrailingMarker { get; } = [];

    public string OwnText => Head + string.Concat(Body.Select(b => b.Text)) + string.Concat(TrailingMarker.Select(b => b.Text));

    public string SubtreeText()
    {
        var sb = new StringBuilder(Head);
        foreach (var b in Body) sb.Append(b.Text);
        foreach (var c in Children) sb.Append(c.Label).Append(c.SubtreeText());
        foreach (var b in TrailingMarker) sb.Append(b.Text);
        return sb.ToString();
    }

    public int LastLine()
    {
        var last = Line;
        if (Body.Count > 0) last = Math.Max(last, Body[^1].Line);
        if (Children.Count > 0) last = Math.Max(last, Children[^1].LastLine());
        if (TrailingMarker.Count > 0) last = Math.Max(last, TrailingMarker[^1].Line);
        return last;
    }

    /// <summary>A heading is a short numbered line with no full stop: it names a topic rather than states a duty.</summary>
    public bool HeadIsHeading => Kind != null && Head.Length <= 60 && !Head.Contains('。');
}

/// <summary>
/// Builds the numbering tree of one document. A numbering kind seen again closes everything opened after it
/// (so levels follow first appearance, whatever style a county uses); a new kind opens a deeper level.
/// Tab-separated lines belong to tables and are left to <see cref="TableReader"/>.
/// </summary>
public static class OutlineBuilder
{
    /// <summary>Lines that restart numbering: an attachment list or an attachment's own beginning.</summary>
    private static readonly string[] RestartPrefixes = ["附件"];

    public static OutlineNode Build(IReadOnlyList<string> lines, int fromLine, int toLine, IReadOnlySet<int> restartLines)
    {
        var root = new OutlineNode { Line = fromLine };
        var stack = new List<OutlineNode> { root };
        for (var n = fromLine; n <= toLine; n++)
        {
            var line = lines[n - 1];
            if (line.Length == 0 || line.Contains('\t')) continue;
            foreach (var segment in line.Split(InlineNumbering.SegmentSeparator))
                if (segment.Length > 0) Add(stack, n, segment, restartLines);
        }
        LiftTrailingMarkers(root);
        return root;
    }

    private static void Add(List<OutlineNode> stack, int n, string text, IReadOnlySet<int> restartLines)
    {
        if (restartLines.Contains(n) || RestartPrefixes.Any(p => text.StartsWith(p, StringComparison.Ordinal)))
        {
            stack.RemoveRange(1, stack.Count - 1);
            return;
        }
        if (NumberingParser.Parse(text) is not { } num)
        {
            stack[^1].Body.Add((n, text));
            return;
        }
        var sameKind = stack.FindLastIndex(s => s.Kind == num.Kind);
        if (sameKind > 0) stack.RemoveRange(sameKind, stack.Count - sameKind);
        var parent = stack[^1];
        var node = new OutlineNode
        {
            Kind = num.Kind,
            Label = text[..num.TextStart].Trim(),
            Line = n,
            Head = text[num.TextStart..],
            Parent = parent,
        };
        parent.Children.Add(node);
        stack.Add(node);
    }

    /// <summary>
    /// "(一)… 1.… 2.… (责任单位：…)": a marker standing on its own line after the last of several sub-items,
    /// none of which has a marker of its own, speaks for the parent item.
    /// </summary>
    private static void LiftTrailingMarkers(OutlineNode node)
    {
        foreach (var c in node.Children) LiftTrailingMarkers(c);
        if (node.Kind == null || node.Children.Count < 2) return;
        var last = node.Children[^1];
        if (last.Children.Count > 0) return;
        var markerAt = last.Body.FindIndex(b => IsStandaloneMarker(b.Text));
        if (markerAt < 0) return;
        if (node.Children.Take(node.Children.Count - 1).Any(c => !ResponsibilityParser.Parse(c.SubtreeText()).IsEmpty)) return;
        var lastOwn = last.Head + string.Concat(last.Body.Take(markerAt).Select(b => b.Text));
        if (!ResponsibilityParser.Parse(lastOwn).IsEmpty) return;
        node.TrailingMarker.AddRange(last.Body.Skip(markerAt));
        last.Body.RemoveRange(markerAt, last.Body.Count - markerAt);
    }

    private static bool IsStandaloneMarker(string text)
    {
        var t = text.Length > 0 && text[0] is '(' or '【' or '[' ? text[1..] : text;
        return ResponsibilityParser.Labels.Any(l => l.Role != MarkerRole.Stop && t.StartsWith(l.Label, StringComparison.Ordinal));
    }
}
