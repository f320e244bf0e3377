using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications.Channels;

/// <summary>One message leaving the system: the notification's text and where it goes.</summary>
public sealed record OutboundMessage(Guid MessageId, Guid NotificationId, string Kind, string Title, string Body,
    string Destination, WebhookFormat Format, DateTimeOffset CreatedAt);

/// <summary>A way out of the system (e-mail, webhook). Throwing means "not delivered": the dispatcher retries.</summary>
public interface INotificationChannel
{
    DeliveryChannel Channel { get; }
    Task SendAsync(OutboundMessage message, CancellationToken ct);
}
