using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;
using PolicyTracker.Web.Tests.Infrastructure;

namespace PolicyTracker.Web.Tests.Tracking;

/// <summary>
/// An import's file text and draft sit apart from its status: publishing (a new status and time) must not rewrite
/// megabytes of text, as SQLite rewrites a whole row on any update.
/// </summary>
public sealed class ImportTextsTests
{
    [Fact]
    public async Task Publishing_an_import_does_not_rewrite_its_file_text()
    {
        if (TestDatabase.IsPostgres) return; // PostgreSQL keeps large unchanged values out of the row it rewrites.
        await using var app = new TestApp();
        await app.CreateUserAsync("sup", Roles.Supervisor);
        var sup = await app.SignInAsync("sup");
        // A gazette's worth of text (2 MB of UTF-8) behind the draft.
        var source = string.Join('\n', Enumerable.Range(1, 25_000).Select(i => $"第{i}行：示范县人民政府办公室关于印发方案的通知正文。"));
        var importId = await BulkPublishTests.DraftAsync(app, source, BulkPublishTests.ThreeTasks());
        var sourceBytes = System.Text.Encoding.UTF8.GetByteCount(source);

        // The write-ahead log emptied, the publish's page writes are what it holds afterwards. A connection stays open
        // throughout: the last one to close (the suite does not pool them) would checkpoint the log away.
        await using var holder = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        await holder.OpenAsync();
        await CheckpointAsync(holder, "TRUNCATE");
        var published = await sup.PostAsync($"/api/imports/{importId}/publish", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        var (frames, pageSize) = await CheckpointAsync(holder, "PASSIVE");

        Assert.True(frames * pageSize < sourceBytes / 4, $"the publish wrote {frames} pages of {pageSize} bytes for a text of {sourceBytes} bytes");
        var stored = await app.WithDbAsync(db => db.PlanImports.AsNoTracking().SingleAsync(i => i.Id == importId));
        Assert.Equal(ImportStatus.Published, stored.Status);
        Assert.Equal(source, stored.SourceText);
    }

    /// <summary>Runs a checkpoint; returns the frames left in the log and the page size.</summary>
    private static async Task<(long Frames, long PageSize)> CheckpointAsync(SqliteConnection connection, string mode)
    {
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = $"PRAGMA wal_checkpoint({mode})";
        long frames;
        await using (var reader = await checkpoint.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            frames = reader.GetInt64(1);
        }
        await using var page = connection.CreateCommand();
        page.CommandText = "PRAGMA page_size";
        return (frames, (long)(await page.ExecuteScalarAsync())!);
    }
}
