namespace PolicyTracker.Extraction.Fields;

/// <summary>
/// A heading that assigns the items under it: "一、高跃龙县长负责的工作" (leader), "(三)县发改局(县粮食局)牵头负责的工作"
/// (lead unit), "(一)县政府办公室协调，全县政府系统各单位负责落实的工作" (coordinator leads, the group cooperates),
/// or a heading that is just a unit's name in a 职责分工 list ("十三、县住建局").
/// </summary>
public sealed record DutyHeading(string? Leader, Responsibility Units);

public static class DutyHeadingParser
{
    /// <summary>Endings that make a heading a duty assignment.</summary>
    private static readonly string[] DutyEndings = ["负责落实的工作", "牵头负责的工作", "牵头落实的工作", "负责的工作", "牵头的工作"];

    /// <summary>Titles of leaders; the name is the 2–4 characters before the title.</summary>
    private static readonly string[] LeaderTitles = ["常务副县长", "副县长", "县长", "常务副市长", "副市长", "市长", "副区长", "区长", "副镇长", "镇长", "副乡长", "乡长"];

    /// <summary>Words that make a unit-name heading a leading group's duties, which are not tasks.</summary>
    private static readonly string[] LeadingGroupWords = ["领导组", "领导小组", "指挥部", "委员会办公室"];

    private const string Coordinates = "协调";
    private const int MaxUnitHeadingLength = 24;

    /// <summary>Nouns a duty heading may end in after 的 ("负责的重点工作", "牵头的重点任务", "负责的工作事项").</summary>
    private static readonly string[] WorkNouns = ["重点工作", "重点任务", "工作任务", "工作事项", "重点事项", "任务", "事项"];

    /// <summary>The heading with its work noun written the usual way ("…负责的重点任务" → "…负责的工作").</summary>
    private static string UsualWorkEnding(string h)
    {
        foreach (var noun in WorkNouns)
        {
            var ending = "的" + noun;
            if (h.EndsWith(ending, StringComparison.Ordinal)) return h[..^ending.Length] + "的工作";
        }
        return h;
    }

    public static DutyHeading? Parse(string heading)
    {
        var h = UsualWorkEnding(heading.TrimEnd('。', ':', ' '));
        foreach (var ending in DutyEndings)
        {
            if (!h.EndsWith(ending, StringComparison.Ordinal)) continue;
            var subject = h[..^ending.Length];
            foreach (var title in LeaderTitles)
            {
                // "高跃龙县长负责的工作", "县长高跃龙负责的工作", "县委常委、常务副县长赵刚负责的工作": the title ends
                // whatever posts come before it, and the name stands right before or right after it
                var name = subject.EndsWith(title, StringComparison.Ordinal) ? LastName(subject[..^title.Length])
                    : subject.IndexOf(title, StringComparison.Ordinal) is var at and >= 0 ? subject[(at + title.Length)..] : null;
                if (name == null) continue;
                return name.Length is >= 2 and <= 4 && name.All(DocumentSplitterCjk) ? new DutyHeading(name, Responsibility.None) : null;
            }
            var coordinate = subject.IndexOf(Coordinates, StringComparison.Ordinal);
            if (coordinate > 0)
            {
                var lead = ResponsibilityParser.SplitUnits(subject[..coordinate]);
                var co = ResponsibilityParser.SplitUnits(subject[(coordinate + Coordinates.Length)..].TrimStart(',', '，'));
                return new DutyHeading(null, new Responsibility(lead, co));
            }
            var units = ResponsibilityParser.SplitUnits(subject);
            if (units.Count == 0 || !UnitNames.LooksLikeUnit(units[0])) return null;
            return new DutyHeading(null, new Responsibility(units.Take(1).ToList(), units.Skip(1).ToList()));
        }
        return RoleClauses(h) ?? UnitHeading(h);
    }

    /// <summary>The name after any posts listed before it ("县委常委、王五" → 王五).</summary>
    private static string LastName(string s) => s[(s.LastIndexOfAny(PostSeparators) + 1)..];

    private static readonly char[] PostSeparators = ['、', ',', '，', ' '];

    /// <summary>Endings of a heading whose subject is a list of units with their roles.</summary>
    private static readonly string[] WorkEndings = ["的工作"];

    /// <summary>Role words one of which the subject must carry to be read as clauses.</summary>
    private static readonly string[] RoleWords = ["牵头", "负责", "配合"];

    /// <summary>"(一)县行政审批局牵头，县直有关部门配合的工作": the subject read like a unit parenthesis.</summary>
    private static DutyHeading? RoleClauses(string h)
    {
        var ending = WorkEndings.FirstOrDefault(e => h.EndsWith(e, StringComparison.Ordinal));
        if (ending == null) return null;
        var subject = h[..^ending.Length];
        if (!RoleWords.Any(w => subject.Contains(w, StringComparison.Ordinal))) return null;
        return ResponsibilityParser.FromUnitList(subject) is { Lead.Count: > 0 } units && UnitNames.IsOrganName(units.Lead[0])
            ? new DutyHeading(null, units)
            : null;
    }

    /// <summary>A heading that is nothing but a unit's name ("十三、县住建局", "(一)各乡(镇)人民政府").</summary>
    public static DutyHeading? UnitHeading(string heading)
    {
        if (heading.Length is < 3 or > MaxUnitHeadingLength || !UnitNames.MayEndUnit(heading[^1])) return null;
        if (heading.IndexOfAny([',', '，', '。', ';', ':', '、']) >= 0) return null;
        if (LeadingGroupWords.Any(w => heading.Contains(w, StringComparison.Ordinal))) return null;
        if (!UnitNames.LooksLikeUnit(heading)) return null;
        var unit = UnitNames.Normalize(heading);
        // the whole heading must be the name (an alias in parentheses aside), not a sentence that starts with one
        if (!heading.StartsWith(unit, StringComparison.Ordinal) || (heading.Length > unit.Length && heading[unit.Length] != '(')) return null;
        // "办公室职责", "工作机制": a unit must start like an organ, not like a topic
        return unit.Length >= 3 && StartsLikeOrgan(unit) ? new DutyHeading(null, new Responsibility([unit], [])) : null;
    }

    /// <summary>Headings of a duty list ("办公室职责", "成员单位职责", "职责分工", "任务分工").</summary>
    private static readonly string[] DutyListWords = ["职责", "分工"];

    /// <summary>Words after which the subject of a duty sentence ends ("县三普办在领导小组领导下…", "县卫健局：负责…").</summary>
    private static readonly string[] SubjectEnds = [":", "在", "负责", "承担", "是", "要", ","];

    private const int MaxSubjectLength = 20;

    /// <summary>Verbs that make such a heading an exhortation ("(三)明确任务分工" under 保障措施), not a list of duties.</summary>
    private static readonly string[] ExhortationVerbs = ["明确", "压实", "落实", "细化", "强化", "加强", "夯实"];

    public static bool IsDutyList(string heading) =>
        DutyListWords.Any(w => heading.Contains(w, StringComparison.Ordinal)) && !LeadingGroupWords.Any(w => heading.Contains(w, StringComparison.Ordinal))
        && !ExhortationVerbs.Any(v => heading.StartsWith(v, StringComparison.Ordinal));

    /// <summary>
    /// "一、办公室职责" whose first paragraph names the office ("县三普办在领导小组领导下开展工作…"): the items
    /// listed under it are that unit's duties.
    /// </summary>
    public static DutyHeading? DutyListSubject(string heading, string? introduction)
    {
        if (!heading.EndsWith("职责", StringComparison.Ordinal) || !IsDutyList(heading)) return null;
        if (UnitHeading(heading[..^2]) is { } named) return named;
        return introduction is null ? null : Subject(introduction);
    }

    /// <summary>The unit a duty sentence starts with ("县卫健局:负责…" → 县卫健局), or null.</summary>
    public static DutyHeading? Subject(string sentence)
    {
        var end = -1;
        foreach (var word in SubjectEnds)
        {
            var at = sentence.IndexOf(word, StringComparison.Ordinal);
            if (at > 0 && (end < 0 || at < end)) end = at;
        }
        if (end is < 2 or > MaxSubjectLength) return null;
        var subject = sentence[..end];
        if (!UnitNames.LooksLikeUnit(subject) || LeadingGroupWords.Any(w => subject.Contains(w, StringComparison.Ordinal))) return null;
        var unit = UnitNames.Normalize(subject);
        return StartsLikeOrgan(unit) ? new DutyHeading(null, new Responsibility([unit], [])) : null;
    }

    private static bool DocumentSplitterCjk(char c) => Structure.DocumentSplitter.IsCjk(c);

    private static readonly string[] OrganStarts = ["县", "市", "省", "区", "各", "乡", "镇", "团"];

    private static bool StartsLikeOrgan(string unit) =>
        OrganStarts.Any(s => unit.StartsWith(s, StringComparison.Ordinal)) || unit.Contains("人民政府", StringComparison.Ordinal);
}
