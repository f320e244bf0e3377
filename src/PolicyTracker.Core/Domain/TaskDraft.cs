namespace PolicyTracker.Core.Domain;

/// <summary>The reviewed content of a task, as published from an import or entered by hand.</summary>
public sealed record TaskDraft(
    string Text,
    string? Title,
    string? Section,
    int? SourceLine,
    Leader? Leader,
    IReadOnlyList<Unit> LeadUnits,
    IReadOnlyList<Unit> CoUnits,
    DateOnly? Deadline,
    string? DeadlineText,
    bool Ongoing,
    IReadOnlyList<TargetDraft> Targets);

public sealed record TargetDraft(string Text, string? Metric, Comparator Comparator, decimal Value, string? Unit);
