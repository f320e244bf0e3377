namespace PolicyTracker.Core.Domain;

public enum UrgeKind
{
    /// <summary>催办: a reminder to act.</summary>
    Reminder,
    /// <summary>督办单: a formal supervision order with a reply due.</summary>
    SupervisionOrder,
}

/// <summary>A supervision office's 催办/督办单 on a task; the lead unit's reply closes it.</summary>
public sealed class Urge
{
    private Urge() { }

    public Urge(PlanTask task, UrgeKind kind, string instruction, DateOnly? responseDue, Guid? issuedBy, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(instruction)) throw new DomainException("督办要求不能为空");
        Id = Guid.NewGuid();
        TaskId = task.Id;
        Kind = kind;
        Instruction = instruction;
        ResponseDue = responseDue;
        IssuedBy = issuedBy;
        IssuedAt = at;
        task.Touch(kind == UrgeKind.Reminder ? "催办" : "下发督办单", instruction);
    }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public UrgeKind Kind { get; private set; }
    public string Instruction { get; private set; } = "";
    public DateOnly? ResponseDue { get; private set; }
    public Guid? IssuedBy { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public string? Reply { get; private set; }
    public Guid? RepliedBy { get; private set; }
    public DateTimeOffset? RepliedAt { get; private set; }
    public bool IsOpen => RepliedAt is null;

    public void Answer(PlanTask task, string reply, Guid? by, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException("该督办单已回复");
        if (string.IsNullOrWhiteSpace(reply)) throw new DomainException("回复内容不能为空");
        Reply = reply;
        RepliedBy = by;
        RepliedAt = now;
        task.Touch("回复督办", reply);
    }
}

/// <summary>批示: a county leader's instruction on a task; the units concerned are notified.</summary>
public sealed class LeaderInstruction
{
    private LeaderInstruction() { }

    public LeaderInstruction(PlanTask task, string text, Guid? authorId, string authorName, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DomainException("批示内容不能为空");
        Id = Guid.NewGuid();
        TaskId = task.Id;
        Text = text;
        AuthorId = authorId;
        AuthorName = authorName;
        At = at;
        task.Touch("领导批示", text);
    }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public string Text { get; private set; } = "";
    public Guid? AuthorId { get; private set; }
    public string AuthorName { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}
