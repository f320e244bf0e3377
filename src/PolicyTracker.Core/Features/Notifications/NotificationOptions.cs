using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Features.Notifications.Channels;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>What is due when (section "Reminders").</summary>
public sealed class RemindersOptions
{
    public const string Section = "Reminders";
    /// <summary>Days before the deadline on which lead and co-units are reminded; 0 is the deadline day itself.</summary>
    public int[] DeadlineOffsets { get; set; } = [7, 3, 1, 0];
    /// <summary>Supervision hears of tasks still not acknowledged (签收) this many days after the chase.</summary>
    public int ReceiptReportAfterDays { get; set; } = 1;
    /// <summary>A task this many days overdue is escalated to its leader (责任领导).</summary>
    public int EscalateAfterDaysOverdue { get; set; } = 3;
    /// <summary>Units that have not reported are reminded this many days before the reporting due day.</summary>
    public int ReportingRemindDaysBefore { get; set; } = 3;
    /// <summary>
    /// After downtime, reminders missed by at most this many days are still sent one by one (marked late);
    /// older ones go into one digest per recipient instead.
    /// </summary>
    public int CatchUpHorizonDays { get; set; } = 3;
    /// <summary>
    /// 督查室's daily overdue list, and each unit's, names at most this many tasks, the longest overdue; the rest are
    /// counted and found with the task list's "仅逾期" filter. A province has tens of thousands: a notice that long helps
    /// nobody and the job would have to hold it all in memory. A deadline reminder listing a unit's tasks due the same
    /// day is capped alike.
    /// </summary>
    public int OverdueListMaxLines { get; set; } = 300;
}

/// <summary>How the dispatcher delivers outbox messages (section "Delivery").</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";
    /// <summary>After this many failed attempts a message is dead-lettered and listed for admins.</summary>
    public int MaxAttempts { get; set; } = 5;
    public int BatchSize { get; set; } = 100;
    /// <summary>How long a claim holds a message; a dispatcher that dies mid-send releases it when this passes.</summary>
    public int ClaimSeconds { get; set; } = 300;
    public int WebhookTimeoutSeconds { get; set; } = 15;
}

/// <summary>The mail server (section "Smtp").</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "policytracker@localhost";
    public string FromName { get; set; } = "政策落实督办系统";
    public int TimeoutSeconds { get; set; } = 30;
}

public static class NotificationServices
{
    public const string WebhookClient = "webhook";

    /// <summary>Reminder settings, the recorder and the delivery channels.</summary>
    public static IServiceCollection AddPolicyTrackerNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(RemindersOptions.Section).Get<RemindersOptions>() ?? new RemindersOptions());
        var delivery = configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        services.AddSingleton(delivery);
        services.AddSingleton(configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddScoped<NotificationRecorder>();
        services.AddHttpClient(WebhookClient, c => c.Timeout = TimeSpan.FromSeconds(delivery.WebhookTimeoutSeconds));
        services.AddSingleton<INotificationChannel, SmtpChannel>();
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        return services;
    }
}
