namespace PolicyTracker.Core.Domain;

/// <summary>
/// An in-app message to a unit, a user or everyone in a role. <see cref="DedupKey"/> is unique (task or unit, kind, due
/// instance), so recording the same reminder twice fails at the database instead of sending twice.
/// </summary>
public sealed class Notification
{
    private Notification() { }

    public Notification(string dedupKey, string kind, string title, string body, DateTimeOffset createdAt,
        Guid? recipientUnitId = null, Guid? recipientUserId = null, string? recipientRole = null, Guid? taskId = null,
        IReadOnlyCollection<Guid>? taskIds = null)
    {
        if (recipientUnitId is null && recipientUserId is null && recipientRole is null)
            throw new DomainException("通知必须有接收方");
        // Time-ordered, so a reminder run's tens of thousands of rows append to the key index instead of landing on
        // random pages of it (both engines compare these ids in their time order).
        Id = Guid.CreateVersion7();
        DedupKey = dedupKey;
        Kind = kind;
        Title = title;
        Body = body;
        CreatedAt = createdAt;
        RecipientUnitId = recipientUnitId;
        RecipientUserId = recipientUserId;
        RecipientRole = recipientRole;
        TaskId = taskId;
        TaskIds = taskIds is { Count: > 0 } ? string.Join(' ', taskIds.Select(id => id.ToString("N"))) : null;
    }

    public Guid Id { get; private set; }
    public string DedupKey { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? RecipientUnitId { get; private set; }
    public Guid? RecipientUserId { get; private set; }
    public string? RecipientRole { get; private set; }
    public Guid? TaskId { get; private set; }
    /// <summary>
    /// The tasks a notice about several tasks covers (ids, space-separated), so a later run can tell a task that joined
    /// the group afterwards (published, deadline moved, unit added) from one already told. Null for a notice about one
    /// task (<see cref="TaskId"/>) or none.
    /// </summary>
    public string? TaskIds { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>The tasks this notice covers: <see cref="TaskIds"/>, or its one <see cref="TaskId"/>.</summary>
    public static IEnumerable<Guid> Covered(string? taskIds, Guid? taskId) =>
        taskIds is not null ? taskIds.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)
        : taskId is { } id ? [id] : [];

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;
}

/// <summary>Where a notification leaves the system besides the in-app inbox.</summary>
public enum DeliveryChannel { Email, Webhook }

/// <summary>
/// Transactional outbox row: written in the same transaction as its notification, delivered by the dispatcher job,
/// retried with backoff and dead-lettered after too many failures — never dropped silently.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public OutboxMessage(Guid notificationId, DeliveryChannel channel, string destination, DateTimeOffset createdAt,
        WebhookFormat format = WebhookFormat.Json)
    {
        Id = Guid.CreateVersion7();   // time-ordered, as a notification's
        NotificationId = notificationId;
        Channel = channel;
        Destination = destination;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Format = format;
    }

    public Guid Id { get; private set; }
    public Guid NotificationId { get; private set; }
    public DeliveryChannel Channel { get; private set; }
    /// <summary>An e-mail address or a webhook URL.</summary>
    public string Destination { get; private set; } = "";
    /// <summary>Body format of a webhook message, copied from the unit's channel when the message was recorded.</summary>
    public WebhookFormat Format { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public DateTimeOffset? DeadLetteredAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>Set while one dispatcher holds the message, so two instances don't send it twice.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public bool IsPending => SentAt is null && DeadLetteredAt is null;

    public void Claim(DateTimeOffset until)
    {
        LockedUntil = until;
        Version = Guid.NewGuid();
    }

    public void MarkSent(DateTimeOffset at)
    {
        Attempts++;
        SentAt = at;
        LockedUntil = null;
        LastError = null;
        Version = Guid.NewGuid();
    }

    /// <summary>Exponential backoff (1, 2, 4 … minutes); after <paramref name="maxAttempts"/> the message is dead-lettered.</summary>
    public void MarkFailed(string error, DateTimeOffset at, int maxAttempts)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        LockedUntil = null;
        Version = Guid.NewGuid();
        if (Attempts >= maxAttempts) DeadLetteredAt = at;
        else NextAttemptAt = at.AddMinutes(Math.Pow(2, Attempts - 1));
    }

    /// <summary>An admin sends a dead letter again after fixing the channel.</summary>
    public void Retry(DateTimeOffset at)
    {
        if (DeadLetteredAt is null) throw new DomainException("只有失败的消息可以重发");
        DeadLetteredAt = null;
        Attempts = 0;
        NextAttemptAt = at;
        Version = Guid.NewGuid();
    }
}

/// <summary>Per-unit delivery settings: where a unit's e-mail and webhook (钉钉/企业微信 robot) messages go.</summary>
public sealed class UnitChannel
{
    private UnitChannel() { }

    public UnitChannel(Guid unitId, DeliveryChannel channel, string destination, WebhookFormat format = WebhookFormat.Json)
    {
        Id = Guid.NewGuid();
        UnitId = unitId;
        Channel = channel;
        Destination = destination;
        Format = format;
        Enabled = true;
    }

    public Guid Id { get; private set; }
    public Guid UnitId { get; private set; }
    public DeliveryChannel Channel { get; private set; }
    public string Destination { get; private set; } = "";
    public WebhookFormat Format { get; private set; }
    public bool Enabled { get; set; }

    /// <summary>An admin points the channel elsewhere (a new mailbox, a new robot URL).</summary>
    public void Change(string destination, WebhookFormat format, bool enabled)
    {
        Destination = destination;
        Format = format;
        Enabled = enabled;
    }
}

/// <summary>Body format of a webhook POST.</summary>
public enum WebhookFormat { Json, DingTalk, WeCom }
