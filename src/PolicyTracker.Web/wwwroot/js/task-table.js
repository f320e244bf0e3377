// The task table used by the lists, the workbenches and the drill-downs.
import { esc, light, taskLink, deadlineText, unitNames, statusNames, progressBar, formatDay } from './ui.js';

/** extra: optional [{header, cell(task)}] columns, e.g. action buttons. */
export function taskTable(tasks, { extra = [], showPlan = true, caption } = {}) {
  if (!tasks.length) return '<p class="empty">没有符合条件的任务。</p>';
  return `<div class="table-wrap"><table class="stack task-table">
    ${caption ? `<caption class="visually-hidden">${esc(caption)}</caption>` : ''}
    <thead><tr><th scope="col">预警</th><th scope="col">任务</th>${showPlan ? '<th scope="col">所属方案</th>' : ''}
      <th scope="col">牵头单位</th><th scope="col">完成时限</th><th scope="col">状态</th><th scope="col">进度</th>
      ${extra.map(c => `<th scope="col">${esc(c.header)}</th>`).join('')}</tr></thead>
    <tbody>${tasks.map(t => `<tr data-task-id="${esc(t.id)}">
      <td data-label="预警">${light(t.light)}</td>
      <td data-label="任务">${taskLink(t)}</td>
      ${showPlan ? `<td data-label="所属方案">${esc(t.planTitle || '')}</td>` : ''}
      <td data-label="牵头单位">${esc(unitNames(t.leadUnits))}</td>
      <td data-label="完成时限">${deadlineText(t)}${t.overdue ? ' <span class="badge">逾期</span>' : ''}</td>
      <td data-label="状态">${esc(statusNames[t.status] || t.status)}${t.acknowledgedAt ? '' : ' <span class="badge">未签收</span>'}</td>
      <td data-label="进度">${progressBar(t.percentComplete)}<span class="hint">${t.percentComplete ?? 0}%</span></td>
      ${extra.map(c => `<td data-label="${esc(c.header)}">${c.cell(t)}</td>`).join('')}
    </tr>`).join('')}</tbody></table></div>`;
}

export { formatDay };
