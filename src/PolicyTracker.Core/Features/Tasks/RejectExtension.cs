using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>驳回延期: 督查室 refuses, with the reason the unit will read; the deadline stays.</summary>
public static class RejectExtension
{
    public sealed record Command(Guid RequestId, string Note) : ICommand<ExtensionDecision>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Note).NotEmpty().WithMessage("请填写驳回理由").MaximumLength(500);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, ExtensionDecision>
    {
        public async ValueTask<ExtensionDecision> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var request = await db.ExtensionRequests.FindRequiredAsync(cmd.RequestId, ct);
            var task = await db.LoadTaskAsync(request.TaskId, ct);
            var now = clock.GetUtcNow();
            request.Reject(task, user.Id, cmd.Note.Trim(), now);
            db.NotifyUnits(task, $"extension.{request.Id:N}", "extension-decision", $"延期申请未获批准：{task.Label()}",
                cmd.Note.Trim(), now, leadOnly: true);
            await db.SaveChangesAsync(ct);
            return new(task.Id, task.Deadline, task.Version);
        }
    }
}
