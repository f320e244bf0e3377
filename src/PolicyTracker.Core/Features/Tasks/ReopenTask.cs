using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>重新打开: 督查室 puts a closed task back into tracking (e.g. the result did not hold).</summary>
public static class ReopenTask
{
    public sealed record Command(Guid TaskId, string Reason, Guid? Version = null) : ICommand<Response>;

    public sealed record Response(TrackingStatus Status, Guid Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("请填写重新打开的理由").MaximumLength(2000);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            db.ExpectVersion(task, cmd.Version);
            task.Reopen(cmd.Reason.Trim());
            db.NotifyUnits(task, $"reopened.{task.Id:N}.{task.Version:N}", "reopened", $"任务已重新打开：{task.Label()}",
                cmd.Reason.Trim(), clock.GetUtcNow(), leadOnly: true);
            await db.SaveChangesAsync(ct);
            return new(task.Status, task.Version);
        }
    }
}
