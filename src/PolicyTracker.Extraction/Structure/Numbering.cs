namespace PolicyTracker.Extraction.Structure;

/// <summary>The numbering styles of Chinese official documents (GB/T 9704: 一、 (一) 1. (1) …).</summary>
public enum NumberingKind
{
    /// <summary>第一章</summary>
    Chapter,
    /// <summary>第一节 / 第一部分</summary>
    Part,
    /// <summary>第一条 (regulations; never tasks by themselves)</summary>
    Article,
    /// <summary>一、</summary>
    ChineseComma,
    /// <summary>(一)</summary>
    ChineseParen,
    /// <summary>1. / 1、</summary>
    ArabicDot,
    /// <summary>(1)</summary>
    ArabicParen,
    /// <summary>①</summary>
    Circled,
    /// <summary>第一阶段：</summary>
    Phase,
    /// <summary>一是 / 二是 (sub-points inside a paragraph)</summary>
    Ordinal,
}

/// <summary>A numbering token at the start of a line: its kind, its value, and where the text after it starts.</summary>
public readonly record struct Numbering(NumberingKind Kind, int Value, int TextStart);

/// <summary>Recognises numbering tokens by scanning characters (linear, no backtracking).</summary>
public static class NumberingParser
{
    private const string ChineseDigits = "零〇一二三四五六七八九十百";
    private const int MaxArabicDigits = 3;

    /// <summary>Suffix words after 第N that name a numbering level.</summary>
    private static readonly (string Word, NumberingKind Kind)[] OrdinalUnits =
    [
        ("章", NumberingKind.Chapter), ("部分", NumberingKind.Part), ("节", NumberingKind.Part),
        ("条", NumberingKind.Article), ("阶段", NumberingKind.Phase), ("步", NumberingKind.Phase),
    ];

    public static Numbering? Parse(string line)
    {
        if (line.Length < 2) return null;
        var c = line[0];
        if (c is >= '①' and <= '⑳') return new(NumberingKind.Circled, c - '①' + 1, Skip(line, 1));
        // ⑴ … ⒇ and ⒈ … ⒛: (1) and 1. printed as single characters
        if (c is >= '⑴' and <= '⒇') return new(NumberingKind.ArabicParen, c - '⑴' + 1, Skip(line, 1));
        if (c is >= '⒈' and <= '⒛') return new(NumberingKind.ArabicDot, c - '⒈' + 1, Skip(line, 1));
        // ㈠ … ㈩: (一) … (十) printed as single characters
        if (c is >= '㈠' and <= '㈩') return new(NumberingKind.ChineseParen, c - '㈠' + 1, Skip(line, 1));
        if (c == '第') return ParseOrdinalUnit(line);
        if (c == '(' || c == '（')
        {
            var close = line.IndexOfAny([')', '）'], 1);
            if (close < 2 || close > 5) return null;
            var inner = line[1..close];
            if (TryChinese(inner, out var v)) return new(NumberingKind.ChineseParen, v, Skip(line, close + 1));
            if (inner.Length <= MaxArabicDigits && inner.All(char.IsAsciiDigit))
                return new(NumberingKind.ArabicParen, int.Parse(inner), Skip(line, close + 1));
            return null;
        }
        if (char.IsAsciiDigit(c))
        {
            var n = 0;
            while (n < line.Length && char.IsAsciiDigit(line[n])) n++;
            if (n > MaxArabicDigits || n >= line.Length) return null;
            var sep = line[n];
            if (sep is '、' or '．' || (sep == '.' && (n + 1 >= line.Length || !char.IsAsciiDigit(line[n + 1]))))
                return n + 1 < line.Length ? new(NumberingKind.ArabicDot, int.Parse(line[..n]), Skip(line, n + 1)) : null;
            // "1)" / "1）": the half-parenthesis form of (1)
            if (sep is ')' or '）' && n + 1 < line.Length)
                return new(NumberingKind.ArabicParen, int.Parse(line[..n]), Skip(line, n + 1));
            return null;
        }
        if (ChineseDigits.Contains(c))
        {
            var n = 0;
            while (n < line.Length && n < 4 && ChineseDigits.Contains(line[n])) n++;
            if (n >= line.Length || !TryChinese(line[..n], out var v)) return null;
            var sep = line[n];
            if (sep is '、' or '.' or '．') return new(NumberingKind.ChineseComma, v, Skip(line, n + 1));
            // "一）": the half-parenthesis form of (一)
            if (sep is ')' or '）' && n + 1 < line.Length) return new(NumberingKind.ChineseParen, v, Skip(line, n + 1));
            if (sep == '是' && n + 1 < line.Length && line[n + 1] != '否') return new(NumberingKind.Ordinal, v, Skip(line, n + 1));
        }
        return null;
    }

    private static Numbering? ParseOrdinalUnit(string line)
    {
        var n = 1;
        while (n < line.Length && n < 6 && (ChineseDigits.Contains(line[n]) || char.IsAsciiDigit(line[n]))) n++;
        if (n == 1) return null;
        var number = line[1..n];
        var value = number.All(char.IsAsciiDigit) ? int.Parse(number) : TryChinese(number, out var v) ? v : 0;
        if (value == 0) return null;
        foreach (var (word, kind) in OrdinalUnits)
        {
            if (string.CompareOrdinal(line, n, word, 0, word.Length) != 0) continue;
            var end = n + word.Length;
            if (end < line.Length && line[end] is ':' or '：' or '、' or ',') end++;
            return new(kind, value, Skip(line, end));
        }
        return null;
    }

    private static int Skip(string line, int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t' or '.' or '、') i++;
        return i;
    }

    /// <summary>Chinese numerals up to 999 (一, 十二, 二十三, 一百零五).</summary>
    public static bool TryChinese(string s, out int value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 5) return false;
        var current = 0;
        var seenUnit = false;
        foreach (var ch in s)
        {
            var d = "零一二三四五六七八九".IndexOf(ch);
            if (ch == '〇') d = 0;
            if (d >= 0) { current = d; continue; }
            if (ch == '十') { value += (current == 0 ? 1 : current) * 10; current = 0; seenUnit = true; continue; }
            if (ch == '百') { value += (current == 0 ? 1 : current) * 100; current = 0; seenUnit = true; continue; }
            return false;
        }
        value += current;
        return value > 0 && (seenUnit || s.Length == 1);
    }
}
