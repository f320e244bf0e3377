// 任务清单: every list a chart drills down to, filtered by the query string.
import { get, query } from '../api.js';
import { startPage, section, esc, param, statusNames, lightNames } from '../ui.js';
import { taskTable } from '../task-table.js';

const me = await startPage();
const filterKeys = ['unitId', 'leaderId', 'planId', 'status', 'light', 'overdue', 'dueWithinDays', 'unacknowledged', 'acknowledgeLate', 'q', 'mine'];
const filters = Object.fromEntries(filterKeys.map(k => [k, param(k)]).filter(([, v]) => v));
const page = Math.max(1, Number(param('page') || 1));
const label = param('label');
if (label) {
  document.querySelector('h1').textContent = `任务清单：${label}`;
  document.title = `${label} - 政策落实跟踪`;
}

const content = document.getElementById('content');
const option = (names, selected) => Object.entries(names).map(([k, v]) => `<option value="${k}"${k === selected ? ' selected' : ''}>${v}</option>`).join('');
content.innerHTML = `<form class="card inline-fields" id="filter" role="search" aria-label="筛选任务">
    <div><label for="f-q">关键词</label><input id="f-q" name="q" value="${esc(filters.q || '')}"></div>
    <div><label for="f-status">状态</label><select id="f-status" name="status"><option value="">全部</option>${option(statusNames, filters.status)}</select></div>
    <div><label for="f-light">预警灯</label><select id="f-light" name="light"><option value="">全部</option>${option(lightNames, filters.light)}</select></div>
    <div><label for="f-overdue">是否逾期</label><select id="f-overdue" name="overdue"><option value="">全部</option><option value="true"${filters.overdue === 'true' ? ' selected' : ''}>仅逾期</option></select></div>
    <div class="actions"><button type="submit" class="btn">筛选</button>${Object.keys(filters).length ? '<a class="btn secondary" href="/tasks.html">清除筛选</a>' : ''}</div>
  </form>
  <section class="card" aria-label="任务列表"><div id="list"></div></section>`;

document.getElementById('filter').addEventListener('submit', event => {
  event.preventDefault();
  const form = new FormData(event.target);
  const kept = { ...filters };
  for (const key of ['q', 'status', 'light', 'overdue']) kept[key] = form.get(key) || undefined;
  location.href = `/tasks.html${query({ ...kept, label })}`;
});

const list = document.getElementById('list');
section(list, () => get(`/api/tasks${query({ ...filters, page, pageSize: 50 })}`), result => {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = p => `/tasks.html${query({ ...filters, label, page: p })}`;
  list.innerHTML = `<p class="hint" id="task-count">共 ${result.total} 项任务${me.role === 'UnitStaff' ? '（本单位参与的任务）' : ''}</p>
    ${taskTable(result.items, { caption: label || '任务清单' })}
    ${pages > 1 ? `<nav aria-label="分页" class="actions">
      ${page > 1 ? `<a class="btn secondary small" href="${link(page - 1)}">上一页</a>` : ''}
      <span>第 ${page} / ${pages} 页</span>
      ${page < pages ? `<a class="btn secondary small" href="${link(page + 1)}">下一页</a>` : ''}</nav>` : ''}`;
});
