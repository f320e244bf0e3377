using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>退回: 督查室 refuses a completion request and the task goes back to 推进中, with the reason the unit reads.</summary>
public static class SendBackTask
{
    public sealed record Command(Guid TaskId, string Reason, Guid? Version = null) : ICommand<Response>;

    public sealed record Response(TrackingStatus Status, Guid Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("请填写退回理由").MaximumLength(2000);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            db.ExpectVersion(task, cmd.Version);
            task.SendBack(cmd.Reason.Trim());
            db.NotifyUnits(task, $"sent-back.{task.Id:N}.{task.Version:N}", "completion-decision", $"办结申请被退回：{task.Label()}",
                cmd.Reason.Trim(), clock.GetUtcNow(), leadOnly: true);
            await db.SaveChangesAsync(ct);
            return new(task.Status, task.Version);
        }
    }
}
