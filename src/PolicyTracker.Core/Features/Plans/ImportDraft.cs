using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>
/// The reviewable draft of an import: the extraction contract's shape (shared/extraction/CONTRACT.md), which the
/// supervision office edits before publishing. Stored as JSON on <see cref="Domain.PlanImport"/>.
/// </summary>
public sealed record ImportDraft(string Source, List<DraftDocument> Documents)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ImportDraft FromJson(string json) =>
        JsonSerializer.Deserialize<ImportDraft>(json, Json) ?? throw new JsonException("草稿内容为空");

    public static ImportDraft From(ExtractionResult result) => new(result.Source, result.Documents.Select(d => new DraftDocument
    {
        DocNumber = d.DocNumber,
        NoticeTitle = d.NoticeTitle,
        PlanTitle = d.PlanTitle,
        Issuer = d.Issuer,
        IssuedOn = d.IssuedOn,
        StartLine = d.StartLine,
        EndLine = d.EndLine,
        Reporting = d.Reporting.Select(DraftReporting.From).ToList(),
        Tasks = d.Tasks.Select(t => new DraftTask
        {
            Line = t.Line,
            EndLine = t.EndLine,
            Text = t.Text,
            Title = t.Title,
            Section = t.Section,
            Leader = t.Leader,
            LeadUnits = t.LeadUnits.ToList(),
            CoUnits = t.CoUnits.ToList(),
            Deadline = t.Deadline,
            DeadlineText = t.DeadlineText,
            Ongoing = t.Ongoing,
            Targets = t.Targets.Select(x => new DraftTarget(x.Text, x.Metric, x.Op, x.Value, x.Unit)).ToList(),
            Reporting = t.Reporting.Select(DraftReporting.From).ToList(),
        }).ToList(),
    }).ToList());
}

public sealed class DraftDocument
{
    public string? DocNumber { get; set; }
    public string? NoticeTitle { get; set; }
    public string? PlanTitle { get; set; }
    public string? Issuer { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public int StartLine { get; set; }
    public int EndLine { get; set; }
    public List<DraftTask> Tasks { get; set; } = [];
    public List<DraftReporting> Reporting { get; set; } = [];
}

public sealed class DraftTask
{
    public int Line { get; set; }
    public int EndLine { get; set; }
    public string Text { get; set; } = "";
    public string? Title { get; set; }
    public string? Section { get; set; }
    public string? Leader { get; set; }
    public List<string> LeadUnits { get; set; } = [];
    public List<string> CoUnits { get; set; } = [];
    public DateOnly? Deadline { get; set; }
    public string? DeadlineText { get; set; }
    public bool Ongoing { get; set; }
    public List<DraftTarget> Targets { get; set; } = [];
    public List<DraftReporting> Reporting { get; set; } = [];
    /// <summary>Set by review: "not a task" keeps the item visible in the draft but out of the published plan.</summary>
    public bool Excluded { get; set; }
}

public sealed record DraftTarget(string Text, string? Metric, string Op, decimal Value, string? Unit);

public sealed record DraftReporting(string Text, string Frequency, int? DueDay, List<int> Months)
{
    public static DraftReporting From(ReportingRule r) => new(r.Text, r.Frequency.ToString(), r.DueDay, r.Months.ToList());
}
