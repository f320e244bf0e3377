using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>批准延期: 督查室 moves the deadline; the request row stays as the deadline's history.</summary>
public static class ApproveExtension
{
    public sealed record Command(Guid RequestId, string? Note) : ICommand<ExtensionDecision>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Note).MaximumLength(500);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, ExtensionDecision>
    {
        public async ValueTask<ExtensionDecision> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var request = await db.ExtensionRequests.FindRequiredAsync(cmd.RequestId, ct);
            var task = await db.LoadTaskAsync(request.TaskId, ct);
            var now = clock.GetUtcNow();
            request.Approve(task, user.Id, cmd.Note, now);
            db.NotifyUnits(task, $"extension.{request.Id:N}", "extension-decision", $"延期申请已批准：{task.Label()}",
                $"完成时限调整为 {task.Deadline:yyyy-MM-dd}", now, leadOnly: true);
            await db.SaveChangesAsync(ct);
            return new(task.Id, task.Deadline, task.Version);
        }
    }
}

/// <summary>The task's deadline after an extension decision.</summary>
public sealed record ExtensionDecision(Guid TaskId, DateOnly? Deadline, Guid Version);
