using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PolicyTracker.Migrations;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Hardening;

/// <summary>
/// Makes the database fail on cue: while armed, the <see cref="FailOnNth"/>-th write command whose SQL matches
/// <see cref="Matching"/> throws as a lost connection would, after the earlier writes of the same save have run.
/// </summary>
public sealed class FaultInjector : DbCommandInterceptor
{
    private int _seen;

    public bool Armed { get; set; }
    public int FailOnNth { get; set; } = 1;

    /// <summary>Fails the <paramref name="nth"/> matching write from now on.</summary>
    public void Arm(int nth)
    {
        _seen = 0;
        FailOnNth = nth;
        Armed = true;
    }

    public string Matching { get; set; } = "INSERT";
    /// <summary>Write commands that ran while armed, and faults thrown.</summary>
    public int WritesSeen => _seen;
    public int Injected { get; private set; }

    public static readonly string Message = "injected fault: connection lost";

    private void Hit(DbCommand command)
    {
        if (!Armed || !command.CommandText.Contains(Matching, StringComparison.OrdinalIgnoreCase)) return;
        if (Interlocked.Increment(ref _seen) < FailOnNth) return;
        Armed = false;
        Injected++;
        throw new InvalidOperationException(Message);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Hit(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        Hit(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Hit(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken ct = default)
    {
        Hit(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>The app of <paramref name="app"/>, with <paramref name="injector"/> on every DbContext it creates.</summary>
    public static WebApplicationFactory<Program> On(TestApp app, FaultInjector injector) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            services.ConfigureDbContext<SqlitePolicyTrackerDbContext>(o => o.AddInterceptors(injector));
            services.ConfigureDbContext<PostgresPolicyTrackerDbContext>(o => o.AddInterceptors(injector));
        }));
}

public static class FactoryClients
{
    /// <summary>A cookie client of <paramref name="factory"/> signed in as <paramref name="userName"/>, as TestApp.SignInAsync.</summary>
    public static async Task<HttpClient> SignInAsync(this WebApplicationFactory<Program> factory, string userName)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Requested-With", "PolicyTracker");
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/auth/login",
            new { userName, password = TestApp.Password, useCookies = true });
        response.EnsureSuccessStatusCode();
        return client;
    }
}

/// <summary>A fact that only means something on SQLite (file locks); skipped on the PostgreSQL run.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres) Skip = "SQLite-specific: PostgreSQL has row locks, not a database write lock";
    }
}
