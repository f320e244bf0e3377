using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>
/// DbContexts come from a pool and the audit interceptor is shared. The user a save is audited under (留痕) belongs
/// to the request that leased the context, never to the one before it.
/// </summary>
public sealed class ContextPoolTests
{
    [Fact]
    public async Task Each_scope_saves_under_its_own_user_though_contexts_are_reused()
    {
        await using var app = new TestApp();
        // A user object per scope that knows only what it was given (the web host's user reads the request instead,
        // so it could not tell a context still holding the previous lease's user from a fresh one).
        await using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddScoped<ICurrentUser, ScopeUser>()));
        // Sequential scopes, each with its own user (a context kept across scopes, as a pool would, must not keep one).
        for (var i = 1; i <= 40; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            ((ScopeUser)scope.ServiceProvider.GetRequiredService<ICurrentUser>()).Name = $"用户{i}";
            var db = scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>();
            db.Units.Add(new Unit($"第{i}单位", UnitKind.Township));
            await db.SaveChangesAsync();
        }

        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(Unit))
            .Select(a => new { a.Actor, a.After }).ToListAsync());
        Assert.Equal(40, entries.Count);
        Assert.All(entries, e => Assert.Contains($"\"第{e.Actor[2..]}单位\"", e.After));
    }

    private sealed class ScopeUser : ICurrentUser
    {
        public Guid? Id => null;
        public string Name { get; set; } = "";
        public string Role => Roles.Admin;
        public Guid? UnitId => null;
    }

    [Fact]
    public async Task A_context_leased_without_a_user_refuses_an_audited_save_and_writes_nothing()
    {
        await using var app = new TestApp();
        await app.WithDbAsync(async db =>
        {
            // Straight from the factory, not through a DI scope: nobody to record the change under.
            var factory = app.Services.GetRequiredService(typeof(IDbContextFactory<>).MakeGenericType(db.GetType()));
            await using var bare = (PolicyTrackerDbContext)factory.GetType().GetMethod(nameof(IDbContextFactory<DbContext>.CreateDbContext))!.Invoke(factory, [])!;
            bare.Units.Add(new Unit("县审计局", UnitKind.CountyDepartment));
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => bare.SaveChangesAsync());
            Assert.Contains("acting user", refused.Message);
        });
        Assert.False(await app.WithDbAsync(db => db.Units.AnyAsync(u => u.Name == "县审计局")));
    }
}
