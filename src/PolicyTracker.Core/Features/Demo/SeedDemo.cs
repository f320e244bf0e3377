using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Plans;

namespace PolicyTracker.Core.Features.Demo;

/// <summary>
/// On an empty database: the sample plan from samples/ imported and published through the real pipeline, and one
/// demo account per role. Does nothing when any plan or account exists, so a second start never duplicates it.
/// </summary>
public static class SeedDemo
{
    public sealed record Command(string SamplePlanPath) : ICommand<Response>;

    public sealed record Response(bool Seeded, IReadOnlyList<DemoAccount> Accounts);

    public sealed record DemoAccount(string UserName, string Password, string Role, string? Unit);

    /// <summary>Demo password for every demo account; printed in the log and the README.</summary>
    public const string Password = "Demo#2026";

    public sealed class Handler(PolicyTrackerDbContext db, ISender sender, UserManager<AppUser> users,
        RoleManager<IdentityRole<Guid>> roles, ICurrentUser user) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeAdmin();
            foreach (var role in Roles.All)
                if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
            if (await db.Plans.AnyAsync(ct) || await db.Users.AnyAsync(ct)) return new(false, []);

            var content = await File.ReadAllBytesAsync(cmd.SamplePlanPath, ct);
            var imported = await sender.Send(new ImportPlan.Command(Path.GetFileName(cmd.SamplePlanPath), content), ct);
            var published = await sender.Send(new PublishImport.Command(imported.ImportId), ct);

            // Staff accounts for the units leading the most tasks, so every role sees real work on first login.
            var busiest = await db.TaskUnits.Where(u => u.Role == UnitRole.Lead)
                .GroupBy(u => u.UnitId).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(2).ToListAsync(ct);
            var units = await db.Units.Where(u => busiest.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
            var accounts = new List<DemoAccount>
            {
                await CreateAsync("admin", "系统管理员", Roles.Admin, null),
                await CreateAsync("duchashi", "县政府督查室", Roles.Supervisor, null),
                await CreateAsync("lingdao", "县领导", Roles.Leader, null),
            };
            for (var i = 0; i < busiest.Count; i++)
                accounts.Add(await CreateAsync($"danwei{i + 1}", units[busiest[i]].Name, Roles.UnitStaff, units[busiest[i]]));
            return new(published.PlanIds.Count > 0, accounts);
        }

        private async Task<DemoAccount> CreateAsync(string userName, string displayName, string role, Unit? unit)
        {
            var account = new AppUser { UserName = userName, DisplayName = displayName, UnitId = unit?.Id, LockoutEnabled = true };
            var created = await users.CreateAsync(account, Password);
            if (!created.Succeeded) throw new DomainException(string.Join("；", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(account, role);
            return new(userName, Password, role, unit?.Name);
        }
    }
}
