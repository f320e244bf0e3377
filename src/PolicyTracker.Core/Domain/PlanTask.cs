namespace PolicyTracker.Core.Domain;

/// <summary>Life cycle of a task: 未启动 → 推进中 → 申请办结 → 已办结 (and back by send-back or reopen).</summary>
public enum TrackingStatus
{
    /// <summary>未启动</summary>
    NotStarted,
    /// <summary>推进中</summary>
    InProgress,
    /// <summary>申请办结</summary>
    CompletionRequested,
    /// <summary>已办结 (销号)</summary>
    Completed,
}

/// <summary>办结评定 given by 督查室 when closing a task.</summary>
public enum CompletionGrade
{
    /// <summary>优秀</summary>
    Excellent,
    /// <summary>良好</summary>
    Good,
    /// <summary>合格</summary>
    Pass,
    /// <summary>不合格</summary>
    Fail,
}

/// <summary>预警灯: red when overdue, yellow when due soon or behind schedule.</summary>
public enum WarningLight { Green, Yellow, Red }

public enum UnitRole
{
    /// <summary>牵头单位</summary>
    Lead,
    /// <summary>配合单位</summary>
    Co,
}

/// <summary>A tracked task (任务) of a plan: who leads, who helps, by when, what number must be reached.</summary>
public sealed class PlanTask : IRecordsActivity
{
    private readonly List<TaskUnit> _units = [];
    private readonly List<Target> _targets = [];
    private readonly List<Activity> _activities = [];

    private PlanTask() { }

    internal PlanTask(Plan plan, int sequence, TaskDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Text)) throw new DomainException("任务内容不能为空");
        if (draft.LeadUnits.Count == 0) throw new DomainException("任务必须有牵头单位");
        Id = RandomIds.New();
        PlanId = plan.Id;
        Sequence = sequence;
        Text = draft.Text.Trim();
        Title = draft.Title;
        Section = draft.Section;
        SourceLine = draft.SourceLine;
        LeaderId = draft.Leader?.Id;
        Deadline = draft.Deadline;
        OriginalDeadline = draft.Deadline;
        DeadlineText = draft.DeadlineText;
        Ongoing = draft.Ongoing;
        Status = TrackingStatus.NotStarted;
        Version = RandomIds.New();
        foreach (var unit in draft.LeadUnits.DistinctBy(u => u.Id)) _units.Add(new TaskUnit(this, unit.Id, UnitRole.Lead));
        foreach (var unit in draft.CoUnits.DistinctBy(u => u.Id).Where(u => _units.All(x => x.UnitId != u.Id)))
            _units.Add(new TaskUnit(this, unit.Id, UnitRole.Co));
        foreach (var t in draft.Targets) _targets.Add(new Target(Id, t));
    }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    /// <summary>序号 within the plan.</summary>
    public int Sequence { get; private set; }
    public string Text { get; private set; } = "";
    public string? Title { get; private set; }
    /// <summary>The enclosing headings, "二、重点任务 / (一)…".</summary>
    public string? Section { get; private set; }
    public int? SourceLine { get; private set; }
    /// <summary>责任领导.</summary>
    public Guid? LeaderId { get; private set; }
    /// <summary>完成时限; null for ongoing duties.</summary>
    public DateOnly? Deadline { get; private set; }
    public DateOnly? OriginalDeadline { get; private set; }
    /// <summary>The deadline as the plan words it (年底前, 2024年6月底前).</summary>
    public string? DeadlineText { get; private set; }
    /// <summary>长期坚持 / 持续推进: no fixed deadline.</summary>
    public bool Ongoing { get; private set; }
    public TrackingStatus Status { get; private set; }
    public int PercentComplete { get; private set; }
    /// <summary>签收: when the lead unit acknowledged the task.</summary>
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public DateTimeOffset? LastProgressAt { get; private set; }
    public DateTimeOffset? CompletionRequestedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public DateOnly? CompletedOn { get; private set; }
    public CompletionGrade? Grade { get; private set; }
    /// <summary>Concurrency token, renewed on every change so two concurrent edits can't both win.</summary>
    public Guid Version { get; private set; }
    public IReadOnlyList<TaskUnit> Units => _units;
    public IReadOnlyList<Target> Targets => _targets;

    public IEnumerable<Guid> LeadUnitIds => _units.Where(u => u.Role == UnitRole.Lead).Select(u => u.UnitId);
    public IEnumerable<Guid> CoUnitIds => _units.Where(u => u.Role == UnitRole.Co).Select(u => u.UnitId);
    public bool IsLedBy(Guid unitId) => _units.Any(u => u.UnitId == unitId && u.Role == UnitRole.Lead);
    public bool Involves(Guid unitId) => _units.Any(u => u.UnitId == unitId);

    /// <summary>逾期: past its deadline and not closed. Derived from the clock, never stored.</summary>
    public bool IsOverdue(DateOnly today) => Status != TrackingStatus.Completed && Deadline is { } d && d < today;

    public WarningLight Light(DateOnly today, WarningThresholds thresholds, DateOnly? startedOn = null)
    {
        if (Status == TrackingStatus.Completed || Deadline is not { } deadline) return WarningLight.Green;
        if (deadline < today) return WarningLight.Red;
        if (deadline.DayNumber - today.DayNumber <= thresholds.DueSoonDays) return WarningLight.Yellow;
        if (startedOn is { } start && today >= BehindFrom(start, deadline, PercentComplete, thresholds.BehindSchedulePercent))
            return WarningLight.Yellow;
        return WarningLight.Green;
    }

    /// <summary>
    /// The first day an open task counts as behind schedule: less done than the share of the time already used, by
    /// more than the tolerance — elapsed/span·100 − percent &gt; tolerance, i.e. 100·elapsed &gt; (tolerance + percent)·span
    /// in whole days, computed exactly in integers. Never before the day after the deadline (by then it is red), so a
    /// dashboard can count yellow tasks from this one day per task (see ScheduleTally).
    /// </summary>
    public static DateOnly BehindFrom(DateOnly? start, DateOnly deadline, int percent, int tolerance)
    {
        var never = deadline.AddDays(1);
        if (start is not { } s || deadline <= s) return never;
        var span = (long)(deadline.DayNumber - s.DayNumber);
        var firstDay = s.DayNumber + (tolerance + percent) * span / 100 + 1;
        return firstDay >= never.DayNumber ? never : DateOnly.FromDayNumber((int)Math.Max(firstDay, DateOnly.MinValue.DayNumber));
    }

    /// <summary>A detached stand-in carrying only what <see cref="Light"/> reads, for lists projected in SQL.</summary>
    internal static PlanTask ForLight(TrackingStatus status, int percent, DateOnly? deadline) =>
        new() { Status = status, PercentComplete = percent, Deadline = deadline };

    /// <summary>签收 by the lead unit.</summary>
    public void Acknowledge(DateTimeOffset now)
    {
        if (AcknowledgedAt is not null) throw new DomainException("任务已签收");
        AcknowledgedAt = now;
        Touch("签收", null);
    }

    /// <summary>A lead unit's progress report: percent, actual values against targets and a narrative.</summary>
    public ProgressUpdate ReportProgress(Guid unitId, Guid? authorId, int percent, string narrative,
        IReadOnlyDictionary<Guid, decimal> targetActuals, DateTimeOffset now)
    {
        if (Status == TrackingStatus.Completed) throw new DomainException("任务已办结，不能再填报进展；如需继续请先重新打开");
        if (Status == TrackingStatus.CompletionRequested) throw new DomainException("任务正在申请办结，等待督查室确认");
        if (percent is < 0 or > 100) throw new DomainException("完成进度必须在0到100之间");
        foreach (var targetId in targetActuals.Keys)
            if (_targets.All(t => t.Id != targetId)) throw new DomainException("指标不属于此任务");
        var before = $"{Status}/{PercentComplete}%";
        AcknowledgedAt ??= now; // reporting progress implies the task was received
        PercentComplete = percent;
        if (Status == TrackingStatus.NotStarted) Status = TrackingStatus.InProgress;
        foreach (var (targetId, actual) in targetActuals) _targets.Single(t => t.Id == targetId).RecordActual(actual, now);
        LastProgressAt = now;
        Touch("填报进展", $"{before} → {Status}/{PercentComplete}%");
        return new ProgressUpdate(Id, unitId, authorId, ProgressKind.Progress, percent, narrative, targetActuals, now);
    }

    /// <summary>A co-unit's contribution: narrative only, the lead unit owns the percent.</summary>
    public ProgressUpdate Contribute(Guid unitId, Guid? authorId, string narrative, DateTimeOffset now)
    {
        if (!_units.Any(u => u.UnitId == unitId && u.Role == UnitRole.Co)) throw new ForbiddenException("只有配合单位可以报送配合情况");
        if (Status == TrackingStatus.Completed) throw new DomainException("任务已办结");
        Touch("报送配合情况", null);
        return new ProgressUpdate(Id, unitId, authorId, ProgressKind.Contribution, null, narrative,
            new Dictionary<Guid, decimal>(), now);
    }

    /// <summary>申请办结 by the lead unit.</summary>
    public void RequestCompletion(string summary, DateTimeOffset now)
    {
        if (Status is TrackingStatus.CompletionRequested or TrackingStatus.Completed)
            throw new DomainException("任务已申请办结或已办结");
        Status = TrackingStatus.CompletionRequested;
        CompletionRequestedAt = now;
        PercentComplete = 100;
        Touch("申请办结", summary);
    }

    /// <summary>办结/销号 by 督查室, with a grade.</summary>
    public void ConfirmCompletion(CompletionGrade grade, DateTimeOffset now, DateOnly today)
    {
        if (Status != TrackingStatus.CompletionRequested) throw new DomainException("只有申请办结的任务可以确认办结");
        Status = TrackingStatus.Completed;
        Grade = grade;
        CompletedAt = now;
        CompletedOn = today;
        Touch("确认办结", grade.ToString());
    }

    /// <summary>退回: 督查室 refuses a completion request.</summary>
    public void SendBack(string reason)
    {
        if (Status != TrackingStatus.CompletionRequested) throw new DomainException("只有申请办结的任务可以退回");
        Status = TrackingStatus.InProgress;
        CompletionRequestedAt = null;
        Touch("退回办结申请", reason);
    }

    /// <summary>重新打开 a closed task.</summary>
    public void Reopen(string reason)
    {
        if (Status != TrackingStatus.Completed) throw new DomainException("只有已办结的任务可以重新打开");
        Status = TrackingStatus.InProgress;
        Grade = null;
        CompletedAt = null;
        CompletedOn = null;
        Touch("重新打开", reason);
    }

    /// <summary>申请延期: must be asked before the deadline passes, for a later date, with a reason.</summary>
    public ExtensionRequest RequestExtension(DateOnly newDeadline, string reason, Guid? requestedBy, DateOnly today, DateTimeOffset now)
    {
        if (Status == TrackingStatus.Completed) throw new DomainException("任务已办结，无需延期");
        if (Deadline is not { } current) throw new DomainException("任务没有完成时限，无需延期");
        if (current < today) throw new DomainException("已超过完成时限，不能再申请延期");
        if (newDeadline <= current) throw new DomainException("延期后的时限必须晚于当前时限");
        Touch("申请延期", $"{current:yyyy-MM-dd} → {newDeadline:yyyy-MM-dd}: {reason}");
        return new ExtensionRequest(Id, current, newDeadline, reason, requestedBy, now);
    }

    internal void MoveDeadline(DateOnly newDeadline, string why)
    {
        var before = Deadline;
        SetDeadline(newDeadline);
        Touch("变更完成时限", $"{before:yyyy-MM-dd} → {newDeadline:yyyy-MM-dd}: {why}");
    }

    /// <summary>Supervision corrects the task's content or responsibility after publishing.</summary>
    public void Reassign(IReadOnlyList<Unit> leadUnits, IReadOnlyList<Unit> coUnits)
    {
        if (leadUnits.Count == 0) throw new DomainException("任务必须有牵头单位");
        _units.Clear();
        foreach (var unit in leadUnits.DistinctBy(u => u.Id)) _units.Add(new TaskUnit(this, unit.Id, UnitRole.Lead));
        foreach (var unit in coUnits.DistinctBy(u => u.Id).Where(u => _units.All(x => x.UnitId != u.Id)))
            _units.Add(new TaskUnit(this, unit.Id, UnitRole.Co));
        Touch("调整责任单位", string.Join("、", leadUnits.Select(u => u.Name)));
    }

    /// <summary>
    /// 方案更新: the re-published wording, leader, units and deadline replace the old ones while progress, urges and
    /// the audit trail stay; targets not yet known are added (returned so the caller can track them).
    /// </summary>
    public IReadOnlyList<Target> Revise(TaskDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Text)) throw new DomainException("任务内容不能为空");
        if (draft.LeadUnits.Count == 0) throw new DomainException("任务必须有牵头单位");
        var wantedLead = draft.LeadUnits.Select(u => u.Id).ToHashSet();
        var wantedCo = draft.CoUnits.Select(u => u.Id).Where(id => !wantedLead.Contains(id)).ToHashSet();
        var unchanged = Text == draft.Text.Trim() && Title == draft.Title && Section == draft.Section && SourceLine == draft.SourceLine
            && LeaderId == draft.Leader?.Id && Deadline == draft.Deadline && DeadlineText == draft.DeadlineText && Ongoing == draft.Ongoing
            && wantedLead.SetEquals(LeadUnitIds) && wantedCo.SetEquals(CoUnitIds) && draft.Targets.All(t => _targets.Any(x => x.Text == t.Text));
        // Re-publishing the same wording must not fill the timeline with updates that changed nothing.
        if (unchanged) return [];
        var before = $"{Deadline:yyyy-MM-dd} {Text}";
        Text = draft.Text.Trim();
        Title = draft.Title;
        Section = draft.Section;
        SourceLine = draft.SourceLine;
        LeaderId = draft.Leader?.Id;
        SetDeadline(draft.Deadline);
        DeadlineText = draft.DeadlineText;
        Ongoing = draft.Ongoing;
        var wanted = draft.LeadUnits.DistinctBy(u => u.Id).Select(u => (u.Id, Role: UnitRole.Lead))
            .Concat(draft.CoUnits.DistinctBy(u => u.Id).Where(u => draft.LeadUnits.All(l => l.Id != u.Id)).Select(u => (u.Id, Role: UnitRole.Co)))
            .ToList();
        _units.RemoveAll(u => wanted.All(w => w.Id != u.UnitId));
        foreach (var (unitId, role) in wanted)
        {
            // Changing a unit's role in place keeps the row's key, which a remove-and-add of the same key would not.
            if (_units.FirstOrDefault(u => u.UnitId == unitId) is { } existing) existing.ChangeRole(role);
            else _units.Add(new TaskUnit(this, unitId, role));
        }
        var added = draft.Targets.Where(t => _targets.All(x => x.Text != t.Text)).Select(t => new Target(Id, t)).ToList();
        _targets.AddRange(added);
        Touch("方案更新", $"{before} → {Deadline:yyyy-MM-dd} {Text}");
        return added;
    }

    /// <summary>The one way a stored task's deadline changes: its unit rows carry a copy that their lists order by.</summary>
    private void SetDeadline(DateOnly? deadline)
    {
        Deadline = deadline;
        foreach (var unit in _units) unit.FollowDeadline(this);
    }

    /// <summary>Records an activity for the audit trail and renews the concurrency token.</summary>
    internal void Touch(string action, string? detail)
    {
        Version = Guid.NewGuid();
        _activities.Add(new Activity(action, detail));
    }

    IReadOnlyList<Activity> IRecordsActivity.TakeActivities()
    {
        var taken = _activities.ToList();
        _activities.Clear();
        return taken;
    }
}

/// <summary>
/// A unit's part in a task: lead (牵头) or co (配合). It also carries copies of what the unit's task list orders by
/// (the task's deadline, plan and sequence) and filters by (the plan, for "not a draft"), so a page of a unit's list
/// reads about twenty entries of one index (UnitId, ListDeadline, PlanId, Sequence, TaskId) instead of visiting every
/// task the unit takes part in (several thousand at a province's volume) to order them. Plan and sequence never change;
/// the deadline follows the task through <see cref="PlanTask"/>, the only code that sets either.
/// </summary>
public sealed class TaskUnit
{
    /// <summary>The <see cref="ListDeadline"/> of a task without a deadline: open-ended duties list after every dated task.</summary>
    public static readonly DateOnly NoDeadline = DateOnly.MaxValue;

    private TaskUnit() { }

    internal TaskUnit(PlanTask task, Guid unitId, UnitRole role)
    {
        TaskId = task.Id;
        UnitId = unitId;
        Role = role;
        PlanId = task.PlanId;
        Sequence = task.Sequence;
        ListDeadline = task.Deadline ?? NoDeadline;
    }

    public Guid TaskId { get; private set; }
    public Guid UnitId { get; private set; }
    public UnitRole Role { get; private set; }
    /// <summary>The task's plan (a copy).</summary>
    public Guid PlanId { get; private set; }
    /// <summary>The task's 序号 within its plan (a copy).</summary>
    public int Sequence { get; private set; }
    /// <summary>The task's deadline (a copy), <see cref="NoDeadline"/> when it has none: never null, so one index orders both.</summary>
    public DateOnly ListDeadline { get; private set; }

    internal void ChangeRole(UnitRole role) => Role = role;

    internal void FollowDeadline(PlanTask task) => ListDeadline = task.Deadline ?? NoDeadline;
}

public sealed record WarningThresholds(int DueSoonDays = 3, int BehindSchedulePercent = 20);

/// <summary>A named business action an entity performed, written to the audit trail on save.</summary>
public sealed record Activity(string Action, string? Detail);

public interface IRecordsActivity
{
    IReadOnlyList<Activity> TakeActivities();
}
