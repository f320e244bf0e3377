using System.IO.Compression;
using System.Security.Cryptography;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Tasks;

/// <summary>An uploaded evidence file as the host received it.</summary>
public sealed record EvidenceUpload(string FileName, byte[] Content);

/// <summary>
/// 佐证材料 on disk: under <see cref="TrackingOptions.EvidenceFolder"/> (outside the web root) with generated names, so
/// an upload can neither overwrite another nor be fetched without the access-checked download. The type is decided
/// by the file's first bytes, not its name, so a renamed executable is refused.
/// </summary>
public sealed class EvidenceStore(TrackingOptions options)
{
    private string Folder => Path.GetFullPath(options.EvidenceFolder);

    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The sniffed content type, or a Chinese reason why the file is refused.</summary>
    public (string? ContentType, string? Error) Check(EvidenceUpload upload)
    {
        if (upload.Content.Length == 0) return (null, $"文件 {upload.FileName} 为空");
        if (upload.Content.LongLength > options.EvidenceMaxBytes)
            return (null, $"文件 {upload.FileName} 超过 {options.EvidenceMaxBytes / 1024 / 1024} MB");
        var type = Sniff(upload.Content);
        if (type is null || !options.EvidenceAllowedTypes.Contains(type))
            return (null, $"文件 {upload.FileName} 的类型不受支持（只接受 PDF、JPG、PNG、Word、Excel）");
        return (type, null);
    }

    public static string? Sniff(byte[] c)
    {
        if (c.AsSpan().StartsWith("%PDF-"u8)) return "application/pdf";
        if (c.Length > 3 && c[0] == 0xFF && c[1] == 0xD8 && c[2] == 0xFF) return "image/jpeg";
        if (c.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        if (!c.AsSpan().StartsWith("PK\u0003\u0004"u8)) return null;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(c), ZipArchiveMode.Read);
            if (zip.GetEntry("word/document.xml") is not null) return Docx;
            if (zip.GetEntry("xl/workbook.xml") is not null) return Xlsx;
        }
        catch (InvalidDataException)
        {
        }
        return null;
    }

    /// <summary>Writes the file and attaches it to the update; returns the path so a failed save can remove it.</summary>
    public async Task<string> SaveAsync(ProgressUpdate update, EvidenceUpload upload, string contentType, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var stored = $"{Guid.NewGuid():N}{Extension(contentType)}";
        var path = Path.Combine(Folder, stored);
        await File.WriteAllBytesAsync(path, upload.Content, ct);
        update.AttachEvidence(Path.GetFileName(upload.FileName), contentType, upload.Content.LongLength, stored,
            Convert.ToHexString(SHA256.HashData(upload.Content)));
        return path;
    }

    public Stream Open(EvidenceFile file)
    {
        var path = Path.Combine(Folder, file.StoredName);
        if (!File.Exists(path)) throw new NotFoundException("佐证材料文件", file.Id);
        return File.OpenRead(path);
    }

    private static string Extension(string type) => type switch
    {
        "application/pdf" => ".pdf",
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        Docx => ".docx",
        Xlsx => ".xlsx",
        _ => ".bin",
    };

    /// <summary>Checks every upload, throwing a 400 listing all refused files before anything is written.</summary>
    public IReadOnlyList<string> CheckAll(IReadOnlyList<EvidenceUpload> uploads)
    {
        var types = new List<string>();
        var errors = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var upload in uploads)
        {
            var (type, error) = Check(upload);
            if (error is not null) errors.Add(new("files", error));
            else types.Add(type!);
        }
        if (errors.Count > 0) throw new FluentValidation.ValidationException(errors);
        return types;
    }

    /// <summary>Writes the files, runs <paramref name="save"/>, and removes the files again if the save fails.</summary>
    public async Task SaveWithAsync(ProgressUpdate update, IReadOnlyList<EvidenceUpload> uploads, IReadOnlyList<string> types,
        Func<Task> save, CancellationToken ct)
    {
        var written = new List<string>();
        try
        {
            for (var i = 0; i < uploads.Count; i++) written.Add(await SaveAsync(update, uploads[i], types[i], ct));
            await save();
        }
        catch
        {
            foreach (var path in written) File.Delete(path);
            throw;
        }
    }
}
