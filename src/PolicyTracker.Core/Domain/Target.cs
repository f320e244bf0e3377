namespace PolicyTracker.Core.Domain;

/// <summary>How a target's value is to be met: 以上/不低于 (≥), 以内/不超过 (≤), 左右/约 (~), 达到 (=).</summary>
public enum Comparator { AtLeast, AtMost, About, Exactly }

/// <summary>A measurable target of a task (指标): 新入限贸易企业10家以上.</summary>
public sealed class Target
{
    private Target() { }

    internal Target(Guid taskId, TargetDraft draft)
    {
        Id = Guid.NewGuid();
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
    public bool? IsAttained => LatestActual is not { } actual ? null : Comparator switch
    {
        Comparator.AtLeast => actual >= Value,
        Comparator.AtMost => actual <= Value,
        Comparator.About => Math.Abs(actual - Value) <= Math.Abs(Value) * 0.05m,
        _ => actual >= Value,
    };

    public static Comparator ParseOp(string op) => op switch
    {
        ">=" => Comparator.AtLeast,
        "<=" => Comparator.AtMost,
        "~" => Comparator.About,
        _ => Comparator.Exactly,
    };
}
