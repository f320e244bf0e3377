using FluentValidation;
using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>回复督办: the lead unit answers a 催办/督办单, which closes it.</summary>
public static class ReplyToUrge
{
    public sealed record Command(Guid UrgeId, string Reply) : ICommand<Response>;

    public sealed record Response(Guid UrgeId, DateTimeOffset RepliedAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reply).NotEmpty().WithMessage("请填写回复内容").MaximumLength(4000);
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var urge = await db.Urges.FindRequiredAsync(cmd.UrgeId, ct);
            var task = await db.LoadTaskAsync(urge.TaskId, ct);
            user.MustLead(task);
            var now = clock.GetUtcNow();
            urge.Answer(task, cmd.Reply.Trim(), user.Id, now);
            db.Notifications.Add(new Notification($"urge-reply.{urge.Id:N}", "urge-reply", $"督办已回复：{task.Label()}",
                urge.Reply!, now, recipientRole: Roles.Supervisor, taskId: task.Id));
            await db.SaveChangesAsync(ct);
            return new(urge.Id, now);
        }
    }
}
