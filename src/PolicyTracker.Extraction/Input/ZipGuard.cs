using System.IO.Compression;

namespace PolicyTracker.Extraction.Input;

/// <summary>
/// Checks a .docx container before the Open XML reader inflates it: a few kilobytes of ZIP can expand to gigabytes
/// (a zip bomb). The sizes its directory declares are enough to judge by: the runtime's reader stops inflating a
/// part at its declared size (FuzzTests pins this down). A real plan, images included, stays far below every limit.
/// </summary>
internal static class ZipGuard
{
    /// <summary>A Word document has a few dozen parts; thousands means something else.</summary>
    public const int MaxEntries = 2_000;

    /// <summary>All parts together, inflated. A plan's text obeys a far smaller limit after reading.</summary>
    public const long MaxUncompressedBytes = 256L * 1024 * 1024;

    /// <summary>XML compresses about tenfold (very regular tables some tens), images not at all; deflate tops out near
    /// a thousandfold, which is what bombs use.</summary>
    public const int MaxRatio = 200;

    /// <summary>Parts below this size may compress as they like (an empty header part compresses absurdly well).</summary>
    private const long RatioFloorBytes = 1024 * 1024;

    public static void Check(byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxEntries) throw Bomb($"more than {MaxEntries} parts");
        long declared = 0;
        foreach (var entry in zip.Entries)
        {
            declared += entry.Length;
            if (declared > MaxUncompressedBytes) throw Bomb($"parts inflate beyond {MaxUncompressedBytes / 1024 / 1024} MB");
            if (entry.Length > RatioFloorBytes && entry.Length > (long)MaxRatio * Math.Max(1, entry.CompressedLength))
                throw Bomb($"part {entry.FullName} inflates more than {MaxRatio}-fold");
        }
    }

    private static ExtractionInputException Bomb(string why) =>
        new($"Word 文件解压后过大或结构异常，已拒绝。 / The .docx was refused: {why}.");
}
