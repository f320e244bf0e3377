namespace PolicyTracker.Extraction.Input;

/// <summary>
/// The line-oriented text every input format is turned into. Line numbers are 1-based; for .txt they are the
/// file's own lines, because the gold labels and the UI point at them.
/// </summary>
public sealed class SourceText(IReadOnlyList<string> lines)
{
    public IReadOnlyList<string> Lines { get; } = lines;

    public int Count => Lines.Count;

    /// <summary>Text of 1-based line <paramref name="number"/>.</summary>
    public string this[int number] => Lines[number - 1];

    public static SourceText FromString(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\n' && c != '\r') continue;
            lines.Add(text[start..i]);
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return new SourceText(lines);
    }

    /// <summary>
    /// The same lines without the characters no text may carry: NUL (a stray glyph code in a PDF) is dropped and a
    /// lone surrogate half becomes U+FFFD, so every line is valid Unicode that any database accepts.
    /// </summary>
    public SourceText Sanitized()
    {
        if (Lines.All(IsValid)) return this;
        return new SourceText(Lines.Select(l => IsValid(l) ? l : Sanitize(l)).ToList());
    }

    private static bool IsValid(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    private static string Sanitize(string line)
    {
        var sb = new System.Text.StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\0') continue;
            if (char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1])) { sb.Append(c).Append(line[++i]); continue; }
            sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }
}
