using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Fields;

/// <summary>Finds measurable targets (新入限贸易企业10家以上, 毛入园率达到90%以上, 增长6%左右) in a task's text.</summary>
public static class TargetParser
{
    /// <summary>Units a target is counted in, longest first so that 个百分点 wins over 个 and 平方米 over 米.</summary>
    private static readonly string[] Units = new[]
    {
        "个百分点", "百分点", "%", "％", "‰",
        "平方公里", "平方千米", "平方米", "立方米", "㎡", "m²", "m³", "公顷", "公里", "千米", "米",
        "元", "亩", "斤", "吨", "公斤", "千克", "千瓦时", "千瓦", "兆瓦",
        "台（套）", "台(套)", "台/套", "台", "套", "人次", "户次", "个", "家", "人", "户", "所", "座", "次", "场", "条",
        "件", "名", "头", "只", "间", "口", "眼", "方", "张", "副", "栋", "课时", "学时", "辆", "处", "支", "株",
        "棵", "盏", "床", "项", "类", "种", "篇", "期", "根", "块", "份",
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
        ["人"] = "间", ["方"] = "面式案向位法", ["个"] = "月体", ["名"] = "单额", ["条"] = "件例", ["家"] = "庭乡属",
        ["所"] = "有在属", ["口"] = "径岸", ["处"] = "理置室", ["期"] = "间限", ["户"] = "外籍", ["场"] = "所景地馆",
        ["套"] = "餐", ["种"] = "植养子", ["座"] = "谈", ["台"] = "账风阶", ["头"] = "部脑", ["张"] = "力", ["次"] = "要序",
        ["件"] = "事", ["类"] = "型别", ["批"] = "次", ["间"] = "隔", ["项"] = "目",
    };

    /// <summary>Characters before a numeral that make it part of a word (统一, 唯一, 进一步, 新一轮) or an ordinal (第一, 前10名).</summary>
    private const string WordFormingPrefixes = "第前首统唯逐进同单之其万新每任划专合均";

    /// <summary>Units that with 一 read as an article ("一支队伍", "一项工作").</summary>
    private static readonly HashSet<string> VagueWithOne = ["支", "项", "种", "类", "期"];

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

    /// <summary>Words after a count that make it a set of policies or rules, not a quantity to reach ("36条措施").</summary>
    private static readonly string[] PolicyNouns = ["措施", "政策", "举措", "意见", "规定", "条款", "条例", "要求", "原则", "经验", "做法", "办法", "制度"];

    /// <summary>Words in the clause that mark a past fact (background statistics), not a target.</summary>
    private static readonly string[] BackgroundWords = ["已经", "已", "累计", "目前", "现有", "截至目前", "去年", "上年度"];

    /// <summary>Set phrases whose numeral names a thing rather than counts it (一张网, 一件事一次办).</summary>
    private static readonly string[] SetPhrases = ["一张网", "一张图", "一张蓝图", "一件事", "一盘棋", "一把手", "一次性", "一站式", "一条龙", "一揽子", "一批次"];

    /// <summary>Characters that end the clause a target and its comparator live in.</summary>
    private const string ClauseBreaks = "，,。；;：:！!？?\t|\n";

    /// <summary>Characters that end the phrase naming what is measured (a list item or a bracket also do).</summary>
    private const string PhraseBreaks = ClauseBreaks + "、（(）)“”\"";

    private const string RangeConnectors = "—-－–~～至到";

    /// <summary>Verbs that open a target phrase but are not part of what is measured.</summary>
    private static readonly string[] LeadingVerbs = ["确保", "力争", "争取", "实现", "完成", "达到", "计划", "预计", "全年", "其中", "共计", "累计", "新增", "建设", "培育", "打造"];

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
        var masked = MaskQuotes(TextSpans.MaskQuotedTitles(text));

        var found = new List<Quantity>();
        var i = 0;
        while (i < masked.Length)
        {
            if (TryReadQuantity(masked, i, out var q))
            {
                if (IsTarget(masked, q, found)) found.Add(q);
                i = q.End;
            }
            else i++;
        }
        return found.Select(q => ToTarget(text, masked, q, found)).ToList();
    }

    /// <summary>A number with its unit: where it is written and how it compares.</summary>
    private sealed record Quantity(int Start, int NumberEnd, int End, decimal Value, string Unit, string Op, bool OpFromPrefix, int PrefixStart, bool Chinese);

    private static bool TryReadQuantity(string s, int start, out Quantity quantity)
    {
        quantity = null!;
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
        var unit = UnitAt(s, pos);
        if (unit is null) return false;
        pos += unit.Length;
        var numberEnd = unitStart;
        unit = (multiplier ?? "") + unit;
        if (pos < s.Length && MoreThanMarks.Contains(s[pos]) && !StartsWithAt(s, pos, "余额")) { more = true; pos++; }

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

    private static bool IsTarget(string s, Quantity q, List<Quantity> earlier)
    {
        var before = q.Start > 0 ? s[q.Start - 1] : '\0';
        // 第3条, 第一: ordinals. 1:15: ratios. 一X一Y, 三个一号: numerals inside a set phrase.
        if (before is ':' or '：' or '/' or '比') return false;
        if (WordFormingPrefixes.Contains(before) && (q.Chinese || before is '第' or '前' or '首')) return false;
        if (q.Chinese && q.Value == 0) return false;
        // 组建一支队伍, 社区工作的一项重要内容: 一 as an article, not a count.
        if (q.Chinese && q.Value == 1 && (before == '的' || VagueWithOne.Contains(q.Unit))) return false;
        if (q.Chinese && q.Value == 1 && IsRepeatedOne(s, q.Start)) return false;
        if (UnitWordContinuations.TryGetValue(q.Unit, out var continuations) && q.End < s.Length && continuations.Contains(s[q.End])
            && q.Op == "=") return false;
        if (q.Chinese && DoctrinePhrases.Any(d => StartsWithAt(s, q.Start, d))) return false;
        if (IsLabelCell(s, q)) return false;
        if (IsRewardCondition(s, q)) return false;
        if (q.End < s.Length && s[q.End] is ':' or '：' or '/' && q.Op == "=") return false;
        if (q.Chinese && IsSetPhrase(s, q)) return false;
        if (q.Unit == "个" && (StartsWithAt(s, q.End, "月") || StartsWithAt(s, q.End, "工作日") || StartsWithAt(s, q.End, "小时"))) return false;
        if (q.Unit is "项" or "条" or "类" or "种" or "期" or "份" or "件" && PolicyNouns.Any(n => s.AsSpan(q.End, Math.Min(PolicyNounReach, s.Length - q.End)).Contains(n.AsSpan(), StringComparison.Ordinal))) return false;
        // 20余年, 5个月: durations written with a count unit.
        if (StartsWithAt(s, q.End, "年") && q.Unit is "个" or "多" or "余") return false;

        var clause = ClauseBefore(s, q.Start);
        if (BackgroundWords.Any(w => clause.Contains(w, StringComparison.Ordinal))) return false;
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
        else if (clause.Contains("给予", StringComparison.Ordinal)) return false;
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
        var cellStart = q.Start == 0 || s[q.Start - 1] is '\t' or '|';
        if (!cellStart || q.Start == 0 && s.IndexOfAny(['\t', '|']) < 0) return false;
        var end = q.End;
        while (end < s.Length && s[end] is not ('\t' or '|') && end - q.End <= maxLabelTail) end++;
        return (end >= s.Length || s[end] is '\t' or '|') && end - q.End <= maxLabelTail;
    }

    /// <summary>"对…营收首次达到1亿元的，给予100万元奖励": the amounts are conditions of a reward, not targets.</summary>
    private static bool IsRewardCondition(string s, Quantity q)
    {
        const int reach = 60;
        var start = q.Start;
        while (start > 0 && !"，,。；;".Contains(s[start - 1]) && q.Start - start < reach) start--;
        if (start >= s.Length || s[start] != '对') return false;
        var after = s.AsSpan(q.End, Math.Min(reach, s.Length - q.End));
        return after.Contains("给予".AsSpan(), StringComparison.Ordinal) || after.Contains("奖励".AsSpan(), StringComparison.Ordinal);
    }

    private static bool PaymentFollowers(string s, int at) =>
        StartsWithAt(s, at, "奖励") || StartsWithAt(s, at, "补贴") || StartsWithAt(s, at, "补助") || StartsWithAt(s, at, "的奖励")
        || StartsWithAt(s, at, "的补助") || StartsWithAt(s, at, "的补贴") || StartsWithAt(s, at, "奖补");

    private static bool IsSetPhrase(string s, Quantity q)
    {
        foreach (var phrase in SetPhrases)
        {
            if (StartsWithAt(s, q.Start, phrase)) return true;
        }
        // 一户一策, 一村一品; 三个一号, 五个一工程: a numeral right after the unit makes a slogan, not a count.
        return q.End < s.Length && ChineseNumber.IsChineseNumeralChar(s[q.End]) && s[q.End] != '万' && s[q.End] != '亿';
    }

    private static ExtractedTarget ToTarget(string text, string masked, Quantity q, List<Quantity> all)
    {
        var op = q.Op;
        // "至少1条健康步道、1个健康主题公园": a comparator before a 、 list applies to every item of it.
        if (op == "=" && PreviousInList(masked, q, all) is { OpFromPrefix: true } listHead) op = listHead.Op;

        var phraseStart = q.PrefixStart;
        var limit = Math.Max(0, phraseStart - MaxNounLength);
        while (phraseStart > limit && !PhraseBreaks.Contains(masked[phraseStart - 1]) && !IsQuantityEnd(all, phraseStart)) phraseStart--;
        var noun = Trim(masked[phraseStart..q.PrefixStart]);
        var textStart = phraseStart;
        var textEnd = q.End;
        if (noun.Length == 0 || noun.All(c => !IsCjk(c)))
        {
            // "1个健康主题公园": the measured noun follows the number.
            var after = q.End;
            while (after < masked.Length && after - q.End < MaxNounLength && !PhraseBreaks.Contains(masked[after])
                && !ChineseNumber.IsArabicDigit(masked[after])) after++;
            noun = masked[q.End..after];
            textEnd = after;
        }
        var metric = StripLeadingVerbs(noun);
        return new ExtractedTarget(
            text[textStart..textEnd].Trim(),
            metric.Length == 0 ? null : text.Substring(masked.IndexOf(metric, textStart, StringComparison.Ordinal) is var at and >= 0 ? at : textStart, metric.Length),
            op, q.Value, q.Unit.Replace('％', '%'));
    }

    private static Quantity? PreviousInList(string s, Quantity q, List<Quantity> all)
    {
        var index = all.IndexOf(q);
        if (index <= 0) return null;
        var previous = all[index - 1];
        var between = s.AsSpan(previous.End, Math.Max(0, q.Start - previous.End));
        return between.Contains('、') && between.IndexOfAny(ClauseBreaks) < 0 ? previous : null;
    }

    private static bool IsQuantityEnd(List<Quantity> all, int at) => all.Any(x => x.End == at);

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
