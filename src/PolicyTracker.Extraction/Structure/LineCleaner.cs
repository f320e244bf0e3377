using System.Text;

namespace PolicyTracker.Extraction.Structure;

/// <summary>
/// Normalises one source line without moving it: full-width ASCII folded to half-width, markdown decoration
/// dropped, pipe tables turned into tab-separated cells, and the stray spaces PDF conversion puts inside Chinese
/// words removed ("县教 育体育局" → "县教育体育局"). Tabs survive: they separate table cells.
/// </summary>
public static class LineCleaner
{
    public static string Clean(string raw)
    {
        if (IsClean(raw)) return raw;
        var s = Fold(raw);
        if (s.Contains('*') || s.Contains('\uFFFD')) s = s.Replace("**", "").Replace("\uFFFD", "");
        var t = s.Trim();
        if (t.StartsWith('|'))
            s = PipeRow(t);
        // markdown bullets ("- 1. 工业设备") and headings carry no meaning of their own
        s = s.TrimStart(' ');
        while (s.Length > 1 && (s[0] is '-' or '*' or '#' or '•' or '>') && (s[1] is ' ' or '#' or '>' || s[0] is '•' or '>'))
            s = s[1..].TrimStart(' ', '#');
        return RemoveStraySpaces(s);
    }

    /// <summary>
    /// Page numbers printed by the layout ("— 12 —", "-74 -", "第 3 页", "3/40"): not text of any document. The line
    /// stays (as a blank) so that line numbers do not move.
    /// </summary>
    public static bool IsPageNumber(string cleaned)
    {
        if (cleaned.Length is 0 or > 12) return false;
        var s = cleaned.Trim(PageNumberDecoration);
        // "第2页共6页", "共6页第2页": the page and the count, read as "2/6"
        if (s.Length > 4 && s.IndexOf(PageCount, StringComparison.Ordinal) is var total and >= 0)
            s = total == 0 ? s[(s.IndexOf('页') + 1)..] : s[..total];
        if (s.Length == 0 || s.Length > 4) return false;
        if (s.StartsWith('第') && s.EndsWith('页')) s = s[1..^1];
        var slash = s.IndexOf('/');
        if (slash > 0) s = s[..slash] + s[(slash + 1)..];
        var dashed = cleaned.Length != s.Length;
        return s.Length > 0 && s.All(char.IsAsciiDigit) && (dashed || s.Length <= 3);
    }

    /// <summary>Dashes and dots printed around a page number ("— 12 —", "·3·", "- 4 -").</summary>
    private static readonly char[] PageNumberDecoration = ['-', '—', '–', ' ', '·', '•', '・', '‧'];

    /// <summary>共 introduces the page count of "第2页共6页".</summary>
    private const string PageCount = "共";

    /// <summary>Most lines need nothing: no space, nothing to fold, no markdown. They are returned as they are.</summary>
    private static bool IsClean(string raw)
    {
        if (raw.Length > 0 && raw[0] is '-' or '*' or '#' or '•' or '>' or '|') return false;
        foreach (var c in raw)
            if (c is ' ' or '*' or '\uFFFD' or '\u3000' or '\u00A0' or '\u2002' or '\u2003' or '\uFF65' || c is >= '\uFF01' and <= '\uFF5E') return false;
        return true;
    }

    /// <summary>Full-width ASCII (ＡＢ１（：) and the ideographic space to their half-width forms.</summary>
    public static string Fold(string s) =>
        string.Create(s.Length, s, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' or '\u00A0' or '\u2002' or '\u2003' => ' ',
                    '\uFF65' => '\u30FB',
                    _ => c,
                };
            }
        });

    /// <summary>Line breaks written inside markdown cells.</summary>
    private static readonly string[] CellBreaks = ["<br/>", "<br />", "<br>"];

    private static string PipeRow(string t)
    {
        var inner = t.Trim('|');
        if (inner.All(c => c is '-' or ':' or '|' or ' ')) return "";
        foreach (var b in CellBreaks) inner = inner.Replace(b, "", StringComparison.OrdinalIgnoreCase);
        return string.Join('\t', inner.Split('|').Select(c => c.Trim()));
    }

    /// <summary>
    /// A run of spaces is kept (as one space) only between two Latin letters or digits ("Windows 10"); next to
    /// Chinese text or punctuation it is an artefact of line layout. Cells keep their tabs, trimmed.
    /// </summary>
    public static string RemoveStraySpaces(string s)
    {
        if (!s.Contains(' ')) return s;
        var sb = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c != ' ')
            {
                sb.Append(c);
                i++;
                continue;
            }
            var j = i;
            while (j < s.Length && s[j] == ' ') j++;
            var prev = sb.Length > 0 ? sb[^1] : '\0';
            var next = j < s.Length ? s[j] : '\0';
            if (IsLatin(prev) && IsLatin(next)) sb.Append(' ');
            i = j;
        }
        return sb.ToString().Trim(' ');
    }

    private static bool IsLatin(char c) => c < 0x80 && char.IsLetterOrDigit(c);
}
