using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PolicyTracker.Core.Domain;

/// <summary>
/// 留痕: one change, who made it, when, and what it was. Append-only; each entry carries the hash of its
/// predecessor so a removed or edited row breaks the chain (checked by `policytracker audit-verify`).
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(DateTimeOffset at, Guid? userId, string actor, string? role, Guid? unitId, string action,
        string entityType, string entityId, Guid? taskId, string? before, string? after)
    {
        At = at;
        UserId = userId;
        Actor = actor;
        Role = role;
        UnitId = unitId;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        TaskId = taskId;
        Before = before;
        After = after;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid? UserId { get; private set; }
    public string Actor { get; private set; } = "";
    public string? Role { get; private set; }
    public Guid? UnitId { get; private set; }
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public Guid? TaskId { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    internal void Chain(string previousHash)
    {
        PreviousHash = previousHash;
        Hash = ComputeHash(previousHash);
    }

    public bool IsIntact(string previousHash) => PreviousHash == previousHash && Hash == ComputeHash(previousHash);

    private string ComputeHash(string previousHash)
    {
        // Milliseconds: the stored instant keeps that much on every engine (SQLite's packed integer, PostgreSQL's
        // microseconds), so the hash of a row read back equals the hash it was written with.
        // The UTF-8 of string.Join('\u001f', previousHash, At.ToUnixTimeMilliseconds(), UserId, Actor, Role, UnitId, Action,
        // EntityType, EntityId, TaskId, Before, After), written into rented buffers rather than a joined string and its
        // byte copy: a publish hashes an entry per task.
        var length = previousHash.Length + 64 + 3 * 36 + Actor.Length + (Role?.Length ?? 0) + Action.Length + EntityType.Length
            + EntityId.Length + (Before?.Length ?? 0) + (After?.Length ?? 0) + 11;
        var chars = ArrayPool<char>.Shared.Rent(length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length));
        try
        {
            var written = 0;
            void Text(string? value, bool last = false)
            {
                value.AsSpan().CopyTo(chars.AsSpan(written));
                written += value?.Length ?? 0;
                if (!last) chars[written++] = '\u001f';
            }
            void Id(Guid? value)
            {
                if (value is { } id) { id.TryFormat(chars.AsSpan(written), out var n); written += n; }
                chars[written++] = '\u001f';
            }
            Text(previousHash);
            At.ToUnixTimeMilliseconds().TryFormat(chars.AsSpan(written), out var digits, default, CultureInfo.CurrentCulture);
            written += digits;
            chars[written++] = '\u001f';
            Id(UserId);
            Text(Actor);
            Text(Role);
            Id(UnitId);
            Text(Action);
            Text(EntityType);
            Text(EntityId);
            Id(TaskId);
            Text(Before);
            Text(After, last: true);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, Encoding.UTF8.GetBytes(chars.AsSpan(0, written), bytes)), hash);
            return Convert.ToHexString(hash);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
