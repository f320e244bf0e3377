using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Accounts;

/// <summary>An admin sets a new password for an account (e.g. forgotten), which also ends its lockout.</summary>
public static class ResetPassword
{
    public sealed record Command(Guid UserId, string Password) : ICommand<Response>;

    public sealed record Response(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Password).NotEmpty().WithMessage("请填写新密码");
    }

    public sealed class Handler(ICurrentUser user, UserManager<AppUser> users) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeAdmin();
            var account = await users.FindByIdAsync(cmd.UserId.ToString()) ?? throw new NotFoundException("账号", cmd.UserId);
            var token = await users.GeneratePasswordResetTokenAsync(account);
            (await users.ResetPasswordAsync(account, token, cmd.Password)).ThrowIfFailed();
            (await users.SetLockoutEndDateAsync(account, null)).ThrowIfFailed();
            (await users.ResetAccessFailedCountAsync(account)).ThrowIfFailed();
            return new(account.Id);
        }
    }
}
