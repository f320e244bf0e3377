using System.Text;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Tests;

internal static class TestInput
{
    /// <summary>A tiny gazette: heading, doc number, addressee, signature, then the plan's own lines.</summary>
    public static string Gazette(params string[] planLines) => string.Join("\n",
    [
        "某县人民政府办公室 关于印发某县示范行动方案的通知",
        "",
        "某政办发〔2024〕7号",
        "",
        "各乡（镇）人民政府，县直各有关单位：",
        "《某县示范行动方案》已经县人民政府同意，现印发给你们。",
        "某县人民政府办公室",
        "2024年4月10日",
        "（此件公开发布）",
        "某县示范行动方案",
        .. planLines,
    ]);

    public static ExtractionResult Extract(string text) => Extractor.Extract(Encoding.UTF8.GetBytes(text), "t.txt");

    public static IReadOnlyList<ExtractedTask> Tasks(string text) => Extract(text).Documents.SelectMany(d => d.Tasks).ToList();
}
