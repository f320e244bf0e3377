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
        var s = Fold(raw);
        s = s.Replace("**", "").Replace("\uFFFD", "");
        var t = s.Trim();
        if (t.StartsWith('|'))
            s = PipeRow(t);
        // markdown bullets ("- 1. 工业设备") and headings carry no meaning of their own
        s = s.TrimStart(' ');
        while (s.Length > 1 && (s[0] is '-' or '*' or '#' or '•' or '>') && (s[1] is ' ' or '#' or '>' || s[0] is '•' or '>'))
            s = s[1..].TrimStart(' ', '#');
        return RemoveStraySpaces(s);
    }

    /// <summary>Full-width ASCII (ＡＢ１（：) and the ideographic space to their half-width forms.</summary>
    public static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c >= '\uFF01' && c <= '\uFF5E') sb.Append((char)(c - 0xFEE0));
            else if (c == '\u3000' || c == '\u00A0' || c == '\u2002' || c == '\u2003') sb.Append(' ');
            else if (c == '\uFF65') sb.Append('\u30FB');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string PipeRow(string t)
    {
        var inner = t.Trim('|');
        if (inner.All(c => c is '-' or ':' or '|' or ' ')) return "";
        return string.Join('\t', inner.Split('|').Select(c => c.Trim()));
    }

    /// <summary>
    /// A run of spaces is kept (as one space) only between two Latin letters or digits ("Windows 10"); next to
    /// Chinese text or punctuation it is an artefact of line layout. Cells keep their tabs, trimmed.
    /// </summary>
    public static string RemoveStraySpaces(string s)
    {
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
