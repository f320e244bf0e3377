using System.Text.RegularExpressions;
using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Fields;

/// <summary>What a task's text says about when it must be done (完成时限).</summary>
public sealed record DeadlineFinding(DateOnly? Deadline, string? Text, bool Ongoing, IReadOnlyList<Milestone> Milestones)
{
    public static readonly DeadlineFinding None = new(null, null, false, []);
}

/// <summary>Resolves Chinese date expressions (2023年6月底前, 年底前, 上半年, 到2027年 …) to the task's final deadline.</summary>
public static class DeadlineParser
{
    /// <summary>
    /// One date expression: a year (2023年, 今年, 本年度), a month with an optional day or part of the month, a part of
    /// the year (年底, 上半年, 第三季度), or a bare month. Every quantifier is bounded, so scanning stays linear.
    /// </summary>
    private static readonly Regex DateAtom = new(
        @"(?<![0-9.])(?:(?<y>[0-9]{4}|[〇零一二三四五六七八九]{4}|[今本明次])年(?<yd>度)?(?:" + MonthPart + "|" + YearPart + @")?"
        + "|" + MonthPart
        + @"|(?<ny>20[0-9]{2})[.．/\-](?<nm>1[0-2]|0?[1-9])(?:[.．/\-](?<nd>3[01]|[12][0-9]|0?[1-9]))?(?![0-9年.．万亿元%％])"
        + @"|(?<![0-9一二两三四五六七八九十百多])年(?<ye2>底|末|初|内|中)"
        + @"|(?<h2>[上下]半年)"
        + @"|第?(?<q2>[一二三四1-4])季度末?)",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private const string MonthPart =
        @"(?<m>1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])月(?![龄度薪])份?(?:(?<d>3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])[日号]|(?<me>底|末|初|上旬|中旬|下旬))?";

    private const string YearPart = @"(?<ye>底|末|初|内|中)|(?<h>[上下]半年)|第?(?<q>[一二三四1-4])季度末?";

    /// <summary>"十四五"期间 / 末: the end year of a five-year plan (十三五 2020, 十四五 2025, 十五五 2030).</summary>
    private static readonly Regex FiveYearPlan = new(
        @"[“""]?十(?<n>[三四五六])五[”""]?(?:期间|时期|期末|末|内)", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>三年内, 6个月内: relative to the document's own date.</summary>
    private static readonly Regex RelativeSpan = new(
        @"(?<![0-9年])(?<n>[0-9]{1,2}|[一二两三四五六七八九十])(?<u>年|个月)(?:之?内)", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>The first year and connector of a span of years ("2023—" before "2025年").</summary>
    private static readonly Regex YearSpanStart = new(@"(?<![0-9.])[0-9]{4}(?:—|-|－|–|~|～|至|到|——)$", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private const int YearSpanReach = 7;

    /// <summary>Last characters of <see cref="RangeConnectors"/>: a cheap test before the year-span pattern runs.</summary>
    private const string RangeConnectorChars = "至到-—–－~～";

    /// <summary>A bare day after a range connector ("4月1日至10日").</summary>
    private static readonly Regex BareDay = new(@"\G(?<d>3[01]|[12][0-9]|0?[1-9])[日号]", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Connectors that join the two ends of a date range.</summary>
    private static readonly string[] RangeConnectors = ["至", "到", "-", "—", "–", "－", "~", "～", "——"];

    /// <summary>Words before a date that belong to the deadline phrase ("到2025年底", "截至2025年").</summary>
    private static readonly string[] IncludedPrefixes = ["截止到", "截至", "截止", "到"];

    /// <summary>Words after a date that make it an explicit cut-off ("6月底前").</summary>
    private static readonly string[] CutoffSuffixes = ["之前", "以前", "前"];

    /// <summary>Words before a date that mark it as the completion time ("完成时限为2023年5月底").</summary>
    private static readonly string[] CompletionPrefixes =
        (from field in new[] { "完成时限", "完成时间", "完成期限", "截止时间", "截止日期", "办结时限", "时间节点", "时限" }
         from separator in new[] { "为", "：", ":", "是", "" }
         select field + separator).OrderByDescending(p => p.Length).ToArray();

    /// <summary>Words after a date that make it the completion date ("力争2023年初完成").</summary>
    private static readonly string[] CompletionFollowers = ["完成", "前完成", "全部完成", "基本完成"];

    /// <summary>Words after a relative span that make it a restriction, not a deadline ("三年内不得转让").</summary>
    private static readonly string[] LimitFollowers = ["不得", "不"];

    /// <summary>Words before a relative span that anchor it to an event, not to the document ("结束后1个月内").</summary>
    private static readonly string[] EventAnchors = ["后", "收到"];

    /// <summary>Words after a date that say it starts something or lies in the past; such dates are no deadline.</summary>
    private static readonly string[] StartOrPastSuffixes = ["起", "开始", "以来", "启动", "至今", "始", "已"];

    /// <summary>Words right before a date that say it starts something ("自2024年", "从2023年起").</summary>
    private static readonly string[] StartPrefixes = ["自", "从"];

    /// <summary>Recurring periods: a date in the same clause after one of these is a recurring duty, not a deadline.</summary>
    private static readonly string[] RecurringMarkers = ["每年", "每月", "每季度", "每季", "每半年", "每周", "每旬", "每学期", "逐年", "每个季度", "每个月"];

    /// <summary>Words that, right after a bare year ("2024年，新增…"), show the year is the task's horizon.</summary>
    private static readonly string[] HorizonFollowers =
        ["，", ",", "、", "力争", "争取", "确保", "完成", "新增", "实现", "计划", "全面", "基本", "要", "将", "建成", "达到", "全县", "全市", "全区",
         "内", "前", "底", "新建", "开工", "投产", "争创", "创建", "培育", "引进", "打造"];

    /// <summary>Words after a bare year that make it the subject of a statement or a name ("2024年是…之年", "2023年第2期").</summary>
    private static readonly string[] StatementFollowers = ["是", "第", "的", "为"];

    /// <summary>Marks of duties that never finish (长期坚持); they set Ongoing.</summary>
    private static readonly string[] StrongOngoingMarkers = ["长期坚持", "长期推进", "长期执行", "长期有效"];

    /// <summary>
    /// A time-limit field or table cell that says the work continues ("完成时限：持续推进", "\t常态化\t"): the task is
    /// ongoing even when its text mentions dates.
    /// </summary>
    private static readonly Regex OngoingTimeLimit = new(
        @"(?:时限|完成时间)[：:为]?(?:长期|持续推进|常态化|持续)|(?:^|[\t| ])(?:长期|持续推进|常态化推进|常态化|持续开展)(?:$|[\t| ])",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>
    /// Weaker marks of continuing work; Ongoing only when the task names no date at all. 长期 alone is left out: it is
    /// as often part of a name (长期护理保险) as a time limit, which <see cref="OngoingTimeLimit"/> reads.
    /// </summary>
    private static readonly string[] WeakOngoingMarkers = ["持续推进", "常态化", "持续开展", "持续实施"];

    /// <summary>Characters that end a clause: a recurring marker or a prefix does not reach past them.</summary>
    private const string ClauseBreaks = "，,。；;：:！!？?\t|\n ";

    /// <summary>What gazettes print right after a signature date.</summary>
    private static readonly string[] SignatureFollowers = ["（此件", "(此件", "（公开", "(公开", "（主动公开", "(主动公开"];

    /// <summary>Organ names that end right before a signature date.</summary>
    private static readonly string[] SignatureIssuers = ["人民政府", "办公室", "委员会", "人民政府办公室", "领导小组"];

    /// <summary>Last words of a plan's name, after which a bracketed period belongs to the name.</summary>
    private static readonly string[] TitleWords = ["方案", "规划", "计划", "纲要", "意见", "办法", "要点", "标准"];

    /// <summary>Words of a sentence that reports what has already happened.</summary>
    private static readonly string[] PastMarkers = ["已", "累计", "以来", "共计完成", "完成了"];

    private const string SentenceBreaks = "。；;！!？?\n";
    private const string CellBreaks = "\t| ";
    private const string ClosingBrackets = ")）]】";
    private const string OpeningBrackets = "(（[【";

    private const int MaxTextLength = 200_000;

    /// <param name="text">the task's full text (whitespace already removed inside words)</param>
    /// <param name="documentDate">the document's own date; its year resolves month-only expressions</param>
    public static DeadlineFinding Find(string text, DateOnly? documentDate)
    {
        if (string.IsNullOrEmpty(text)) return DeadlineFinding.None;
        if (text.Length > MaxTextLength) text = text[..MaxTextLength];

        var masked = TextSpans.MaskQuotedTitles(TextSpans.NormalizeDigits(text));
        var candidates = new List<Candidate>();
        CollectAtoms(masked, text, documentDate, candidates);
        CollectFiveYearPlans(masked, text, candidates);
        if (documentDate is { } docDate) CollectRelativeSpans(masked, text, docDate, candidates);

        var ongoing = ContainsAny(text, StrongOngoingMarkers) || OngoingTimeLimit.IsMatch(text);
        var usable = candidates.Where(c => !c.Excluded).ToList();
        if (documentDate is { } d0)
        {
            // Earlier years are background; an earlier day of the same year is, when its sentence speaks of the past.
            usable.RemoveAll(c => c.Date.Year < d0.Year || c.Date < d0 && SentenceSaysPast(masked, c.Start, c.End));
        }
        var strong = usable.Where(c => !c.Weak).ToList();
        var pool = strong.Count > 0 ? strong : usable;
        if (pool.Count == 0 || ongoing)
        {
            var milestonesOnly = pool.Select(c => new Milestone(c.Date, c.Text)).ToList();
            var isOngoing = ongoing || ContainsAny(text, WeakOngoingMarkers);
            return new DeadlineFinding(null, null, isOngoing, ongoing ? milestonesOnly : []);
        }

        var stated = pool.Where(c => c.Stated).ToList();
        var last = stated.Count > 0 ? stated.Max(c => c.Date) : pool.Max(c => c.Date);
        var finals = pool.Where(c => c.Date == last).ToList();
        var chosen = finals.FirstOrDefault(c => c.Explicit) ?? finals[0];
        var milestones = pool.Where(c => c.Date != last)
            .GroupBy(c => c.Date).Select(g => g.First())
            .OrderBy(c => c.Date)
            .Select(c => new Milestone(c.Date, c.Text)).ToList();
        return new DeadlineFinding(last, chosen.Text, false, milestones);
    }

    private sealed record Candidate(int Start, int End, DateOnly Date, string Text, bool Explicit, bool Weak, bool Excluded)
    {
        /// <summary>Named by a completion-time field ("完成时限为…"): the task's own deadline whatever else it mentions.</summary>
        public bool Stated { get; init; }
    }

    /// <summary>A resolved atom before context is applied: which day it names and which parts it had.</summary>
    /// <param name="BareYear">only a year was written ("2024年"), so it stands for the year's last day</param>
    /// <param name="RelativeYear">the year was 今年/本年度/明年, which always names the horizon</param>
    private readonly record struct Atom(int Start, int End, int? Year, int? Month, int? Day, DayOfMonthPart Part, bool BareYear, bool RelativeYear);

    private enum DayOfMonthPart { None, End, Early, Mid }

    private static void CollectAtoms(string masked, string text, DateOnly? documentDate, List<Candidate> output)
    {
        var docYear = documentDate?.Year;
        var atoms = new List<Atom>();
        foreach (Match m in DateAtom.Matches(masked))
        {
            if (ToAtom(m, docYear) is { } atom) atoms.Add(atom);
        }

        int? lastWrittenYear = null;
        for (var i = 0; i < atoms.Count; i++)
        {
            var start = atoms[i];
            var end = start;
            var rangeEnd = start.End;
            // A range: start, connector, end ("2023年4月1日至4月10日", "2024年12月底-2025年", "4月1日至10日").
            var connector = ConnectorAt(masked, start.End);
            // "5月2日7日": a range whose dash was lost in conversion still ends at its second day.
            if (connector == 0 && start.Day is not null && BareDay.Match(masked, start.End).Success) connector = -1;
            if (connector != 0)
            {
                var after = start.End + Math.Max(connector, 0);
                if (i + 1 < atoms.Count && atoms[i + 1].Start == after)
                {
                    end = atoms[i + 1];
                    rangeEnd = end.End;
                    i++;
                }
                else if (start.Month is not null && BareDay.Match(masked, after) is { Success: true } day)
                {
                    end = start with { Start = after, End = after + day.Length, Day = int.Parse(day.Groups["d"].Value), Part = DayOfMonthPart.None };
                    rangeEnd = end.End;
                }
            }

            var isRange = rangeEnd != start.End;
            // "2023—2025年": a span of years written with one 年 ends at its last year.
            if (!isRange && start.BareYear && start.Start > 0 && RangeConnectorChars.Contains(masked[start.Start - 1])
                && YearSpanStart.Match(masked[Math.Max(0, start.Start - YearSpanReach)..start.Start]) is { Success: true } span)
            {
                start = start with { Start = start.Start - span.Length };
                isRange = true;
            }
            // Without the document's date, a month borrows the year last written before it in the task.
            var year = end.Year ?? start.Year ?? docYear ?? lastWrittenYear;
            if (start.Year is { } written && !start.RelativeYear) lastWrittenYear = written;
            if (end.Year is { } writtenEnd && !end.RelativeYear) lastWrittenYear = writtenEnd;
            if (year is null) continue;
            var date = Resolve(end, year.Value);
            if (date is null) continue;

            var textStart = start.Start;
            var prefix = WordEndingAt(masked, textStart, IncludedPrefixes);
            // "到" right after another date is a range connector, handled above; here it opens the phrase.
            if (prefix is not null && !isRange) textStart -= prefix.Length;
            var textEnd = rangeEnd;
            var cutoff = WordStartingAt(masked, textEnd, CutoffSuffixes);
            if (cutoff is not null) textEnd += cutoff.Length;

            var excluded = IsRecurring(masked, start.Start) || IsSignatureDate(masked, start.Start, rangeEnd) || end.BareYear && IsTitlePeriod(masked, start.Start)
                || (!isRange && cutoff is null && WordStartingAt(masked, rangeEnd, StartOrPastSuffixes) is not null)
                || WordEndingAt(masked, start.Start, StartPrefixes) is not null;
            var stated = WordEndingAt(masked, start.Start, CompletionPrefixes) is not null;
            var explicitCutoff = isRange || cutoff is not null || prefix is not null || stated
                || WordStartingAt(masked, rangeEnd, CompletionFollowers) is not null
                || IsWholeCell(masked, start.Start, textEnd);
            // A bare year is a horizon only when something says so ("2024年，新增…", "到2025年", a table cell);
            // "实施2023年坡耕地治理项目" merely names the project's year.
            var horizon = !end.BareYear || end.RelativeYear || prefix is not null || cutoff is not null
                || textEnd >= masked.Length || ClauseBreaks.Contains(masked[textEnd]) || ClosingBrackets.Contains(masked[textEnd])
                || WordStartingAt(masked, textEnd, HorizonFollowers) is not null;
            var weak = !horizon;
            // A year that merely qualifies a noun in mid-clause is no date at all; at the head of a clause it may
            // still be the task's only horizon ("…项目，2023年度利用债券实施修缮").
            if (weak && (!AtClauseStart(masked, textStart) || WordStartingAt(masked, textEnd, StatementFollowers) is not null)) continue;

            output.Add(new Candidate(textStart, textEnd, date.Value, text[textStart..textEnd], explicitCutoff, weak, excluded) { Stated = stated });
        }
    }

    private static Atom? ToAtom(Match m, int? docYear)
    {
        int? year = null;
        var relativeYear = false;
        if (m.Groups["y"].Success)
        {
            var y = m.Groups["y"].Value;
            relativeYear = y is "今" or "本" or "明" or "次";
            year = y switch
            {
                "今" or "本" => docYear,
                "明" or "次" => docYear + 1,
                _ => ChineseNumber.TryParse(y, out var v) && v is >= 1900 and <= 2200 ? (int)v : null,
            };
            if (year is null) return null;
        }

        int? month = null, day = null;
        var part = DayOfMonthPart.None;
        if (m.Groups["ny"].Success)
        {
            // 2023.6.30 / 2023-06: numeric dates as tables print them.
            year = int.Parse(m.Groups["ny"].Value);
            month = int.Parse(m.Groups["nm"].Value);
            day = m.Groups["nd"].Success ? int.Parse(m.Groups["nd"].Value) : null;
            return new Atom(m.Index, m.Index + m.Length, year, month, day, DayOfMonthPart.End, false, false);
        }
        if (m.Groups["m"].Success && ChineseNumber.TryParse(m.Groups["m"].Value.TrimStart('0'), out var mv) && mv is >= 1 and <= 12)
        {
            month = (int)mv;
            if (m.Groups["d"].Success && ChineseNumber.TryParse(m.Groups["d"].Value.TrimStart('0'), out var dv) && dv is >= 1 and <= 31)
                day = (int)dv;
            part = m.Groups["me"].Value switch
            {
                "底" or "末" or "下旬" => DayOfMonthPart.End,
                "初" or "上旬" => DayOfMonthPart.Early,
                "中旬" => DayOfMonthPart.Mid,
                _ => DayOfMonthPart.None,
            };
        }
        else if (m.Groups["m"].Success) return null;

        var yearEnd = m.Groups["ye"].Success ? m.Groups["ye"].Value : m.Groups["ye2"].Success ? m.Groups["ye2"].Value : null;
        var half = m.Groups["h"].Success ? m.Groups["h"].Value : m.Groups["h2"].Success ? m.Groups["h2"].Value : null;
        var quarter = m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["q2"].Success ? m.Groups["q2"].Value : null;

        if (yearEnd is not null)
        {
            // 年初 is the end of January; 年中 mid-year; 年底/年末/年内 the last day of the year.
            (month, part) = yearEnd switch { "初" => (1, DayOfMonthPart.End), "中" => (6, DayOfMonthPart.End), _ => (12, DayOfMonthPart.End) };
        }
        else if (half is not null) (month, part) = (half == "上半年" ? 6 : 12, DayOfMonthPart.End);
        else if (quarter is not null && ChineseNumber.TryParse(quarter, out var q)) (month, part) = ((int)q * 3, DayOfMonthPart.End);

        var bareYear = year is not null && month is null;
        if (bareYear) (month, part) = (12, DayOfMonthPart.End);
        if (month is null) return null;
        return new Atom(m.Index, m.Index + m.Length, year, month, day, part, bareYear, relativeYear);
    }

    private static DateOnly? Resolve(Atom atom, int year)
    {
        if (atom.Month is not { } month) return null;
        var last = DateTime.DaysInMonth(year, month);
        var day = atom.Day ?? atom.Part switch
        {
            DayOfMonthPart.Early => Math.Min(10, last),
            DayOfMonthPart.Mid => Math.Min(20, last),
            _ => last,
        };
        return day <= last ? new DateOnly(year, month, day) : null;
    }

    private static void CollectFiveYearPlans(string masked, string text, List<Candidate> output)
    {
        foreach (Match m in FiveYearPlan.Matches(masked))
        {
            var n = m.Groups["n"].Value[0] switch { '三' => 13, '四' => 14, '五' => 15, _ => 16 };
            var year = 1955 + 5 * n;
            var start = m.Index;
            var prefix = WordEndingAt(masked, start, IncludedPrefixes);
            if (prefix is not null) start -= prefix.Length;
            output.Add(new Candidate(start, m.Index + m.Length, new DateOnly(year, 12, 31), text[start..(m.Index + m.Length)], true, false, false));
        }
    }

    private static void CollectRelativeSpans(string masked, string text, DateOnly documentDate, List<Candidate> output)
    {
        foreach (Match m in RelativeSpan.Matches(masked))
        {
            if (!ChineseNumber.TryParse(m.Groups["n"].Value, out var n) || n is < 1 or > 20) continue;
            var date = m.Groups["u"].Value == "年" ? documentDate.AddYears((int)n) : documentDate.AddMonths((int)n);
            // "三年内不得转让" limits a use, "结束后1个月内" counts from an event: neither counts from the document.
            var excluded = IsRecurring(masked, m.Index) || WordStartingAt(masked, m.Index + m.Length, LimitFollowers) is not null
                || EventAnchors.Any(a => ClauseBefore(masked, m.Index).Contains(a, StringComparison.Ordinal));
            output.Add(new Candidate(m.Index, m.Index + m.Length, date, text.Substring(m.Index, m.Length), true, false, excluded));
        }
    }

    /// <summary>A date that fills a whole table cell is the row's schedule column (计划完工时间).</summary>
    private static bool IsWholeCell(string s, int start, int end) =>
        (start == 0 || CellBreaks.Contains(s[start - 1])) && (end >= s.Length || CellBreaks.Contains(s[end]))
        && (start > 0 || end < s.Length);

    private static bool AtClauseStart(string s, int at)
    {
        var i = at - 1;
        while (i >= 0 && (s[i] == ' ' || OpeningBrackets.Contains(s[i]))) i--;
        return i < 0 || ClauseBreaks.Contains(s[i]);
    }

    private static int ConnectorAt(string s, int at)
    {
        foreach (var c in RangeConnectors.OrderByDescending(c => c.Length))
        {
            if (StartsWithAt(s, at, c)) return c.Length;
        }
        return 0;
    }

    /// <summary>
    /// The issuing organ's signature ("…人民政府办公室2023年6月25日（此件公开发布）") dates the document, not the task;
    /// it can trail a task's text when the task is the document's last.
    /// </summary>
    private static bool IsSignatureDate(string s, int start, int end) =>
        WordStartingAt(s, end, SignatureFollowers) is not null || WordEndingAt(s, start, SignatureIssuers) is not null;

    /// <summary>
    /// "…改造攻坚行动方案（2021—2025年）" without 《》: years in a bracket after a plan's name give its period, not a
    /// deadline. A bracketed month range after an action ("专项行动（5月—10月）") stays the task's schedule.
    /// </summary>
    private static bool IsTitlePeriod(string s, int start) =>
        start >= 1 && OpeningBrackets.Contains(s[start - 1]) && WordEndingAt(s, start - 1, TitleWords) is not null;

    private static string ClauseBefore(string s, int at)
    {
        var clauseStart = at;
        while (clauseStart > 0 && ClauseBreaks.IndexOf(s[clauseStart - 1]) < 0 && at - clauseStart < 40) clauseStart--;
        return s[clauseStart..at];
    }

    /// <summary>A date in a clause that began with 每年/每月/每季度 repeats; it is a reporting cadence, not a deadline.</summary>
    private static bool IsRecurring(string s, int at)
    {
        var clause = ClauseBefore(s, at).AsSpan();
        foreach (var marker in RecurringMarkers)
        {
            if (clause.Contains(marker.AsSpan(), StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool SentenceSaysPast(string s, int start, int end)
    {
        var from = start;
        while (from > 0 && SentenceBreaks.IndexOf(s[from - 1]) < 0 && start - from < 60) from--;
        var to = end;
        while (to < s.Length && SentenceBreaks.IndexOf(s[to]) < 0 && to - end < 60) to++;
        var sentence = s.AsSpan(from, to - from);
        foreach (var marker in PastMarkers)
        {
            if (sentence.Contains(marker.AsSpan(), StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool StartsWithAt(string s, int at, string word) =>
        at >= 0 && at + word.Length <= s.Length && string.CompareOrdinal(s, at, word, 0, word.Length) == 0;

    private static bool EndsWithAt(string s, int at, string word) => StartsWithAt(s, at - word.Length, word);

    private static bool ContainsAny(string s, string[] words)
    {
        foreach (var word in words)
        {
            if (s.Contains(word, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The first of <paramref name="words"/> written at <paramref name="at"/>, or null.</summary>
    private static string? WordStartingAt(string s, int at, string[] words)
    {
        foreach (var word in words)
        {
            if (StartsWithAt(s, at, word)) return word;
        }
        return null;
    }

    /// <summary>The first of <paramref name="words"/> that ends right before <paramref name="at"/>, or null.</summary>
    private static string? WordEndingAt(string s, int at, string[] words)
    {
        foreach (var word in words)
        {
            if (EndsWithAt(s, at, word)) return word;
        }
        return null;
    }
}
