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
/// A document published before (same 文号 or same text) is refused unless the reviewer confirms it as an update;
/// then the existing plan is updated in place (docs/api.md, "Update semantics"): tasks are matched by text, then
/// title, and keep their history; new ones are appended; old ones missing from the new text are reported, not deleted.
/// </summary>
public static class PublishImport
{
    /// <param name="ReplaceDuplicates">publish even where a plan with the same 文号 or text exists (an update, by decision)</param>
    public sealed record Command(Guid ImportId, bool ReplaceDuplicates = false) : ICommand<Response>;

    public sealed record Response(IReadOnlyList<Guid> PlanIds, int Tasks, IReadOnlyList<Guid> UpdatedPlanIds, IReadOnlyList<Guid> UnmatchedTaskIds);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ImportId).NotEmpty();
    }

    public sealed class Handler(PolicyTrackerDbContext db, ICurrentUser user, TimeProvider clock, CountyClock county, TrackingOptions tracking)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command cmd, CancellationToken ct)
        {
            user.MustBeSupervision();
            var import = await db.PlanImports.FindRequiredAsync(cmd.ImportId, ct);
            var draft = ImportDraft.FromJson(import.DraftJson);
            var duplicates = await ImportPlan.FindDuplicatesAsync(db, draft, ct);
            if (duplicates.Count > 0 && !cmd.ReplaceDuplicates)
                throw new DomainException($"该文件中的文件已发布过（{string.Join("；", duplicates.Select(d => $"{d.PlanTitle}，{d.Reason}"))}），请确认作为更新发布");
            var now = clock.GetUtcNow();
            var registry = new UnitRegistry(db);
            var names = new Names(registry, new Dictionary<string, Leader>());
            var planIds = new List<Guid>();
            var taskCount = 0;
            var updated = new List<Guid>();
            var unmatched = new List<Guid>();
            var created = new List<(Plan Plan, List<TaskDraft> Drafts)>();
            for (var index = 0; index < draft.Documents.Count; index++)
            {
                var doc = draft.Documents[index];
                var tasks = doc.Tasks.Where(t => !t.Excluded).ToList();
                if (tasks.Count == 0) continue;
                var drafts = new List<TaskDraft>();
                foreach (var task in tasks) drafts.Add(await ToTaskDraftAsync(task, names, ct));
                var cycles = doc.Reporting.Concat(tasks.SelectMany(t => t.Reporting)).Select(ToCycle).DistinctBy(c => (c.Frequency, c.DueDay)).ToList();
                var hash = ImportPlan.DocumentHash(doc);
                if (duplicates.FirstOrDefault(d => d.DocumentIndex == index) is { } duplicate)
                {
                    var existing = await db.Plans.Include(p => p.Tasks).ThenInclude(t => t.Units).Include(p => p.Tasks).ThenInclude(t => t.Targets)
                        .FirstAsync(p => p.Id == duplicate.PlanId, ct);
                    existing.Revise(doc.DocNumber, doc.NoticeTitle, doc.PlanTitle, doc.Issuer, doc.IssuedOn, import.FileName, hash);
                    existing.SetReportingCycles(cycles);
                    unmatched.AddRange(Update(existing, drafts));
                    updated.Add(existing.Id);
                    planIds.Add(existing.Id);
                    taskCount += tasks.Count;
                    continue;
                }
                var plan = new Plan(doc.DocNumber, doc.NoticeTitle, doc.PlanTitle, doc.Issuer, doc.IssuedOn, import.FileName, hash, now);
                plan.SetReportingCycles(cycles);
                created.Add((plan, drafts));
                planIds.Add(plan.Id);
                taskCount += tasks.Count;
            }
            if (planIds.Count == 0) throw new DomainException("该导入中没有可发布的任务");
            import.MarkPublished(now);
            if (created.Count == 0) await db.SaveChangesAsync(ct);
            else await SaveWithNewPlansAsync(created, now, ct);
            return new(planIds, taskCount, updated, unmatched);
        }

        /// <summary>
        /// One transaction: EF saves what it tracks (the import, updated plans, new units and leaders, and the new plans'
        /// own rows) with its audit entries and tallies; the new plans' tasks, unit rows and targets — six rows a task,
        /// most of a publish — go in bulk, with the audit entry per task and the tally counts EF's interceptors would
        /// have written for them. The change tracker never sees those tasks, so they are counted exactly once.
        /// </summary>
        private async Task SaveWithNewPlansAsync(IReadOnlyList<(Plan Plan, List<TaskDraft> Drafts)> created, DateTimeOffset now, CancellationToken ct)
        {
            var plans = created.Select(c => c.Plan).ToList();
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            // Changes made so far are detected now; then, with detection off, each new plan is tracked with its owned
            // reporting cycles while it has no tasks, and gets its tasks after: the save never sees them (nor walks
            // twenty thousand of them to find that out).
            db.ChangeTracker.DetectChanges();
            var detect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                foreach (var (plan, drafts) in created)
                {
                    db.Plans.Add(plan);
                    foreach (var draft in drafts) plan.AddTask(draft);
                    // An added row's values are read at the save, so it is inserted as published.
                    plan.Publish(now);
                }
                await db.SaveChangesAsync(ct);
                // Untracked again, so no later detection in this scope mistakes their tasks for new ones.
                var saved = plans.Cast<object>().Concat(plans.SelectMany(p => p.ReportingCycles)).ToHashSet(ReferenceEqualityComparer.Instance);
                foreach (var entry in db.ChangeTracker.Entries().Where(e => saved.Contains(e.Entity)).ToList()) entry.State = EntityState.Detached;
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = detect;
            }

            var tasks = plans.SelectMany(p => p.Tasks).ToList();

            // Tallies from the rows as stored: the publishing instant is read back (SQLite keeps it to 0.1 ms), so the
            // county day it falls on is the one a recount would see.
            var publishedAt = new Dictionary<Guid, DateTimeOffset?>();
            foreach (var plan in plans)
                publishedAt[plan.Id] = await db.Plans.AsNoTracking().Where(p => p.Id == plan.Id).Select(p => p.PublishedAt).SingleAsync(ct);
            // 留痕: one entry per created task, as AuditInterceptor records a task added in a save (its units and
            // targets inside the task's entry, not once per row), chained after the entries the save just wrote.
            var chainEnd = await AuditInterceptor.ChainEndInTransactionAsync(db, ct);
            // The entries' JSON and hashes and the tally counts need only the tasks in memory: they are worked out on
            // another thread while this one writes the tasks' rows (on SQLite the engine's own work, on PostgreSQL a wait
            // for the server), and the DbContext stays on this thread.
            var (model, at, actor, rules) = (db.Model, clock.GetUtcNow(), AuditInterceptor.Actor.Of(user), new TallyRules(county, tracking.BehindSchedulePercent));
            var derived = Task.Run(() =>
            {
                var audit = AuditInterceptor.ForAdded(model, tasks, t => t.Id, at, actor);
                AuditInterceptor.Chain(audit, chainEnd);
                var delta = new TallyDelta();
                foreach (var plan in plans)
                    foreach (var t in plan.Tasks)
                        delta.Add(new TallyDelta.Source(t.Id, plan.Id, t.LeaderId, plan.Status, publishedAt[plan.Id], t.Status, t.Deadline, t.AcknowledgedAt != null,
                            t.CompletedOn, t.Grade, t.PercentComplete), t.Units.Select(u => new TalliedUnit(u.UnitId, u.Role)), rules, +1);
                return (audit, delta);
            }, ct);
            try
            {
                await BulkInsert.RowsAsync(db, tasks, ct);
                // Each task's unit rows by unit, the tasks in key order: the unit rows arrive in their own key order.
                await BulkInsert.RowsAsync(db, tasks.OrderBy(t => t.Id).SelectMany(t => t.Units.OrderBy(u => u.UnitId)).ToList(), ct);
                await BulkInsert.RowsAsync(db, tasks.SelectMany(t => t.Targets).ToList(), ct);
            }
            finally
            {
                // Not left running past a failed write, whose transaction is about to roll back.
                await derived.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            var (entries, tallies) = await derived;
            await BulkInsert.RowsAsync(db, entries, ct);
            await tallies.ApplyAsync(db, ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
        }

        /// <summary>
        /// The units and leaders named so far in this publish, by the name as drafted: a plan names a few dozen units tens
        /// of thousands of times, so each name is cleaned and resolved once.
        /// </summary>
        private sealed record Names(UnitRegistry Registry, Dictionary<string, Leader> LeadersByCleanName)
        {
            public Dictionary<string, Unit> Units { get; } = new(StringComparer.Ordinal);
            public Dictionary<string, Leader> Leaders { get; } = new(StringComparer.Ordinal);
        }

        private async ValueTask<TaskDraft> ToTaskDraftAsync(DraftTask task, Names names, CancellationToken ct)
        {
            if (task.LeadUnits.Count == 0)
                throw new DomainException($"第{task.Line}行的任务没有牵头单位，请在审核中补充或标记为非任务");
            var lead = new List<Unit>(task.LeadUnits.Count);
            foreach (var name in task.LeadUnits) lead.Add(names.Units.GetValueOrDefault(name) ?? await UnitAsync(name, names, ct));
            var co = new List<Unit>(task.CoUnits.Count);
            foreach (var name in task.CoUnits) co.Add(names.Units.GetValueOrDefault(name) ?? await UnitAsync(name, names, ct));
            var leader = task.Leader is { Length: > 0 } leaderName
                ? names.Leaders.GetValueOrDefault(leaderName) ?? (names.Leaders[leaderName] = await LeaderAsync(leaderName, names.LeadersByCleanName, ct))
                : null;
            var targets = new List<TargetDraft>(task.Targets.Count);
            foreach (var t in task.Targets) targets.Add(new TargetDraft(t.Text, t.Metric, Target.ParseOp(t.Op), t.Value, t.Unit));
            return new TaskDraft(task.Text, task.Title, task.Section, task.Line, leader, lead, co, task.Deadline, task.DeadlineText,
                task.Ongoing, targets);
        }

        private static async Task<Unit> UnitAsync(string name, Names names, CancellationToken ct) =>
            names.Units[name] = await names.Registry.ResolveOrCreateAsync(name, ct);

        /// <summary>Matches the new tasks to the plan's by text (whitespace ignored), then by title; returns the old tasks left unmatched.</summary>
        private IEnumerable<Guid> Update(Plan plan, IReadOnlyList<TaskDraft> drafts)
        {
            static string Norm(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
            var open = plan.Tasks.ToList();
            var pending = new List<TaskDraft>();
            foreach (var draft in drafts)
            {
                var match = open.FirstOrDefault(t => Norm(t.Text) == Norm(draft.Text));
                if (match is null) { pending.Add(draft); continue; }
                open.Remove(match);
                db.Targets.AddRange(match.Revise(draft));
            }
            foreach (var draft in pending)
            {
                var match = draft.Title is null ? null : open.FirstOrDefault(t => t.Title == draft.Title);
                if (match is not null)
                {
                    open.Remove(match);
                    db.Targets.AddRange(match.Revise(draft));
                }
                else db.Tasks.Add(plan.AddTask(draft));
            }
            return open.Select(t => t.Id).ToList();
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
