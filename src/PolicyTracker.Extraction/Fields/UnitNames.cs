using System.Text;
using PolicyTracker.Extraction.Structure;

namespace PolicyTracker.Extraction.Fields;

/// <summary>
/// Names of responsible units (单位) as printed: normalising a spelling, telling a unit name from other words,
/// and scoring how likely two spellings (县工信科局 / 县工信和科技局) name the same unit, for the unit registry.
/// </summary>
public static class UnitNames
{
    /// <summary>Endings of organ and unit names; a list item that ends in one of these is a unit.</summary>
    internal static readonly string[] Suffixes =
    [
        "局", "委", "办", "部", "院", "中心", "政府", "办公室", "会", "队", "所", "站", "公司", "处", "室", "厅",
        "社", "联", "团", "行", "馆", "单位", "部门", "机关", "乡镇", "街道", "组", "集团", "区", "镇", "乡",
        "科", "校", "段", "台", "库", "场", "园", "院所", "分局", "支局", "办事处", "村", "社区", "县委", "企业",
        "各乡(镇)", "协会", "银行", "医院", "学校", "分行", "支行", "公安", "法院", "检察院", "大队", "中队", "市",
        "机构", "协",
    ];

    private static readonly HashSet<char> LastCharacters = [.. Suffixes.Select(x => x[^1]), ')'];

    /// <summary>Cheap pre-check: could a name ending in <paramref name="c"/> be a unit (or one with an alias)?</summary>
    public static bool MayEndUnit(char c) => LastCharacters.Contains(c);

    /// <summary>Words appended to a unit in a list that describe its role, not its name.</summary>
    private static readonly string[] RoleSuffixes =
    [
        "按照职责分工负责", "按职责分工负责", "按照职责分工", "按职责分工", "按职责负责", "分别负责", "共同负责",
        "负责落实", "负责", "牵头", "配合", "参与", "协助", "协同",
    ];

    /// <summary>Words that follow a unit's name to say what it does; the name ends before them
    /// ("各乡镇人民政府落实", "县有关部门按分工负责", "负有安全监管职责的部门督促企业落实").</summary>
    private static readonly string[] RoleVerbs = ["按照", "按", "督促", "落实", "分工", "负责", "配合", "牵头", "协助", "参与"];

    /// <summary>
    /// The unit name as the contract wants it: whitespace removed, width folded, a trailing alias in parentheses
    /// dropped ("县发改局(县粮食局、县能源局)" → "县发改局"), role words and a trailing 等… descriptor dropped.
    /// Returns "" when nothing name-like is left (a cut-off fragment such as "县").
    /// </summary>
    public static string Normalize(string name)
    {
        var s = NormalizeKeepingTail(name);
        s = TrimTail(s);
        return IsFragment(s) ? "" : s;
    }

    /// <summary><see cref="Normalize"/> without forgiving a junk tail: for deciding whether words are a unit at all.</summary>
    private static string NormalizeKeepingTail(string name)
    {
        var s = LineCleaner.Fold(name);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c)) sb.Append(c);
        s = sb.ToString().Trim('、', ',', ';', ':', '.', '。', '，', '；', '：', ' ');
        var verb = FirstRoleVerb(s);
        if (verb >= 2) s = s[..verb];
        for (var changed = true; changed;)
        {
            changed = false;
            if (s.EndsWith(')') && s.LastIndexOf('(') is var open and > 0)
            {
                s = s[..open];
                changed = true;
            }
            foreach (var role in RoleSuffixes)
            {
                if (s.Length > role.Length + 1 && s.EndsWith(role, StringComparison.Ordinal))
                {
                    s = s[..^role.Length];
                    changed = true;
                    break;
                }
            }
            var etc = s.IndexOf('等');
            if (etc >= 2)
            {
                s = s[..etc];
                changed = true;
            }
            s = s.Trim('、', ',', ';', ':', '.', '。', ' ');
        }
        if (s.StartsWith('(') && !s.Contains(')')) s = s[1..];
        return s;
    }

    private const int MaxJunkTail = 3;

    /// <summary>"县工信和科技局接职责" (a misprinted 按职责): a short tail after a unit ending is not part of the name.</summary>
    private static string TrimTail(string s)
    {
        if (EndsLikeUnit(s)) return s;
        for (var k = 1; k <= MaxJunkTail && s.Length - k >= 3; k++)
            if (EndsLikeUnit(s[..^k])) return s[..^k];
        return s;
    }

    private static bool EndsLikeUnit(string s)
    {
        foreach (var suffix in Suffixes)
            if (s.EndsWith(suffix, StringComparison.Ordinal)) return true;
        return false;
    }

    private static int FirstRoleVerb(string s)
    {
        var depth = 0;
        for (var i = 2; i < s.Length; i++)
        {
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && depth > 0) depth--;
            if (depth > 0) continue;
            foreach (var v in RoleVerbs)
                if (string.CompareOrdinal(s, i, v, 0, v.Length) == 0) return i;
        }
        return -1;
    }

    /// <summary>Too short to be a whole unit ("县", "市"), or punctuation only.</summary>
    public static bool IsFragment(string s) =>
        s.Length < 2 || s.All(c => !char.IsLetterOrDigit(c));

    /// <summary>Whether the text ends like the name of an organ or unit.</summary>
    public static bool LooksLikeUnit(string s)
    {
        s = NormalizeKeepingTail(s);
        return s.Length is >= 2 and <= 30 && EndsLikeUnit(s);
    }

    /// <summary>Endings that only organs have (a 区/村/社 ending may be a place).</summary>
    private static readonly string[] OrganSuffixes =
    [
        "局", "委", "办", "办公室", "中心", "政府", "部", "公司", "大队", "委员会", "联合会", "部门", "单位", "管委会",
        "集团", "银行", "医院", "学校", "法院", "检察院", "联", "队", "所", "站",
    ];

    /// <summary>Group names of organs ("各乡镇", "县直各单位") and names under a county or city.</summary>
    private static readonly string[] OrganPrefixes = ["县", "市", "省", "各"];

    /// <summary>Unmistakably an organ's name, not a place or a thing: "县民政局", "各乡镇", "团县委".</summary>
    public static bool IsOrganName(string name)
    {
        var s = Normalize(name);
        if (s.Length < 2) return false;
        return OrganSuffixes.Any(x => s.EndsWith(x, StringComparison.Ordinal))
            || (s.Length >= 3 && OrganPrefixes.Any(p => s.StartsWith(p, StringComparison.Ordinal)) && EndsLikeUnit(s));
    }

    /// <summary>
    /// 0..1: how likely two spellings name the same unit. Abbreviations drop characters but keep order
    /// (县工信科局 ⊂ 县工信和科技局), so an in-order subsequence with the same ending scores high; otherwise
    /// the overlap of character bigrams decides.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        a = Normalize(a);
        b = Normalize(b);
        if (a.Length == 0 || b.Length == 0) return 0;
        if (a == b) return 1;
        var (shortName, longName) = a.Length <= b.Length ? (a, b) : (b, a);
        var dice = Dice(a, b);
        if (shortName[^1] == longName[^1] && IsSubsequence(shortName, longName))
            return Math.Max(dice, 0.75 + 0.25 * shortName.Length / longName.Length);
        return dice;
    }

    /// <summary>The registry's threshold for offering "same unit?" to a person.</summary>
    public static bool AreLikelySame(string a, string b) => Similarity(a, b) >= 0.75;

    private static bool IsSubsequence(string shortName, string longName)
    {
        var i = 0;
        foreach (var c in longName)
            if (i < shortName.Length && shortName[i] == c) i++;
        return i == shortName.Length;
    }

    private static double Dice(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2) return 0;
        var grams = new Dictionary<string, int>();
        for (var i = 0; i + 1 < a.Length; i++)
            grams[a.Substring(i, 2)] = grams.GetValueOrDefault(a.Substring(i, 2)) + 1;
        var common = 0;
        for (var i = 0; i + 1 < b.Length; i++)
        {
            var g = b.Substring(i, 2);
            if (grams.GetValueOrDefault(g) > 0) { grams[g]--; common++; }
        }
        return 2.0 * common / (a.Length - 1 + b.Length - 1);
    }
}
