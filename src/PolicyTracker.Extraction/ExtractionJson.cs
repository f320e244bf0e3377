using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction;

/// <summary>The contract JSON (shared/extraction/CONTRACT.md): snake_case keys, dates as YYYY-MM-DD, Chinese unescaped.</summary>
public static class ExtractionJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(ExtractionResult result) => JsonSerializer.Serialize(result, Options);
}
