using PolicyTracker.Extraction.Model;

namespace PolicyTracker.Extraction.Fields;

/// <summary>Finds measurable targets (新入限贸易企业10家以上, 毛入园率达到90%以上, 增长6%左右) in a task's text.</summary>
public static class TargetParser
{
    public static IReadOnlyList<ExtractedTarget> Find(string text) => [];
}
