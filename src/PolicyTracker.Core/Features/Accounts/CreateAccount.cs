using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Accounts;

/// <summary>Creates an account in one role; unit staff must be bound to a unit, other roles must not be.</summary>
public static class CreateAccount
{
    public sealed record Command(string UserName, string DisplayName, string Password, string Role, Guid? UnitId) : ICommand<Response>;

    public sealed record Response(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.UserName).NotEmpty().WithMessage("请填写用户名").MaximumLength(64);
            RuleFor(c => c.DisplayName).NotEmpty().WithMessage("请填写姓名").MaximumLength(64);
            RuleFor(c => c.Password).NotEmpty().WithMessage("请填写初始密码");
            RuleFor(c => c.Role).Must(r => Roles.All.Contains(r)).WithMessage("角色只能是 Admin、Supervisor、Leader 或 UnitStaff");
            RuleFor(c => c.UnitId).NotNull().When(c => c.Role == Roles.UnitStaff).WithMessage("单位人员必须选择所属单位");
            RuleFor(c => c.UnitId).Null().When(c => c.Role != Roles.UnitStaff).WithMessage("只有单位人员绑定单位");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeAdmin();
            if (cmd.UnitId is { } unit) await db.Units.FindRequiredAsync(unit, ct);
            if (!await roles.RoleExistsAsync(cmd.Role)) (await roles.CreateAsync(new IdentityRole<Guid>(cmd.Role))).ThrowIfFailed();
            var account = new AppUser { UserName = cmd.UserName.Trim(), DisplayName = cmd.DisplayName.Trim(), UnitId = cmd.UnitId, LockoutEnabled = true };
            // Identity saves the account and its role in two steps; one transaction keeps a failed role from leaving a role-less account.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            (await users.CreateAsync(account, cmd.Password)).ThrowIfFailed();
            (await users.AddToRoleAsync(account, cmd.Role)).ThrowIfFailed();
            await tx.CommitAsync(ct);
            return new(account.Id);
        }
    }
}
