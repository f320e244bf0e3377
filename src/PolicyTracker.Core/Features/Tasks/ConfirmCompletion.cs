using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>办结/销号: 督查室 closes a task whose unit asked to close it, grading the work 优秀/良好/合格/不合格.</summary>
public static class ConfirmCompletion
{
    public sealed record Command(Guid TaskId, CompletionGrade Grade, Guid? Version = null) : ICommand<Response>;

    public sealed record Response(TrackingStatus Status, CompletionGrade? Grade, Guid Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Grade).IsInEnum().WithMessage("评定等次只能是优秀、良好、合格或不合格");
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, CountyClock clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            db.ExpectVersion(task, cmd.Version);
            task.ConfirmCompletion(cmd.Grade, clock.Now, clock.Today);
            db.NotifyUnits(task, $"completed.{task.Id:N}.{task.Version:N}", "completion-decision", $"任务已办结：{task.Label()}",
                $"评定：{GradeNames.Chinese(cmd.Grade)}", clock.Now, leadOnly: true);
            await db.SaveChangesAsync(ct);
            return new(task.Status, task.Grade, task.Version);
        }
    }
}

public static class GradeNames
{
    public static string Chinese(CompletionGrade grade) => grade switch
    {
        CompletionGrade.Excellent => "优秀",
        CompletionGrade.Good => "良好",
        CompletionGrade.Pass => "合格",
        _ => "不合格",
    };
}
