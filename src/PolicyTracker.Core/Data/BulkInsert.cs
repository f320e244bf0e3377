using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using SQLitePCL;

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
        else Insert((SqliteConnection)transaction.Connection!, table, table.InKeyOrder(rows), "", null, ct);
    }

    /// <summary>
    /// SQLite: inserts <paramref name="rows"/> in the order given, each statement ending in <paramref name="clause"/>
    /// (an <c>ON CONFLICT … RETURNING</c> that COPY cannot express), and returns the first column of what they return.
    /// </summary>
    public static List<Guid> SqliteRowsReturning<T>(PolicyTrackerDbContext db, IEnumerable<T> rows, string clause, CancellationToken ct) where T : class
    {
        if (db.Database.IsNpgsql()) throw new NotSupportedException("PostgreSQL inserts many rows in one statement instead.");
        var returned = new List<Guid>();
        Insert((SqliteConnection)TransactionOf(db).Connection!, Table.Of(db, typeof(T)), rows, clause, returned, ct);
        return returned;
    }

    private static DbTransaction TransactionOf(PolicyTrackerDbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("A bulk insert runs inside the caller's transaction, so a failure leaves nothing behind.");

    /// <summary>
    /// One prepared single-row INSERT, bound by position and stepped through SQLite's own API on the connection's
    /// handle (inside its open transaction). Microsoft.Data.Sqlite, per execution, creates a data reader, looks every
    /// parameter up by name (a UTF-8 copy of the name and a scan of the statement's names) and formats Guids and dates
    /// into new strings: that cost more than SQLite's own work for the row. Values are bound as Microsoft.Data.Sqlite
    /// binds them for the parameter EF's type mapping configures (<see cref="SqliteColumn"/>), so the stored bytes are
    /// the same; errors surface as the same <see cref="SqliteException"/>.
    /// </summary>
    private static void Insert<T>(SqliteConnection connection, Table table, IEnumerable<T> rows, string clause, List<Guid>? returned,
        CancellationToken ct) where T : class
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var columns = table.SqliteColumns;
        var sql = $"INSERT INTO {table.QuotedName} ({table.ColumnList}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))}){clause}";
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            var scratch = new Scratch();
            var written = 0;
            foreach (var row in rows)
            {
                if (++written % 1024 == 0) ct.ThrowIfCancellationRequested();
                for (var i = 0; i < columns.Length; i++) Check(columns[i].Bind(statement, i + 1, row, scratch), handle);
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    returned?.Add(GuidOf(statement));
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
                raw.sqlite3_reset(statement);
            }
        }
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
    }

    /// <summary>The first column of the current row as a Guid, read as Microsoft.Data.Sqlite's GetGuid reads it.</summary>
    private static Guid GuidOf(sqlite3_stmt statement)
    {
        var bytes = raw.sqlite3_column_blob(statement, 0);
        if (raw.sqlite3_column_type(statement, 0) == raw.SQLITE_BLOB && bytes.Length == 16) return new Guid(bytes);
        return Guid.Parse(Encoding.UTF8.GetString(bytes));
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, Table table, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var columns = table.CopyColumns;
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table.QuotedName} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in columns) await column.WriteAsync(importer, row, ct);
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

    private sealed record Column(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<object, object?> ProviderValue,
        Delegate TypedValue, Type ValueType, string DataTypeName);

    private sealed class Table(string quotedName, IReadOnlyList<Column> columns, IReadOnlyList<Column> key)
    {
        // The model is built once per DbContext type, so a table's columns and compiled getters are built once too.
        private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, Table>> Cache = [];

        public string QuotedName { get; } = quotedName;
        public IReadOnlyList<Column> Columns { get; } = columns;
        public string ColumnList { get; } = string.Join(", ", columns.Select(c => Quote(c.Name)));

        private SqliteColumn[]? _sqlite;
        private CopyColumn[]? _copy;

        public SqliteColumn[] SqliteColumns => _sqlite ??= Columns.Select(SqliteColumn.For).ToArray();
        public CopyColumn[] CopyColumns => _copy ??= Columns.Select(CopyColumn.For).ToArray();

        /// <summary>
        /// The rows in primary-key order, so each index's pages fill one after another rather than at random (the Guid
        /// keys are random). Guids compare as both engines store them: SQLite's upper-case text and PostgreSQL's uuid
        /// order their bytes as <see cref="Guid.CompareTo(Guid)"/> does.
        /// </summary>
        public IReadOnlyList<T> InKeyOrder<T>(IReadOnlyCollection<T> rows) where T : class
        {
            var ordered = rows.ToArray();
            if (key.Count == 0) return ordered;
            // The usual keys (one Guid, two Guids) sort as typed values; others through the general comparer.
            if (key.All(k => k.ValueType == typeof(Guid)) && key.Count <= 2)
            {
                var first = (Func<object, Guid>)key[0].TypedValue;
                if (key.Count == 1)
                {
                    var keys = new Guid[ordered.Length];
                    for (var r = 0; r < ordered.Length; r++) keys[r] = first(ordered[r]);
                    if (!Ascending(keys)) Array.Sort(keys, ordered);
                }
                else
                {
                    var second = (Func<object, Guid>)key[1].TypedValue;
                    var keys = new (Guid, Guid)[ordered.Length];
                    for (var r = 0; r < ordered.Length; r++) keys[r] = (first(ordered[r]), second(ordered[r]));
                    if (!Ascending(keys)) Array.Sort(keys, ordered);
                }
                return ordered;
            }
            var general = new object?[ordered.Length][];
            for (var r = 0; r < ordered.Length; r++)
            {
                general[r] = new object?[key.Count];
                for (var k = 0; k < key.Count; k++) general[r][k] = key[k].ProviderValue(ordered[r]);
            }
            Array.Sort(general, ordered, KeyComparer.Instance);
            return ordered;
        }

        /// <summary>Whether the keys are already in order (a caller that wrote the parent rows in order passes its children so).</summary>
        private static bool Ascending<TKey>(TKey[] keys) where TKey : IComparable<TKey>
        {
            for (var i = 1; i < keys.Length; i++) if (keys[i - 1].CompareTo(keys[i]) > 0) return false;
            return true;
        }

        public static Table Of(DbContext db, Type type) =>
            Cache.GetValue(db.Model, _ => new ConcurrentDictionary<Type, Table>()).GetOrAdd(type, t => Build(db.Model, t));

        private static Table Build(IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
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
                var typed = ProviderValueOf(type, property, mapping.Converter);
                var storeType = mapping.StoreType;
                // COPY names the type without its facets (numeric(18,4) → numeric).
                var dataTypeName = storeType.IndexOf('(') is var open and > 0 ? storeType[..open].Trim() : storeType;
                columns.Add(new(property.GetColumnName(store)!, mapping, property.IsNullable, Boxed(typed), typed, typed.Method.ReturnType, dataTypeName));
                if (property.IsPrimaryKey()) key.Add(columns[^1]);
            }
            var quoted = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(tableName)}" : Quote(tableName);
            return new(quoted, columns, key);
        }

        /// <summary>
        /// row => the property's value as the provider stores it, typed (a nullable value stays nullable), compiled once
        /// per column: the member read and the value converter's own expression in one delegate, without boxing.
        /// </summary>
        private static Delegate ProviderValueOf(Type type, IProperty property, ValueConverter? converter)
        {
            var row = Expression.Parameter(typeof(object), "row");
            Expression value = Expression.MakeMemberAccess(Expression.Convert(row, type), property.GetMemberInfo(forMaterialization: false, forSet: false));
            if (converter is not null)
            {
                var nullable = System.Nullable.GetUnderlyingType(value.Type) is not null || !value.Type.IsValueType;
                var model = nullable && value.Type.IsValueType ? Expression.Property(value, "Value") : value;
                if (model.Type != converter.ModelClrType) model = Expression.Convert(model, converter.ModelClrType);
                var convert = converter.ConvertToProviderExpression;
                Expression provider = ReplacingExpressionVisitor.Replace(convert.Parameters[0], model, convert.Body);
                if (provider.Type != converter.ProviderClrType) provider = Expression.Convert(provider, converter.ProviderClrType);
                if (nullable)
                {
                    var result = provider.Type.IsValueType ? typeof(Nullable<>).MakeGenericType(provider.Type) : provider.Type;
                    value = Expression.Condition(Expression.Equal(value, Expression.Constant(null, value.Type)),
                        Expression.Constant(null, result), Expression.Convert(provider, result));
                }
                else value = provider;
            }
            return Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(object), value.Type), value, row).Compile();
        }

        private static Func<object, object?> Boxed(Delegate typed)
        {
            var row = Expression.Parameter(typeof(object), "row");
            return Expression.Lambda<Func<object, object?>>(
                Expression.Convert(Expression.Invoke(Expression.Constant(typed), row), typeof(object)), row).Compile();
        }

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>A reusable UTF-8 buffer for the text of one value.</summary>
    private sealed class Scratch
    {
        public byte[] Bytes = new byte[256];

        public Span<byte> Utf8(string value)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (needed > Bytes.Length) Bytes = new byte[Math.Max(needed, Bytes.Length * 2)];
            return Bytes.AsSpan(0, Encoding.UTF8.GetBytes(value, Bytes));
        }
    }

    /// <summary>
    /// Binds one column's value as Microsoft.Data.Sqlite's value binder binds it for the parameter EF's type mapping
    /// creates (its SqliteType decides Guid as text or blob, a date as text or a Julian day; its Size truncates): the
    /// same text, integer, real or blob reaches SQLite.
    /// </summary>
    private abstract class SqliteColumn
    {
        public abstract int Bind(sqlite3_stmt statement, int index, object row, Scratch scratch);

        public static SqliteColumn For(Column column)
        {
            using var command = new SqliteCommand();
            var parameter = (SqliteParameter)column.Mapping.CreateParameter(command, "p", null, column.Nullable);
            var nullable = System.Nullable.GetUnderlyingType(column.ValueType);
            var value = nullable ?? column.ValueType;
            // A date stored as a Julian day (SqliteType.Real) is not among the ones written here.
            if (!Supported.Contains(value) || (value == typeof(DateOnly) && parameter.SqliteType == SqliteType.Real))
                throw new NotSupportedException($"{column.Name}: a bulk insert does not bind {value.Name} as {parameter.SqliteType} on SQLite");
            var binder = nullable is not null ? typeof(NullableColumn<>).MakeGenericType(value) : typeof(Column<>).MakeGenericType(value);
            return (SqliteColumn)Activator.CreateInstance(binder, column.TypedValue, parameter.SqliteType, parameter.Size)!;
        }

        private static readonly HashSet<Type> Supported =
        [
            typeof(string), typeof(byte[]), typeof(Guid), typeof(bool), typeof(byte), typeof(short), typeof(int), typeof(long),
            typeof(double), typeof(float), typeof(decimal), typeof(DateOnly),
        ];

        private sealed class Column<TValue>(Func<object, TValue> value, SqliteType type, int size) : SqliteColumn
        {
            public override int Bind(sqlite3_stmt statement, int index, object row, Scratch scratch) =>
                Value(statement, index, value(row), type, size, scratch);
        }

        private sealed class NullableColumn<TValue>(Func<object, TValue?> value, SqliteType type, int size) : SqliteColumn where TValue : struct
        {
            public override int Bind(sqlite3_stmt statement, int index, object row, Scratch scratch) =>
                value(row) is { } v ? Value(statement, index, v, type, size, scratch) : raw.sqlite3_bind_null(statement, index);
        }

        private static int Value<TValue>(sqlite3_stmt statement, int index, TValue value, SqliteType type, int size, Scratch scratch)
        {
            if (value is null) return raw.sqlite3_bind_null(statement, index);
            if (typeof(TValue) == typeof(Guid))
            {
                var guid = (Guid)(object)value;
                if (type == SqliteType.Blob) return raw.sqlite3_bind_blob(statement, index, guid.ToByteArray());
                // guid.ToString().ToUpperInvariant(), without the two strings.
                Span<byte> text = stackalloc byte[36];
                guid.TryFormat(text, out _, "D");
                for (var i = 0; i < text.Length; i++) if (text[i] >= (byte)'a') text[i] -= 'a' - 'A';
                return raw.sqlite3_bind_text(statement, index, text);
            }
            if (typeof(TValue) == typeof(int)) return raw.sqlite3_bind_int64(statement, index, (int)(object)value);
            if (typeof(TValue) == typeof(long)) return raw.sqlite3_bind_int64(statement, index, (long)(object)value);
            if (typeof(TValue) == typeof(bool)) return raw.sqlite3_bind_int64(statement, index, (bool)(object)value ? 1 : 0);
            if (typeof(TValue) == typeof(short)) return raw.sqlite3_bind_int64(statement, index, (short)(object)value);
            if (typeof(TValue) == typeof(byte)) return raw.sqlite3_bind_int64(statement, index, (byte)(object)value);
            if (typeof(TValue) == typeof(double)) return Real(statement, index, (double)(object)value);
            if (typeof(TValue) == typeof(float)) return Real(statement, index, (float)(object)value);
            if (typeof(TValue) == typeof(DateOnly))
            {
                var date = (DateOnly)(object)value;
                Span<byte> text = stackalloc byte[10];
                date.TryFormat(text, out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return raw.sqlite3_bind_text(statement, index, text[..length]);
            }
            if (typeof(TValue) == typeof(decimal))
                return Text(statement, index, ((decimal)(object)value).ToString("0.0###########################", CultureInfo.InvariantCulture), size, scratch);
            if (value is string s) return Text(statement, index, s, size, scratch);
            if (value is byte[] blob) return raw.sqlite3_bind_blob(statement, index, size > 0 && blob.Length > size ? blob.AsSpan(0, size) : blob.AsSpan());
            throw new NotSupportedException(typeof(TValue).Name);
        }

        private static int Real(sqlite3_stmt statement, int index, double value) =>
            double.IsNaN(value) ? throw new InvalidOperationException("Cannot store 'NaN' values.") : raw.sqlite3_bind_double(statement, index, value);

        private static int Text(sqlite3_stmt statement, int index, string value, int size, Scratch scratch)
        {
            if (size > 0 && value.Length > size) value = value[..size];
            // Microsoft.Data.Sqlite hands SQLite a NUL-terminated copy with no length, so a text ends at its first NUL.
            if (value.IndexOf('\0') is var nul and >= 0) value = value[..nul];
            // SQLite binds an empty span as NULL (no pointer): an empty text goes the way Microsoft.Data.Sqlite sends it.
            return value.Length == 0 ? raw.sqlite3_bind_text(statement, index, value) : raw.sqlite3_bind_text(statement, index, scratch.Utf8(value));
        }
    }

    /// <summary>Writes one column's value to COPY as its own type (not as object), so Npgsql resolves its converter once per column.</summary>
    private abstract class CopyColumn
    {
        public abstract Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken ct);

        public static CopyColumn For(Column column)
        {
            var nullable = System.Nullable.GetUnderlyingType(column.ValueType);
            var writer = nullable is not null ? typeof(NullableColumn<>).MakeGenericType(nullable) : typeof(Column<>).MakeGenericType(column.ValueType);
            return (CopyColumn)Activator.CreateInstance(writer, column.TypedValue, column.DataTypeName)!;
        }

        private sealed class Column<TValue>(Func<object, TValue> value, string dataTypeName) : CopyColumn
        {
            public override Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken ct) =>
                value(row) is { } v ? importer.WriteAsync(v, dataTypeName, ct) : importer.WriteNullAsync(ct);
        }

        private sealed class NullableColumn<TValue>(Func<object, TValue?> value, string dataTypeName) : CopyColumn where TValue : struct
        {
            public override Task WriteAsync(NpgsqlBinaryImporter importer, object row, CancellationToken ct) =>
                value(row) is { } v ? importer.WriteAsync(v, dataTypeName, ct) : importer.WriteNullAsync(ct);
        }
    }
}
