using System.Text;

namespace PolicyTracker.Extraction.Fields;

/// <summary>Who carries a task: 牵头单位 (lead) and 配合/参与/协同单位 (co).</summary>
public sealed record Responsibility(IReadOnlyList<string> Lead, IReadOnlyList<string> Co)
{
    public static readonly Responsibility None = new([], []);
    public bool IsEmpty => Lead.Count == 0 && Co.Count == 0;
}

/// <summary>What a responsibility label says about the units listed after it.</summary>
public enum MarkerRole
{
    /// <summary>牵头单位: all listed units lead.</summary>
    Lead,
    /// <summary>配合/参与/协同单位: all listed units cooperate.</summary>
    Co,
    /// <summary>责任单位: the first listed unit leads, the rest cooperate (or all cooperate beside a 牵头 label).</summary>
    Responsible,
    /// <summary>A label that lists no units (牵头领导, 完成时限 …) but ends the list before it.</summary>
    Stop,
}

/// <summary>
/// Reads responsibility markers out of a task's text: labelled lists ("牵头单位：县工信科局", "（责任单位：…）"),
/// a trailing parenthesis of units ("（县财政局、县国资办负责）"), and duty headings ("县财政局牵头负责的工作").
/// </summary>
public static class ResponsibilityParser
{
    /// <summary>Labels that introduce a list of units; a label counts only when a colon follows it.</summary>
    public static readonly (string Label, MarkerRole Role)[] Labels =
    [
        ("牵头单位", MarkerRole.Lead), ("牵头部门", MarkerRole.Lead), ("主责单位", MarkerRole.Lead), ("主责部门", MarkerRole.Lead),
        ("配合单位", MarkerRole.Co), ("配合部门", MarkerRole.Co), ("参与单位", MarkerRole.Co), ("参与部门", MarkerRole.Co),
        ("协同单位", MarkerRole.Co), ("协同部门", MarkerRole.Co), ("协办单位", MarkerRole.Co), ("协助单位", MarkerRole.Co),
        ("责任单位", MarkerRole.Responsible), ("责任部门", MarkerRole.Responsible), ("负责单位", MarkerRole.Responsible),
        ("责任主体", MarkerRole.Responsible),
        ("牵头领导", MarkerRole.Stop), ("责任领导", MarkerRole.Stop), ("分管领导", MarkerRole.Stop), ("包联领导", MarkerRole.Stop),
        ("责任人", MarkerRole.Stop), ("联系人", MarkerRole.Stop), ("完成时限", MarkerRole.Stop), ("完成时间", MarkerRole.Stop),
        ("时间节点", MarkerRole.Stop), ("时限", MarkerRole.Stop), ("目标", MarkerRole.Stop),
    ];

    /// <summary>Clause endings inside a unit parenthesis that give the clause's role ("县民政局牵头，县财政局配合").</summary>
    private static readonly (string Word, MarkerRole Role)[] ClauseRoles =
    [
        ("按照职责分工负责", MarkerRole.Responsible), ("按职责分工负责", MarkerRole.Responsible), ("分别负责", MarkerRole.Responsible),
        ("牵头负责", MarkerRole.Lead), ("牵头", MarkerRole.Lead), ("负责", MarkerRole.Responsible),
        ("配合", MarkerRole.Co), ("参与", MarkerRole.Co), ("协助", MarkerRole.Co), ("协同", MarkerRole.Co),
    ];

    private const string ListSeparators = "、,，;；";

    /// <summary>牵头 written beside one unit of a list ("县商务局（牵头）") makes that unit the lead.</summary>
    private const string LeadWord = "牵头";

    /// <summary>
    /// A label's value written without a colon runs into the next label ("县商务局、县农业农村局完成时限2025年12月");
    /// no unit name contains a label word, so the value ends at the first one.
    /// </summary>
    private static string CutAtLabelWord(string value)
    {
        var cut = value.Length;
        foreach (var (label, _) in Labels)
        {
            if (label.Length < MinCuttingLabel) continue;
            var at = value.IndexOf(label, StringComparison.Ordinal);
            if (at > 0 && at < cut) cut = at;
        }
        return value[..cut];
    }

    private const int MinCuttingLabel = 3;
    private const int MaxParenthesisLength = 400;

    /// <summary>Whether the text carries a labelled marker anywhere (used to decide that an item is a task).</summary>
    public static bool HasLabel(string text) => FindLabels(text).Any(l => l.Role != MarkerRole.Stop);

    /// <summary>Responsibility stated by the text itself (labels, else a trailing parenthesis), or None.</summary>
    public static Responsibility Parse(string text)
    {
        var labelled = FromLabels(text);
        if (!labelled.IsEmpty) return labelled;
        return TrailingParenthesis(text) ?? Responsibility.None;
    }

    /// <summary>A labelled-list reading: every "label:" with the units after it, up to the next label or bracket.</summary>
    public static Responsibility FromLabels(string text)
    {
        var found = FindLabels(text);
        if (found.Count == 0) return Responsibility.None;
        var lead = new List<string>();
        var co = new List<string>();
        var responsible = new List<string>();
        for (var k = 0; k < found.Count; k++)
        {
            var (_, valueStart, role) = found[k];
            var end = k + 1 < found.Count ? found[k + 1].LabelStart : text.Length;
            if (role == MarkerRole.Stop) continue;
            var value = CutAtLabelWord(ValueUntilClose(text, valueStart, end));
            // "责任单位：县财政局、县商务局（牵头）": an item marked 牵头 leads whatever its place in the list
            var items = SplitTopLevel(Conjunctions(value), ListSeparators);
            if (role != MarkerRole.Lead && items.Any(i => i.Contains(LeadWord, StringComparison.Ordinal)))
            {
                foreach (var item in items)
                    if (UnitNames.Normalize(item) is { Length: > 0 } unit)
                        (item.Contains(LeadWord, StringComparison.Ordinal) ? lead : role == MarkerRole.Co ? co : responsible).Add(unit);
                continue;
            }
            var units = SplitUnits(value);
            (role switch { MarkerRole.Lead => lead, MarkerRole.Co => co, _ => responsible }).AddRange(units);
        }
        if (lead.Count > 0) return Build(lead, [.. responsible, .. co]);
        if (responsible.Count > 0) return Build(responsible.Take(1), [.. responsible.Skip(1), .. co]);
        return Build([], co);
    }

    /// <summary>
    /// The last parenthesis of the text when it lists units, optionally ending in 负责/牵头/按职责分工负责:
    /// first unit leads, the rest cooperate; clauses ending in 牵头/配合 say it explicitly.
    /// </summary>
    public static Responsibility? TrailingParenthesis(string text)
    {
        // square brackets serve as parentheses when the units themselves contain some: "[开发区管委会(含园区)负责]"
        var t = text.TrimEnd(' ', '。', '；', ';', '，', ',', '.', '、', '\t');
        if (t.EndsWith(']') || t.EndsWith('】')) t = t.Replace('[', '(').Replace(']', ')').Replace('【', '(').Replace('】', ')');
        if (t.Length < 3 || t[^1] != ')') return null;
        var depth = 0;
        var open = -1;
        for (var i = t.Length - 1; i >= 0 && t.Length - i <= MaxParenthesisLength; i--)
        {
            if (t[i] == ')') depth++;
            else if (t[i] == '(' && --depth == 0) { open = i; break; }
        }
        if (open < 0) return null;
        return FromUnitList(t[(open + 1)..^1]);
    }

    /// <summary>A bare list of units ("县发改局、县财政局按职责分工负责"); null when it is not one.</summary>
    public static Responsibility? FromUnitList(string content)
    {
        // "（省民政厅牵头…负责落实。以下均需…落实，不再列出）": sentences after the first are a note on the list
        var stop = content.IndexOf('。');
        if (stop >= 0) content = content[..stop];
        if (content.Length == 0 || NotUnitParentheses.Any(w => content.Contains(w, StringComparison.Ordinal))
            || NotUnitOpenings.Any(w => content.StartsWith(w, StringComparison.Ordinal)))
            return null;
        var clauses = SplitTopLevel(content, ",，;；");
        var lead = new List<string>();
        var co = new List<string>();
        var responsible = new List<string>();
        int unitLike = 0, items = 0;
        var roleWritten = false;
        foreach (var clause in clauses)
        {
            var role = MarkerRole.Responsible;
            var body = clause;
            foreach (var (word, r) in ClauseRoles)
            {
                if (!body.EndsWith(word, StringComparison.Ordinal)) continue;
                role = r;
                body = body[..^word.Length];
                roleWritten = true;
                break;
            }
            foreach (var raw in SplitTopLevel(Conjunctions(body), "、"))
            {
                items++;
                var unit = UnitNames.Normalize(raw);
                if (unit.Length == 0) continue;
                if (!UnitNames.LooksLikeUnit(unit) && !raw.Contains('等')) continue;
                unitLike++;
                // "县生态环境局牵头、县发改局、县财政局配合": the item's own 牵头 overrides its clause's role
                var itemRole = raw.Contains("牵头", StringComparison.Ordinal) ? MarkerRole.Lead : role;
                (itemRole switch { MarkerRole.Lead => lead, MarkerRole.Co => co, _ => responsible }).Add(unit);
            }
        }
        // a parenthesis of ordinary words (an example list, a date, an alias) is not a responsibility marker
        if (unitLike == 0 || unitLike * 2 < items) return null;
        // without 负责/牵头, a list of names is a marker only when one of them is unmistakably an organ:
        // "…各行政村(社区)", "重点场所(商场、超市、农贸市场)" name places
        if (!roleWritten && !responsible.Concat(lead).Concat(co).Any(UnitNames.IsOrganName)) return null;
        if (lead.Count > 0) return Build(lead, [.. responsible, .. co]);
        if (responsible.Count > 0) return Build(responsible.Take(1), [.. responsible.Skip(1), .. co]);
        return Build([], co);
    }

    /// <summary>Words that make a parenthesis an explanation rather than a list of units.</summary>
    private static readonly string[] NotUnitParentheses = ["简称", "详见", "见附件", "下同"];

    /// <summary>Openings of explanatory parentheses ("(含化工园区)", "(包括各乡镇)", "(如…)").</summary>
    private static readonly string[] NotUnitOpenings = ["含", "包括", "包含", "如", "即", "指", "见", "其中", "不含"];

    /// <summary>Joining words between two units ("县林业局会同有关部门", "…等部门和各乡镇人民政府") read as 、.</summary>
    private static readonly (string Words, string Replacement)[] UnitConjunctions =
    [
        ("会同", "、"), ("等部门和", "等部门、"), ("等单位和", "等单位、"), ("部门及", "部门、"), ("单位及", "单位、"),
    ];

    private static string Conjunctions(string value)
    {
        foreach (var (words, replacement) in UnitConjunctions)
            value = value.Replace(words, replacement, StringComparison.Ordinal);
        return value;
    }

    /// <summary>Splits a unit list on 、，,；; (not inside parentheses) and normalises each name.</summary>
    public static List<string> SplitUnits(string value)
    {
        var units = new List<string>();
        foreach (var raw in SplitTopLevel(Conjunctions(value), ListSeparators))
        {
            var unit = UnitNames.Normalize(raw);
            if (unit.Length > 0) units.Add(unit);
        }
        // a list cut off by the page or the converter ends in a fragment ("…、县市场监管局、县残")
        if (units.Count > 1 && units[^1].Length <= MaxFragmentLength && !UnitNames.LooksLikeUnit(units[^1])) units.RemoveAt(units.Count - 1);
        return units;
    }

    private const int MaxFragmentLength = 3;

    private static Responsibility Build(IEnumerable<string> lead, IEnumerable<string> co)
    {
        // a co-unit list is kept as printed, even when it repeats the lead unit
        return new(lead.Distinct().ToList(), co.Distinct().ToList());
    }

    /// <summary>
    /// Labels are found from their colons: the words just before each colon are compared with the table, so the
    /// scan costs one pass over the text whatever the number of labels. A label that opens a parenthesis or
    /// follows a separator inside one needs no colon ("(牵头单位 县发改局；配合单位 县财政局)").
    /// </summary>
    private static List<(int LabelStart, int ValueStart, MarkerRole Role)> FindLabels(string text)
    {
        var result = new List<(int, int, MarkerRole)>();
        for (var i = text.IndexOfAny(LabelAnchors); i >= 0; i = i + 1 < text.Length ? text.IndexOfAny(LabelAnchors, i + 1) : -1)
        {
            if (text[i] is ':' or '：' or '】' or ']')
            {
                foreach (var (label, role) in Labels)
                {
                    var start = i - label.Length;
                    if (start < 0 || string.CompareOrdinal(text, start, label, 0, label.Length) != 0) continue;
                    // "【牵头单位】县商务局": the bracketed label starts at its bracket, so the list before ends there
                    if (text[i] is '】' or ']')
                    {
                        if (start == 0 || text[start - 1] is not ('【' or '[')) break;
                        start--;
                    }
                    if (result.Count == 0 || result[^1].Item1 != start) result.Add((start, i + 1, role));
                    break;
                }
                continue;
            }
            // an opening bracket or a separator: a label may follow directly, without its colon
            if (i + 1 >= text.Length || !LabelInitials.Contains(text[i + 1])) continue;
            foreach (var (label, role) in Labels)
            {
                var start = i + 1;
                if (role == MarkerRole.Stop || string.CompareOrdinal(text, start, label, 0, label.Length) != 0) continue;
                var valueStart = start + label.Length;
                if (valueStart < text.Length && text[valueStart] is ':' or '：') break; // found again at its colon
                if (text[i] != '(' && !InsideParenthesis(text, i)) break;
                result.Add((start, valueStart, role));
                break;
            }
        }
        AddBareLabels(text, result);
        return result;
    }

    /// <summary>
    /// "责任单位 县商务局、县农业农村局": a label whose colon the layout dropped (the space went with the other stray
    /// spaces) still counts when an organ's name follows it directly.
    /// </summary>
    private static void AddBareLabels(string text, List<(int LabelStart, int ValueStart, MarkerRole Role)> result)
    {
        List<(int, int, MarkerRole)>? found = null;
        for (var i = text.IndexOfAny(BareLabelEnds); i >= 0; i = i + 1 < text.Length ? text.IndexOfAny(BareLabelEnds, i + 1) : -1)
        {
            var valueStart = i + 1;
            if (valueStart >= text.Length || !BareValueInitials.Contains(text[valueStart])) continue;
            foreach (var (label, role) in Labels)
            {
                var start = valueStart - label.Length;
                if (role == MarkerRole.Stop || start < 0 || string.CompareOrdinal(text, start, label, 0, label.Length) != 0) continue;
                if (result.Any(r => r.LabelStart == start)) break;
                var first = SplitTopLevel(CutAtLabelWord(ValueUntilClose(text, valueStart, Math.Min(text.Length, valueStart + MaxBareValue))), ListSeparators).FirstOrDefault();
                if (first == null || !UnitNames.LooksLikeUnit(first) || !UnitNames.IsOrganName(first)) break;
                (found ??= []).Add((start, valueStart, role));
                break;
            }
        }
        if (found == null) return;
        result.AddRange(found);
        result.Sort((a, b) => a.LabelStart.CompareTo(b.LabelStart));
    }

    /// <summary>How far a bare label's first unit is looked for.</summary>
    private const int MaxBareValue = 60;

    /// <summary>Last characters of the unit-listing labels (单位, 部门, 主体).</summary>
    private static readonly char[] BareLabelEnds = [.. Labels.Where(l => l.Role != MarkerRole.Stop).Select(l => l.Label[^1]).Distinct()];

    /// <summary>How an organ's name starts right after a bare label.</summary>
    private static readonly HashSet<char> BareValueInitials = ['县', '市', '省', '区', '各', '镇', '乡', '团'];

    private static readonly HashSet<char> LabelInitials = [.. Labels.Select(l => l.Label[0])];

    private static readonly char[] LabelAnchors = [':', '：', '】', ']', '(', ';', '；', ',', '，'];

    private static bool InsideParenthesis(string text, int at)
    {
        var open = text.LastIndexOf('(', at);
        return open >= 0 && text.IndexOf(')', open) is var close && (close < 0 || close > at);
    }

    /// <summary>The label's value: from its start to the next label, a closing bracket of the enclosing
    /// parenthesis, or a full stop.</summary>
    private static string ValueUntilClose(string text, int valueStart, int end)
    {
        var sb = new StringBuilder();
        var depth = 0;
        for (var i = valueStart; i < end; i++)
        {
            var c = text[i];
            if (c == '(') depth++;
            else if (c == ')')
            {
                if (depth == 0) break;
                depth--;
            }
            else if (c == '。' || c == '\t') break;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Splits on any of <paramref name="separators"/> outside parentheses.</summary>
    public static List<string> SplitTopLevel(string s, string separators)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0 && separators.Contains(c))
            {
                parts.Add(s[start..i]);
                start = i + 1;
            }
        }
        parts.Add(s[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }
}
