// 报表: generated weekly/monthly/quarterly reports with their .xlsx ledgers.
import { get } from '../api.js';
import { startPage, section, esc, formatDay, formatInstant } from '../ui.js';

await startPage(['Leader', 'Supervisor', 'Admin']);

const kindNames = { Weekly: '周报', Monthly: '月报', Quarterly: '季报' };
const content = document.getElementById('content');
content.innerHTML = '<section class="card" aria-labelledby="rep-h"><h2 id="rep-h">已生成的报表</h2><div id="reports"></div></section>';
const box = document.getElementById('reports');
// Reports come from the reminders engine; until its route is merged the section says so in place.
section(box, () => get('/api/reports'), reports => {
  const list = Array.isArray(reports) ? reports : (reports.items || []);
  box.innerHTML = list.length ? `<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">报表</th><th scope="col">类型</th>
      <th scope="col">统计期间</th><th scope="col">生成时间</th><th scope="col">下载</th></tr></thead><tbody>
      ${list.map(r => `<tr><td data-label="报表">${esc(r.title)}${r.summary ? `<div class="hint">${esc(r.summary)}</div>` : ''}</td>
        <td data-label="类型">${esc(kindNames[r.kind] || r.kind)}</td>
        <td data-label="统计期间">${formatDay(r.periodStart)}至${formatDay(r.periodEnd)}</td>
        <td data-label="生成时间">${formatInstant(r.createdAt)}</td>
        <td data-label="下载"><a class="btn small" href="/api/reports/${encodeURIComponent(r.id)}/ledger.xlsx" download>下载台账（.xlsx）</a></td></tr>`).join('')}
      </tbody></table></div>` : '<p class="empty">尚未生成报表。报表按周、月、季度自动生成。</p>';
});
