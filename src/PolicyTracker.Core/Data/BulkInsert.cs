using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PolicyTracker.Core.Data;

/// <summary>
/// Inserts many new rows of one entity type on the DbContext's own connection and transaction, without change
/// tracking: one prepared INSERT reused across rows on SQLite, binary COPY on PostgreSQL. Columns, table name
/// and value conversions come from the EF model, so a row written here reads back exactly as one EF wrote.
/// It writes only what it is given: no interceptor sees these rows, so the caller writes their audit entries and
/// tallies itself, in the same transaction (see PublishImport).
/// </summary>
internal static class BulkInsert
{
    public static async Task RowsAsync<T>(PolicyTrackerDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        if (db.Database.CurrentTransaction?.GetDbTransaction() is not { } transaction)
            throw new InvalidOperationException("A bulk insert runs inside the caller's transaction, so a failure leaves nothing behind.");
        var table = Table.Of(db, typeof(T));
        if (db.Database.IsNpgsql()) await CopyAsync((NpgsqlConnection)transaction.Connection!, table, rows, ct);
        else await InsertAsync(transaction, table, rows, ct);
    }

    private static async Task InsertAsync<T>(DbTransaction transaction, Table table, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        // One row per statement: Microsoft.Data.Sqlite looks each parameter up by name at every execution, so a
        // multi-row statement's binding grows with the square of its parameters and costs more than it saves.
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var names = new List<string>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            var name = "@p" + names.Count;
            // The type mapping configures the parameter as EF would (SQLite stores a Guid as upper-case TEXT, …).
            command.Parameters.Add(column.Mapping.CreateParameter(command, name, null, column.Nullable));
            names.Add(name);
        }
        command.CommandText = $"INSERT INTO {table.QuotedName} ({table.ColumnList}) VALUES ({string.Join(", ", names)})";
        command.Prepare();
        var parameters = command.Parameters;
        // In key order, so each index's pages fill one after another rather than at random (Guid keys are random).
        var key = table.Key;
        IEnumerable<T> ordered = key.Count == 0 ? rows
            : rows.Select(r => (Row: r, Key: string.Join("\u001f", key.Select(k => Convert.ToString(k.ProviderValue(r), System.Globalization.CultureInfo.InvariantCulture)))))
                .OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Row);
        foreach (var row in ordered)
        {
            for (var i = 0; i < table.Columns.Count; i++) parameters[i].Value = table.Columns[i].ProviderValue(row) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, Table table, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table.QuotedName} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in table.Columns)
            {
                if (column.ProviderValue(row) is { } value) await importer.WriteAsync(value, column.DataTypeName, ct);
                else await importer.WriteNullAsync(ct);
            }
        }
        await importer.CompleteAsync(ct);
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> ProviderValue, string DataTypeName);

    private sealed record Table(string QuotedName, IReadOnlyList<Column> Columns, IReadOnlyList<Column> Key)
    {
        public string ColumnList { get; } = string.Join(", ", Columns.Select(c => Quote(c.Name)));

        public static Table Of(DbContext db, Type type)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
            if (entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entity.GetComplexProperties().Any())
                throw new NotSupportedException($"{type.Name} has owned or complex values, which a bulk insert does not write");
            var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} has no table");
            var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
            var columns = new List<Column>();
            var key = new List<Column>();
            foreach (var property in entity.GetProperties())
            {
                // Keys the database numbers itself (the audit trail's Id) are left to it, as EF leaves them.
                if (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && property.ClrType is var t && (t == typeof(long) || t == typeof(int)))
                    continue;
                if (property.IsShadowProperty())
                    throw new NotSupportedException($"{type.Name}.{property.Name} is a shadow property, which a bulk insert cannot read");
                var mapping = property.GetRelationalTypeMapping();
                var getter = property.GetGetter();
                var converter = mapping.Converter;
                Func<object, object?> value = converter is null ? getter.GetClrValue : row => converter.ConvertToProvider(getter.GetClrValue(row));
                var storeType = mapping.StoreType;
                // COPY names the type without its facets (numeric(18,4) → numeric).
                var dataTypeName = storeType.IndexOf('(') is var open and > 0 ? storeType[..open].Trim() : storeType;
                columns.Add(new(property.GetColumnName(store)!, mapping, property.IsNullable, value, dataTypeName));
                if (property.IsPrimaryKey()) key.Add(columns[^1]);
            }
            var quoted = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(tableName)}" : Quote(tableName);
            return new(quoted, columns, key);
        }

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}
