using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Fields;

/// <summary>What a task's text says about when it must be done (完成时限).</summary>
public sealed record DeadlineFinding(DateOnly? Deadline, string? Text, bool Ongoing, IReadOnlyList<Milestone> Milestones)
{
    public static readonly DeadlineFinding None = new(null, null, false, []);
}

/// <summary>Resolves Chinese date expressions (2023年6月底前, 年底前, 上半年, 到2027年 …) to the task's final deadline.</summary>
public static class DeadlineParser
{
    /// <param name="text">the task's full text (whitespace already removed inside words)</param>
    /// <param name="documentDate">the document's own date; its year resolves month-only expressions</param>
    public static DeadlineFinding Find(string text, DateOnly? documentDate) => DeadlineFinding.None;
}
