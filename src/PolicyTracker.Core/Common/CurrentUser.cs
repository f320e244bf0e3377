using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Common;

/// <summary>Who is acting: an account from the web host, or the system itself (jobs, the command line).</summary>
public interface ICurrentUser
{
    Guid? Id { get; }
    string Name { get; }
    string Role { get; }
    /// <summary>The unit of a UnitStaff account; null for everyone else.</summary>
    Guid? UnitId { get; }
}

/// <summary>The actor for jobs and the command line: acts with admin rights, audited as 系统.</summary>
public sealed class SystemUser : ICurrentUser
{
    public Guid? Id => null;
    public string Name => "系统";
    public string Role => Roles.Admin;
    public Guid? UnitId => null;
}

/// <summary>Access rules, checked by handlers before they ask the domain to change anything.</summary>
public static class AccessRules
{
    public static bool IsSupervision(this ICurrentUser user) => user.Role is Roles.Admin or Roles.Supervisor;

    public static void MustBeSupervision(this ICurrentUser user)
    {
        if (!user.IsSupervision()) throw new ForbiddenException("只有督查室或管理员可以执行此操作");
    }

    public static void MustBeAdmin(this ICurrentUser user)
    {
        if (user.Role != Roles.Admin) throw new ForbiddenException("只有管理员可以执行此操作");
    }

    public static void MustBeLeader(this ICurrentUser user)
    {
        if (user.Role != Roles.Leader) throw new ForbiddenException("只有县领导可以批示");
    }

    /// <summary>Only staff of a lead unit (牵头单位) may change a task's progress.</summary>
    public static Guid MustLead(this ICurrentUser user, PlanTask task)
    {
        if (user.Role == Roles.UnitStaff && user.UnitId is { } unit && task.IsLedBy(unit)) return unit;
        throw new ForbiddenException("只有该任务牵头单位的人员可以执行此操作");
    }

    /// <summary>Co-units (配合单位) may contribute to a task they co-own.</summary>
    public static Guid MustCoOwn(this ICurrentUser user, PlanTask task)
    {
        if (user.Role == Roles.UnitStaff && user.UnitId is { } unit && task.CoUnitIds.Contains(unit)) return unit;
        throw new ForbiddenException("只有该任务配合单位的人员可以报送配合情况");
    }

    /// <summary>Unit staff see only tasks their unit takes part in; everyone else sees all.</summary>
    public static void MustSee(this ICurrentUser user, PlanTask task)
    {
        if (user.Role != Roles.UnitStaff) return;
        if (user.UnitId is { } unit && task.Involves(unit)) return;
        throw new ForbiddenException("无权查看其他单位的任务");
    }
}
