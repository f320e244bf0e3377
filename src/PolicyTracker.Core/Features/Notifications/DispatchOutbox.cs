using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications.Channels;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>
/// Delivers due outbox messages. Each message is first claimed (a save guarded by its Version token), so of two
/// dispatchers only one sends it; then sent, then marked sent — or failed, to be retried with backoff and
/// dead-lettered after <see cref="DeliveryOptions.MaxAttempts"/>. Each message is saved on its own, so one slow or
/// broken channel never holds back or loses the others.
/// </summary>
public static class DispatchOutbox
{
    public const string Job = "outbox.dispatch";

    public sealed record Command : ICommand<Response>;

    public sealed record Response(int Sent, int Failed, int DeadLettered, int ClaimedElsewhere);

    public sealed class Handler(PolicyTrackerDbContext db, CountyClock clock, DeliveryOptions options,
        IEnumerable<INotificationChannel> channels, ILogger<Handler> log) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var now = clock.Now;
            var ids = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.SentAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(Math.Max(1, options.BatchSize)).ToListAsync(ct);
            int sent = 0, failed = 0, dead = 0, elsewhere = 0;
            foreach (var id in ids)
            {
                db.ChangeTracker.Clear();
                var message = await db.OutboxMessages.FirstAsync(m => m.Id == id, ct);
                if (!message.IsPending || message.LockedUntil >= clock.Now) { elsewhere++; continue; }
                message.Claim(clock.Now.AddSeconds(options.ClaimSeconds));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    elsewhere++;
                    continue;
                }
                var notification = await db.Notifications.AsNoTracking().FirstAsync(n => n.Id == message.NotificationId, ct);
                try
                {
                    var channel = channels.FirstOrDefault(c => c.Channel == message.Channel)
                        ?? throw new InvalidOperationException($"没有可用的发送渠道：{message.Channel}");
                    await channel.SendAsync(new OutboundMessage(message.Id, notification.Id, notification.Kind, notification.Title,
                        notification.Body, message.Destination, message.Format, notification.CreatedAt), ct);
                    message.MarkSent(clock.Now);
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    message.MarkFailed(e.Message, clock.Now, Math.Max(1, options.MaxAttempts));
                    if (message.DeadLetteredAt is { } deadAt)
                    {
                        dead++;
                        // In-app only: an e-mail about a broken mail server would itself fail and dead-letter, forever.
                        db.Notifications.Add(new Notification($"dead-letter:{message.Id:N}:{deadAt.UtcTicks}", "dead-letter",
                            $"【发送失败】{notification.Title}",
                            $"通过{(message.Channel == DeliveryChannel.Email ? "邮件" : "Webhook")}发送到 {message.Destination} 的消息重试{message.Attempts}次仍失败，已转入失败队列，请检查渠道设置后重发。\n最后错误：{message.LastError}",
                            deadAt, recipientRole: Roles.Admin));
                        log.LogError("Outbox message {Id} ({Channel} to {Destination}) dead-lettered after {Attempts} attempts: {Error}",
                            message.Id, message.Channel, message.Destination, message.Attempts, e.Message);
                    }
                    else
                    {
                        failed++;
                        log.LogWarning("Outbox message {Id} ({Channel}) failed, attempt {Attempts}, next at {Next}: {Error}",
                            message.Id, message.Channel, message.Attempts, message.NextAttemptAt, e.Message);
                    }
                }
                try
                {
                    await db.SaveChangesAsync(CancellationToken.None);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // The send outlasted the claim and another dispatcher took the message over; its outcome stands.
                    log.LogWarning("Outbox message {Id} was taken over by another dispatcher after its claim expired", message.Id);
                }
            }
            return new(sent, failed, dead, elsewhere);
        }
    }
}
