using System.Text;

namespace PolicyTracker.Extraction.Input;

/// <summary>
/// Decodes a plain-text gazette. The encoding is decided from the bytes, never from the file name: a BOM wins,
/// then strict UTF-8, then GB18030 (a superset of GBK/GB2312, what Chinese Windows tools write).
/// </summary>
public static class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = DecodeText(bytes);
        // NUL occurs in no text (and no database text column takes it): past the sampled head or behind a BOM it still
        // means the bytes are not text.
        if (text.Contains('\0')) throw NotText();
        return text;
    }

    private static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Strict(new UTF8Encoding(false, true), bytes[3..], "UTF-8");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Strict(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16LE");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Strict(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16BE");

        if (LooksBinary(bytes)) throw NotText();

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // not UTF-8: fall through to the national standard encoding
        }
        return Strict(Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), bytes, "GB18030");
    }

    private static ExtractionInputException NotText() =>
        new("无法识别的文件内容（不是文本、Word 或 PDF）。 / Unrecognised content: not text, .docx or .pdf.");

    private static string Strict(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ExtractionInputException($"文本编码无法识别（尝试了 {name}）。 / Text is not valid {name}.", e);
        }
    }

    /// <summary>NUL bytes and control characters do not occur in text in any of the accepted encodings.</summary>
    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0) return true;
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) control++;
        }
        return sample.Length > 0 && control * 20 > sample.Length;
    }
}
