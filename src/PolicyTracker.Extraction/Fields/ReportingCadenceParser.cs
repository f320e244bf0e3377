using System.Text.RegularExpressions;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Fields;

/// <summary>Finds recurring reporting duties (每季度末月25日前报送, 6月底、12月底分别报半年、全年工作完成情况, 每月).</summary>
public static class ReportingCadenceParser
{
    /// <summary>Words that open a recurring period, and the frequency each one means.</summary>
    private static readonly (string Word, ReportingFrequency Frequency)[] PeriodMarkers =
    [
        ("每个季度", ReportingFrequency.Quarterly), ("每季度", ReportingFrequency.Quarterly), ("每季", ReportingFrequency.Quarterly),
        ("每半年", ReportingFrequency.HalfYearly), ("每个月", ReportingFrequency.Monthly), ("每月", ReportingFrequency.Monthly),
        ("按月", ReportingFrequency.Monthly), ("按季度", ReportingFrequency.Quarterly), ("按季", ReportingFrequency.Quarterly),
        ("每周", ReportingFrequency.Weekly), ("每星期", ReportingFrequency.Weekly), ("按周", ReportingFrequency.Weekly),
        ("每年", ReportingFrequency.Yearly), ("按年", ReportingFrequency.Yearly), ("按半年", ReportingFrequency.HalfYearly),
    ];

    /// <summary>Verbs of reporting upward. 报 alone counts only before what is reported (报半年…, 报县…).</summary>
    private static readonly string[] ReportingVerbs = ["报送", "上报", "报告", "汇报", "提交", "报备", "备案", "反馈"];

    /// <summary>Characters after a lone 报 that show it means "report to / report on".</summary>
    private const string LoneReportObjects = "县市省区半全季月年本工进情总";

    /// <summary>Characters before 报 that make another word (申报 apply, 举报 denounce, 通报 circulate, 报废 scrap …).</summary>
    private const string NotReportingBefore = "申举通预海电快画情";

    /// <summary>Words that are never a reporting duty although they contain a reporting verb.</summary>
    private static readonly string[] NotReporting = ["报告批复", "报废", "报名", "报道", "报纸", "报刊", "报销", "报价", "报警"];

    /// <summary>Quarter months when the due date is in the quarter's last month (季度末月, 季末) or the month after (次月, 结束后).</summary>
    private static readonly int[] QuarterEndMonths = [3, 6, 9, 12];
    private static readonly int[] QuarterNextMonths = [1, 4, 7, 10];
    private static readonly string[] AfterPeriodWords = ["次月", "首月", "第一个月", "结束后", "后"];

    /// <summary>末 in 季度末, 季末月: the report falls inside the period, whatever follows.</summary>
    private const char PeriodEnd = '末';

    /// <summary>A month-end due date ("每月月底前") has no day of its own: the last day is meant.</summary>
    private static readonly string[] MonthEndWords = ["月底", "月末"];

    private static readonly Regex DueDay = new(@"(?<d>3[01]|[12][0-9]|0?[1-9])[日号](?:前|之前|以前)?", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>An explicit list of months ("6月底、12月底", "6月30日和12月20日前").</summary>
    private static readonly Regex MonthMention = new(
        @"(?<m>1[0-2]|[1-9])月(?:底|末|(?<d>3[01]|[12][0-9]|[1-9])[日号])?", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Words that show a list of months names recurring periods.</summary>
    private static readonly string[] PeriodNames = ["分别", "半年", "全年", "季度", "年度"];

    private const string SentenceBreaks = "。；;\n";
    private const string ClauseBreaks = "，,";
    private const int MaxTextLength = 200_000;

    public static IReadOnlyList<ReportingRule> Find(string text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        if (text.Length > MaxTextLength) text = text[..MaxTextLength];
        text = TextSpans.NormalizeDigits(text);
        var rules = new List<ReportingRule>();
        foreach (var sentence in Split(text, SentenceBreaks))
        {
            var clauses = Split(sentence, ClauseBreaks).ToList();
            for (var i = 0; i < clauses.Count; i++)
            {
                var clause = clauses[i];
                // "每半年…进行考核，并将考核情况报县…": the verb may sit in the clause that follows the period.
                var withNext = i + 1 < clauses.Count && clauses[i + 1].StartsWith('并') ? clause + "，" + clauses[i + 1] : clause;
                if (!HasReportingVerb(withNext)) continue;
                var periodic = FromPeriodMarkers(clause, withNext).ToList();
                rules.AddRange(periodic);
                if (periodic.Count == 0 && FromMonthList(clause) is { } listed) rules.Add(listed);
            }
        }
        return rules;
    }

    /// <summary>One rule per period named in the clause ("按季、按年报送" gives a quarterly and a yearly rule).</summary>
    private static IEnumerable<ReportingRule> FromPeriodMarkers(string clause, string text)
    {
        var taken = new List<(int Start, int End)>();
        var frequencies = new HashSet<ReportingFrequency>();
        foreach (var marker in PeriodMarkers)
        {
            var at = clause.IndexOf(marker.Word, StringComparison.Ordinal);
            // 每季 inside 每季度 was already read with the longer word.
            if (at < 0 || taken.Any(t => at < t.End && at + marker.Word.Length > t.Start)) continue;
            taken.Add((at, at + marker.Word.Length));
            if (frequencies.Add(marker.Frequency)) yield return FromPeriodMarker(marker, clause[(at + marker.Word.Length)..], text);
        }
    }

    private static ReportingRule FromPeriodMarker((string Word, ReportingFrequency Frequency) marker, string afterMarker, string text)
    {
        var day = DueDay.Match(afterMarker) is { Success: true } d && !MonthEndWords.Any(w => afterMarker.Contains(w, StringComparison.Ordinal))
            ? int.Parse(d.Groups["d"].Value) : (int?)null;
        IReadOnlyList<int> months = marker.Frequency switch
        {
            ReportingFrequency.Quarterly => AfterPeriodWords.Any(w => afterMarker.Contains(w, StringComparison.Ordinal)) && !afterMarker.Contains(PeriodEnd)
                ? QuarterNextMonths : QuarterEndMonths,
            ReportingFrequency.HalfYearly => [6, 12],
            ReportingFrequency.Yearly => MonthMention.Match(afterMarker) is { Success: true } m ? [int.Parse(m.Groups["m"].Value)] : [12],
            ReportingFrequency.Monthly => Enumerable.Range(1, 12).ToArray(),
            _ => [],
        };
        var frequency = marker.Frequency;
        if (frequency == ReportingFrequency.Yearly)
        {
            var mentions = MonthMention.Matches(afterMarker).Cast<Match>().ToList();
            var listed = mentions.Select(m => int.Parse(m.Groups["m"].Value)).Distinct().Order().ToArray();
            day = mentions.Count > 0 && mentions[0].Groups["d"].Success ? int.Parse(mentions[0].Groups["d"].Value) : null;
            // "每年6月底和12月底前报送": two dates a year make the duty half-yearly, four quarterly.
            if (FrequencyOfMonthCount(listed.Length) is { } byCount && listed.Length > 1)
            {
                frequency = byCount;
                months = listed;
            }
        }
        return new ReportingRule(text, frequency, day, months);
    }

    /// <summary>"6月底、12月底分别报半年、全年工作完成情况": as many reports a year as months listed.</summary>
    private static ReportingRule? FromMonthList(string clause)
    {
        // Dated months ("2023年10月31日前") are one-off deadlines; a recurring list names its periods (半年, 全年, 分别).
        if (!PeriodNames.Any(p => clause.Contains(p, StringComparison.Ordinal))) return null;
        var mentions = MonthMention.Matches(clause).Cast<Match>().Where(m => m.Index == 0 || clause[m.Index - 1] != '年').ToList();
        if (mentions.Count < 2) return null;
        var months = mentions.Select(m => int.Parse(m.Groups["m"].Value)).Distinct().Order().ToArray();
        var frequency = FrequencyOfMonthCount(months.Length);
        if (frequency is null) return null;
        var days = mentions.Select(m => m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value) : (int?)null).Distinct().ToList();
        return new ReportingRule(clause, frequency.Value, days.Count == 1 ? days[0] : null, months);
    }

    private static ReportingFrequency? FrequencyOfMonthCount(int count) => count switch
    {
        1 => ReportingFrequency.Yearly,
        2 => ReportingFrequency.HalfYearly,
        4 => ReportingFrequency.Quarterly,
        12 => ReportingFrequency.Monthly,
        _ => null,
    };

    private static bool HasReportingVerb(string clause)
    {
        if (NotReporting.Any(n => clause.Contains(n, StringComparison.Ordinal))) return false;
        if (ReportingVerbs.Any(v => clause.Contains(v, StringComparison.Ordinal))) return true;
        var disposal = clause.IndexOf('将');
        for (var i = 0; i + 1 < clause.Length; i++)
        {
            if (clause[i] != '报' || i > 0 && NotReportingBefore.Contains(clause[i - 1])) continue;
            // "将…报住建部门": 将 puts the thing reported before the verb, so any addressee may follow.
            if (LoneReportObjects.Contains(clause[i + 1]) || disposal >= 0 && disposal < i) return true;
        }
        return false;
    }

    private static IEnumerable<string> Split(string text, string breaks)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !breaks.Contains(text[i])) continue;
            if (i > start) yield return text[start..i];
            start = i + 1;
        }
    }
}
