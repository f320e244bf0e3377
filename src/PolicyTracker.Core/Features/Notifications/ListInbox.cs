using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Notifications;

/// <summary>站内消息: the caller's notifications — to their unit, to them, or to their role — newest first.</summary>
public static class ListInbox
{
    public sealed record Query(bool UnreadOnly = false, int Page = 1, int PageSize = 50) : IQuery<Page<Item>>;

    public sealed record Item(Guid Id, string Kind, string Title, string Body, DateTimeOffset CreatedAt, Guid? TaskId, DateTimeOffset? ReadAt);

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user) : IQueryHandler<Query, Page<Item>>
    {
        public async ValueTask<Page<Item>> Handle(Query query, CancellationToken ct)
        {
            var mine = db.Notifications.AsNoTracking().Mine(user);
            if (query.UnreadOnly) mine = mine.Where(n => n.ReadAt == null);
            var size = Math.Clamp(query.PageSize, 1, 200);
            var page = Math.Max(1, query.Page);
            var total = await mine.CountAsync(ct);
            // Instants are stored as sortable integers on SQLite, so this ordering runs in SQL on both providers.
            var items = await mine.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Skip((page - 1) * size).Take(size)
                .Select(n => new Item(n.Id, n.Kind, n.Title, n.Body, n.CreatedAt, n.TaskId, n.ReadAt)).ToListAsync(ct);
            return new(items, total, page, size);
        }
    }

    internal static IQueryable<Notification> Mine(this IQueryable<Notification> all, ICurrentUser user)
    {
        var id = user.Id;
        var unit = user.UnitId;
        var role = user.Role;
        if (string.IsNullOrEmpty(role)) throw new ForbiddenException("请先登录");
        return all.Where(n => (id != null && n.RecipientUserId == id) || (unit != null && n.RecipientUnitId == unit) || n.RecipientRole == role);
    }
}
