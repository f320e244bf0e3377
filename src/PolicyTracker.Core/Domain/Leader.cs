namespace PolicyTracker.Core.Domain;

/// <summary>A county leader (县领导) named as responsible for tasks, e.g. 高跃龙 (县长).</summary>
public sealed class Leader
{
    private Leader() { }

    public Leader(string name, string? title = null)
    {
        Id = Guid.NewGuid();
        Name = UnitNaming.Clean(name);
        Title = title;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>职务, e.g. 县长, 副县长.</summary>
    public string? Title { get; private set; }
}
