namespace PolicyTracker.Extraction.Fields;

/// <summary>Helpers shared by the field parsers for parts of a text that must not be read as facts.</summary>
internal static class TextSpans
{
    /// <summary>Brackets whose content names something (a policy title, a document number) rather than states a fact.</summary>
    private static readonly (char Open, char Close)[] NamingBrackets = [('《', '》'), ('〔', '〕'), ('［', '］'), ('[', ']')];

    /// <summary>A title longer than this is a stray bracket, not a title; masking it would hide real text.</summary>
    private const int MaxTitleLength = 120;

    /// <summary>The mask character keeps every index of the original text valid.</summary>
    public const char Mask = '\u25A1';

    /// <summary>
    /// Full-width digits (２０２３年６月) read as ASCII ones. One character maps to one, so every index of the
    /// original text stays valid.
    /// </summary>
    public static string NormalizeDigits(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('０', '９') < 0) return text;
        var buffer = text.ToCharArray();
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] is >= '０' and <= '９') buffer[i] = (char)('0' + (buffer[i] - '０'));
        }
        return new string(buffer);
    }

    /// <summary>
    /// Returns the text with the content of 《…》 and 〔…〕 replaced by <see cref="Mask"/>, so that
    /// "《…2021—2025年规划》" or "〔2023〕20号" is never read as a date or a target. Linear in the text length.
    /// </summary>
    public static string MaskQuotedTitles(string text)
    {
        char[]? buffer = null;
        foreach (var (open, close) in NamingBrackets)
        {
            var i = 0;
            while (i < text.Length)
            {
                var start = text.IndexOf(open, i);
                if (start < 0) break;
                var limit = Math.Min(text.Length - start - 1, MaxTitleLength);
                var end = limit > 0 ? text.IndexOf(close, start + 1, limit) : -1;
                if (end < 0)
                {
                    i = start + 1;
                    continue;
                }
                buffer ??= text.ToCharArray();
                for (var k = start + 1; k < end; k++) buffer[k] = Mask;
                i = end + 1;
            }
        }
        return buffer is null ? text : new string(buffer);
    }
}
