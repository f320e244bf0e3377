using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Fields;

/// <summary>Finds measurable targets (新入限贸易企业10家以上, 毛入园率达到90%以上, 增长6%左右) in a task's text.</summary>
public static class TargetParser
{
    /// <summary>
    /// Units a target is counted in, longest first so that 个百分点 wins over 个 and 平方米 over 米. 项 is left out on
    /// purpose: "17项" counts policies or tasks, which are not targets; 类 and 种 count kinds, not results; 期 names
    /// a phase ("二期工程") more often than it counts sessions.
    /// </summary>
    private static readonly string[] Units = new[]
    {
        "个百分点", "百分点", "%", "％", "‰",
        "平方公里", "平方千米", "平方米", "立方米", "㎡", "m²", "m³", "公顷", "公里", "千米", "米",
        "元", "亩", "斤", "吨", "公斤", "千克", "千瓦时", "千瓦", "兆瓦",
        "台（套）", "台(套)", "台/套", "台", "套", "人次", "户次", "个", "家", "人", "户", "所", "座", "次", "场", "条",
        "件", "名", "头", "只", "间", "口", "眼", "方", "张", "副", "栋", "课时", "学时", "辆", "处", "支", "株",
        "棵", "盏", "床", "篇", "根", "块", "份", "场次", "车次", "架次", "家次", "件次", "宗", "笔", "艘", "羽", "倍", "批次", "部",
    }.OrderByDescending(u => u.Length).ToArray();

    /// <summary>Scale words kept in the unit ("300万元" → 300, 万元).</summary>
    private static readonly string[] Multipliers = ["千万", "百万", "万", "亿"];

    /// <summary>Units of money: these are most often rewards, subsidies or investments, so they get extra checks.</summary>
    private static readonly HashSet<string> MoneyUnits = ["元"];

    /// <summary>Comparators written after the quantity.</summary>
    private static readonly (string Word, string Op)[] SuffixComparators =
    [
        ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("之内", "<="), ("左右", "~"),
    ];

    /// <summary>Comparators written before the quantity, in the same clause; longest first so 不超过 wins over 超过.</summary>
    private static readonly (string Word, string Op)[] PrefixComparators = new (string Word, string Op)[]
    {
        ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("不下于", ">="), ("至少", ">="), ("最少", ">="), ("超过", ">="),
        ("高于", ">="), ("大于", ">="), ("多于", ">="), ("≥", ">="), (">=", ">="),
        ("不超过", "<="), ("不超", "<="), ("不高于", "<="), ("不大于", "<="), ("最多", "<="), ("低于", "<="), ("少于", "<="),
        ("小于", "<="), ("控制在", "<="), ("≤", "<="), ("<=", "<="),
        ("大约", "~"), ("约", "~"), ("接近", "~"),
    }.OrderByDescending(c => c.Word.Length).ToArray();

    /// <summary>
    /// Characters that, right after a unit, turn it into another word: 两人间 (a room type), 两方面, 台账, 条件, 场所.
    /// </summary>
    private static readonly Dictionary<string, string> UnitWordContinuations = new()
    {
        ["人"] = "间口", ["方"] = "面式案向位法", ["个"] = "月体", ["名"] = "单额", ["条"] = "件例", ["家"] = "庭乡属",
        ["所"] = "有在属", ["口"] = "径岸人", ["处"] = "理置室", ["户"] = "外籍", ["场"] = "所景地馆",
        ["套"] = "餐", ["部"] = "门署分位队委长", ["眼"] = "井睛镜光界", ["座"] = "谈", ["台"] = "账风阶", ["头"] = "部脑", ["张"] = "力", ["次"] = "要序", ["件"] = "事", ["间"] = "隔",
    };

    /// <summary>Characters before a numeral that make it part of a word (统一, 唯一, 进一步, 一式三份) or an ordinal (第一, 前10名).</summary>
    private const string WordFormingPrefixes = "第前首统唯逐进同单之其万新每任划专合均式";

    /// <summary>Periods, places and persons after 每 ("每学期", "每乡镇", "每户"): what follows is a target, not a per-event rule.</summary>
    private const string PerEventExceptions = "年月周季天日旬学个人户村乡镇县校所家班名位次生亩只头";

    /// <summary>Units that with 一 read as an article ("一支队伍", "一项工作").</summary>
    private static readonly HashSet<string> VagueWithOne = ["支"];

    /// <summary>Units in which plants and projects are sized (90万吨煤矿, 13万千瓦项目).</summary>
    private static readonly string[] CapacityUnits = ["吨", "千瓦", "兆瓦", "千瓦时"];

    /// <summary>Words that make a percentage a share of a payment rather than a rate to reach.</summary>
    private static readonly string[] ShareWords = ["奖励", "补贴", "补助", "奖补", "资助", "配套", "支持资金", "补偿"];

    /// <summary>Political set phrases counted with 个 that name a doctrine, not a quantity.</summary>
    private static readonly string[] DoctrinePhrases = ["四个意识", "四个自信", "两个维护", "两个确立", "两个转型", "两个责任", "两个毫不动摇", "三个代表", "四个全面", "五位一体"];

    /// <summary>"8000多户", "6000余人", "十余家": more than the number.</summary>
    private const string MoreThanMarks = "多余";

    /// <summary>Words before an amount that make it money paid to others or spent, not a result to reach.</summary>
    private static readonly string[] PaymentWords =
    [
        "补贴", "补助", "奖励", "奖补", "资助", "贴息", "补偿", "给予", "发放", "拨付", "投资", "投入", "资金", "费用", "作业费",
        "租赁费", "封顶", "最高", "罚款", "处以",
    ];

    /// <summary>Words right after an amount that make it a payment ("5万元奖励", "3000元的补助").</summary>
    private static readonly string[] PaymentAfterWords = ["奖励", "补贴", "补助", "奖补", "的奖励", "的补助", "的补贴"];

    /// <summary>Verbs of granting: a count given to others ("给予3个指标") is not reached by the unit itself.</summary>
    private static readonly string[] GrantWords = ["给予"];

    /// <summary>"对…达到1亿元的，给予…奖励": 对 opens a condition, these words show the reward it earns.</summary>
    private const char ConditionOpener = '对';
    private static readonly string[] RewardWords = ["给予", "奖励"];

    /// <summary>Words after 个 that make the count a duration ("3个月", "5个工作日").</summary>
    private static readonly string[] DurationsCountedInGe = ["月", "工作日", "小时"];

    /// <summary>Nouns that count the parts of the plan itself ("分三个阶段", "从两个方面"), not results.</summary>
    private static readonly string[] StructureNouns = ["阶段", "步骤", "方面", "环节", "层次", "部分", "板块", "维度", "层级", "批次", "步走"];

    /// <summary>Verbs right after a number that make it the starting point of a change ("由3个增加到5个").</summary>
    private static readonly string[] BaselineFollowers =
        ["提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增长至", "增至", "扩大到", "扩大至", "下降到", "下降至",
         "降低到", "降低至", "降至", "减少到", "减少至", "缩短到", "缩短至", "压缩到", "压缩至", "压减到", "压减至"];

    /// <summary>Words where 余 is not "more than" (余额 balance).</summary>
    private static readonly string[] NotMoreThan = ["余额"];

    /// <summary>Words after a count that make it a set of policies or rules, not a quantity to reach ("36条措施").</summary>
    private static readonly string[] PolicyNouns = ["措施", "政策", "举措", "意见", "规定", "条款", "条例", "要求", "原则", "经验", "做法", "办法", "制度"];

    /// <summary>Words in the clause that mark a past fact (background statistics), not a target.</summary>
    private static readonly string[] BackgroundWords = ["已经", "已", "累计", "目前", "现有", "共有", "拥有", "现存", "截至目前", "去年", "上年度"];

    /// <summary>累计 counts up a past total, unless the clause looks ahead ("到2026年底累计认定…100个", "力争累计培育…").</summary>
    private const string Cumulative = "累计";

    /// <summary>Words that make a clause look ahead; 到 counts when a year follows it.</summary>
    private static readonly string[] ForwardWords = ["力争", "确保", "争取", "计划", "预计", "年底前", "月底前", "年内"];

    private static bool IsCumulativeGoal(string clause)
    {
        if (!clause.Contains(Cumulative, StringComparison.Ordinal)) return false;
        foreach (var w in BackgroundWords)
            if (w != Cumulative && clause.Contains(w, StringComparison.Ordinal)) return false;
        if (ForwardWords.Any(w => clause.Contains(w, StringComparison.Ordinal))) return true;
        var to = clause.IndexOf('到');
        return to >= 0 && to + 1 < clause.Length && ChineseNumber.IsArabicDigit(clause[to + 1]);
    }

    /// <summary>Set phrases whose numeral names a thing rather than counts it (一张网, 一件事一次办).</summary>
    private static readonly string[] SetPhrases = ["一张网", "一张图", "一张蓝图", "一件事", "一盘棋", "一把手", "一次性", "一站式", "一条龙", "一揽子", "一批次"];

    /// <summary>
    /// Characters that end the clause a target and its comparator live in. Spaces count: prose reaches the parser with stray spaces removed, so a space
    /// left separates table cells.
    /// </summary>
    private const string ClauseBreaks = "，,。；;：:！!？?\t|\n ";

    /// <summary>
    /// Characters that end the phrase naming what is measured before a number. Lists (人行道、广场…铺设), brackets
    /// (村（社区）) and quotes ("小巨人"企业) stay inside it.
    /// </summary>
    private const string PhraseBreaks = ClauseBreaks;

    /// <summary>After a number the noun ends at the next list item or bracket ("1条健康步道、1个…").</summary>
    private const string FollowingBreaks = ClauseBreaks + "、（(）)";

    /// <summary>What separates table cells in a task's text: tabs, pipes, or the spaces rows are joined with.</summary>
    private const string CellBreaks = "\t| ";

    /// <summary>What joins the items of a list that one comparator governs ("分别不低于24%和30%").</summary>
    private const string ListJoiners = "、和及与";

    private const string RangeConnectors = "—-－–~～至到";

    /// <summary>Words that end a noun written after its quantity ("4500户农户实现增收" → 农户).</summary>
    private static readonly string[] NounEndingVerbs =
        ["实现", "达到", "符合", "评定", "建立", "开展", "进行", "纳入", "参与", "接受", "提供", "完成", "以上", "以下", "左右", "为", "的",
         "和", "及", "与", "任务", "工作"];

    /// <summary>Verbs after which the counted thing is named behind the number ("召开一次会议", "建成3个示范点").</summary>
    private static readonly string[] ActionVerbs =
        ["打造", "建立", "设立", "开展", "召开", "组织", "建成", "建有", "培育", "创建", "申报", "引进", "建设", "新建", "成立", "配备",
         "配置", "举办", "评选出", "评选", "认定", "选树", "新增", "增加", "改造", "实施", "推出", "形成", "有"];

    /// <summary>Verbs and comparators that end the phrase before a number but are not part of what is measured.</summary>
    private static readonly string[] TrailingVerbs =
        ["达到", "达", "保持在", "稳定在", "提高到", "提升到", "提高至", "提升至", "增加到", "下降到", "下降至", "降低到", "降低至", "降至",
         "控制在", "应为", "为", "分别", "有", "计",
         "共计", "共", "实现", "完成", "至少", "不少于", "不低于", "不超过", "超过", "约", "在", "到", "≥", "≤", "原则上", "最多", "要", "可达", "可"];

    /// <summary>Words that may open the text before a target but belong to neither the noun nor the number.</summary>
    private static readonly string[] LeadingNoise = ["、", "）", ")", "和", "及", "与", "并", "到", "截至", "底", "末", "，", "原则上"];

    /// <summary>Characters that end a date fragment (年, 月, 日).</summary>
    private const string DateUnitChars = "年月日";

    /// <summary>Verbs that open a target phrase but are not part of what is measured.</summary>
    private static readonly string[] LeadingVerbs = ["努力", "确保", "力争", "争取", "实现", "完成", "达到", "计划", "预计", "全年", "其中", "共计", "累计", "和", "及", "与", "并", "使"];

    private const int MaxNounLength = 16;

    /// <summary>How far before a percentage a payment word still makes it a share of the payment (奖励额度15%).</summary>
    private const int ShareReach = 8;

    /// <summary>How far after 17项 a policy noun still makes it a count of policies (17项惠民政策).</summary>
    private const int PolicyNounReach = 6;

    private const int MaxTextLength = 200_000;

    public static IReadOnlyList<ExtractedTarget> Find(string text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        if (text.Length > MaxTextLength) text = text[..MaxTextLength];
        var masked = MaskQuotes(TextSpans.MaskQuotedTitles(TextSpans.NormalizeDigits(text)));

        var found = new List<Quantity>();
        var i = 0;
        while (i < masked.Length)
        {
            if (TryReadQuantity(masked, i, out var q))
            {
                if (IsTarget(masked, q)) found.Add(q);
                i = q.End;
            }
            else i++;
        }
        var ends = found.Select(q => q.End).ToHashSet();
        var targets = new List<ExtractedTarget>(found.Count);
        for (var k = 0; k < found.Count; k++)
        {
            var previous = k > 0 ? found[k - 1] : null;
            var target = ToTarget(text, masked, found[k], previous, ends);
            // "不低于24%和30%": a list item without its own noun measures the same thing as the item before.
            if (previous is not null && IsListNeighbour(masked, previous, found[k]) && (target.Metric is null || target.Metric.Count(IsCjk) < 2))
                target = target with { Metric = targets[^1].Metric };
            targets.Add(target);
        }
        return targets;
    }

    /// <summary>A number with its unit: where it is written and how it compares.</summary>
    private sealed record Quantity(int Start, int NumberEnd, int End, decimal Value, string Unit, string Op, bool OpFromPrefix, int PrefixStart, bool Chinese);

    private static bool TryReadQuantity(string s, int start, out Quantity quantity)
    {
        quantity = null!;
        if (TryReadWrittenPercent(s, start, out quantity)) return true;
        var c = s[start];
        var arabic = ChineseNumber.IsArabicDigit(c);
        if (!arabic && !ChineseNumber.IsChineseNumeralChar(c)) return false;
        if (start > 0 && StartsNumberRun(s[start - 1])) return false;
        if (!ChineseNumber.TryRead(s, start, allowBigUnits: false, out var value, out var length) || length == 0) return false;
        var pos = start + length;

        // "3—5个", "1到2所": a range counts as at least its lower bound.
        var isRange = false;
        if (pos < s.Length && RangeConnectors.Contains(s[pos]) && pos + 1 < s.Length
            && (ChineseNumber.IsArabicDigit(s[pos + 1]) == arabic || ChineseNumber.IsChineseNumeralChar(s[pos + 1]))
            && ChineseNumber.TryRead(s, pos + 1, allowBigUnits: false, out _, out var upperLength) && upperLength > 0)
        {
            var afterUpper = pos + 1 + upperLength;
            if (UnitAt(s, afterUpper) is not null || (afterUpper < s.Length && MoreThanMarks.Contains(s[afterUpper])))
            {
                isRange = true;
                pos = afterUpper;
            }
        }

        var more = false;
        if (pos < s.Length && MoreThanMarks.Contains(s[pos]))
        {
            more = true;
            pos++;
        }
        var multiplier = Multipliers.FirstOrDefault(m => StartsWithAt(s, pos, m));
        var unitStart = pos;
        if (multiplier is not null) pos += multiplier.Length;
        // "1.2万余人": more-than may also follow the scale word.
        if (multiplier is not null && pos < s.Length && MoreThanMarks.Contains(s[pos]))
        {
            more = true;
            pos++;
        }
        var unit = UnitAt(s, pos);
        if (unit is null) return false;
        pos += unit.Length;
        var numberEnd = unitStart;
        unit = (multiplier ?? "") + unit;
        if (pos < s.Length && MoreThanMarks.Contains(s[pos]) && !NotMoreThan.Any(w => StartsWithAt(s, pos, w))) { more = true; pos++; }
        // "10%—15%", "3万亩-5万亩": a range written with the unit on both ends.
        if (!isRange && pos + 1 < s.Length && RangeConnectors.Contains(s[pos])
            && ChineseNumber.TryRead(s, pos + 1, allowBigUnits: false, out _, out var upperDigits) && upperDigits > 0
            && StartsWithAt(s, pos + 1 + upperDigits, unit))
        {
            isRange = true;
            pos += 1 + upperDigits + unit.Length;
        }

        var op = "=";
        var fromPrefix = false;
        var suffix = SuffixComparators.FirstOrDefault(sc => StartsWithAt(s, pos, sc.Word));
        if (suffix.Word is not null)
        {
            op = suffix.Op;
            pos += suffix.Word.Length;
        }
        var prefixStart = start;
        var prefix = FindPrefixComparator(s, start);
        if (prefix is { } p)
        {
            prefixStart = p.Start;
            // 控制在3%左右 is approximate; 控制在5.5%以内 is a ceiling: a written suffix decides.
            if (suffix.Word is null) { op = p.Op; fromPrefix = true; }
        }
        if (more || isRange) op = ">=";
        quantity = new Quantity(start, numberEnd, pos, value, unit, op, fromPrefix, prefixStart, !arabic);
        return true;
    }

    /// <summary>百分之九十五 → 95 %, 千分之三 → 3 ‰: percentages written out in words.</summary>
    private static bool TryReadWrittenPercent(string s, int start, out Quantity quantity)
    {
        quantity = null!;
        var (prefix, unit) = StartsWithAt(s, start, "百分之") ? ("百分之", "%") : StartsWithAt(s, start, "千分之") ? ("千分之", "‰") : (null, null);
        if (prefix is null || unit is null) return false;
        var numberAt = start + prefix.Length;
        if (!ChineseNumber.TryRead(s, numberAt, allowBigUnits: false, out var value, out var length) || length == 0) return false;
        var pos = numberAt + length;
        var op = "=";
        var fromPrefix = false;
        var suffix = SuffixComparators.FirstOrDefault(sc => StartsWithAt(s, pos, sc.Word));
        if (suffix.Word is not null) { op = suffix.Op; pos += suffix.Word.Length; }
        var prefixStart = start;
        if (FindPrefixComparator(s, start) is { } p)
        {
            prefixStart = p.Start;
            if (suffix.Word is null) { op = p.Op; fromPrefix = true; }
        }
        quantity = new Quantity(start, numberAt + length, pos, value, unit, op, fromPrefix, prefixStart, false);
        return true;
    }

    private static bool StartsNumberRun(char previous) =>
        ChineseNumber.IsArabicDigit(previous) || previous is '.' or '．'
        || ChineseNumber.IsChineseNumeralChar(previous) || char.IsAsciiLetter(previous);

    private static string? UnitAt(string s, int at)
    {
        foreach (var unit in Units)
        {
            if (StartsWithAt(s, at, unit)) return unit;
        }
        return null;
    }

    /// <summary>The nearest comparator before the number in its clause, with no other number in between.</summary>
    private static (int Start, string Op)? FindPrefixComparator(string s, int numberStart)
    {
        const int window = 30;
        for (var i = numberStart - 1; i >= 0 && numberStart - i <= window; i--)
        {
            var c = s[i];
            if (ClauseBreaks.Contains(c)) return null;
            if (ChineseNumber.IsArabicDigit(c)) return null;
            foreach (var (word, op) in PrefixComparators)
            {
                if (i - word.Length + 1 >= 0 && StartsWithAt(s, i - word.Length + 1, word))
                {
                    // 不低于 also ends with 低于; the longer word was listed first and is the one written.
                    return (i - word.Length + 1, op);
                }
            }
        }
        return null;
    }

    private static bool IsTarget(string s, Quantity q)
    {
        var before = q.Start > 0 ? s[q.Start - 1] : '\0';
        // 第3条, 第一: ordinals. 1:15: ratios. 一X一Y, 三个一号: numerals inside a set phrase.
        if (before is ':' or '：' or '/' or '比') return false;
        if (WordFormingPrefixes.Contains(before) && (q.Chinese || before is '第' or '前' or '首')) return false;
        if (q.Chinese && q.Value == 0) return false;
        // Counts say 两 (两次, 两所); a lone 二 before a measure word is an ordinal or adjective (二次消费, 二级).
        if (q.Chinese && s[q.Start] == '二' && q.NumberEnd == q.Start + 1) return false;
        // 组建一支队伍, 社区工作的一项重要内容: 一 as an article, not a count.
        if (q.Chinese && q.Value == 1 && (before == '的' || VagueWithOne.Contains(q.Unit))) return false;
        if (q.Chinese && q.Value == 1 && IsRepeatedOne(s, q.Start)) return false;
        if (UnitWordContinuations.TryGetValue(q.Unit, out var continuations) && q.End < s.Length && continuations.Contains(s[q.End])
            && q.Op == "=") return false;
        if (q.Chinese && DoctrinePhrases.Any(d => StartsWithAt(s, q.Start, d))) return false;
        if (IsLabelCell(s, q)) return false;
        if (IsRewardCondition(s, q)) return false;
        if (IsPerEventRule(s, q.PrefixStart)) return false;
        if (q.End < s.Length && s[q.End] is ':' or '：' or '/' && q.Op == "=") return false;
        if (q.Chinese && IsSetPhrase(s, q)) return false;
        if (q.Unit == "个" && DurationsCountedInGe.Any(d => StartsWithAt(s, q.End, d))) return false;
        if (StructureNouns.Any(n => StartsWithAt(s, q.End, n))) return false;
        // "由60%提高到80%": the first number is where the county starts, the second the target.
        if (BaselineFollowers.Any(w => StartsWithAt(s, q.End, w))) return false;
        if (q.Unit is "条" or "期" or "份" or "件" && PolicyNouns.Any(n => s.AsSpan(q.End, Math.Min(PolicyNounReach, s.Length - q.End)).Contains(n.AsSpan(), StringComparison.Ordinal))) return false;

        var clause = ClauseBefore(s, q.Start);
        if (BackgroundWords.Any(w => clause.Contains(w, StringComparison.Ordinal)) && !IsCumulativeGoal(clause)) return false;
        if (PaymentFollowers(s, q.End)) return false;
        if (IsAmountOfMoney(q))
        {
            if (PaymentWords.Any(w => clause.Contains(w, StringComparison.Ordinal))) return false;
            // 每只0.75万元: a unit price. 10亿元以上企业, 300万元“消费券”: an amount that qualifies the noun after it.
            if (q.Start >= 2 && s[q.Start - 2] == '每' && q.Op == "=") return false;
            if (!q.OpFromPrefix && q.End < s.Length && !ClauseBreaks.Contains(s[q.End]) && !"、）)".Contains(s[q.End])) return false;
        }
        else if (IsCapacity(q) && q.End < s.Length && (IsCjk(s[q.End]) || s[q.End] is '“' or '/'))
        {
            // 90万吨露天煤矿, 13万千瓦“源网荷储”项目: the size of a plant or project, not a result to reach.
            return false;
        }
        else if (q.Unit is "%" or "％" && ShareWords.Any(w => clause.AsSpan(Math.Max(0, clause.Length - ShareReach)).Contains(w.AsSpan(), StringComparison.Ordinal)))
        {
            // 奖励额度15%, 支持资金10%: shares of a payment.
            return false;
        }
        else if (GrantWords.Any(w => clause.Contains(w, StringComparison.Ordinal))) return false;
        return true;
    }

    private static bool IsCapacity(Quantity q) => CapacityUnits.Any(u => q.Unit.EndsWith(u, StringComparison.Ordinal)) && q.Op == "=";

    /// <summary>一领域一张清单, 一户一策: a second 一 shortly after a first one makes a slogan.</summary>
    private static bool IsRepeatedOne(string s, int at)
    {
        const int reach = 3;
        for (var k = Math.Max(0, at - reach); k < at - 1; k++)
        {
            if (s[k] == '一') return true;
        }
        return false;
    }

    private static bool IsAmountOfMoney(Quantity q) => MoneyUnits.Any(u => q.Unit.EndsWith(u, StringComparison.Ordinal));

    /// <summary>
    /// A table cell holding only a count and a short noun ("八个乡镇" under 实施地点) labels the row; it is not a target.
    /// </summary>
    private static bool IsLabelCell(string s, Quantity q)
    {
        const int maxLabelTail = 6;
        var cellStart = q.Start == 0 || CellBreaks.Contains(s[q.Start - 1]);
        if (!cellStart || q.Start == 0 && s.IndexOfAny(CellBreaks.ToCharArray()) < 0) return false;
        var end = q.End;
        while (end < s.Length && !CellBreaks.Contains(s[end]) && end - q.End <= maxLabelTail) end++;
        return (end >= s.Length || CellBreaks.Contains(s[end])) && end - q.End <= maxLabelTail;
    }

    /// <summary>"对…营收首次达到1亿元的，给予100万元奖励": the amounts are conditions of a reward, not targets.</summary>
    private static bool IsRewardCondition(string s, Quantity q)
    {
        const int reach = 60;
        var start = q.Start;
        while (start > 0 && !"，,。；;".Contains(s[start - 1]) && q.Start - start < reach) start--;
        if (start >= s.Length || s[start] != ConditionOpener) return false;
        var after = s.AsSpan(q.End, Math.Min(reach, s.Length - q.End));
        foreach (var word in RewardWords)
        {
            if (after.Contains(word.AsSpan(), StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>
    /// "每举办1次得2分", "每纳入一个给予…": 每 before a verb states a per-event rule (scoring, awards), not a target;
    /// "每月至少一次" and "每校1名" name a period or a place and stay targets.
    /// </summary>
    private static bool IsPerEventRule(string s, int numberStart)
    {
        const int verbLength = 2;
        var at = numberStart - verbLength - 1;
        if (at < 0 || s[at] != '每') return false;
        var verb = s.AsSpan(at + 1, verbLength);
        return IsCjk(verb[0]) && IsCjk(verb[1]) && !PerEventExceptions.Contains(verb[0]);
    }

    private static bool PaymentFollowers(string s, int at) => PaymentAfterWords.Any(w => StartsWithAt(s, at, w));

    private static bool IsSetPhrase(string s, Quantity q)
    {
        foreach (var phrase in SetPhrases)
        {
            if (StartsWithAt(s, q.Start, phrase)) return true;
        }
        // 一户一策, 一村一品; 三个一号, 五个一工程: a numeral right after the unit makes a slogan, not a count.
        return q.End < s.Length && ChineseNumber.IsChineseNumeralChar(s[q.End]) && s[q.End] != '万' && s[q.End] != '亿';
    }

    private static ExtractedTarget ToTarget(string text, string masked, Quantity q, Quantity? previous, HashSet<int> quantityEnds)
    {
        var op = q.Op;
        // "至少1条健康步道、1个健康主题公园": a comparator before a list applies to every item of it.
        if (op == "=" && previous is { OpFromPrefix: true } && IsListNeighbour(masked, previous, q)) op = previous.Op;

        var phraseStart = q.PrefixStart;
        var limit = Math.Max(0, phraseStart - MaxNounLength);
        while (phraseStart > limit && !PhraseBreaks.Contains(masked[phraseStart - 1]) && !quantityEnds.Contains(phraseStart)) phraseStart--;
        // "打造2个示范乡镇、8个示范村": after another item of the list, the words before 、 belong to that item.
        if (quantityEnds.Contains(phraseStart))
        {
            var listBreak = masked.LastIndexOf('、', q.PrefixStart - 1, q.PrefixStart - phraseStart);
            if (listBreak >= phraseStart) phraseStart = listBreak + 1;
        }
        phraseStart = SkipListNumber(masked, phraseStart, q.PrefixStart);
        // A cut inside a date or a leading conjunction ("年力争…", "和污水管网") is not part of the phrase.
        phraseStart = SkipLeadingNoise(masked, phraseStart, q.PrefixStart);
        var textStart = phraseStart;
        var textEnd = q.End;
        var noun = CleanMetric(masked[phraseStart..q.PrefixStart]);
        // "打造2家以上标准化酒店", "设立一个咨询点": after an action verb the measured noun follows the quantity;
        // the text then runs from the verb (or the comparator) to that noun.
        var lead = CleanMetric(masked[phraseStart..q.Start]);
        var verb = ActionVerbs.FirstOrDefault(v => lead.EndsWith(v, StringComparison.Ordinal));
        // "50%的机关符合标准": a share names its population after 的.
        var shareOf = q.End < masked.Length && masked[q.End] == '的';
        if (verb is not null || shareOf || noun.Count(IsCjk) < 2)
        {
            var following = FollowingNoun(masked, q.End);
            if (following.Count(IsCjk) >= 2)
            {
                textEnd = masked.IndexOf(following, q.End, StringComparison.Ordinal) + following.Length;
                if (verb is not null)
                {
                    var verbAt = masked.LastIndexOf(verb, q.Start - 1, q.Start - textStart, StringComparison.Ordinal);
                    if (verbAt >= textStart) textStart = Math.Min(verbAt, q.PrefixStart);
                }
                else textStart = Math.Min(q.PrefixStart, q.Start);
                noun = following;
            }
        }
        var metricAt = noun.Length == 0 ? -1 : masked.IndexOf(noun, textStart, Math.Max(0, textEnd - textStart), StringComparison.Ordinal);
        return new ExtractedTarget(
            text[textStart..textEnd].Trim(),
            metricAt < 0 ? null : text.Substring(metricAt, noun.Length),
            op, q.Value, q.Unit.Replace('％', '%'));
    }

    /// <summary>Moves past list numbering ("1.", "-3.", "2、", "(3)", "（二）") at the start of a phrase, but not past a real number.</summary>
    private static int SkipListNumber(string s, int start, int limit)
    {
        var i = start;
        while (i < limit && s[i] is '-' or ' ') i++;
        var bracketed = i < limit && s[i] is '(' or '（';
        if (bracketed) i++;
        var digits = i;
        while (digits < limit && (ChineseNumber.IsArabicDigit(s[digits]) || bracketed && ChineseNumber.IsChineseNumeralChar(s[digits]))) digits++;
        if (digits == i || digits >= limit) return start;
        if (bracketed) return s[digits] is ')' or '）' ? digits + 1 : start;
        return ListNumberEnds.Contains(s[digits]) ? digits + 1 : start;
    }

    private const string ListNumberEnds = ".．、";

    /// <summary>Moves past a date fragment ("2024年", "到2025年", a lone 年) and conjunctions at the start of a phrase.</summary>
    private static int SkipLeadingNoise(string s, int start, int limit)
    {
        var i = start;
        var moved = true;
        while (moved && i < limit)
        {
            moved = false;
            var word = LeadingNoise.FirstOrDefault(w => StartsWithAt(s, i, w) && i + w.Length <= limit);
            if (word is not null) { i += word.Length; moved = true; continue; }
            var digits = i;
            while (digits < limit && ChineseNumber.IsArabicDigit(s[digits])) digits++;
            if (digits > i && digits < limit && DateUnitChars.Contains(s[digits]))
            {
                i = digits + 1;
                moved = true;
            }
            else if (DateUnitChars.Contains(s[i]) && i == start && i > 0 && ChineseNumber.IsArabicDigit(s[i - 1]))
            {
                i++;
                moved = true;
            }
        }
        return i;
    }

    /// <summary>The noun written right after a quantity ("…10户以上健康家庭"), cut where a verb begins; empty when none.</summary>
    private static string FollowingNoun(string s, int at)
    {
        if (at < s.Length && s[at] == '的') at++;
        if (at >= s.Length || !IsCjk(s[at])) return "";
        var end = at;
        while (end < s.Length && end - at < MaxNounLength && !FollowingBreaks.Contains(s[end]) && !ChineseNumber.IsArabicDigit(s[end])) end++;
        var noun = s[at..end];
        foreach (var verb in NounEndingVerbs)
        {
            var cut = noun.IndexOf(verb, StringComparison.Ordinal);
            if (cut >= 0) noun = noun[..cut];
        }
        return Trim(noun);
    }

    /// <summary>The measured noun without the verbs and comparators around it ("确保…达到" → "…").</summary>
    private static string CleanMetric(string phrase)
    {
        var metric = StripLeadingVerbs(Trim(phrase));
        // "实施2023年…": a year before the number dates the work; it is not part of what is measured.
        if (metric.Length >= 5 && metric.EndsWith('年') && metric[^5..^1].All(ChineseNumber.IsArabicDigit)) metric = metric[..^5];
        var changed = true;
        while (changed && metric.Length > 0)
        {
            changed = false;
            foreach (var word in TrailingVerbs)
            {
                if (metric.EndsWith(word, StringComparison.Ordinal) && metric.Length > word.Length)
                {
                    metric = Trim(metric[..^word.Length]);
                    changed = true;
                }
            }
        }
        return metric;
    }

    private static bool IsListNeighbour(string s, Quantity previous, Quantity q)
    {
        var between = s.AsSpan(previous.End, Math.Max(0, q.Start - previous.End));
        return between.IndexOfAny(ListJoiners) >= 0 && between.IndexOfAny(ClauseBreaks) < 0;
    }

    private static string StripLeadingVerbs(string noun)
    {
        var changed = true;
        while (changed && noun.Length > 0)
        {
            changed = false;
            foreach (var verb in LeadingVerbs)
            {
                if (noun.StartsWith(verb, StringComparison.Ordinal) && noun.Length > verb.Length)
                {
                    noun = noun[verb.Length..];
                    changed = true;
                }
            }
        }
        return noun;
    }

    private static string Trim(string s) => s.Trim(' ', '的', '\t');

    private static string ClauseBefore(string s, int at)
    {
        var start = at;
        while (start > 0 && !ClauseBreaks.Contains(s[start - 1]) && at - start < 40) start--;
        return s[start..at];
    }

    /// <summary>Text inside “…” names something (“三个一号”, “五个一”); its numbers are not targets.</summary>
    private static string MaskQuotes(string text)
    {
        char[]? buffer = null;
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('“', i);
            if (open < 0) break;
            var close = text.IndexOf('”', open + 1, Math.Min(20, text.Length - open - 1));
            if (close < 0) { i = open + 1; continue; }
            buffer ??= text.ToCharArray();
            for (var k = open + 1; k < close; k++)
            {
                if (ChineseNumber.IsArabicDigit(buffer[k]) || ChineseNumber.IsChineseNumeralChar(buffer[k])) buffer[k] = TextSpans.Mask;
            }
            i = close + 1;
        }
        return buffer is null ? text : new string(buffer);
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';

    private static bool StartsWithAt(string s, int at, string word) =>
        at >= 0 && at + word.Length <= s.Length && string.CompareOrdinal(s, at, word, 0, word.Length) == 0;
}
