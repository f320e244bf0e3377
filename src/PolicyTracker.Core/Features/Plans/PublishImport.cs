using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using PolicyTracker.Core.Common;
using PolicyTracker.Core.Data;
using PolicyTracker.Core.Domain;
using PolicyTracker.Core.Features.Units;

namespace PolicyTracker.Core.Features.Plans;

/// <summary>
/// Publish a reviewed import: every task-bearing document becomes a Plan with its tasks, units, leader, deadline,
/// targets and reporting cadence, in one transaction (a failure leaves no partial plan).
/// </summary>
public static class PublishImport
{
    /// <param name="ReplaceDuplicates">publish even where a plan with the same 文号 or text exists (an update, by decision)</param>
    public sealed record Command(Guid ImportId, bool ReplaceDuplicates = false) : ICommand<Response>;

    public sealed record Response(IReadOnlyList<Guid> PlanIds, int Tasks);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).NotEmpty();
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var import = await db.PlanImports.FindRequiredAsync(cmd.ImportId, ct);
            var draft = ImportDraft.FromJson(import.DraftJson);
            var lines = import.SourceText.Split('\n');
            var duplicates = await ImportPlan.FindDuplicatesAsync(db, draft, lines, ct);
            if (duplicates.Count > 0 && !cmd.ReplaceDuplicates)
                throw new DomainException($"该文件中的文件已发布过（{string.Join("；", duplicates.Select(d => $"{d.PlanTitle}，{d.Reason}"))}），请确认作为更新发布");
            var now = clock.GetUtcNow();
            var registry = new UnitRegistry(db);
            var leaders = new Dictionary<string, Leader>();
            var planIds = new List<Guid>();
            var taskCount = 0;
            foreach (var doc in draft.Documents)
            {
                var tasks = doc.Tasks.Where(t => !t.Excluded).ToList();
                if (tasks.Count == 0) continue;
                var plan = new Plan(doc.DocNumber, doc.NoticeTitle, doc.PlanTitle, doc.Issuer, doc.IssuedOn, import.FileName,
                    ImportPlan.DocumentHash(doc, lines), now);
                plan.SetReportingCycles(doc.Reporting.Concat(tasks.SelectMany(t => t.Reporting)).Select(ToCycle).DistinctBy(c => (c.Frequency, c.DueDay)));
                foreach (var task in tasks)
                {
                    if (task.LeadUnits.Count == 0)
                        throw new DomainException($"第{task.Line}行的任务没有牵头单位，请在审核中补充或标记为非任务");
                    var lead = new List<Unit>();
                    foreach (var name in task.LeadUnits) lead.Add(await registry.ResolveOrCreateAsync(name, ct));
                    var co = new List<Unit>();
                    foreach (var name in task.CoUnits) co.Add(await registry.ResolveOrCreateAsync(name, ct));
                    var leader = task.Leader is { Length: > 0 } leaderName ? await LeaderAsync(leaderName, leaders, ct) : null;
                    plan.AddTask(new TaskDraft(task.Text, task.Title, task.Section, task.Line, leader, lead, co, task.Deadline,
                        task.DeadlineText, task.Ongoing,
                        task.Targets.Select(t => new TargetDraft(t.Text, t.Metric, Target.ParseOp(t.Op), t.Value, t.Unit)).ToList()));
                }
                plan.Publish(now);
                db.Plans.Add(plan);
                planIds.Add(plan.Id);
                taskCount += tasks.Count;
            }
            if (planIds.Count == 0) throw new DomainException("该导入中没有可发布的任务");
            import.MarkPublished(now);
            await db.SaveChangesAsync(ct);
            return new(planIds, taskCount);
        }

        private async Task<Leader> LeaderAsync(string name, Dictionary<string, Leader> created, CancellationToken ct)
        {
            var clean = UnitNaming.Clean(name);
            if (created.TryGetValue(clean, out var known)) return known;
            var leader = await db.Leaders.FirstOrDefaultAsync(l => l.Name == clean, ct);
            if (leader is null)
            {
                leader = new Leader(clean);
                db.Leaders.Add(leader);
            }
            created[clean] = leader;
            return leader;
        }
    }

    private static ReportingCycle ToCycle(DraftReporting r) =>
        new(Enum.TryParse<ReportingFrequency>(r.Frequency, out var f) ? f : ReportingFrequency.Monthly, r.DueDay, r.Months, r.Text);
}
