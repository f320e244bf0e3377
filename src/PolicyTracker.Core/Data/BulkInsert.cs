using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
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
        var transaction = TransactionOf(db);
        var table = Table.Of(db, typeof(T));
        if (db.Database.IsNpgsql()) await CopyAsync((NpgsqlConnection)transaction.Connection!, table, table.InKeyOrder(rows), ct);
        else Insert(transaction, table, table.InKeyOrder(rows), "", null, ct);
    }

    /// <summary>
    /// SQLite: inserts <paramref name="rows"/> in the order given, each statement ending in <paramref name="clause"/>
    /// (an <c>ON CONFLICT … RETURNING</c> that COPY cannot express), and returns the first column of what they return.
    /// </summary>
    public static List<Guid> SqliteRowsReturning<T>(PolicyTrackerDbContext db, IEnumerable<T> rows, string clause, CancellationToken ct) where T : class
    {
        if (db.Database.IsNpgsql()) throw new NotSupportedException("PostgreSQL inserts many rows in one statement instead.");
        var returned = new List<Guid>();
        Insert(TransactionOf(db), Table.Of(db, typeof(T)), rows, clause, reader => returned.Add(reader.GetGuid(0)), ct);
        return returned;
    }

    private static DbTransaction TransactionOf(PolicyTrackerDbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction, so a failure leaves nothing behind.");

    private static void Insert<T>(DbTransaction transaction, Table table, IEnumerable<T> rows, string clause, Action<DbDataReader>? returned,
        CancellationToken ct) where T : class
    {
        // One row per statement: Microsoft.Data.Sqlite looks each parameter up by name at every execution, so a
        // multi-row statement's binding grows with the square of its parameters and costs more than it saves.
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var names = new List<string>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            var name = "@p" + names.Count;
            // The type mapping configures the parameter as EF would (SQLite stores a Guid as upper-case TEXT, …).
            command.Parameters.Add(column.Mapping.CreateParameter(command, name, null, column.Nullable));
            names.Add(name);
        }
        command.CommandText = $"INSERT INTO {table.QuotedName} ({table.ColumnList}) VALUES ({string.Join(", ", names)}){clause}";
        command.Prepare();
        var parameters = command.Parameters;
        // Microsoft.Data.Sqlite runs every command synchronously (its async methods wrap the finished result in a new
        // Task), so the loop calls the synchronous method and checks for cancellation itself.
        var written = 0;
        foreach (var row in rows)
        {
            if (++written % 1024 == 0) ct.ThrowIfCancellationRequested();
            for (var i = 0; i < table.Columns.Count; i++) parameters[i].Value = table.Columns[i].ProviderValue(row) ?? DBNull.Value;
            if (returned is null)
            {
                command.ExecuteNonQuery();
                continue;
            }
            using var reader = command.ExecuteReader();
            while (reader.Read()) returned(reader);
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, Table table, IEnumerable<T> rows, CancellationToken ct) where T : class
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

    /// <summary>Compares primary keys column by column: Guids as both engines order them, anything else by its own order.</summary>
    private sealed class KeyComparer : IComparer<object?[]>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(object?[]? x, object?[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
            {
                var order = (x[i], y![i]) switch
                {
                    (Guid a, Guid b) => a.CompareTo(b),
                    (string a, string b) => string.CompareOrdinal(a, b),
                    (null, null) => 0,
                    (null, _) => -1,
                    (_, null) => 1,
                    (IComparable a, var b) => a.CompareTo(b),
                    _ => 0,
                };
                if (order != 0) return order;
            }
            return 0;
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> ProviderValue, string DataTypeName);

    private sealed record Table(string QuotedName, IReadOnlyList<Column> Columns, IReadOnlyList<Column> Key)
    {
        public string ColumnList { get; } = string.Join(", ", Columns.Select(c => Quote(c.Name)));

        /// <summary>
        /// The rows in primary-key order, so each index's pages fill one after another rather than at random (the Guid
        /// keys are random). Guids compare as both engines store them: SQLite's upper-case text and PostgreSQL's uuid
        /// order their bytes as <see cref="Guid.CompareTo(Guid)"/> does.
        /// </summary>
        public IReadOnlyList<T> InKeyOrder<T>(IReadOnlyCollection<T> rows) where T : class
        {
            var ordered = rows.ToArray();
            if (Key.Count == 0) return ordered;
            var keys = new object?[ordered.Length][];
            for (var r = 0; r < ordered.Length; r++)
            {
                keys[r] = new object?[Key.Count];
                for (var k = 0; k < Key.Count; k++) keys[r][k] = Key[k].ProviderValue(ordered[r]);
            }
            Array.Sort(keys, ordered, KeyComparer.Instance);
            return ordered;
        }

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
                var value = ProviderValueOf(type, property, mapping.Converter);
                var storeType = mapping.StoreType;
                // COPY names the type without its facets (numeric(18,4) → numeric).
                var dataTypeName = storeType.IndexOf('(') is var open and > 0 ? storeType[..open].Trim() : storeType;
                columns.Add(new(property.GetColumnName(store)!, mapping, property.IsNullable, value, dataTypeName));
                if (property.IsPrimaryKey()) key.Add(columns[^1]);
            }
            var quoted = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(tableName)}" : Quote(tableName);
            return new(quoted, columns, key);
        }

        /// <summary>
        /// row => the property's value as the provider stores it, compiled once per column: the member read and the value
        /// converter's own expression in one delegate, so a row costs one call and one box per column.
        /// </summary>
        private static Func<object, object?> ProviderValueOf(Type type, IProperty property, ValueConverter? converter)
        {
            var row = Expression.Parameter(typeof(object), "row");
            Expression value = Expression.MakeMemberAccess(Expression.Convert(row, type), property.GetMemberInfo(forMaterialization: false, forSet: false));
            if (converter is not null)
            {
                var nullable = Nullable.GetUnderlyingType(value.Type) is not null || !value.Type.IsValueType;
                var model = nullable && value.Type.IsValueType ? Expression.Property(value, "Value") : value;
                if (model.Type != converter.ModelClrType) model = Expression.Convert(model, converter.ModelClrType);
                var convert = converter.ConvertToProviderExpression;
                Expression provider = Expression.Convert(
                    ReplacingExpressionVisitor.Replace(convert.Parameters[0], model, convert.Body), typeof(object));
                value = nullable
                    ? Expression.Condition(Expression.Equal(value, Expression.Constant(null, value.Type)), Expression.Constant(null), provider)
                    : provider;
            }
            else value = Expression.Convert(value, typeof(object));
            return Expression.Lambda<Func<object, object?>>(value, row).Compile();
        }

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}
