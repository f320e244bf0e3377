using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PolicyTracker.Extraction.Model;
using PolicyTracker.Extraction.Structure;

namespace PolicyTracker.Extraction.Tests;

/// <summary>
/// A hand-written plan under Fixtures/ with what a careful reader expects of it, written in a .expected file:
/// <c>doc START | 文号 | 日期</c> per document and <c>LINE | lead、… | co、… | YYYY-MM-DD or - | op value unit; … | leader</c>
/// per task. Units are compared the way the shared scorer does: width folded, whitespace, aliases in
/// parentheses and trailing role words removed.
/// </summary>
public sealed record FixtureCase(string Name, string Text, IReadOnlyList<ExpectedDocument> Documents, IReadOnlyList<ExpectedTask> Tasks)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.txt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static FixtureCase Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Directory, name + ".txt"));
        var docs = new List<ExpectedDocument>();
        var tasks = new List<ExpectedTask>();
        foreach (var raw in File.ReadAllLines(Path.Combine(Directory, name + ".expected")))
        {
            if (raw.Trim().Length == 0 || raw.StartsWith('#')) continue;
            var cells = raw.Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0].StartsWith("doc", StringComparison.Ordinal))
            {
                docs.Add(new ExpectedDocument(int.Parse(cells[0][3..], CultureInfo.InvariantCulture), Optional(cells[1]),
                    Optional(cells[2]) is { } d ? DateOnly.Parse(d, CultureInfo.InvariantCulture) : null));
                continue;
            }
            tasks.Add(new ExpectedTask(
                int.Parse(cells[0], CultureInfo.InvariantCulture),
                Units(cells[1].Split('、', StringSplitOptions.RemoveEmptyEntries)),
                Units(cells[2].Split('、', StringSplitOptions.RemoveEmptyEntries)),
                Optional(cells[3]) is { } deadline ? DateOnly.Parse(deadline, CultureInfo.InvariantCulture) : null,
                Targets(cells.Length > 4 ? cells[4] : ""),
                cells.Length > 5 ? Optional(cells[5]) : null));
        }
        return new FixtureCase(name, text, docs, tasks);
    }

    private static string? Optional(string cell) => cell is "" or "-" ? null : cell;

    public static IReadOnlyList<string> Units(IEnumerable<string> names) => names.Select(NormalizeUnit).Where(u => u.Length > 0).Order(StringComparer.Ordinal).ToList();

    private static readonly Regex Alias = new(@"\([^()]*\)", RegexOptions.CultureInvariant);
    private static readonly Regex RoleSuffix = new("(按照职责分工负责|按职责分工负责|分别负责|负责|牵头|配合)$", RegexOptions.CultureInvariant);

    public static string NormalizeUnit(string name)
    {
        var s = new string(LineCleaner.Fold(name).Where(c => !char.IsWhiteSpace(c)).ToArray());
        return RoleSuffix.Replace(Alias.Replace(s, ""), "");
    }

    private static IReadOnlyList<string> Targets(string cell) =>
        cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => TargetKey(p[0], decimal.Parse(p[1], CultureInfo.InvariantCulture), p[2]))
            .Order(StringComparer.Ordinal).ToList();

    public static string TargetKey(string op, decimal value, string? unit) =>
        $"{op} {value.ToString("0.######", CultureInfo.InvariantCulture)} {LineCleaner.Fold(unit ?? "").Replace('％', '%')}";

    /// <summary>The fields of an extracted task in the same shape as an expected one (lines aside).</summary>
    public static string Describe(ExtractedTask t) => Describe(Units(t.LeadUnits), Units(t.CoUnits), t.Deadline,
        t.Targets.Select(x => TargetKey(x.Op, x.Value, x.Unit)).Order(StringComparer.Ordinal).ToList(), t.Leader);

    public static string Describe(ExpectedTask t) => Describe(t.Lead, t.Co, t.Deadline, t.Targets, t.Leader);

    private static string Describe(IReadOnlyList<string> lead, IReadOnlyList<string> co, DateOnly? deadline, IReadOnlyList<string> targets, string? leader) =>
        $"lead [{string.Join("、", lead)}] co [{string.Join("、", co)}] deadline {deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"} targets [{string.Join("; ", targets)}]"
        + (leader != null ? $" leader {leader}" : "");

    public ExtractionResult Extract() => Extract(Text);

    public ExtractionResult Extract(string text) => Extractor.Extract(Encoding.UTF8.GetBytes(text), Name + ".txt");

    public static IReadOnlyList<ExtractedTask> TasksOf(ExtractionResult result) => result.Documents.SelectMany(d => d.Tasks).ToList();
}

/// <summary>
/// The fixture suites read whole plans many times over; they run on their own, after the parallel tests, so that the
/// timing assertions of the robustness tests never compete with them for the machine's cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FixtureCollection
{
    public const string Name = "Fixtures";
}

public sealed record ExpectedDocument(int StartLine, string? DocNumber, DateOnly? IssuedOn);

public sealed record ExpectedTask(int Line, IReadOnlyList<string> Lead, IReadOnlyList<string> Co, DateOnly? Deadline, IReadOnlyList<string> Targets, string? Leader);
