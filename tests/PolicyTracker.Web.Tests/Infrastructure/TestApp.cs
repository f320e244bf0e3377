using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        DatabasePath = databasePath ?? TestDatabase.NewPath();
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var (provider, connectionString) = TestDatabase.For(DatabasePath);
        _settings = new()
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Jobs:RunServer"] = "false",
            ["Demo:SeedOnEmptyDatabase"] = seedDemo ? "true" : "false",
            ["Tracking:EvidenceFolder"] = Path.Combine(Path.GetTempPath(), "policytracker-tests", $"evidence-{Guid.NewGuid():N}"),
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    /// <summary>
    /// The SQLite file, or on PostgreSQL the key its database is named after; pass it to a new TestApp to restart on
    /// the same data. A database the test passed in is the test's to drop (TestDatabase.DropAsync).
    /// </summary>
    public string DatabasePath { get; }

    /// <summary>The clock every component sees; tests move it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    /// <summary>What the host logged at Error level, for failure messages.</summary>
    public ServerErrorLog ServerErrors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(ServerErrors));
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

    /// <summary>
    /// A client signed in with a cookie as <paramref name="userName"/>, sending the anti-forgery header as the UI's
    /// fetch wrapper does.
    /// </summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Requested-With", "PolicyTracker");
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password, useCookies = true });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) await TestDatabase.DropAsync(DatabasePath);
    }
}
