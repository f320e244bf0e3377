using System.Text;

namespace PolicyTracker.Extraction.Structure;

/// <summary>One document found in a gazette, with the lines it spans (1-based, inclusive).</summary>
public sealed record DocumentSpan
{
    public int StartLine { get; init; }
    public int EndLine { get; init; }
    /// <summary>Where the body starts: the line after the doc number / heading.</summary>
    public int BodyLine { get; init; }
    public string? DocNumber { get; init; }
    public string NoticeTitle { get; init; } = "";
    public string? PlanTitle { get; init; }
    /// <summary>Line of the attached plan's own title, where the plan's numbering starts afresh.</summary>
    public int? PlanLine { get; init; }
    public string? Issuer { get; init; }
    public DateOnly? IssuedOn { get; init; }
}

/// <summary>
/// Splits a gazette into documents following the GB/T 9704 layout: heading (organ + 关于…的通知, possibly over
/// several lines) → 文号 → addressee ending in a colon → body → signature (organ, date). A document is anchored
/// by its 文号 line, or by an addressee line under a 关于… heading when no 文号 is printed. Table-of-contents
/// entries carry page numbers after the 文号, so they never anchor a document.
/// </summary>
public static class DocumentSplitter
{
    /// <summary>Kinds of documents named at the end of a heading.</summary>
    public static readonly string[] DocumentKinds =
    [
        "通知", "通告", "公告", "决定", "报告", "批复", "意见", "方案", "办法", "规定", "规划", "函", "通报", "命令", "决议", "公报", "细则", "计划", "分解",
    ];

    /// <summary>Words naming the kind of an attached plan, used to recognise its title line.</summary>
    private static readonly string[] PlanKinds = ["方案", "规划", "办法", "计划", "细则", "分解", "政策", "意见", "制度", "预案", "清单", "措施", "规定", "要点", "标准"];

    /// <summary>Addressees are organs or groups of them; the line ends with a colon.</summary>
    private static readonly string[] AddresseeWords = ["人民政府", "单位", "部门", "管委会", "委员会", "办公室", "局", "企业", "公司"];

    private static readonly string[] Furniture = ["此件公开发布", "此件主动公开", "此件不公开", "此件依申请公开"];

    /// <summary>Fixed words of the GB/T 9704 layout that the splitter looks for.</summary>
    private static class Words
    {
        /// <summary>关于: introduces a heading's subject.</summary>
        public const string About = "关于";
        /// <summary>印发: "关于印发X的通知" carries plan X.</summary>
        public const string Issues = "印发";
        public const string Government = "人民政府";
        public const string Office = "办公室";
        public const string Attachment = "附件";
        public const string CopiedTo = "抄送";
        public const string Contents = "目录";
        public static readonly string[] NoticeEndings = ["的通知", "通知"];
    }

    private const int MaxHeadingLines = 4;
    private const int MaxHeadingLength = 90;
    private const int MaxLinesFromNumberToAddressee = 8;

    public static List<DocumentSpan> Split(IReadOnlyList<string> lines)
    {
        var anchors = new List<(int Start, int Anchor, int HeadingEnd, string? Number, string Title)>();
        var lastNumberLine = -100;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            string? number = DocNumber(line);
            if (number != null)
            {
                lastNumberLine = i;
                var heading = HeadingAbove(lines, i, requireAbout: false);
                if (heading is { } h) anchors.Add((h.Start, i, h.End, number, h.Title));
                // some gazettes print the 文号 above the heading: the document starts at the number
                else if (HeadingBelow(lines, i) is { } below) anchors.Add((i, below.End, below.End, number, below.Title));
                continue;
            }
            if (InlineNumber(line) is { } inline)
            {
                lastNumberLine = i;
                var heading = HeadingAbove(lines, i, requireAbout: false);
                var start = heading?.Start ?? i;
                var title = (heading?.Title ?? "") + inline.Title;
                anchors.Add((start, i, i, inline.Number, title));
                continue;
            }
            if (IsAddressee(line) && i - lastNumberLine > MaxLinesFromNumberToAddressee)
            {
                var heading = HeadingAbove(lines, i, requireAbout: true);
                if (heading is { } h) anchors.Add((h.Start, i, h.End, null, h.Title));
            }
        }

        var docs = new List<DocumentSpan>();
        for (var k = 0; k < anchors.Count; k++)
        {
            var a = anchors[k];
            if (docs.Count > 0 && a.Start <= docs[^1].BodyLine - 1) continue;
            var end = k + 1 < anchors.Count ? anchors[k + 1].Start - 1 : lines.Count - 1;
            docs.Add(Describe(lines, a.Start, a.Anchor, end, a.Number, a.Title));
        }
        // each document ends where the next begins
        for (var k = 0; k < docs.Count; k++)
            docs[k] = docs[k] with { EndLine = k + 1 < docs.Count ? docs[k + 1].StartLine - 1 : lines.Count };
        return docs;
    }

    private static DocumentSpan Describe(IReadOnlyList<string> lines, int start, int anchor, int end, string? number, string title)
    {
        var (issuer, date, dateLine) = Signature(lines, anchor + 1, end);
        issuer ??= OrganOfTitle(title);
        var (planTitle, planLine) = dateLine >= 0 ? PlanTitleAfter(lines, dateLine + 1, end) : (null, (int?)null);
        // the plan's own title line wins over the notice's wording of it, unless it names another plan altogether
        // (a gazette that printed the wrong attachment title)
        if (PlanOfTitle(title) is { } derived && (planTitle == null || Overlap(planTitle, derived) < MinTitleOverlap)) planTitle = derived;
        return new DocumentSpan
        {
            StartLine = start + 1,
            BodyLine = anchor + 2,
            EndLine = end + 1,
            DocNumber = number,
            NoticeTitle = title,
            PlanTitle = planTitle,
            PlanLine = planLine,
            Issuer = issuer,
            IssuedOn = date,
        };
    }

    /// <summary>
    /// The heading lines just above <paramref name="anchor"/>: up to four short lines without sentence
    /// punctuation; the heading starts at the topmost of them that begins like an organ or a 关于 clause.
    /// </summary>
    private static (int Start, int End, string Title)? HeadingAbove(IReadOnlyList<string> lines, int anchor, bool requireAbout)
    {
        var pieces = new List<int>();
        for (var i = anchor - 1; i >= 0 && pieces.Count < MaxHeadingLines && anchor - i <= 2 * MaxHeadingLines + 2; i--)
        {
            var l = lines[i];
            if (l.Length == 0) continue;
            if (!IsHeadingPiece(l)) break;
            pieces.Add(i);
        }
        if (pieces.Count == 0) return null;
        pieces.Reverse();
        var startIndex = pieces.FindIndex(p => StartsHeading(lines[p]));
        if (startIndex < 0)
        {
            if (requireAbout) return null;
            startIndex = pieces.Count - 1;
        }
        // a department's name printed on its own line above "关于…" ("桃源县发展和改革局" / "关于印发…的通知")
        if (startIndex > 0 && lines[pieces[startIndex]].StartsWith(Words.About, StringComparison.Ordinal) && IsOrgan(lines[pieces[startIndex - 1]]))
            startIndex--;
        var used = pieces.Skip(startIndex).ToList();
        // the heading ends with its kind of document (…的通知); an addressee broken over two lines is not part of it
        var kindEnd = used.FindLastIndex(p => DocumentKinds.Any(k => lines[p].EndsWith(k, StringComparison.Ordinal)));
        if (kindEnd >= 0) used = used.Take(kindEnd + 1).ToList();
        var title = string.Concat(used.Select(p => lines[p])).Replace(" ", "");
        if (requireAbout && !title.Contains(Words.About, StringComparison.Ordinal) && !DocumentKinds.Any(k => title.EndsWith(k, StringComparison.Ordinal)))
            return null;
        return (used[0], used[^1], title);
    }

    /// <summary>Heading lines right under a 文号, up to the addressee line; null when none look like a heading.</summary>
    private static (int End, string Title)? HeadingBelow(IReadOnlyList<string> lines, int number)
    {
        var pieces = new List<int>();
        for (var i = number + 1; i < lines.Count && pieces.Count < MaxHeadingLines && i - number <= 2 * MaxHeadingLines + 2; i++)
        {
            var l = lines[i];
            if (l.Length == 0) continue;
            if (!IsHeadingPiece(l)) break;
            pieces.Add(i);
        }
        if (pieces.Count == 0 || !StartsHeading(lines[pieces[0]])) return null;
        var title = string.Concat(pieces.Select(p => lines[p])).Replace(" ", "");
        return (pieces[^1], title);
    }

    private static bool IsHeadingPiece(string l) =>
        l.Length <= MaxHeadingLength && !l.Contains('。') && !l.Contains('\t') && !l.EndsWith(':') && !l.Contains(';')
        && DateLine(l) == null && !Furniture.Any(f => l.Contains(f, StringComparison.Ordinal))
        && NumberingParser.Parse(l) == null && !(l.StartsWith('(') && l.EndsWith(')')) && !l.StartsWith(Words.Attachment, StringComparison.Ordinal)
        && !LooksLikeContentsEntry(l);

    /// <summary>A table-of-contents line: it carries a bracketed year (a 文号) or ends in a page number.</summary>
    private static bool LooksLikeContentsEntry(string l) =>
        l.IndexOfAny(['〔', '[', '【', '﹝']) >= 0 || l.Replace(" ", "") is Words.Contents || ContainsBracketedYear(l)
        || (l.EndsWith(')') && l.Length > 2 && char.IsAsciiDigit(l[^2]));

    /// <summary>"(2024)" as in a 文号 printed with round brackets.</summary>
    private static bool ContainsBracketedYear(string l)
    {
        for (var i = l.IndexOf('('); i >= 0 && i + 5 < l.Length; i = l.IndexOf('(', i + 1))
            if (l[i + 5] == ')' && l.AsSpan(i + 1, 4).ContainsAnyExceptInRange('0', '9') == false) return true;
        return false;
    }

    private static bool StartsHeading(string l) =>
        l.IndexOf(Words.About, StringComparison.Ordinal) is >= 0 and <= MaxOrganLength || l.Contains(Words.Government, StringComparison.Ordinal);

    /// <summary>The longest issuing organ's name before 关于 in a heading.</summary>
    private const int MaxOrganLength = 20;

    private static bool IsAddressee(string l)
    {
        if (!l.EndsWith(':') || l.Length > 80 || l.Contains('。')) return false;
        return AddresseeWords.Any(w => l.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>
    /// A line that is only a 文号: issuer abbreviation, year in brackets, serial and 号 ("交政发[2024]10号").
    /// Returned as printed with brackets written 〔〕.
    /// </summary>
    public static string? DocNumber(string line)
    {
        if (line.Length is < 8 or > 40 || line[^1] != '号') return null;
        var s = line.Replace(" ", "");
        var open = s.IndexOfAny(['〔', '[', '(', '【', '﹝']);
        if (open < 1 || open > 12 || !s.EndsWith('号')) return null;
        for (var i = 0; i < open; i++)
            if (!IsCjk(s[i])) return null;
        var close = s.IndexOfAny(['〕', ']', ')', '】', '﹞'], open);
        if (close != open + 5 || !s[(open + 1)..close].All(char.IsAsciiDigit)) return null;
        var serial = s[(close + 1)..^1];
        if (serial.Length is 0 or > 4 || !serial.All(char.IsAsciiDigit)) return null;
        return $"{s[..open]}〔{s[(open + 1)..close]}〕{serial}号";
    }

    /// <summary>A heading line that ends with its 文号 ("…的通知 交政发〔2024〕10号").</summary>
    private static (string Title, string Number)? InlineNumber(string line)
    {
        if (!line.EndsWith('号') || !line.Contains(Words.About, StringComparison.Ordinal) || line.Contains('。')) return null;
        for (var cut = line.Length - 6; cut > 0 && cut >= line.Length - 20; cut--)
        {
            if (DocNumber(line[cut..]) is not { } n) continue;
            var title = line[..cut].Trim();
            if (DocumentKinds.Any(k => title.EndsWith(k, StringComparison.Ordinal))) return (title.Replace(" ", ""), n);
        }
        return null;
    }

    /// <summary>
    /// The signature: the first line after the heading that ends in a date, either on its own (the organ is on the
    /// line(s) above), after the organ ("交城县人民政府 2024年7月9日"), or as a table cell (a signature that PDF
    /// conversion pulled into the last table row).
    /// </summary>
    private static (string? Issuer, DateOnly? Date, int Line) Signature(IReadOnlyList<string> lines, int from, int to)
    {
        for (var i = from; i <= to && i < lines.Count; i++)
        {
            var l = lines[i];
            if (l.Length == 0) continue;
            if (TrailingDate(l) is not { } found) continue;
            var prefix = l[..found.Start];
            if (prefix.Length == 0) return (OrgansAbove(lines, i, from), found.Date, i);
            if (prefix.EndsWith('\t')) return (null, found.Date, i);
            var organ = TrailingOrgan(prefix);
            if (organ != null) return (organ, found.Date, i);
        }
        return (null, null, -1);
    }

    /// <summary>A date at the end of a line (furniture such as "(此件公开发布)" after it is ignored).</summary>
    private static (int Start, DateOnly Date)? TrailingDate(string line)
    {
        var s = line;
        foreach (var f in Furniture) s = s.Replace($"({f})", "", StringComparison.Ordinal);
        s = s.TrimEnd(' ', '\t');
        if (!s.EndsWith('日')) return null;
        var year = s.LastIndexOf('年');
        if (year < 4) return year is >= 0 and < 4 && DateLine(s) is { } whole ? (0, whole) : null;
        var start = year - 4;
        if (!s[start..year].All(char.IsAsciiDigit)) return DateLine(s) is { } chinese && s.Length <= 16 ? (0, chinese) : null;
        return DateLine(s[start..]) is { } date ? (start, date) : null;
    }

    /// <summary>The organ name(s) closing a text ("…清单(见网络版)交城县人民政府" → 交城县人民政府).</summary>
    private static string? TrailingOrgan(string prefix)
    {
        var cut = prefix.LastIndexOfAny([')', '。', ',', ';', ':', '\t', '、']);
        var tail = prefix[(cut + 1)..];
        return IsOrgan(tail) ? SplitOrgans(tail) : null;
    }

    /// <summary>Joint issuers printed side by side ("交城县人民政府文水县人民政府") are listed with 、.</summary>
    private static string SplitOrgans(string organs)
    {
        var parts = new List<string>();
        var start = 0;
        for (var at = organs.IndexOf(Words.Government, StringComparison.Ordinal); at >= 0; at = organs.IndexOf(Words.Government, at + 1, StringComparison.Ordinal))
        {
            var end = at + Words.Government.Length;
            if (string.CompareOrdinal(organs, end, Words.Office, 0, Words.Office.Length) == 0) end += Words.Office.Length;
            if (end >= organs.Length || end - start < 4) continue;
            parts.Add(organs[start..end]);
            start = end;
        }
        parts.Add(organs[start..]);
        return string.Join("、", parts);
    }

    private static string? OrgansAbove(IReadOnlyList<string> lines, int dateLine, int from)
    {
        var organs = new List<string>();
        for (var i = dateLine - 1; i >= from && organs.Count < 3; i--)
        {
            var l = lines[i];
            if (l.Length == 0) continue;
            if (!IsOrgan(l)) break;
            organs.Insert(0, l);
        }
        if (organs.Count == 0) return null;
        return string.Join("、", organs.Select(SplitOrgans));
    }

    private static readonly string[] OrganEndings = ["人民政府", "办公室", "委员会", "局", "委", "办", "政府", "中心", "领导小组", "指挥部"];

    private static bool IsOrgan(string l) =>
        l.Length is >= 3 and <= 40 && !l.Contains('。') && !l.Contains(',') && OrganEndings.Any(e => l.EndsWith(e, StringComparison.Ordinal));

    /// <summary>The issuing organ named at the start of a heading ("绛县人民政府办公室关于…" → 绛县人民政府办公室).</summary>
    private static string? OrganOfTitle(string title)
    {
        var about = title.IndexOf(Words.About, StringComparison.Ordinal);
        return about > 1 ? title[..about] : null;
    }

    private static string? PlanOfTitle(string title)
    {
        var print = title.IndexOf(Words.Issues, StringComparison.Ordinal);
        if (print < 0) return null;
        var plan = title[(print + Words.Issues.Length)..];
        var ending = Words.NoticeEndings.FirstOrDefault(e => plan.EndsWith(e, StringComparison.Ordinal));
        if (ending != null) plan = plan[..^ending.Length];
        plan = plan.Replace("《", "").Replace("》", "");
        return plan.Length > 0 ? plan : null;
    }

    private const double MinTitleOverlap = 0.5;

    /// <summary>Share of the shorter title's character bigrams found in the longer one.</summary>
    private static double Overlap(string a, string b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (shorter.Length < 2) return 0;
        var found = 0;
        for (var i = 0; i + 1 < shorter.Length; i++)
            if (longer.Contains(shorter.AsSpan(i, 2), StringComparison.Ordinal)) found++;
        return (double)found / (shorter.Length - 1);
    }

    private static (string?, int?) PlanTitleAfter(IReadOnlyList<string> lines, int from, int to)
    {
        var seen = 0;
        for (var i = from; i <= to && i < lines.Count && seen < 6; i++)
        {
            var l = lines[i];
            if (l.Length == 0) continue;
            seen++;
            if (Furniture.Any(f => l.Contains(f, StringComparison.Ordinal)) || l.StartsWith(Words.Attachment, StringComparison.Ordinal) || l.StartsWith(Words.CopiedTo, StringComparison.Ordinal)) continue;
            if (l.Length > 60 || l.Contains('。') || NumberingParser.Parse(l) != null) return (null, null);
            // a title may run over two lines ("…重点工作" / "任务分解方案")
            var title = l;
            var last = i;
            if (!PlanKinds.Any(k => title.Contains(k, StringComparison.Ordinal)))
            {
                var next = NextNonBlank(lines, i + 1, to);
                if (next < 0 || lines[next].Length > 40 || NumberingParser.Parse(lines[next]) != null) return (null, null);
                title += lines[next];
                last = next;
                if (!PlanKinds.Any(k => title.Contains(k, StringComparison.Ordinal))) return (null, null);
            }
            return (title.Replace(" ", "").Replace("《", "").Replace("》", ""), last + 1);
        }
        return (null, null);
    }

    private static int NextNonBlank(IReadOnlyList<string> lines, int from, int to)
    {
        for (var i = from; i <= to && i < lines.Count; i++)
            if (lines[i].Length > 0) return i;
        return -1;
    }

    /// <summary>
    /// Lines of signature blocks and page furniture inside a document: a date standing alone, the organ line(s)
    /// just above it, an organ followed by its date, and "(此件公开发布)". They end whatever item precedes them.
    /// </summary>
    public static HashSet<int> SignatureLines(IReadOnlyList<string> lines, int fromLine, int toLine)
    {
        var result = new HashSet<int>();
        for (var n = fromLine; n <= toLine && n <= lines.Count; n++)
        {
            var l = lines[n - 1];
            if (l.Length == 0) continue;
            if (l.Length <= 12 && Furniture.Any(f => l.Contains(f, StringComparison.Ordinal)))
            {
                result.Add(n);
                continue;
            }
            if (l.Contains('\t') || TrailingDate(l) is not { } found) continue;
            var prefix = l[..found.Start];
            if (prefix.Length > 0 && !IsOrgan(prefix)) continue;
            result.Add(n);
            if (prefix.Length > 0) continue;
            // the organ lines above a date line belong to the signature too
            for (var k = n - 1; k >= fromLine; k--)
            {
                var above = lines[k - 1];
                if (above.Length == 0) continue;
                if (!IsOrgan(above)) break;
                result.Add(k);
            }
        }
        return result;
    }

    /// <summary>A line that is only a date: "2024年4月10日" or "二〇二四年四月十日".</summary>
    public static DateOnly? DateLine(string l)
    {
        var s = l.Replace(" ", "");
        if (s.Length is < 8 or > 16 || !s.EndsWith('日')) return null;
        var y = s.IndexOf('年');
        var m = s.IndexOf('月');
        if (y < 0 || m < y) return null;
        if (!TryNumber(s[..y], out var year, digitwise: true) || !TryNumber(s[(y + 1)..m], out var month, false) || !TryNumber(s[(m + 1)..^1], out var day, false))
            return null;
        if (year is < 1949 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateOnly(year, month, day);
    }

    private static bool TryNumber(string s, out int value, bool digitwise)
    {
        value = 0;
        if (s.Length == 0) return false;
        if (s.All(char.IsAsciiDigit)) return int.TryParse(s, out value);
        if (digitwise)
        {
            var sb = new StringBuilder();
            foreach (var c in s)
            {
                var d = "〇一二三四五六七八九".IndexOf(c);
                if (c == '零' || c == 'О' || c == 'o' || c == 'O') d = 0;
                if (d < 0) return false;
                sb.Append((char)('0' + d));
            }
            return int.TryParse(sb.ToString(), out value);
        }
        return NumberingParser.TryChinese(s, out value);
    }

    public static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';
}
