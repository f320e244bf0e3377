using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>The common frame of every review edit: supervision only, the caller's version must be current, one save.</summary>
internal static class ImportReview
{
    public static async Task<Guid> ReviseAsync(PolicyTrackerDbContext db, ICurrentUser user, Guid importId, Guid version,
        string action, Func<ImportDraft, string?> edit, CancellationToken ct)
    {
        user.MustBeSupervision();
        var import = await db.PlanImports.FindRequiredAsync(importId, ct);
        if (import.Status != ImportStatus.PendingReview) throw new DomainException("该导入已发布或已放弃，不能再修改");
        ExpectVersion(db, import, version);
        var draft = ImportDraft.FromJson(import.DraftJson);
        var detail = edit(draft);
        import.ReviseDraft(draft.ToJson(), action, detail);
        await db.SaveChangesAsync(ct);
        return import.Version;
    }

    public static void ExpectVersion(PolicyTrackerDbContext db, PlanImport import, Guid version)
    {
        if (import.Version != version) throw new DbUpdateConcurrencyException("导入草稿已被他人修改，请刷新后重试");
        db.Entry(import).Property(i => i.Version).OriginalValue = version;
    }

    public static DraftDocument Document(ImportDraft draft, int index) =>
        index >= 0 && index < draft.Documents.Count ? draft.Documents[index] : throw new NotFoundException("文件", index);

    public static DraftTask Task(DraftDocument doc, int index) =>
        index >= 0 && index < doc.Tasks.Count ? doc.Tasks[index] : throw new NotFoundException("任务", index);

    public static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
