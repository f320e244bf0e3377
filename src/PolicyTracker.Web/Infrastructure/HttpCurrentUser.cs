using System.Security.Claims;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Web.Infrastructure;

/// <summary>
/// The signed-in account, read from its claims. Code running outside a request (start-up seeding, Hangfire jobs)
/// acts as <see cref="SystemUser"/>; an anonymous request has no role and is refused by every rule.
/// </summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string UnitClaim = "unit_id";
    public const string DisplayNameClaim = "display_name";
    private static readonly SystemUser System = new();

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;
    private bool OutsideRequest => accessor.HttpContext is null;

    public Guid? Id => OutsideRequest ? System.Id
        : Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string Name => OutsideRequest ? System.Name
        : Principal?.FindFirstValue(DisplayNameClaim) ?? Principal?.Identity?.Name ?? "匿名";

    public string Role => OutsideRequest ? System.Role
        : Roles.All.FirstOrDefault(r => Principal?.IsInRole(r) == true) ?? "";

    public Guid? UnitId => OutsideRequest ? System.UnitId
        : Guid.TryParse(Principal?.FindFirstValue(UnitClaim), out var unit) ? unit : null;
}
