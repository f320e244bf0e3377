namespace PolicyTracker.Core.Domain;

public enum ImportStatus
{
    /// <summary>待审核</summary>
    PendingReview,
    /// <summary>已发布</summary>
    Published,
    /// <summary>已放弃</summary>
    Discarded,
}

/// <summary>
/// An uploaded file and what the extractor drafted from it, kept until 督查室 has reviewed and published it.
/// The draft is the contract JSON, edited in place by the review.
/// </summary>
public sealed class PlanImport : IRecordsActivity
{
    private readonly List<Activity> _activities = [];

    private PlanImport() { }

    public PlanImport(string fileName, string contentHash, string sourceText, string draftJson, Guid? uploadedBy, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        FileName = fileName;
        ContentHash = contentHash;
        SourceText = sourceText;
        DraftJson = draftJson;
        UploadedBy = uploadedBy;
        UploadedAt = at;
        Status = ImportStatus.PendingReview;
        Version = Guid.NewGuid();
    }

    public Guid Id { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentHash { get; private set; } = "";
    public string SourceText { get; private set; } = "";
    public string DraftJson { get; private set; } = "";
    public Guid? UploadedBy { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }
    public ImportStatus Status { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public Guid Version { get; private set; }

    public void ReviseDraft(string draftJson)
    {
        EnsurePending();
        DraftJson = draftJson;
        Version = Guid.NewGuid();
    }

    /// <summary>A named review step (合并任务, 标记非任务 …), so the audit trail says what the reviewer did, not just "draft changed".</summary>
    public void ReviseDraft(string draftJson, string action, string? detail)
    {
        ReviseDraft(draftJson);
        _activities.Add(new Activity(action, detail));
    }

    public void MarkPublished(DateTimeOffset at)
    {
        EnsurePending();
        Status = ImportStatus.Published;
        PublishedAt = at;
        Version = Guid.NewGuid();
        _activities.Add(new Activity("发布导入", FileName));
    }

    public void Discard()
    {
        EnsurePending();
        Status = ImportStatus.Discarded;
        Version = Guid.NewGuid();
        _activities.Add(new Activity("放弃导入", FileName));
    }

    private void EnsurePending()
    {
        if (Status != ImportStatus.PendingReview) throw new DomainException("该导入已处理");
    }

    IReadOnlyList<Activity> IRecordsActivity.TakeActivities()
    {
        var taken = _activities.ToList();
        _activities.Clear();
        return taken;
    }
}
