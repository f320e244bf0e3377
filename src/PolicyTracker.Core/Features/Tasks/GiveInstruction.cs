using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>领导批示: a county leader comments on a task; every unit of the task is notified.</summary>
public static class GiveInstruction
{
    public sealed record Command(Guid TaskId, string Text) : ICommand<Response>;

    public sealed record Response(Guid InstructionId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Text).NotEmpty().WithMessage("请填写批示内容").MaximumLength(2000);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeLeader();
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            var now = clock.GetUtcNow();
            var instruction = new LeaderInstruction(task, cmd.Text.Trim(), user.Id, user.Name, now);
            db.LeaderInstructions.Add(instruction);
            db.NotifyUnits(task, $"instruction.{instruction.Id:N}", "instruction", $"领导批示：{task.Label()}",
                $"{user.Name}：{instruction.Text}", now);
            await db.SaveChangesAsync(ct);
            return new(instruction.Id);
        }
    }
}
