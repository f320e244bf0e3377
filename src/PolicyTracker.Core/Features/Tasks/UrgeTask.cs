using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>催办 / 督办单: 督查室 presses the lead units, optionally with a date by which they must reply.</summary>
public static class UrgeTask
{
    public sealed record Command(Guid TaskId, UrgeKind Kind, string Instruction, DateOnly? ResponseDue) : ICommand<Response>;

    public sealed record Response(Guid UrgeId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Instruction).NotEmpty().WithMessage("请填写督办要求").MaximumLength(2000);
            RuleFor(c => c.ResponseDue).NotNull().When(c => c.Kind == UrgeKind.SupervisionOrder).WithMessage("督办单须注明反馈时限");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            if (task.Status == TrackingStatus.Completed) throw new DomainException("任务已办结，无需督办");
            if (cmd.ResponseDue is { } due && due < clock.Today) throw new DomainException("反馈时限不能早于今天");
            var urge = new Urge(task, cmd.Kind, cmd.Instruction.Trim(), cmd.ResponseDue, user.Id, clock.Now);
            db.Urges.Add(urge);
            var what = cmd.Kind == UrgeKind.Reminder ? "催办" : "督办单";
            var body = cmd.ResponseDue is { } d ? $"{urge.Instruction}（请于 {d:yyyy-MM-dd} 前回复）" : urge.Instruction;
            db.NotifyUnits(task, $"urge.{urge.Id:N}", "urge", $"{what}：{task.Label()}", body, clock.Now, leadOnly: true);
            await db.SaveChangesAsync(ct);
            return new(urge.Id);
        }
    }
}
