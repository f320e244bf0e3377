namespace PolicyTracker.Core.Domain;

/// <summary>Kinds of responsible organisations.</summary>
public enum UnitKind
{
    /// <summary>县直部门 (县发改局, 县财政局 …).</summary>
    CountyDepartment,
    /// <summary>乡镇 (…镇人民政府).</summary>
    Township,
    /// <summary>a collective such as 各乡镇人民政府 or 县直各有关单位.</summary>
    Group,
}

/// <summary>A responsible unit (单位): one canonical name, and the other spellings plans use for it.</summary>
public sealed class Unit
{
    private readonly List<UnitAlias> _aliases = [];

    private Unit() { }

    public Unit(string name, UnitKind kind)
    {
        Id = Guid.NewGuid();
        Name = UnitNaming.Clean(name);
        Kind = kind;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    public IReadOnlyList<UnitAlias> Aliases => _aliases;

    /// <summary>更名: the old name stays as an alias, so plans that still use it map here.</summary>
    public void Rename(string name)
    {
        var clean = UnitNaming.Clean(name);
        if (clean.Length == 0) throw new DomainException("单位名称不能为空");
        if (clean == Name) return;
        var old = Name;
        _aliases.RemoveAll(a => a.Name == clean);
        Name = clean;
        AddAlias(old);
    }

    /// <summary>Learns another spelling (县工信和科技局 for 县工信科局) so later imports map it to this unit.</summary>
    public void AddAlias(string alias)
    {
        var clean = UnitNaming.Clean(alias);
        if (clean == Name || _aliases.Any(a => a.Name == clean)) return;
        _aliases.Add(new UnitAlias(Id, clean));
    }

    public bool IsCalled(string name)
    {
        var clean = UnitNaming.Clean(name);
        return clean == Name || _aliases.Any(a => a.Name == clean);
    }

    public static UnitKind GuessKind(string name)
    {
        var clean = UnitNaming.Clean(name);
        if (clean.StartsWith('各') || clean.Contains("有关")) return UnitKind.Group;
        if (clean.EndsWith("镇") || clean.EndsWith("乡") || clean.Contains("镇人民政府") || clean.Contains("乡人民政府") || clean.EndsWith("街道办事处")) return UnitKind.Township;
        return UnitKind.CountyDepartment;
    }
}

/// <summary>Another spelling of a unit's name; unique across the county so a name maps to one unit.</summary>
public sealed class UnitAlias
{
    private UnitAlias() { }

    public UnitAlias(Guid unitId, string name)
    {
        Id = Guid.NewGuid();
        UnitId = unitId;
        Name = name;
    }

    public Guid Id { get; private set; }
    public Guid UnitId { get; private set; }
    public string Name { get; private set; } = "";
}

public static class UnitNaming
{
    /// <summary>Plans printed from PDFs carry stray spaces inside names ("县教 育体育局"); names are compared without them.</summary>
    public static string Clean(string name) =>
        string.Concat(name.Where(c => !char.IsWhiteSpace(c)));
}
