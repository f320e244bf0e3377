namespace PolicyTracker.Core.Domain;

public enum ReportKind
{
    /// <summary>周报 for 督查室.</summary>
    Weekly,
    /// <summary>月报 for leaders.</summary>
    Monthly,
    /// <summary>季报 for leaders.</summary>
    Quarterly,
}

/// <summary>A generated progress report: an in-app summary and the .xlsx ledger (台账) offices already use.</summary>
public sealed class Report
{
    private Report() { }

    public Report(ReportKind kind, DateOnly periodStart, DateOnly periodEnd, string title, string summary, byte[] ledger, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Title = title;
        Summary = summary;
        Ledger = ledger;
        CreatedAt = createdAt;
        DedupKey = $"report.{kind}.{periodStart:yyyyMMdd}";
    }

    public Guid Id { get; private set; }
    public ReportKind Kind { get; private set; }
    public DateOnly PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public string Title { get; private set; } = "";
    public string Summary { get; private set; } = "";
    public byte[] Ledger { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>One report per kind and period, however often the job runs.</summary>
    public string DedupKey { get; private set; } = "";
}
