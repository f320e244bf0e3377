using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace PolicyTracker.Web.Infrastructure;

/// <summary>
/// Reads the one file of a multipart upload straight into memory with a byte budget: an oversize upload is refused
/// with 413 as soon as it is known to be too large (from Content-Length, or while streaming), and no temporary file
/// is ever written, so a refused or failed upload leaves nothing behind.
/// </summary>
public static class UploadReader
{
    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    public sealed record Upload(string FileName, byte[] Content);

    public static async Task<Upload> ReadSingleFileAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes + EnvelopeBytes) throw TooLarge(maxBytes);
        // Kestrel then stops a body that outgrows its length or streams on without one.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + EnvelopeBytes;
        var boundary = request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value : null;
        if (!request.HasFormContentType || string.IsNullOrEmpty(boundary))
            throw new BadHttpRequestException("请以 multipart/form-data 上传文件（字段名 file）");

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            for (int read; (read = await section.Body.ReadAsync(chunk, ct)) > 0;)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
            return new(name, buffer.ToArray());
        }
        throw new BadHttpRequestException("请求中没有文件（字段名 file）");
    }

    private static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"文件不能超过 {maxBytes / 1024 / 1024} MB", StatusCodes.Status413PayloadTooLarge);
}
