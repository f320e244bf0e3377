// 单位工作台: my unit's tasks with lights and deadlines, urges to answer, extension requests, the inbox.
import { get, post, query } from '../api.js';
import { startPage, section, esc, formatDay, formatInstant, taskLink, urgeKindNames, decisionNames, formDialog, toast, message } from '../ui.js';
import { taskTable } from '../task-table.js';

const me = await startPage(['UnitStaff']);
const content = document.getElementById('content');
if (!me.unitId) {
  content.innerHTML = message('error', '您的账号没有绑定单位，请联系管理员。');
} else {
  content.innerHTML = `
    <section class="card" aria-labelledby="mine-h"><h2 id="mine-h">本单位任务</h2><div id="mine"></div></section>
    <div class="grid">
      <section class="card" aria-labelledby="urge-h"><h2 id="urge-h">待回复的催办</h2><div id="urges"></div></section>
      <section class="card" aria-labelledby="ext-h"><h2 id="ext-h">延期申请</h2><div id="extensions"></div></section>
    </div>
    <section class="card" aria-labelledby="inbox-h"><h2 id="inbox-h">通知</h2><div id="inbox"></div></section>`;
  loadAll();
}

function loadAll() {
  const mine = document.getElementById('mine');
  section(mine, () => get(`/api/tasks${query({ unitId: me.unitId, pageSize: 200 })}`), page => {
    const led = t => (t.leadUnits || []).some(u => u.id === me.unitId);
    mine.innerHTML = `<p class="hint">共 ${page.total} 项（牵头与配合）。红灯为已逾期，黄灯为临期或进度滞后。</p>` +
      taskTable(page.items, {
        showPlan: false,
        caption: '本单位任务',
        extra: [{
          header: '操作',
          cell: t => led(t)
            ? (t.status === 'Completed' || t.status === 'CompletionRequested'
              ? `<a href="/task.html?id=${encodeURIComponent(t.id)}">查看</a>`
              : `<a class="btn small" href="/task.html?id=${encodeURIComponent(t.id)}#progress">填报进展</a>`)
            : `<a class="btn small secondary" href="/task.html?id=${encodeURIComponent(t.id)}">配合情况</a>`,
        }],
      });
  });

  const urges = document.getElementById('urges');
  section(urges, () => get('/api/urges?open=true'), list => {
    urges.innerHTML = list.length ? list.map(u => `<div class="draft-task">
        ${taskLink({ title: u.taskTitle }, u.taskId)} <span class="badge">${esc(urgeKindNames[u.kind] || u.kind)}</span>
        <div>${esc(u.instruction)}</div>
        <div class="hint">${formatInstant(u.issuedAt)}${u.responseDue ? `，请于${formatDay(u.responseDue)}前回复` : ''}</div>
        <button type="button" class="btn small" data-reply="${esc(u.id)}">回复</button></div>`).join('')
      : '<p class="empty">没有待回复的催办。</p>';
    urges.querySelectorAll('[data-reply]').forEach(b => b.addEventListener('click', () => formDialog('回复催办',
      `<label for="rp">回复内容</label><textarea id="rp" name="reply" required></textarea>`,
      async f => { await post(`/api/urges/${b.dataset.reply}/reply`, { reply: f.get('reply') }); toast('ok', '已回复'); loadAll(); }, '回复')));
  });

  const extensions = document.getElementById('extensions');
  section(extensions, () => get('/api/extension-requests?decision=Pending'), list => {
    extensions.innerHTML = (list.length ? `<ul>${list.map(r => `<li>${taskLink({ title: r.taskTitle }, r.taskId)}：
        ${formatDay(r.currentDeadline)} → ${formatDay(r.requestedDeadline)} <span class="badge">${esc(decisionNames[r.decision] || r.decision)}</span></li>`).join('')}</ul>`
      : '<p class="empty">没有待审批的延期申请。</p>') + '<p class="hint">在任务详情中可申请延期（须在完成时限前提出）或申请办结。</p>';
  });

  loadInbox();
}

function loadInbox() {
  const inbox = document.getElementById('inbox');
  section(inbox, () => get('/api/notifications?page=1&pageSize=20'), page => {
    const items = page.items || [];
    inbox.innerHTML = items.length ? `<div class="actions"><button type="button" class="btn small secondary" id="read-all">全部标为已读</button></div>
      <ul class="plain">${items.map(n => `<li class="draft-task${n.readAt ? ' excluded' : ''}">
        <div><strong>${esc(n.title)}</strong> ${n.readAt ? '<span class="badge">已读</span>' : '<span class="badge">未读</span>'} <span class="hint">${formatInstant(n.createdAt)}</span></div>
        <div style="white-space: pre-line">${esc(n.body)}</div>
        <div class="actions">${n.taskId ? `<a href="/task.html?id=${encodeURIComponent(n.taskId)}">查看任务</a>`
          : n.kind === 'overdue' ? `<a href="/tasks.html?overdue=true&label=${encodeURIComponent('逾期任务')}">查看逾期任务</a>` : ''}
          ${n.readAt ? '' : `<button type="button" class="btn small secondary" data-read="${esc(n.id)}">标为已读</button>`}</div></li>`).join('')}</ul>`
      : '<p class="empty">没有通知。</p>';
    inbox.querySelector('#read-all')?.addEventListener('click', async () => {
      try { await post('/api/notifications/read-all'); loadInbox(); } catch (error) { toast('error', error.message); }
    });
    inbox.querySelectorAll('[data-read]').forEach(b => b.addEventListener('click', async () => {
      try { await post(`/api/notifications/${b.dataset.read}/read`); loadInbox(); } catch (error) { toast('error', error.message); }
    }));
  });
}
