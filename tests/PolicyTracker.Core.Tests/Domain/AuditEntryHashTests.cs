using System.Security.Cryptography;
using System.Text;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Tests.Domain;

/// <summary>
/// The chain hash is stored: however it is computed, it must stay the SHA-256 of the fields joined by U+001F, or every
/// entry written before would stop verifying.
/// </summary>
public sealed class AuditEntryHashTests
{
    public static TheoryData<string, string?, string?, string?> Entries => new()
    {
        { "", null, null, null },
        { "0123ABCD", "督查室", "{\"Text\":\"新开工重点项目20个，\\\"四新\\\"项目\\t优先。\"}", "{\"Percent\":10}" },
        { new string('F', 64), "", "", "" },
        { "x", "Ωmega 😀 \u0000 end", new string('长', 5_000), "\ud83d" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_hash_is_the_sha256_of_its_fields_joined_by_the_unit_separator(string previous, string? role, string? before, string? after)
    {
        var user = Guid.NewGuid();
        var task = role is null ? (Guid?)null : Guid.NewGuid();
        var at = new DateTimeOffset(2026, 11, 27, 8, 9, 10, 123, TimeSpan.Zero);
        var entry = new AuditEntry(at, role is null ? null : user, "张三", role, task, "填报进展", "PlanTask", task?.ToString() ?? "", task, before, after);

        entry.Chain(previous);

        var joined = string.Join('\u001f', previous, at.ToUnixTimeMilliseconds(), role is null ? null : user, "张三", role, task, "填报进展",
            "PlanTask", task?.ToString() ?? "", task, before, after);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(joined))), entry.Hash);
        Assert.True(entry.IsIntact(previous));
    }
}
