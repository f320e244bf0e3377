namespace PolicyTracker.Core.Domain;

/// <summary>How a target's value is to be met: 以上/不低于 (≥), 以内/不超过 (≤), 左右/约 (~), 达到 (=).</summary>
public enum Comparator { AtLeast, AtMost, About, Exactly }

/// <summary>A measurable target of a task (指标): 新入限贸易企业10家以上.</summary>
public sealed class Target
{
    private Target() { }

    internal Target(Guid taskId, TargetDraft draft)
    {
        Id = RandomIds.New();
        TaskId = taskId;
        Text = draft.Text;
        Metric = draft.Metric;
        Comparator = draft.Comparator;
        Value = draft.Value;
        Unit = draft.Unit;
    }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public string Text { get; private set; } = "";
    public string? Metric { get; private set; }
    public Comparator Comparator { get; private set; }
    public decimal Value { get; private set; }
    /// <summary>单位 as written: 家, %, 万元, 个百分点 …</summary>
    public string? Unit { get; private set; }
    public decimal? LatestActual { get; private set; }
    public DateTimeOffset? LatestActualAt { get; private set; }

    internal void RecordActual(decimal actual, DateTimeOffset at)
    {
        LatestActual = actual;
        LatestActualAt = at;
    }

    /// <summary>Whether the latest actual meets the target (左右 allows 5% either way).</summary>
    public bool? IsAttained => Attains(Comparator, Value, LatestActual);

    /// <summary>The attainment rule on bare values, for reports that project targets in SQL.</summary>
    public static bool? Attains(Comparator comparator, decimal value, decimal? latestActual) => latestActual is not { } actual ? null : comparator switch
    {
        Comparator.AtLeast => actual >= value,
        Comparator.AtMost => actual <= value,
        Comparator.About => Math.Abs(actual - value) <= Math.Abs(value) * 0.05m,
        _ => actual >= value,
    };

    public static Comparator ParseOp(string op) => op switch
    {
        ">=" => Comparator.AtLeast,
        "<=" => Comparator.AtMost,
        "~" => Comparator.About,
        _ => Comparator.Exactly,
    };
}
