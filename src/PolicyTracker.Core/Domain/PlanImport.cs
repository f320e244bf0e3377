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
public sealed class PlanImport
{
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

    public void MarkPublished(DateTimeOffset at)
    {
        EnsurePending();
        Status = ImportStatus.Published;
        PublishedAt = at;
        Version = Guid.NewGuid();
    }

    public void Discard()
    {
        EnsurePending();
        Status = ImportStatus.Discarded;
        Version = Guid.NewGuid();
    }

    private void EnsurePending()
    {
        if (Status != ImportStatus.PendingReview) throw new DomainException("该导入已处理");
    }
}
