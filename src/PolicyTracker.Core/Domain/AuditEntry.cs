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
        var content = string.Join('\u001f', previousHash, At.ToUnixTimeMilliseconds(), UserId, Actor, Role, UnitId, Action, EntityType, EntityId, TaskId, Before, After);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }
}
