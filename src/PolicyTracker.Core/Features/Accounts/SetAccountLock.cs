using Mediator;
using Microsoft.AspNetCore.Identity;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Accounts;

/// <summary>Locks an account until unlocked (a person left the unit), or unlocks it; a lock also signs it out everywhere.</summary>
public static class SetAccountLock
{
    public sealed record Command(Guid UserId, bool Locked) : ICommand<Response>;

    public sealed record Response(Guid Id, bool LockedOut);

    public sealed class Handler(ICurrentUser user, UserManager<AppUser> users) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeAdmin();
            if (cmd.Locked && cmd.UserId == user.Id) throw new DomainException("不能锁定自己的账号");
            var account = await users.FindByIdAsync(cmd.UserId.ToString()) ?? throw new NotFoundException("账号", cmd.UserId);
            if (cmd.Locked)
            {
                (await users.SetLockoutEnabledAsync(account, true)).ThrowIfFailed();
                (await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue)).ThrowIfFailed();
                (await users.UpdateSecurityStampAsync(account)).ThrowIfFailed();
            }
            else
            {
                (await users.SetLockoutEndDateAsync(account, null)).ThrowIfFailed();
                (await users.ResetAccessFailedCountAsync(account)).ThrowIfFailed();
            }
            return new(account.Id, cmd.Locked);
        }
    }
}
