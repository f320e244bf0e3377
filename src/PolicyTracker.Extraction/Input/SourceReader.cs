namespace PolicyTracker.Extraction.Input;

/// <summary>Chooses the reader from the content's signature (ZIP → .docx, %PDF → .pdf, else text).</summary>
public static class SourceReader
{
    /// <summary>
    /// A county gazette runs to a few megabytes of text; anything far larger is not one (or is several to be
    /// split), and is refused up front rather than held in memory.
    /// </summary>
    public const int MaxTextBytes = 32 * 1024 * 1024;

    /// <summary>.docx/.pdf containers carry images, so their own limit is larger; their text obeys the text limit.</summary>
    public const int MaxContainerBytes = 256 * 1024 * 1024;

    public static SourceText Read(byte[] content)
    {
        ReadOnlySpan<byte> span = content;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            throw new ExtractionInputException("不支持旧版 Word（.doc）文件，请另存为 .docx 后导入。 / Legacy .doc files are not supported; save as .docx.");
        var container = span.StartsWith("PK\u0003\u0004"u8) || span.StartsWith("%PDF"u8);
        if (content.Length > (container ? MaxContainerBytes : MaxTextBytes)) throw TooLarge();
        if (!container) return SourceText.FromString(TextDecoder.Decode(span));
        var text = (span.StartsWith("%PDF"u8) ? PdfReader.Read(content) : DocxReader.Read(content)).Sanitized();
        if (text.Lines.Sum(l => (long)l.Length) > MaxTextBytes / 2) throw TooLarge();
        return text;
    }

    private static ExtractionInputException TooLarge() =>
        new($"文件过大（文本超过 {MaxTextBytes / 1024 / 1024} MB），请拆分后再导入。 / Input too large (text over {MaxTextBytes / 1024 / 1024} MB); split it first.");
}
