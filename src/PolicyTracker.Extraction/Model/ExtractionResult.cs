namespace PolicyTracker.Extraction.Model;

/// <summary>What one input file carries: its documents in order (the JSON of shared/extraction/CONTRACT.md).</summary>
public sealed record ExtractionResult(string Source, IReadOnlyList<ExtractedDocument> Documents)
{
    /// <summary>Non-fatal problems found while reading (unreadable table row, unknown encoding guess …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The input as the line-oriented text model, index 0 is line 1, for showing the source beside the draft.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Lines { get; init; } = [];
}

/// <summary>One document of a gazette (通知, 方案, 决定 …). <see cref="StartLine"/> is the 1-based line of its heading.</summary>
public sealed record ExtractedDocument
{
    /// <summary>文号, e.g. 绛政办发〔2024〕10号, whitespace removed and brackets written 〔〕.</summary>
    public string? DocNumber { get; init; }
    public string? NoticeTitle { get; init; }
    public string? PlanTitle { get; init; }
    /// <summary>发文机关 from the signature block.</summary>
    public string? Issuer { get; init; }
    public DateOnly? IssuedOn { get; init; }
    public int StartLine { get; init; }
    public int EndLine { get; init; }
    public IReadOnlyList<ExtractedTask> Tasks { get; init; } = [];
    /// <summary>Document-level reporting cadence (e.g. 每季度末月25日前报送进展).</summary>
    public IReadOnlyList<ReportingRule> Reporting { get; init; } = [];
}

/// <summary>One trackable obligation (任务) with its responsibility, deadline and targets.</summary>
public sealed record ExtractedTask
{
    public int Line { get; init; }
    public int EndLine { get; init; }
    public string Text { get; init; } = "";
    public string? Title { get; init; }
    public string? Section { get; init; }
    /// <summary>责任领导 named by a heading such as "高跃龙县长负责的工作".</summary>
    public string? Leader { get; init; }
    /// <summary>牵头单位.</summary>
    public IReadOnlyList<string> LeadUnits { get; init; } = [];
    /// <summary>配合/参与/协同单位.</summary>
    public IReadOnlyList<string> CoUnits { get; init; } = [];
    public DateOnly? Deadline { get; init; }
    public string? DeadlineText { get; init; }
    /// <summary>长期坚持 / 持续推进: no deadline, flagged so the office can set one.</summary>
    public bool Ongoing { get; init; }
    /// <summary>Intermediate dates when a task names several; the deadline is the final one.</summary>
    public IReadOnlyList<Milestone> Milestones { get; init; } = [];
    public IReadOnlyList<ExtractedTarget> Targets { get; init; } = [];
    /// <summary>Task-level recurring duties (每月报送 …); never turned into a deadline.</summary>
    public IReadOnlyList<ReportingRule> Reporting { get; init; } = [];
}

public sealed record Milestone(DateOnly Date, string Text);

/// <summary>A measurable quantity to reach: 新入限贸易企业10家以上 → metric, op ">=", value 10, unit 家.</summary>
public sealed record ExtractedTarget(string Text, string? Metric, string Op, decimal Value, string? Unit);

/// <summary>How often progress must be reported.</summary>
public enum ReportingFrequency { Weekly, Monthly, Quarterly, HalfYearly, Yearly }

/// <summary>
/// A recurring reporting duty: e.g. 每季度末月25日前 → Quarterly, DueDay 25, Months [3,6,9,12];
/// 6月底、12月底分别报半年、全年 → HalfYearly, DueDay null (last day), Months [6,12].
/// </summary>
public sealed record ReportingRule(string Text, ReportingFrequency Frequency, int? DueDay, IReadOnlyList<int> Months);
