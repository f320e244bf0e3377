using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Web.Tests.Infrastructure;

/// <summary>
/// The real web host on its own fresh SQLite file (real migrations), with a fake clock and no Hangfire server:
/// every test owns its database, so no test cleans up after another.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string Password = "Test#2026";
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;

    public TestApp(bool seedDemo = false, Dictionary<string, string?>? settings = null, string? databasePath = null)
    {
        _ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), "policytracker-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _settings = new()
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={DatabasePath};Default Timeout=30;Pooling=False",
            ["Jobs:RunServer"] = "false",
            ["Demo:SeedOnEmptyDatabase"] = seedDemo ? "true" : "false",
            ["Tracking:EvidenceFolder"] = Path.Combine(Path.GetTempPath(), "policytracker-tests", $"evidence-{Guid.NewGuid():N}"),
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    public string DatabasePath { get; }

    /// <summary>The clock every component sees; tests move it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Runs <paramref name="work"/> with a scoped DbContext, acting as the system.</summary>
    public async Task<T> WithDbAsync<T>(Func<PolicyTrackerDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>());
    }

    public async Task WithDbAsync(Func<PolicyTrackerDbContext, Task> work) =>
        await WithDbAsync(async db => { await work(db); return 0; });

    /// <summary>Creates an account with <see cref="Password"/>.</summary>
    public async Task<AppUser> CreateUserAsync(string userName, string role, Guid? unitId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
        var user = new AppUser { UserName = userName, DisplayName = userName, UnitId = unitId, LockoutEnabled = true };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>A client signed in with a cookie as <paramref name="userName"/>.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password, useCookies = true });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // A test that passed its own path restarts on that file, so it deletes the file itself.
        if (!_ownsDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
    }
}
