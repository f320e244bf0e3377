using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>申请办结: the lead unit reports the task done and asks 督查室 to close it.</summary>
public static class RequestCompletion
{
    public sealed record Command(Guid TaskId, string Summary, Guid? Version = null) : ICommand<Response>;

    public sealed record Response(TrackingStatus Status, Guid Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Summary).NotEmpty().WithMessage("请填写办结情况").MaximumLength(4000);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            user.MustLead(task);
            db.ExpectVersion(task, cmd.Version);
            task.RequestCompletion(cmd.Summary.Trim(), clock.GetUtcNow());
            db.Notifications.Add(new Notification($"completion-request.{task.Id:N}.{task.Version:N}", "completion-request",
                $"申请办结：{task.Label()}", cmd.Summary.Trim(), clock.GetUtcNow(), recipientRole: Roles.Supervisor, taskId: task.Id));
            await db.SaveChangesAsync(ct);
            return new(task.Status, task.Version);
        }
    }
}
