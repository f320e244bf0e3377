using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Inbox;

/// <summary>站内消息: the notifications addressed to the caller, their unit or their role, newest first.</summary>
public static class ListInbox
{
    public sealed record Query(bool? Unread = null, int Page = 1, int PageSize = 20) : IQuery<Page<Item>>;

    public sealed record Item(Guid Id, string Kind, string Title, string Body, DateTimeOffset CreatedAt, Guid? TaskId, DateTimeOffset? ReadAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, Page<Item>>
    {
        public async ValueTask<Page<Item>> Handle(Query q, CancellationToken ct)
        {
            var mine = For(db.Notifications.AsNoTracking(), user);
            if (q.Unread == true) mine = mine.Where(n => n.ReadAt == null);
            var total = await mine.CountAsync(ct);
            var items = await mine.OrderByDescending(n => n.CreatedAt).Skip((q.Page - 1) * q.PageSize).Take(q.PageSize)
                .Select(n => new Item(n.Id, n.Kind, n.Title, n.Body, n.CreatedAt, n.TaskId, n.ReadAt)).ToListAsync(ct);
            return new(items, total, q.Page, q.PageSize);
        }
    }

    /// <summary>Admins read what is addressed to 督查室 too: they stand in for it.</summary>
    /// <remarks>Callers choose tracking: an AsNoTracking anywhere in a query makes the whole query untracked.</remarks>
    internal static IQueryable<Notification> For(IQueryable<Notification> notifications, ICurrentUser user)
    {
        if (user.Id is not { } id) throw new ForbiddenException("请先登录");
        var unit = user.UnitId;
        var roles = user.Role == Roles.Admin ? new[] { Roles.Admin, Roles.Supervisor } : new[] { user.Role };
        return notifications.Where(n => n.RecipientUserId == id
            || (unit != null && n.RecipientUnitId == unit) || (n.RecipientRole != null && roles.Contains(n.RecipientRole)));
    }
}
