// 督查室工作台: what needs supervision's hand today, with the actions in place.
import { get, post, query } from '../api.js';
import { startPage, section, esc, formatDay, formatInstant, taskLink, urgeKindNames, gradeNames, formDialog, toast } from '../ui.js';
import { taskTable } from '../task-table.js';

await startPage(['Supervisor', 'Admin']);

const content = document.getElementById('content');
content.innerHTML = `
  <div class="stats" id="counts"></div>
  <section class="card" aria-labelledby="red-h"><h2 id="red-h">红灯任务（已逾期）</h2><div id="red"></div></section>
  <section class="card" aria-labelledby="yellow-h"><h2 id="yellow-h">黄灯任务（临期或进度滞后）</h2><div id="yellow"></div></section>
  <div class="grid">
    <section class="card" aria-labelledby="completion-h"><h2 id="completion-h">待确认办结</h2><div id="completion"></div></section>
    <section class="card" aria-labelledby="extension-h"><h2 id="extension-h">延期申请</h2><div id="extension"></div></section>
    <section class="card" aria-labelledby="urge-h"><h2 id="urge-h">催办待回复</h2><div id="urges"></div></section>
    <section class="card" aria-labelledby="import-h"><h2 id="import-h">待审核导入</h2><div id="imports"></div></section>
    <section class="card" aria-labelledby="missed-h"><h2 id="missed-h">未按期报送的单位</h2><div id="missed"></div></section>
  </div>`;

const urgeAction = t => `<button type="button" class="btn small" data-urge="${esc(t.id)}">催办</button>`;

function bindUrgeButtons(container) {
  container.querySelectorAll('[data-urge]').forEach(button => button.addEventListener('click', () => {
    formDialog('催办', `
      <label for="u-kind">方式</label>
      <select id="u-kind" name="kind"><option value="Reminder">催办</option><option value="SupervisionOrder">督办单</option></select>
      <label for="u-text">催办要求</label><textarea id="u-text" name="instruction" required></textarea>
      <label for="u-due">回复期限（督办单必填）</label><input id="u-due" name="responseDue" type="date">`,
    async form => {
      await post(`/api/tasks/${button.dataset.urge}/urges`, {
        kind: form.get('kind'), instruction: form.get('instruction'), responseDue: form.get('responseDue') || null,
      });
      toast('ok', '已发出催办，牵头单位将收到通知');
      loadAll();
    }, '发出催办');
  }));
}

function loadLights() {
  for (const [light, id] of [['Red', 'red'], ['Yellow', 'yellow']]) {
    const box = document.getElementById(id);
    section(box, () => get(`/api/tasks${query({ light, pageSize: 50 })}`), page => {
      box.innerHTML = taskTable(page.items, { extra: [{ header: '操作', cell: urgeAction }] }) +
        (page.total > page.items.length ? `<p><a href="/tasks.html${query({ light, label: light === 'Red' ? '红灯任务' : '黄灯任务' })}">查看全部 ${page.total} 项</a></p>` : '');
      bindUrgeButtons(box);
    });
  }
}

function loadWorkbench() {
  const counts = document.getElementById('counts');
  const completion = document.getElementById('completion');
  section(completion, () => get('/api/workbench'), wb => {
    counts.innerHTML = [
      ['待确认办结', wb.completionRequests.length, '#completion-h'],
      ['延期申请', wb.extensionRequests.length, '#extension-h'],
      ['催办待回复', wb.openUrges.length, '#urge-h'],
      ['待审核导入', wb.imports.length, '#import-h'],
      ['未签收任务', wb.unacknowledged, '/tasks.html?unacknowledged=true&label=未签收任务'],
    ].map(([label, value, href]) => `<div class="stat"><a href="${href}"><div class="label">${label}</div><div class="value">${value}</div></a></div>`).join('');

    completion.innerHTML = wb.completionRequests.length ? `<ul class="plain">${wb.completionRequests.map(t => `<li class="draft-task">
        ${taskLink(t)}<div class="hint">申请时间：${formatInstant(t.completionRequestedAt) || '—'}</div>
        <div class="inline-fields">
          <div><label for="g-${esc(t.id)}">办结评定</label><select id="g-${esc(t.id)}">${Object.entries(gradeNames).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></div>
          <div class="actions"><button type="button" class="btn small" data-confirm="${esc(t.id)}" data-version="${esc(t.version)}">确认办结</button>
          <button type="button" class="btn small secondary" data-sendback="${esc(t.id)}" data-version="${esc(t.version)}">退回</button></div>
        </div></li>`).join('')}</ul>` : '<p class="empty">没有待确认的办结申请。</p>';
    completion.querySelectorAll('[data-confirm]').forEach(b => b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await post(`/api/tasks/${b.dataset.confirm}/confirm-completion`, { grade: document.getElementById(`g-${b.dataset.confirm}`).value, version: b.dataset.version });
        toast('ok', '已确认办结');
        loadAll();
      } catch (error) { toast('error', error.message); b.disabled = false; }
    }));
    completion.querySelectorAll('[data-sendback]').forEach(b => b.addEventListener('click', () => formDialog('退回办结申请',
      `<label for="sb-reason">退回理由</label><textarea id="sb-reason" name="reason" required></textarea>`,
      async form => {
        await post(`/api/tasks/${b.dataset.sendback}/send-back`, { reason: form.get('reason'), version: b.dataset.version });
        toast('ok', '已退回');
        loadAll();
      }, '退回')));

    const extension = document.getElementById('extension');
    extension.innerHTML = wb.extensionRequests.length ? wb.extensionRequests.map(r => `<div class="draft-task">
        ${taskLink({ title: r.taskTitle }, r.taskId)}
        <div class="meta"><span>原时限：${formatDay(r.currentDeadline)}</span><span>申请延至：<strong>${formatDay(r.requestedDeadline)}</strong></span></div>
        <div>理由：${esc(r.reason)}</div>
        <div class="actions"><button type="button" class="btn small" data-approve="${esc(r.id)}">批准</button>
          <button type="button" class="btn small secondary" data-reject="${esc(r.id)}">驳回</button></div></div>`).join('')
      : '<p class="empty">没有待审批的延期申请。</p>';
    const decide = (verb, title, required) => b => b.addEventListener('click', () => formDialog(title,
      `<label for="d-note">审批意见${required ? '' : '（可选）'}</label><textarea id="d-note" name="note"${required ? ' required' : ''}></textarea>`,
      async form => {
        await post(`/api/extension-requests/${b.dataset[verb]}/${verb}`, { note: form.get('note') || null });
        toast('ok', verb === 'approve' ? '已批准延期' : '已驳回延期申请');
        loadAll();
      }, title));
    extension.querySelectorAll('[data-approve]').forEach(decide('approve', '批准延期', false));
    extension.querySelectorAll('[data-reject]').forEach(decide('reject', '驳回延期', true));

    const urges = document.getElementById('urges');
    urges.innerHTML = wb.openUrges.length ? `<ul>${wb.openUrges.map(u => `<li>${taskLink({ title: u.taskTitle }, u.taskId)}
        <span class="badge">${esc(urgeKindNames[u.kind] || u.kind)}</span> ${esc(u.instruction)}
        <div class="hint">发出：${formatInstant(u.issuedAt)}${u.responseDue ? `，回复期限：${formatDay(u.responseDue)}` : ''}</div></li>`).join('')}</ul>`
      : '<p class="empty">没有待回复的催办。</p>';

    const imports = document.getElementById('imports');
    imports.innerHTML = wb.imports.length ? `<ul>${wb.imports.map(i => `<li><a href="/import.html?id=${encodeURIComponent(i.id)}">${esc(i.fileName)}</a>
        <span class="hint">${formatInstant(i.uploadedAt)}，${i.documents}个文件，${i.tasks}项任务</span></li>`).join('')}</ul>`
      : '<p class="empty">没有待审核的导入。</p>';
    imports.insertAdjacentHTML('beforeend', '<p><a class="btn secondary small" href="/import.html">上传新文件</a></p>');
  });
}

function loadMissed() {
  const box = document.getElementById('missed');
  section(box, () => get('/api/reporting/missed'), rows => {
    box.innerHTML = rows.length ? `<ul>${rows.map(r => `<li><strong>${esc(r.unitName)}</strong>（${r.missed.length}项）
        <ul>${r.missed.map(m => `<li>${taskLink({ title: m.taskTitle }, m.taskId)}
          <span class="hint">《${esc(m.planTitle)}》，${formatDay(m.dueDay)}前应报送，${m.role === 'Lead' ? '牵头' : '配合'}</span></li>`).join('')}</ul></li>`).join('')}</ul>`
      : '<p class="empty">最近一期所有单位均已按期报送。</p>';
  });
}

function loadAll() {
  loadLights();
  loadWorkbench();
  loadMissed();
}
loadAll();
