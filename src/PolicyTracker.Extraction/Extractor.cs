using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction;

/// <summary>Entry point: bytes of a .txt/.docx/.pdf in, documents and tasks out. Deterministic, no side effects.</summary>
public static class Extractor
{
    public static ExtractionResult ExtractFile(string path) =>
        Extract(File.ReadAllBytes(path), Path.GetFileName(path));

    public static ExtractionResult Extract(byte[] content, string fileName) =>
        throw new NotImplementedException("filled in by the extraction engine");
}
