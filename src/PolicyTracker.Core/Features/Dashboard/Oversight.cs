using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Dashboard;

internal static class Oversight
{
    /// <summary>Dashboards compare units, so they are for leaders and supervision, not for one unit's staff.</summary>
    public static void MustOversee(this ICurrentUser user)
    {
        if (user.Role is not (Roles.Admin or Roles.Supervisor or Roles.Leader))
            throw new ForbiddenException("只有县领导、督查室或管理员可以查看统计");
    }

    /// <summary>Grade points for averages: 优秀 4, 良好 3, 合格 2, 不合格 1.</summary>
    public static int Points(CompletionGrade grade) => grade switch
    {
        CompletionGrade.Excellent => 4,
        CompletionGrade.Good => 3,
        CompletionGrade.Pass => 2,
        _ => 1,
    };

    public static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
