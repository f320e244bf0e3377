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
}
