// 任务详情: the task's fields, targets (actual vs goal), progress, urges and replies, timeline; the actions the
// signed-in account may take. The server decides every rule; the page only offers what fits the account's part.
import { get, post } from '../api.js';
import {
  startPage, esc, param, formatDay, formatInstant, light, deadlineText, unitNames, statusNames, gradeNames,
  comparatorNames, urgeKindNames, decisionNames, progressBar, errorBox, message, formDialog, toast, taskTitle,
} from '../ui.js';

const me = await startPage();
const id = param('id');
const content = document.getElementById('content');

function targetGoal(t) {
  return `${comparatorNames[t.comparator] || ''}${t.value}${t.unit ?? ''}`;
}

function fieldsCard(t) {
  const originalMoved = t.originalDeadline && t.deadline && t.originalDeadline !== t.deadline;
  return `<section class="card" aria-labelledby="fields-h"><h2 id="fields-h">基本信息</h2><dl class="fields">
    <dt>任务内容</dt><dd>${esc(t.text)}</dd>
    <dt>所属方案</dt><dd>${esc(t.planTitle || '')}${t.section ? `<div class="hint">${esc(t.section)}</div>` : ''}</dd>
    <dt>牵头单位</dt><dd>${esc(unitNames(t.leadUnits)) || '—'}</dd>
    <dt>配合单位</dt><dd>${esc(unitNames(t.coUnits)) || '—'}</dd>
    <dt>责任领导</dt><dd>${esc(t.leaderName || '—')}</dd>
    <dt>完成时限</dt><dd>${deadlineText(t)}${t.deadlineText && t.deadline ? `<span class="hint">（原文：${esc(t.deadlineText)}）</span>` : ''}${originalMoved ? `<div class="hint">原定时限：${formatDay(t.originalDeadline)}</div>` : ''}</dd>
    <dt>预警</dt><dd id="task-light">${light(t.light)}${t.overdue ? ' <span class="badge">逾期</span>' : ''}</dd>
    <dt>状态</dt><dd id="task-status">${esc(statusNames[t.status] || t.status)}${t.grade ? `（评定：${esc(gradeNames[t.grade] || t.grade)}）` : ''}</dd>
    <dt>完成进度</dt><dd id="task-percent">${progressBar(t.percentComplete)}<span>${t.percentComplete ?? 0}%</span></dd>
    <dt>签收</dt><dd>${t.acknowledgedAt ? formatInstant(t.acknowledgedAt) : '未签收'}</dd>
    <dt>最近填报</dt><dd>${t.lastProgressAt ? formatInstant(t.lastProgressAt) : '尚未填报'}</dd>
  </dl></section>`;
}

function targetsCard(t) {
  const targets = t.targets || [];
  return `<section class="card" aria-labelledby="targets-h"><h2 id="targets-h">目标指标</h2>${targets.length ? `<div class="table-wrap"><table class="stack">
    <thead><tr><th scope="col">指标</th><th scope="col">目标</th><th scope="col">最新实际</th><th scope="col">是否达标</th></tr></thead><tbody>
    ${targets.map(x => `<tr><td data-label="指标">${esc(x.metric || x.text)}<div class="hint">${esc(x.text)}</div></td>
      <td data-label="目标">${esc(targetGoal(x))}</td>
      <td data-label="最新实际" data-target-actual="${esc(x.id)}">${x.latestActual ?? '未填报'}${x.latestActual != null ? esc(x.unit ?? '') : ''}${x.latestActualAt ? `<div class="hint">${formatInstant(x.latestActualAt)}</div>` : ''}</td>
      <td data-label="是否达标">${x.attained ? '<span class="light light-Green">已达标</span>' : '<span class="badge">未达标</span>'}</td></tr>`).join('')}
    </tbody></table></div>` : '<p class="empty">此任务没有量化指标。</p>'}</section>`;
}

function progressForm(t) {
  const targets = t.targets || [];
  return `<section class="card" id="progress" aria-labelledby="progress-h"><h2 id="progress-h">填报进展</h2>
    <form id="progress-form" novalidate>
      <label for="p-percent">完成进度（%）</label>
      <input id="p-percent" name="percent" type="number" min="0" max="100" step="1" required value="${t.percentComplete ?? 0}">
      ${targets.map(x => `<label for="a-${esc(x.id)}">${esc(x.metric || x.text)} 实际值（目标${esc(targetGoal(x))}）</label>
        <input id="a-${esc(x.id)}" name="actual" data-target="${esc(x.id)}" type="number" step="any" inputmode="decimal" value="${x.latestActual ?? ''}">`).join('')}
      <label for="p-narrative">进展情况</label>
      <textarea id="p-narrative" name="narrative" required placeholder="本期完成的工作、存在的问题、下步打算"></textarea>
      <label for="p-files">佐证材料（可多选，支持 pdf、jpg、png、docx、xlsx）</label>
      <input id="p-files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx">
      <div id="progress-result" aria-live="polite"></div>
      <div class="actions"><button type="submit" class="btn">提交进展</button></div>
    </form></section>`;
}

function leadActions(t) {
  return `<section class="card" aria-labelledby="lead-h"><h2 id="lead-h">办理</h2><div class="actions">
    ${t.acknowledgedAt ? '' : '<button type="button" class="btn" id="ack">签收任务</button>'}
    <button type="button" class="btn secondary" id="request-completion">申请办结</button>
    ${t.deadline ? '<button type="button" class="btn secondary" id="request-extension">申请延期</button>' : ''}
  </div></section>`;
}

function supervisorActions(t) {
  return `<section class="card" aria-labelledby="sup-h"><h2 id="sup-h">督查办理</h2><div class="actions">
    <button type="button" class="btn" id="urge">催办</button>
    ${t.status === 'CompletionRequested' ? `<label for="grade" class="visually-hidden">办结评定</label><select id="grade" style="width:auto">${Object.entries(gradeNames).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select>
      <button type="button" class="btn" id="confirm">确认办结</button><button type="button" class="btn secondary" id="send-back">退回</button>` : ''}
    ${t.status === 'Completed' ? '<button type="button" class="btn secondary" id="reopen">重新打开</button>' : ''}
  </div></section>`;
}

function historyCards(t) {
  const progress = t.progress || [];
  const urges = t.urges || [];
  const extensions = t.extensionRequests || [];
  const instructions = t.instructions || [];
  const canReply = isLead(t);
  return `<div class="grid">
    <section class="card" aria-labelledby="hist-h"><h2 id="hist-h">进展记录</h2>${progress.length ? `<ul class="timeline">${progress.map(p => `<li>
      <div><strong>${formatInstant(p.at)}</strong> ${esc(p.unitName || '')}${p.kind === 'Contribution' ? ' <span class="badge">配合情况</span>' : ` <span class="badge">进度 ${p.percent}%</span>`}</div>
      <div>${esc(p.narrative)}</div>
      ${(p.evidence || []).map(e => `<div><a href="/api/evidence/${encodeURIComponent(e.id)}">${esc(e.fileName)}</a> <span class="hint">${Math.ceil((e.size || 0) / 1024)} KB</span></div>`).join('')}
    </li>`).join('')}</ul>` : '<p class="empty">尚未填报进展。</p>'}</section>
    <section class="card" aria-labelledby="urges-h"><h2 id="urges-h">催办与回复</h2>${urges.length ? urges.map(u => `<div class="draft-task">
      <div><span class="badge">${esc(urgeKindNames[u.kind] || u.kind)}</span> ${formatInstant(u.issuedAt)}${u.responseDue ? `，回复期限 ${formatDay(u.responseDue)}` : ''}</div>
      <div>${esc(u.instruction)}</div>
      ${u.reply ? `<div class="message ok">回复（${formatInstant(u.repliedAt)}）：${esc(u.reply)}</div>`
        : canReply ? `<button type="button" class="btn small" data-reply="${esc(u.id)}">回复</button>` : '<div class="hint">等待回复</div>'}
    </div>`).join('') : '<p class="empty">没有催办记录。</p>'}</section>
    <section class="card" aria-labelledby="ext-h"><h2 id="ext-h">延期申请</h2>${extensions.length ? `<ul>${extensions.map(r => `<li>
      ${formatDay(r.currentDeadline)} → ${formatDay(r.requestedDeadline)}：${esc(r.reason)} <span class="badge">${esc(decisionNames[r.decision] || r.decision)}</span>
      ${r.decisionNote ? `<div class="hint">审批意见：${esc(r.decisionNote)}</div>` : ''}</li>`).join('')}</ul>` : '<p class="empty">没有延期申请。</p>'}</section>
    <section class="card" aria-labelledby="ins-h"><h2 id="ins-h">领导批示</h2>${instructions.length ? `<ul>${instructions.map(i => `<li>${esc(i.text)} <span class="hint">— ${esc(i.authorName)}，${formatInstant(i.at)}</span></li>`).join('')}</ul>` : '<p class="empty">暂无批示。</p>'}
      ${me.role === 'Leader' ? '<button type="button" class="btn small" id="instruct">作出批示</button>' : ''}</section>
  </div>
  <section class="card" aria-labelledby="tl-h"><h2 id="tl-h">办理轨迹</h2>${timeline(t.timeline || [])}</section>`;
}

/** Named actions (签收, 填报进展, 催办 …) first; the automatic record-level changes fold into one list below them. */
function timeline(entries) {
  if (!entries.length) return '<p class="empty">暂无记录。</p>';
  const recordLevel = e => /^(新增|修改|删除)[A-Za-z]+$/.test(e.action);
  const item = e => `<li><strong>${formatInstant(e.at)}</strong> ${esc(e.action)} <span class="hint">${e.unitName ? `${esc(e.unitName)} ` : ''}${esc(e.actor || '系统')}${e.roleName ? `（${esc(e.roleName)}）` : ''}</span>${change(e)}</li>`;
  const named = entries.filter(e => !recordLevel(e));
  const records = entries.filter(recordLevel);
  return (named.length ? `<ol class="timeline">${named.map(item).join('')}</ol>` : '<p class="empty">暂无办理动作。</p>') +
    (records.length ? `<details class="data-table"><summary>数据变更明细（${records.length}条）</summary><ol class="timeline">${records.map(item).join('')}</ol></details>` : '');
}

/** Short changes read inline; whole records (JSON) fold away so the timeline stays readable. */
function change(e) {
  if (!e.before && !e.after) return '';
  const long = [e.before, e.after].some(v => v && (v.startsWith('{') || v.length > 120));
  const text = `${e.before ?? ''}${e.before && e.after ? ' → ' : ''}${e.after ?? ''}`;
  return long ? `<details><summary class="hint">查看变更内容</summary><div class="hint" style="word-break:break-all">${esc(text)}</div></details>`
    : `<div class="hint">${esc(text)}</div>`;
}

const isLead = t => me.role === 'UnitStaff' && (t.leadUnits || []).some(u => u.id === me.unitId);
const isCo = t => me.role === 'UnitStaff' && (t.coUnits || []).some(u => u.id === me.unitId);
const isSupervision = () => me.role === 'Supervisor' || me.role === 'Admin';

async function load() {
  if (!id) {
    content.innerHTML = message('error', '缺少任务编号。') + '<p><a href="/tasks.html">返回任务清单</a></p>';
    return;
  }
  let t;
  try {
    const detail = await get(`/api/tasks/${encodeURIComponent(id)}`);
    // The detail carries the list row as `task` beside the detail-only fields.
    t = detail.task ? { ...detail.task, ...detail } : detail;
  } catch (error) {
    const text = error.status === 403 ? '您无权查看或办理此任务：它不属于您的单位。' : null;
    content.innerHTML = (text ? message('error', text) : errorBox(error)) + '<p><a href="/tasks.html">返回任务清单</a></p>';
    return;
  }
  document.querySelector('h1').textContent = `任务详情：${taskTitle(t)}`;
  document.title = `${taskTitle(t)} - 政策落实跟踪`;
  const canProgress = isLead(t) && t.status !== 'Completed' && t.status !== 'CompletionRequested';
  content.innerHTML = `<div class="grid">${fieldsCard(t)}${targetsCard(t)}</div>
    ${isLead(t) ? leadActions(t) : ''}
    ${canProgress ? progressForm(t) : ''}
    ${isLead(t) && !canProgress ? message('info', t.status === 'Completed' ? '任务已办结。' : '任务已申请办结，等待督查室确认。') : ''}
    ${isCo(t) ? `<section class="card" aria-labelledby="co-h"><h2 id="co-h">配合情况</h2><p class="hint">本单位是配合单位，进度由牵头单位填报。</p>
      <button type="button" class="btn" id="contribute">报送配合情况</button></section>` : ''}
    ${isSupervision() ? supervisorActions(t) : ''}
    ${historyCards(t)}`;
  bind(t);
  if (location.hash === '#progress') document.getElementById('p-percent')?.focus();
}

function after(text) {
  return () => { toast('ok', text); load(); };
}

function bind(t) {
  const on = (selector, handler) => document.querySelector(selector)?.addEventListener('click', handler);
  const withVersion = body => ({ ...body, version: t.version });

  document.getElementById('progress-form')?.addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.target;
    const result = document.getElementById('progress-result');
    const percent = form.percent.value;
    if (percent === '' || +percent < 0 || +percent > 100) { result.innerHTML = message('error', '完成进度请填写0到100之间的数字'); form.percent.focus(); return; }
    if (!form.narrative.value.trim()) { result.innerHTML = message('error', '请填写进展情况'); form.narrative.focus(); return; }
    const data = new FormData();
    data.set('percent', percent);
    data.set('narrative', form.narrative.value.trim());
    data.set('version', t.version);
    const actuals = [...form.querySelectorAll('[data-target]')].filter(i => i.value !== '').map(i => ({ targetId: i.dataset.target, value: Number(i.value) }));
    if (actuals.length) data.set('actuals', JSON.stringify(actuals));
    for (const file of form.files.files) data.append('files', file);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const r = await post(`/api/tasks/${t.id}/progress`, data);
      toast('ok', `进展已提交，当前预警：${{ Red: '红灯', Yellow: '黄灯', Green: '绿灯' }[r.light] || r.light}`);
      await load();
    } catch (error) {
      // The form keeps everything typed; only the message changes.
      result.innerHTML = errorBox(error);
      button.disabled = false;
    }
  });

  on('#ack', async event => {
    event.target.disabled = true;
    try { await post(`/api/tasks/${t.id}/acknowledge`, withVersion({})); after('已签收')(); } catch (error) { toast('error', error.message); event.target.disabled = false; }
  });
  on('#request-completion', () => formDialog('申请办结', `<label for="c-sum">办结情况说明</label><textarea id="c-sum" name="summary" required></textarea>`,
    async f => { await post(`/api/tasks/${t.id}/completion-request`, withVersion({ summary: f.get('summary') })); after('已申请办结，等待督查室确认')(); }, '申请办结'));
  on('#request-extension', () => formDialog('申请延期', `<p class="hint">当前时限：${formatDay(t.deadline)}</p>
      <label for="e-date">延期至</label><input id="e-date" name="newDeadline" type="date" required>
      <label for="e-reason">延期理由</label><textarea id="e-reason" name="reason" required></textarea>`,
    async f => { await post(`/api/tasks/${t.id}/extension-requests`, { newDeadline: f.get('newDeadline'), reason: f.get('reason') }); after('已提交延期申请')(); }, '提交申请'));
  on('#contribute', () => formDialog('报送配合情况', `<label for="co-n">配合情况</label><textarea id="co-n" name="narrative" required></textarea>
      <label for="co-f">佐证材料（可选）</label><input id="co-f" name="files" type="file" multiple>`,
    async f => { await post(`/api/tasks/${t.id}/contributions`, f); after('已报送配合情况')(); }, '报送'));
  on('#urge', () => formDialog('催办', `<label for="u-kind">方式</label>
      <select id="u-kind" name="kind"><option value="Reminder">催办</option><option value="SupervisionOrder">督办单</option></select>
      <label for="u-text">催办要求</label><textarea id="u-text" name="instruction" required></textarea>
      <label for="u-due">回复期限（督办单必填）</label><input id="u-due" name="responseDue" type="date">`,
    async f => { await post(`/api/tasks/${t.id}/urges`, { kind: f.get('kind'), instruction: f.get('instruction'), responseDue: f.get('responseDue') || null }); after('已发出催办')(); }, '发出催办'));
  on('#confirm', async event => {
    event.target.disabled = true;
    try { await post(`/api/tasks/${t.id}/confirm-completion`, withVersion({ grade: document.getElementById('grade').value })); after('已确认办结')(); }
    catch (error) { toast('error', error.message); event.target.disabled = false; }
  });
  on('#send-back', () => formDialog('退回办结申请', `<label for="sb">退回理由</label><textarea id="sb" name="reason" required></textarea>`,
    async f => { await post(`/api/tasks/${t.id}/send-back`, withVersion({ reason: f.get('reason') })); after('已退回')(); }, '退回'));
  on('#reopen', () => formDialog('重新打开任务', `<label for="ro">理由</label><textarea id="ro" name="reason" required></textarea>`,
    async f => { await post(`/api/tasks/${t.id}/reopen`, withVersion({ reason: f.get('reason') })); after('已重新打开')(); }, '重新打开'));
  on('#instruct', () => formDialog('作出批示', `<label for="ins">批示内容</label><textarea id="ins" name="text" required></textarea>`,
    async f => { await post(`/api/tasks/${t.id}/instructions`, { text: f.get('text') }); after('批示已发出，相关单位将收到通知')(); }, '发出批示'));
  document.querySelectorAll('[data-reply]').forEach(b => b.addEventListener('click', () => formDialog('回复催办',
    `<label for="rp">回复内容</label><textarea id="rp" name="reply" required></textarea>`,
    async f => { await post(`/api/urges/${b.dataset.reply}/reply`, { reply: f.get('reply') }); after('已回复')(); }, '回复')));
}

load();
