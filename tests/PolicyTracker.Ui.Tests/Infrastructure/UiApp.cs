using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Ui.Tests.Infrastructure;

/// <summary>
/// The real app served by Kestrel on 127.0.0.1 (a browser needs a socket), on its own fresh SQLite file with real
/// migrations, a fake clock the test moves, and no Hangfire server.
/// </summary>
public sealed class UiApp : WebApplicationFactory<Program>
{
    public const string Password = "Test#2026";
    private readonly string _evidenceFolder;

    public UiApp()
    {
        var folder = Path.Combine(Path.GetTempPath(), "policytracker-ui-tests");
        Directory.CreateDirectory(folder);
        DatabasePath = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        _evidenceFolder = Path.Combine(folder, $"evidence-{Guid.NewGuid():N}");
        Port = FreePort();
        UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
    }

    public string DatabasePath { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The clock every component sees: Monday 2 March 2026, 09:00 in the county.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    /// <summary>Today in the county (Asia/Shanghai, UTC+8 without daylight saving).</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath};Default Timeout=30;Pooling=False");
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Demo:SeedOnEmptyDatabase", "false");
        builder.UseSetting("Tracking:EvidenceFolder", _evidenceFolder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public Task StartAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    public async Task<T> WithDbAsync<T>(Func<PolicyTrackerDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PolicyTrackerDbContext>());
    }

    public async Task WithDbAsync(Func<PolicyTrackerDbContext, Task> work) =>
        await WithDbAsync(async db => { await work(db); return 0; });

    public async Task<AppUser> CreateUserAsync(string userName, string displayName, string role, Guid? unitId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
        var user = new AppUser { UserName = userName, DisplayName = displayName, UnitId = unitId, LockoutEnabled = true };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        try { if (Directory.Exists(_evidenceFolder)) Directory.Delete(_evidenceFolder, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
