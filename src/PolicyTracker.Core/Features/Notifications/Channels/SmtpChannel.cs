using MailKit.Net.Smtp;
using MimeKit;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications.Channels;

/// <summary>E-mail over SMTP (MailKit), to the server in section "Smtp".</summary>
public sealed class SmtpChannel(SmtpOptions options) : INotificationChannel
{
    public DeliveryChannel Channel => DeliveryChannel.Email;

    public async Task SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Host)) throw new InvalidOperationException("未配置邮件服务器（Smtp:Host）");
        var mail = new MimeMessage
        {
            Subject = message.Title,
            Body = new TextPart("plain") { Text = message.Body },
            Date = message.CreatedAt,
            // A stable id per outbox message lets a mail server or client drop the copy of a resend after a crash.
            MessageId = $"{message.MessageId:N}@policytracker",
        };
        mail.From.Add(new MailboxAddress(options.FromName, options.From));
        mail.To.Add(MailboxAddress.Parse(message.Destination));
        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.Security, ct);
            if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            await client.SendAsync(mail, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (SmtpCommandException e)
        {
            // Keep the server's reply code in the error admins see on the dead-letter list.
            throw new InvalidOperationException($"邮件服务器拒收（SMTP {(int)e.StatusCode}）：{e.Message}", e);
        }
    }
}
