using Mediator;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>签收: the lead unit confirms it has received a published task.</summary>
public static class AcknowledgeTask
{
    public sealed record Command(Guid TaskId, Guid? Version = null) : ICommand<Response>;

    public sealed record Response(Guid Version);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            var task = await db.LoadTaskAsync(cmd.TaskId, ct);
            user.MustLead(task);
            db.ExpectVersion(task, cmd.Version);
            task.Acknowledge(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return new(task.Version);
        }
    }
}
