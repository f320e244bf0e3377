using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>An admin sends a dead-lettered message again (after fixing the mail server or the robot URL).</summary>
public static class RetryDeadLetter
{
    public sealed record Command(Guid MessageId) : ICommand<Response>;

    public sealed record Response(Guid MessageId, DateTimeOffset NextAttemptAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.MessageId).NotEmpty();
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeAdmin();
            var message = await db.OutboxMessages.FindRequiredAsync(cmd.MessageId, ct);
            message.Retry(clock.Now);
            await db.SaveChangesAsync(ct);
            return new(message.Id, message.NextAttemptAt);
        }
    }
}
