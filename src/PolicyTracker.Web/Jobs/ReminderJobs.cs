using Mediator;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Notifications;
using PolicyTracker.Core.Features.Reminders;
using PolicyTracker.Core.Features.Reports;

namespace PolicyTracker.Web.Jobs;

/// <summary>
/// Thin Hangfire adapters: each sends one command in its own DI scope. The commands record what they did under
/// unique keys in the application database, so a job that runs twice, concurrently, or after a lost Hangfire
/// store sends nothing twice.
/// </summary>
public sealed class ReminderJobs(IServiceScopeFactory scopes)
{
    public Task DeadlineRemindersAsync(CancellationToken ct) => SendAsync(new SendDeadlineReminders.Command(), ct);

    public Task ReceiptChaseAsync(CancellationToken ct) => SendAsync(new ChaseAcknowledgements.Command(), ct);

    public Task OverdueNoticesAsync(CancellationToken ct) => SendAsync(new SendOverdueNotices.Command(), ct);

    public Task ReportingRemindersAsync(CancellationToken ct) => SendAsync(new SendReportingReminders.Command(), ct);

    public Task DispatchOutboxAsync(CancellationToken ct) => SendAsync(new DispatchOutbox.Command(), ct);

    public Task GenerateReportAsync(ReportKind kind, CancellationToken ct) => SendAsync(new GenerateReport.Command(kind), ct);

    private async Task SendAsync<T>(ICommand<T> command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, ct);
    }
}
