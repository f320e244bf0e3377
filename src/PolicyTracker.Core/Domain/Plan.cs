namespace PolicyTracker.Core.Domain;

public enum PlanStatus
{
    /// <summary>草稿: imported, under review by 督查室.</summary>
    Draft,
    /// <summary>已发布: tasks are live and tracked.</summary>
    Published,
}

/// <summary>A source document (实施方案, 行动方案 …) whose tasks are tracked.</summary>
public sealed class Plan
{
    private readonly List<PlanTask> _tasks = [];
    private readonly List<ReportingCycle> _reportingCycles = [];

    private Plan() { }

    public Plan(string? docNumber, string? noticeTitle, string? planTitle, string? issuer, DateOnly? issuedOn,
        string? sourceFile, string? contentHash, DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(noticeTitle) && string.IsNullOrWhiteSpace(planTitle))
            throw new DomainException("方案必须有标题");
        Id = Guid.NewGuid();
        DocNumber = docNumber;
        NoticeTitle = noticeTitle;
        PlanTitle = planTitle;
        Issuer = issuer;
        IssuedOn = issuedOn;
        SourceFile = sourceFile;
        ContentHash = contentHash;
        CreatedAt = createdAt;
        Status = PlanStatus.Draft;
    }

    public Guid Id { get; private set; }
    /// <summary>文号, e.g. 绛政办发〔2024〕10号.</summary>
    public string? DocNumber { get; private set; }
    public string? NoticeTitle { get; private set; }
    public string? PlanTitle { get; private set; }
    /// <summary>发文机关.</summary>
    public string? Issuer { get; private set; }
    public DateOnly? IssuedOn { get; private set; }
    public string? SourceFile { get; private set; }
    /// <summary>SHA-256 of the document's text, so a re-import of the same text is recognised.</summary>
    public string? ContentHash { get; private set; }
    public PlanStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public IReadOnlyList<PlanTask> Tasks => _tasks;
    /// <summary>The plan's own reporting cadence (每季度末月25日前报送进展 …); empty means the default monthly cycle.</summary>
    public IReadOnlyList<ReportingCycle> ReportingCycles => _reportingCycles;

    public string Title => PlanTitle ?? NoticeTitle ?? "";

    public PlanTask AddTask(TaskDraft draft)
    {
        var task = new PlanTask(this, _tasks.Count + 1, draft);
        _tasks.Add(task);
        return task;
    }

    public void SetReportingCycles(IEnumerable<ReportingCycle> cycles)
    {
        _reportingCycles.Clear();
        _reportingCycles.AddRange(cycles);
    }

    /// <summary>方案更新: a re-published document updates this plan in place, so its tasks keep their history.</summary>
    public void Revise(string? docNumber, string? noticeTitle, string? planTitle, string? issuer, DateOnly? issuedOn,
        string? sourceFile, string? contentHash)
    {
        if (string.IsNullOrWhiteSpace(noticeTitle) && string.IsNullOrWhiteSpace(planTitle))
            throw new DomainException("方案必须有标题");
        DocNumber = docNumber;
        NoticeTitle = noticeTitle;
        PlanTitle = planTitle;
        Issuer = issuer;
        IssuedOn = issuedOn;
        SourceFile = sourceFile;
        ContentHash = contentHash;
    }

    public void Publish(DateTimeOffset now)
    {
        if (Status == PlanStatus.Published) throw new DomainException("方案已发布");
        if (_tasks.Count == 0) throw new DomainException("方案没有任务，不能发布");
        Status = PlanStatus.Published;
        PublishedAt = now;
    }
}

/// <summary>How often a plan's units report progress.</summary>
public enum ReportingFrequency { Weekly, Monthly, Quarterly, HalfYearly, Yearly }

/// <summary>
/// A recurring reporting duty: 每季度末月25日前 is Quarterly with DueDay 25 in months 3/6/9/12;
/// DueDay null means the month's last day (6月底、12月底).
/// </summary>
public sealed class ReportingCycle
{
    private ReportingCycle() { }

    public ReportingCycle(ReportingFrequency frequency, int? dueDay, IEnumerable<int> months, string? text)
    {
        if (dueDay is < 1 or > 31) throw new DomainException("报送日必须在1到31之间");
        Frequency = frequency;
        DueDay = dueDay;
        Months = months.Where(m => m is >= 1 and <= 12).Distinct().Order().ToList();
        Text = text;
    }

    public ReportingFrequency Frequency { get; private set; }
    public int? DueDay { get; private set; }
    public List<int> Months { get; private set; } = [];
    public string? Text { get; private set; }

    public static ReportingCycle DefaultMonthly => new(ReportingFrequency.Monthly, 25, Enumerable.Range(1, 12), "每月25日前报送进展（默认）");

    /// <summary>The due days of this cycle that fall within [from, to], in order.</summary>
    public IEnumerable<DateOnly> DueDatesBetween(DateOnly from, DateOnly to)
    {
        var months = Frequency switch
        {
            ReportingFrequency.Weekly => [],
            _ when Months.Count > 0 => Months,
            ReportingFrequency.Quarterly => [3, 6, 9, 12],
            ReportingFrequency.HalfYearly => [6, 12],
            ReportingFrequency.Yearly => [12],
            _ => Enumerable.Range(1, 12).ToList(),
        };
        if (Frequency == ReportingFrequency.Weekly)
        {
            // Weekly reports are due on Fridays, the day offices send their weekly summaries.
            for (var d = from; d <= to; d = d.AddDays(1))
                if (d.DayOfWeek == DayOfWeek.Friday) yield return d;
            yield break;
        }
        for (var year = from.Year; year <= to.Year; year++)
            foreach (var month in months)
            {
                var last = DateTime.DaysInMonth(year, month);
                var due = new DateOnly(year, month, Math.Min(DueDay ?? last, last));
                if (due >= from && due <= to) yield return due;
            }
    }
}
