using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction;

/// <summary>
/// Writes an <see cref="ExtractionResult"/> as the JSON of shared/extraction/CONTRACT.md: snake_case keys,
/// dates as YYYY-MM-DD, absent values null and absent lists [], Chinese written as is.
/// </summary>
public static class ExtractionJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(ExtractionResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("source", result.Source);
            w.WriteStartArray("documents");
            foreach (var d in result.Documents) WriteDocument(w, d);
            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var warning in result.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteDocument(Utf8JsonWriter w, ExtractedDocument d)
    {
        w.WriteStartObject();
        w.WriteString("doc_number", d.DocNumber);
        w.WriteString("notice_title", d.NoticeTitle);
        w.WriteString("plan_title", d.PlanTitle);
        w.WriteString("issuer", d.Issuer);
        WriteDate(w, "issued_on", d.IssuedOn);
        w.WriteNumber("start_line", d.StartLine);
        w.WriteNumber("end_line", d.EndLine);
        w.WriteStartArray("reporting");
        foreach (var r in d.Reporting) WriteReporting(w, r);
        w.WriteEndArray();
        w.WriteStartArray("tasks");
        foreach (var t in d.Tasks) WriteTask(w, t);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTask(Utf8JsonWriter w, ExtractedTask t)
    {
        w.WriteStartObject();
        w.WriteNumber("line", t.Line);
        w.WriteNumber("end_line", t.EndLine);
        w.WriteString("text", t.Text);
        w.WriteString("title", t.Title);
        w.WriteString("section", t.Section);
        w.WriteString("leader", t.Leader);
        WriteStrings(w, "lead_units", t.LeadUnits);
        WriteStrings(w, "co_units", t.CoUnits);
        WriteDate(w, "deadline", t.Deadline);
        w.WriteString("deadline_text", t.DeadlineText);
        w.WriteBoolean("ongoing", t.Ongoing);
        w.WriteStartArray("milestones");
        foreach (var m in t.Milestones)
        {
            w.WriteStartObject();
            WriteDate(w, "date", m.Date);
            w.WriteString("text", m.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("targets");
        foreach (var g in t.Targets)
        {
            w.WriteStartObject();
            w.WriteString("text", g.Text);
            w.WriteString("metric", g.Metric);
            w.WriteString("op", g.Op);
            w.WriteNumber("value", g.Value);
            w.WriteString("unit", g.Unit);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("reporting");
        foreach (var r in t.Reporting) WriteReporting(w, r);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteReporting(Utf8JsonWriter w, ReportingRule r)
    {
        w.WriteStartObject();
        w.WriteString("text", r.Text);
        w.WriteString("frequency", r.Frequency.ToString().ToLowerInvariant());
        if (r.DueDay is { } day) w.WriteNumber("due_day", day); else w.WriteNull("due_day");
        w.WriteStartArray("months");
        foreach (var m in r.Months) w.WriteNumberValue(m);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateOnly? date)
    {
        if (date is { } d) w.WriteString(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }
}
