using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Structure;

/// <summary>A task found by structure alone, before its deadline and targets are read.</summary>
public sealed record TaskCandidate(int Line, int EndLine, string Text, string? Title, string? Section, string? Leader, Responsibility Units)
{
    /// <summary>
    /// Separately readable pieces of the text (a table row's cells), so that numbers of neighbouring cells
    /// ("新建 八个乡镇") are never read as one phrase; null when the text is one piece.
    /// </summary>
    public IReadOnlyList<string>? Pieces { get; init; }

    /// <summary>The pieces that may hold targets: a table row's cells without its place, object or remark columns.</summary>
    public IReadOnlyList<string>? TargetPieces { get; init; }
}
