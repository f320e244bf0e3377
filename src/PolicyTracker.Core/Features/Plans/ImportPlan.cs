using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Extraction;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>Upload a gazette or plan (.txt/.docx/.pdf): the extractor drafts its documents and tasks for review.</summary>
public static class ImportPlan
{
    public sealed record Command(string FileName, byte[] Content) : ICommand<Response>;

    public sealed record Response(Guid ImportId, int Documents, int Tasks, IReadOnlyList<DuplicateHint> Duplicates);

    /// <summary>A document of this import that matches a plan already published (same 文号 or the same text).</summary>
    public sealed record DuplicateHint(int DocumentIndex, Guid PlanId, string PlanTitle, string Reason);

    public static readonly string[] AcceptedExtensions = [".txt", ".docx", ".pdf"];

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TrackingOptions options)
        {
            RuleFor(c => c.FileName).NotEmpty().MaximumLength(255)
                .Must(n => AcceptedExtensions.Contains(Path.GetExtension(n).ToLowerInvariant()))
                .WithMessage("只支持 .txt、.docx、.pdf 文件")
                .Must(n => n is null || !n.Any(char.IsControl)).WithMessage("文件名含有控制字符");
            RuleFor(c => c.Content).NotEmpty().WithMessage("文件为空")
                .Must(c => c.LongLength <= options.ImportMaxBytes).WithMessage($"文件不能超过 {options.ImportMaxBytes / 1024 / 1024} MB");
        }
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var result = Extractor.Extract(cmd.Content, Path.GetFileName(cmd.FileName));
            var draft = ImportDraft.From(result);
            var sourceText = string.Join('\n', result.Lines);
            var import = new PlanImport(Path.GetFileName(cmd.FileName), Sha256(cmd.Content), sourceText, draft.ToJson(), user.Id, clock.GetUtcNow());
            db.PlanImports.Add(import);
            await db.SaveChangesAsync(ct);
            var duplicates = await FindDuplicatesAsync(db, draft, ct);
            return new(import.Id, draft.Documents.Count, draft.Documents.Sum(d => d.Tasks.Count), duplicates);
        }
    }

    internal static async Task<IReadOnlyList<DuplicateHint>> FindDuplicatesAsync(PolicyTrackerDbContext db, ImportDraft draft, CancellationToken ct)
    {
        var hints = new List<DuplicateHint>();
        for (var i = 0; i < draft.Documents.Count; i++)
        {
            var doc = draft.Documents[i];
            if (doc.Tasks.Count == 0) continue;
            var hash = DocumentHash(doc);
            var match = await db.Plans.AsNoTracking()
                .Where(p => p.Status == PlanStatus.Published && ((doc.DocNumber != null && p.DocNumber == doc.DocNumber) || p.ContentHash == hash))
                .Select(p => new { p.Id, p.PlanTitle, p.NoticeTitle, p.DocNumber })
                .FirstOrDefaultAsync(ct);
            if (match is not null)
                hints.Add(new(i, match.Id, match.PlanTitle ?? match.NoticeTitle ?? "",
                    match.DocNumber == doc.DocNumber && doc.DocNumber != null ? $"文号相同：{doc.DocNumber}" : "内容相同"));
        }
        return hints;
    }

    /// <summary>Hash of a document's tasks as drafted, whitespace removed, so re-typesetting the same text matches.</summary>
    internal static string DocumentHash(DraftDocument doc)
    {
        // One pass over the task texts into one buffer (a plan of 20,000 tasks is about a million characters).
        var clean = new char[doc.Tasks.Sum(t => t.Text.Length)];
        var length = 0;
        foreach (var task in doc.Tasks)
            foreach (var c in task.Text)
                if (!char.IsWhiteSpace(c)) clean[length++] = c;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(clean, 0, length)));
    }

    internal static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content));
}
