using Mediator;
using PolicyTracker.Migrations;

namespace PolicyTracker.Web.Infrastructure;

/// <summary>
/// On SQLite, commands take turns in this process before they touch the database. SQLite has one writer: a second
/// transaction that finds the first under way waits inside SQLite (busy_timeout), holding a thread-pool thread in a
/// sleep, and under load most request threads end up parked there while the pool spins up more (a profile of 16
/// concurrent progress reports showed 87 % of each report's time in BEGIN IMMEDIATE and a third of the CPU in the
/// pool's spin-waits). Waiting here is asynchronous and first come, first served, so a report costs one transaction's
/// time per report ahead of it and no thread. Queries never wait (WAL readers do not block the writer). PostgreSQL
/// locks rows, not the database, and several instances share it, so there the gate stands open.
/// </summary>
public sealed class SqliteWriterGate<TMessage, TResponse>(DatabaseOptions database) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        // A command sent from inside another (the demo seed imports and publishes) already holds the turn.
        if (message is not IBaseCommand || database.Provider != DatabaseProvider.Sqlite || WriterTurn.Held.Value)
            return await next(message, ct);
        var gate = WriterTurn.For(database.ConnectionString);
        await gate.WaitAsync(ct);
        WriterTurn.Held.Value = true;
        try
        {
            return await next(message, ct);
        }
        finally
        {
            WriterTurn.Held.Value = false;
            gate.Release();
        }
    }
}

/// <summary>One turn per database file in this process, whichever host (or test host) built the pipeline.</summary>
internal static class WriterTurn
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new();
    public static readonly AsyncLocal<bool> Held = new();

    public static SemaphoreSlim For(string connectionString) =>
        Gates.GetOrAdd(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource), _ => new SemaphoreSlim(1, 1));
}
