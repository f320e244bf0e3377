using System.Globalization;

namespace PolicyTracker.Extraction.Fields;

/// <summary>
/// Reads numbers as Chinese official documents write them: Arabic (12, 1,200, 52.27, full-width １２),
/// Chinese numerals (三, 十家, 两所, 一百二十, 二〇二三) and mixed forms (1.5万, 3千).
/// </summary>
public static class ChineseNumber
{
    /// <summary>零〇一二两三… → digit value. 两 and 俩 are the counting forms of 二.</summary>
    private static readonly Dictionary<char, int> Digits = new()
    {
        ['零'] = 0, ['〇'] = 0, ['○'] = 0, ['一'] = 1, ['二'] = 2, ['两'] = 2, ['俩'] = 2, ['三'] = 3, ['四'] = 4,
        ['五'] = 5, ['六'] = 6, ['七'] = 7, ['八'] = 8, ['九'] = 9,
    };

    /// <summary>十百千 multiply the digit before them inside one 万-section.</summary>
    private static readonly Dictionary<char, int> SmallUnits = new() { ['十'] = 10, ['百'] = 100, ['千'] = 1000 };

    /// <summary>万 and 亿 close a section and scale everything read so far.</summary>
    private static readonly Dictionary<char, long> BigUnits = new() { ['万'] = 10_000, ['亿'] = 100_000_000 };

    /// <summary>Longer digit runs are identifiers (phone, licence numbers), not quantities.</summary>
    private const int MaxDigits = 18;

    private const decimal MaxValue = 1e12m;

    public static bool IsChineseNumeralChar(char c) =>
        Digits.ContainsKey(c) || SmallUnits.ContainsKey(c) || BigUnits.ContainsKey(c);

    public static bool IsArabicDigit(char c) => c is >= '0' and <= '9' or >= '０' and <= '９';

    /// <summary>Parses a whole string as one number ("一百二十", "1.5万", "52.27"); false when any part is not a number.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text)) return false;
        return TryRead(text, 0, allowBigUnits: true, out value, out var length) && length == text.Length;
    }

    /// <summary>
    /// Reads the longest number starting at <paramref name="start"/>. With <paramref name="allowBigUnits"/> false a
    /// trailing 万/亿 after Arabic digits is left unread, so callers can keep it in the unit ("300万元" → 300, "万元").
    /// </summary>
    public static bool TryRead(string text, int start, bool allowBigUnits, out decimal value, out int length)
    {
        value = 0;
        length = 0;
        if (start < 0 || start >= text.Length) return false;
        if (IsArabicDigit(text[start])) return TryReadArabic(text, start, allowBigUnits, out value, out length);
        return TryReadChinese(text, start, allowBigUnits, out value, out length);
    }

    private static bool TryReadArabic(string text, int start, bool allowBigUnits, out decimal value, out int length)
    {
        value = 0;
        length = 0;
        var digits = new System.Text.StringBuilder();
        var i = start;
        var seenPoint = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsArabicDigit(c))
            {
                digits.Append(ToAsciiDigit(c));
                i++;
            }
            else if ((c == '.' || c == '．') && !seenPoint && i + 1 < text.Length && IsArabicDigit(text[i + 1]))
            {
                seenPoint = true;
                digits.Append('.');
                i++;
            }
            // A thousands separator only counts when exactly three digits follow it ("1,200" but not "1,2").
            else if (c == ',' && !seenPoint && IsThreeDigitGroup(text, i + 1))
            {
                i++;
            }
            else break;
            if (digits.Length > MaxDigits) return false;
        }
        if (!decimal.TryParse(digits.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            length = 0;
            return false;
        }
        // Mixed forms such as 1.5万 or 3千 scale the Arabic part.
        if (i < text.Length && text[i] == '千' && allowBigUnits) { value *= 1000; i++; }
        if (i < text.Length && allowBigUnits && BigUnits.TryGetValue(text[i], out var big)) { value *= big; i++; }
        length = i - start;
        return true;
    }

    private static bool IsThreeDigitGroup(string text, int at) =>
        at + 2 < text.Length && IsArabicDigit(text[at]) && IsArabicDigit(text[at + 1]) && IsArabicDigit(text[at + 2])
        && (at + 3 >= text.Length || !IsArabicDigit(text[at + 3]));

    private static char ToAsciiDigit(char c) => c >= '０' && c <= '９' ? (char)('0' + (c - '０')) : c;

    private static bool TryReadChinese(string text, int start, bool allowBigUnits, out decimal value, out int length)
    {
        value = 0;
        length = 0;
        var i = start;
        // Positional digit strings without 十百千 (二〇二三) are read digit by digit.
        var positional = i;
        while (positional < text.Length && Digits.ContainsKey(text[positional])) positional++;
        if (positional - start >= 2 && (positional >= text.Length || !IsChineseNumeralChar(text[positional])))
        {
            // "一二" style strings are rare as counts; only zero-bearing or 3+ digit runs are positional numbers.
            var run = text.AsSpan(start, positional - start);
            if (run.Length > MaxDigits) return false;
            if (run.Length >= 3 || run.ContainsAny('〇', '零', '○'))
            {
                decimal v = 0;
                foreach (var c in run) v = v * 10 + Digits[c];
                value = v;
                length = run.Length;
                return true;
            }
        }

        decimal yi = 0, wan = 0, section = 0;
        decimal digit = -1;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (Digits.TryGetValue(c, out var d))
            {
                if (digit > 0) break; // two digits in a row ("一二") are not one number; after 零 one may follow (一千零五)
                digit = d;
                any = true;
                i++;
            }
            else if (SmallUnits.TryGetValue(c, out var unit))
            {
                // A bare 十 at the start means 10 ("十家"); 一百 needs its digit.
                if (digit < 0 && !(unit == 10 && !any)) break;
                section += (digit < 0 ? 1 : digit) * unit;
                digit = -1;
                any = true;
                i++;
            }
            else if (BigUnits.TryGetValue(c, out var big) && any && allowBigUnits)
            {
                // "亿亿亿…" is noise, not a number; stop before the value leaves decimal's range.
                if (yi + wan + section > MaxValue) break;
                // 亿 scales everything before it; 万 only the current section ("一亿二千万" = 1亿 + 2000万).
                if (big == 10_000) wan += (section + Math.Max(digit, 0)) * big;
                else { yi = (yi + wan + section + Math.Max(digit, 0)) * big; wan = 0; }
                section = 0;
                digit = -1;
                i++;
            }
            else break;
        }
        if (!any) return false;
        value = yi + wan + section + Math.Max(digit, 0);
        length = i - start;
        return true;
    }
}
