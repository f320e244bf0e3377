using Microsoft.AspNetCore.Identity;

namespace PolicyTracker.Core.Domain;

/// <summary>The four kinds of people who use the system.</summary>
public static class Roles
{
    /// <summary>管理员: imports plans, manages accounts and units.</summary>
    public const string Admin = "Admin";
    /// <summary>督查室: reviews, urges, approves extensions, closes tasks.</summary>
    public const string Supervisor = "Supervisor";
    /// <summary>县领导: reads everything, gives instructions (批示).</summary>
    public const string Leader = "Leader";
    /// <summary>单位人员: updates the tasks of the one unit they belong to.</summary>
    public const string UnitStaff = "UnitStaff";

    public static readonly string[] All = [Admin, Supervisor, Leader, UnitStaff];

    public static string Chinese(string role) => role switch
    {
        Admin => "管理员",
        Supervisor => "督查室",
        Leader => "县领导",
        UnitStaff => "单位人员",
        _ => role,
    };
}

/// <summary>An account. Unit staff are bound to exactly one unit; leaders may be linked to a <see cref="Domain.Leader"/>.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public Guid? UnitId { get; set; }
    public Guid? LeaderId { get; set; }
}
