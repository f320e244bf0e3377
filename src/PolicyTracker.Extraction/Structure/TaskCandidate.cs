using PolicyTracker.Extraction.Fields;

namespace PolicyTracker.Extraction.Structure;

/// <summary>A task found by structure alone, before its deadline and targets are read.</summary>
public sealed record TaskCandidate(int Line, int EndLine, string Text, string? Title, string? Section, string? Leader, Responsibility Units);
