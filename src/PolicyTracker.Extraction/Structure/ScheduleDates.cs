namespace PolicyTracker.Extraction.Structure;

/// <summary>
/// Decides whether an item states its own completion date (rule 4 of the annotation guide): a month-level date
/// or a year-end expression that is not only a start ("2024年起", "4月1日开始").
/// </summary>
public static class ScheduleDates
{
    /// <summary>Headings of implementation-steps / schedule sections.</summary>
    public static readonly string[] ScheduleHeadingWords =
    [
        "实施步骤", "工作步骤", "任务步骤", "推进步骤", "步骤安排", "时间安排", "进度安排", "实施进度", "时间进度", "进度计划",
        "工作计划", "时间节点", "阶段安排", "工作安排", "实施安排", "进度",
    ];

    /// <summary>Phrases that state a completion date outright, wherever the item stands.</summary>
    public static readonly string[] ExplicitDeadlinePhrases = ["完成时限", "完成时间:", "完成时间为", "时限要求:", "完成期限"];

    private static readonly string[] YearEndWords = ["年底", "年末", "上半年", "下半年", "年内", "年初"];
    private static readonly string[] StartOnlyWords = ["起", "开始", "以来"];

    public static bool IsScheduleHeading(string head) =>
        head.Length <= 40 && ScheduleHeadingWords.Any(w => head.Contains(w, StringComparison.Ordinal));

    public static bool HasExplicitDeadline(string text) =>
        ExplicitDeadlinePhrases.Any(p => text.Contains(p, StringComparison.Ordinal)) && HasCompletionDate(text);

    public static bool HasCompletionDate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '月' && i > 0 && char.IsAsciiDigit(text[i - 1]))
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '日' or '号' or '底' or '末' or '份')) end++;
                if (!FollowedByStart(text, end)) return true;
            }
            if (text[i] != '年') continue;
            // every year-end word contains 年: align the word on this one
            foreach (var w in YearEndWords)
            {
                var at = i - w.IndexOf('年');
                if (at >= 0 && string.CompareOrdinal(text, at, w, 0, w.Length) == 0 && !FollowedByStart(text, at + w.Length)) return true;
            }
        }
        return false;
    }

    private static bool FollowedByStart(string text, int at) =>
        StartOnlyWords.Any(w => string.CompareOrdinal(text, at, w, 0, w.Length) == 0);
}
