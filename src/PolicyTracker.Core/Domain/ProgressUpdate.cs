namespace PolicyTracker.Core.Domain;

public enum ProgressKind
{
    /// <summary>进展填报 by the lead unit.</summary>
    Progress,
    /// <summary>配合情况 by a co-unit.</summary>
    Contribution,
}

/// <summary>One report of progress on a task, with the actual values it gave and its evidence files.</summary>
public sealed class ProgressUpdate
{
    private readonly List<TargetActual> _actuals = [];
    private readonly List<EvidenceFile> _evidence = [];

    private ProgressUpdate() { }

    internal ProgressUpdate(Guid taskId, Guid unitId, Guid? authorId, ProgressKind kind, int? percent, string narrative,
        IReadOnlyDictionary<Guid, decimal> actuals, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        TaskId = taskId;
        UnitId = unitId;
        AuthorId = authorId;
        Kind = kind;
        Percent = percent;
        Narrative = narrative;
        At = at;
        foreach (var (targetId, value) in actuals) _actuals.Add(new TargetActual(targetId, value));
    }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public Guid UnitId { get; private set; }
    public Guid? AuthorId { get; private set; }
    public ProgressKind Kind { get; private set; }
    public int? Percent { get; private set; }
    public string Narrative { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public IReadOnlyList<TargetActual> Actuals => _actuals;
    public IReadOnlyList<EvidenceFile> Evidence => _evidence;

    public EvidenceFile AttachEvidence(string fileName, string contentType, long size, string storedName, string sha256)
    {
        var file = new EvidenceFile(Id, fileName, contentType, size, storedName, sha256);
        _evidence.Add(file);
        return file;
    }
}

/// <summary>The actual value reported against a target in one progress update.</summary>
public sealed record TargetActual(Guid TargetId, decimal Value);

/// <summary>A file proving progress (佐证材料), stored outside the web root under a generated name.</summary>
public sealed class EvidenceFile
{
    private EvidenceFile() { }

    internal EvidenceFile(Guid progressUpdateId, string fileName, string contentType, long size, string storedName, string sha256)
    {
        Id = Guid.NewGuid();
        ProgressUpdateId = progressUpdateId;
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        StoredName = storedName;
        Sha256 = sha256;
    }

    public Guid Id { get; private set; }
    public Guid ProgressUpdateId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string StoredName { get; private set; } = "";
    public string Sha256 { get; private set; } = "";
}
