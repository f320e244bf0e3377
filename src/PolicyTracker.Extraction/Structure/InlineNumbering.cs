namespace PolicyTracker.Extraction.Structure;

/// <summary>
/// PDF conversion sometimes runs the next numbered item onto the end of a line ("…管理局 16.提升公共数据…",
/// "…乡镇人民政府落实) (五)提升…"). In the raw line the item starts after a space, with its numbering followed by
/// Chinese text; such a line is cut into segments that keep the same line number.
/// </summary>
public static class InlineNumbering
{
    /// <summary>Separates the segments of one source line in the outline's view of the text.</summary>
    public const char SegmentSeparator = '\u2029';

    private const int MaxInlineNumber = 300;

    /// <summary>Longest "(十二)" token, stray spaces included.</summary>
    private const int MaxBracketedToken = 7;

    /// <summary>Shared answer for the common line without inline items; never modified.</summary>
    private static readonly List<int> NoCuts = [];

    /// <summary>Positions (in <paramref name="raw"/>) where an inline numbered item starts.</summary>
    public static IReadOnlyList<int> Cuts(string raw)
    {
        List<int> cuts = NoCuts;
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] == ' ' || raw[i] == '\u3000') continue;
            var spaced = raw[i - 1] is ' ' or '\u3000';
            // without a space, only a closed sentence or bracket can be followed by a new item ("…落实)(五)提升…")
            if (!spaced && !ClosesSentence(raw[i - 1])) continue;
            var before = LastNonSpace(raw, i - 1);
            if (before < 0 || !EndsClause(raw[before])) continue;
            if (Token(raw, i) is not { } end) continue;
            var next = end;
            while (next < raw.Length && raw[next] == ' ') next++;
            if (next < raw.Length && DocumentSplitter.IsCjk(raw[next]))
            {
                if (ReferenceEquals(cuts, NoCuts)) cuts = [];
                cuts.Add(i);
            }
        }
        return cuts;
    }

    /// <summary>The source line with inline items put on segments of their own, each cleaned.</summary>
    public static string Segment(string raw)
    {
        var cuts = Cuts(raw);
        if (cuts.Count == 0) return LineCleaner.Clean(raw);
        var parts = new List<string>();
        var start = 0;
        foreach (var cut in cuts)
        {
            parts.Add(LineCleaner.Clean(raw[start..cut]));
            start = cut;
        }
        parts.Add(LineCleaner.Clean(raw[start..]));
        return string.Join(SegmentSeparator, parts);
    }

    private static int LastNonSpace(string s, int i)
    {
        while (i >= 0 && (s[i] == ' ' || s[i] == '\u3000')) i--;
        return i;
    }

    private static bool ClosesSentence(char c) => c is '。' or '；' or ')' or '）' or '》';

    /// <summary>An item can follow Chinese text or closing punctuation, never a digit or a Latin word.</summary>
    private static bool EndsClause(char c) => DocumentSplitter.IsCjk(c) || c is '。' or '；' or ';' or ')' or '）' or '」' or '”' or '》';

    /// <summary>End of an Arabic "16." / "16、" or a Chinese "(五)" numbering token starting at <paramref name="i"/>.</summary>
    private static int? Token(string s, int i)
    {
        if (char.IsAsciiDigit(s[i]))
        {
            var n = i;
            while (n < s.Length && char.IsAsciiDigit(s[n])) n++;
            if (n - i > 3 || n >= s.Length || int.Parse(s.AsSpan(i, n - i)) is < 1 or > MaxInlineNumber) return null;
            if (s[n] is not ('.' or '．' or '、')) return null;
            return n + 1 < s.Length && !char.IsAsciiDigit(s[n + 1]) ? n + 1 : null;
        }
        if (s[i] is '(' or '（')
        {
            var close = s.IndexOfAny([')', '）'], i + 1);
            if (close < i + 2 || close > i + MaxBracketedToken) return null;
            // "( 六 )": the stray spaces of conversion may sit inside the bracket too
            return NumberingParser.TryChinese(s[(i + 1)..close].Replace(" ", "").Replace("\u3000", ""), out _) ? close + 1 : null;
        }
        return null;
    }
}
