using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>申请延期: the lead unit asks for a later deadline, before the current one has passed.</summary>
public static class RequestExtension
{
    public sealed record Command(Guid TaskId, DateOnly NewDeadline, string Reason) : ICommand<Response>;

    public sealed record Response(Guid RequestId, DateOnly? CurrentDeadline);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).NotEmpty().WithMessage("请填写延期理由").MaximumLength(500);
            RuleFor(c => c.NewDeadline).NotEmpty().WithMessage("请填写延期后的时限");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            user.MustLead(task);
            // One open request at a time: a second would let the unit pick whichever decision suits it.
            if (await db.ExtensionRequests.AnyAsync(e => e.TaskId == task.Id && e.Decision == RequestDecision.Pending, ct))
                throw new DomainException("该任务已有待审批的延期申请");
            var request = task.RequestExtension(cmd.NewDeadline, cmd.Reason.Trim(), user.Id, clock.Today, clock.Now);
            db.ExtensionRequests.Add(request);
            await db.SaveChangesAsync(ct);
            return new(request.Id, task.Deadline);
        }
    }
}
