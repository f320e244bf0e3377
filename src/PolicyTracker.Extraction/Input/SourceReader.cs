namespace PolicyTracker.Extraction.Input;

/// <summary>Chooses the reader from the content's signature (ZIP → .docx, %PDF → .pdf, else text).</summary>
public static class SourceReader
{
    public static SourceText Read(byte[] content)
    {
        ReadOnlySpan<byte> span = content;
        if (span.StartsWith("PK\u0003\u0004"u8)) return DocxReader.Read(content);
        if (span.StartsWith("%PDF"u8)) return PdfReader.Read(content);
        return SourceText.FromString(TextDecoder.Decode(span));
    }
}
