namespace PolicyTracker.Core.Domain;

public enum RequestDecision { Pending, Approved, Rejected }

/// <summary>延期申请: a lead unit asks for a later deadline; 督查室 approves or rejects. The deadline history is these rows.</summary>
public sealed class ExtensionRequest
{
    private ExtensionRequest() { }

    internal ExtensionRequest(Guid taskId, DateOnly currentDeadline, DateOnly requestedDeadline, string reason, Guid? requestedBy, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        TaskId = taskId;
        CurrentDeadline = currentDeadline;
        RequestedDeadline = requestedDeadline;
        Reason = reason;
        RequestedBy = requestedBy;
        RequestedAt = at;
        Decision = RequestDecision.Pending;
    }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public DateOnly CurrentDeadline { get; private set; }
    public DateOnly RequestedDeadline { get; private set; }
    public string Reason { get; private set; } = "";
    public Guid? RequestedBy { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public RequestDecision Decision { get; private set; }
    public Guid? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }

    public void Approve(PlanTask task, Guid? by, string? note, DateTimeOffset now)
    {
        Decide(RequestDecision.Approved, by, note, now);
        task.MoveDeadline(RequestedDeadline, $"批准延期：{Reason}");
    }

    public void Reject(PlanTask task, Guid? by, string note, DateTimeOffset now)
    {
        Decide(RequestDecision.Rejected, by, note, now);
        task.Touch("驳回延期", note);
    }

    private void Decide(RequestDecision decision, Guid? by, string? note, DateTimeOffset now)
    {
        if (Decision != RequestDecision.Pending) throw new DomainException("该延期申请已处理");
        Decision = decision;
        DecidedBy = by;
        DecidedAt = now;
        DecisionNote = note;
    }
}
