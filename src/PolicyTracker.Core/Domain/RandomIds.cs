using System.Security.Cryptography;

namespace PolicyTracker.Core.Domain;

/// <summary>
/// Random (version 4) Guids, the same as <see cref="Guid.NewGuid"/> makes, cut from a per-thread buffer that the system's
/// secure generator fills 256 at a time: on Linux each Guid.NewGuid is a system call of its own (several µs in a
/// container), and publishing a plan makes three per task.
/// </summary>
internal static class RandomIds
{
    [ThreadStatic] private static byte[]? _buffer;
    [ThreadStatic] private static int _next;

    public static Guid New()
    {
        var buffer = _buffer ??= new byte[4096];
        if (_next == 0) RandomNumberGenerator.Fill(buffer);
        var bytes = buffer.AsSpan(_next, 16);
        _next = (_next + 16) % buffer.Length;
        // The version nibble (4) and the RFC 4122 variant bits (10), where Guid.NewGuid sets them.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var id = new Guid(bytes);
        // Each id's bytes are used once.
        bytes.Clear();
        return id;
    }
}
