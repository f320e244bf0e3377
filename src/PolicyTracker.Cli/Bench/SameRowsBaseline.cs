using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PolicyTracker.Cli;

/// <summary>
/// The raw baseline for exactly what a publish wrote: every row it added or changed (tasks, unit rows, targets, audit
/// entries, the plan, tally rows; not the import's own status row), read back as stored and written again, by the
/// engine's fastest plain means (prepared inserts in one transaction on SQLite, binary COPY on PostgreSQL), into empty
/// copies of the same tables: same columns, keys, indexes and foreign keys. Rows go in key order and database-numbered
/// keys (the audit trail's) are left to the database, as the publish leaves them.
/// </summary>
internal static class SameRowsBaseline
{
    public sealed record Table(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> TypeNames, string? Generated,
        IReadOnlyList<object?[]> Rows);

    /// <summary>Every row of every table a publish can write, in key order.</summary>
    public static async Task<IReadOnlyList<Table>> SnapshotAsync(DbConnection connection)
    {
        var sqlite = connection is SqliteConnection;
        var names = await ListAsync<string>(connection, sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
            : "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
        var tables = new List<Table>();
        foreach (var name in names.Where(n => !n.StartsWith("raw", StringComparison.Ordinal) && n is not "__EFMigrationsHistory" and not "PlanImports" and not "PlanImportTexts"))
        {
            var key = await ListAsync<string>(connection, sqlite
                ? $"SELECT name FROM pragma_table_info('{name}') WHERE pk > 0 ORDER BY pk"
                : $"SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '\"{name}\"'::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)");
            // A key the database numbers itself: SQLite's INTEGER PRIMARY KEY (the rowid), PostgreSQL's identity column.
            var generated = sqlite
                ? (key.Count == 1 && (await ListAsync<string>(connection, $"SELECT type FROM pragma_table_info('{name}') WHERE name = '{key[0]}'")).Single() == "INTEGER" ? key[0] : null)
                : (await ListAsync<string>(connection, $"SELECT attname::text FROM pg_attribute WHERE attrelid = '\"{name}\"'::regclass AND attidentity <> ''")).SingleOrDefault();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{name}\"" + (key.Count > 0 ? $" ORDER BY {string.Join(", ", key.Select(k => $"\"{k}\""))}" : "");
            await using var reader = await command.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToList();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync())
            {
                var values = new object?[reader.FieldCount];
                reader.GetValues(values!);
                for (var i = 0; i < values.Length; i++) if (values[i] is DBNull) values[i] = null;
                rows.Add(values);
            }
            tables.Add(new(name, columns, types, generated, rows));
        }
        return tables;
    }

    /// <summary>The rows of <paramref name="after"/> not in <paramref name="before"/> (added, or changed in place), table by table.</summary>
    public static IReadOnlyList<Table> Written(IReadOnlyList<Table> before, IReadOnlyList<Table> after)
    {
        static string Text(object?[] row, int skip) => string.Join("\u001f", row.Where((_, i) => i != skip).Select(v => v switch
        {
            null => "\u0000",
            byte[] bytes => Convert.ToHexString(bytes),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        }));
        var written = new List<Table>();
        foreach (var table in after)
        {
            var skip = table.Generated is { } g ? table.Columns.ToList().IndexOf(g) : -1;
            var old = new Dictionary<string, int>();
            foreach (var row in before.Single(t => t.Name == table.Name).Rows) old[Text(row, -1)] = old.GetValueOrDefault(Text(row, -1)) + 1;
            var rows = new List<object?[]>();
            foreach (var row in table.Rows)
            {
                var text = Text(row, -1);
                if (old.GetValueOrDefault(text) > 0) old[text]--;
                else rows.Add(row.Where((_, i) => i != skip).ToArray());
            }
            if (rows.Count > 0)
                written.Add(table with
                {
                    Columns = table.Columns.Where((_, i) => i != skip).ToList(), TypeNames = table.TypeNames.Where((_, i) => i != skip).ToList(),
                    Rows = rows,
                });
        }
        return written;
    }

    /// <summary>Empty copies of <paramref name="tables"/>, named with <paramref name="prefix"/>, with their keys, indexes and foreign keys.</summary>
    public static async Task CreateCopiesAsync(DbConnection connection, IReadOnlyList<Table> tables, string prefix)
    {
        foreach (var table in tables)
        {
            var copy = prefix + table.Name;
            var statements = new List<string>();
            if (connection is SqliteConnection)
            {
                // The table's and its indexes' own CREATE statements, renamed: foreign keys still name the real tables.
                foreach (var sql in await ListAsync<string>(connection, $"SELECT sql FROM sqlite_master WHERE tbl_name = '{table.Name}' AND sql IS NOT NULL ORDER BY type DESC"))
                    statements.Add(sql.StartsWith("CREATE TABLE", StringComparison.Ordinal)
                        ? $"CREATE TABLE \"{copy}\"" + sql[sql.IndexOf('(')..]
                        : System.Text.RegularExpressions.Regex.Replace(sql, "^CREATE (UNIQUE )?INDEX \"([^\"]+)\" ON \"[^\"]+\"",
                            m => $"CREATE {m.Groups[1].Value}INDEX \"{prefix}{m.Groups[2].Value}\" ON \"{copy}\""));
            }
            else
            {
                statements.Add($"CREATE TABLE \"{copy}\" (LIKE \"{table.Name}\" INCLUDING ALL)");
                foreach (var definition in await ListAsync<string>(connection, $"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '\"{table.Name}\"'::regclass AND contype = 'f'"))
                    statements.Add($"ALTER TABLE \"{copy}\" ADD {definition}");
            }
            foreach (var sql in statements)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>Writes every table's rows into its copy in one transaction, committed; returns the seconds it took.</summary>
    public static async Task<double> InsertAsync(DbConnection connection, IReadOnlyList<Table> tables, string prefix)
    {
        var watch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var table in tables)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"\"{c}\""));
            if (connection is NpgsqlConnection npgsql)
            {
                await using var writer = await npgsql.BeginBinaryImportAsync($"COPY \"{prefix}{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)");
                foreach (var row in table.Rows)
                {
                    await writer.StartRowAsync();
                    for (var i = 0; i < row.Length; i++)
                        if (row[i] is { } value) await writer.WriteAsync(value, table.TypeNames[i]);
                        else await writer.WriteNullAsync();
                }
                await writer.CompleteAsync();
                continue;
            }
            await using var insert = (SqliteCommand)connection.CreateCommand();
            insert.Transaction = (SqliteTransaction)transaction;
            insert.CommandText = $"INSERT INTO \"{prefix}{table.Name}\" ({columns}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
            var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
            insert.Prepare();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < row.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }
        await transaction.CommitAsync();
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<List<T>> ListAsync<T>(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync()) list.Add(reader.GetFieldValue<T>(0));
        return list;
    }
}
