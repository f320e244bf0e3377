// 领导驾驶舱: overall completion, lights, overdue by unit, plan progress, weekly trend, targets, unit ranking.
import { get, query } from '../api.js';
import { startPage, section, esc, formatPercent, formatDay, statusNames, lightNames, message } from '../ui.js';
import { chartCard } from '../charts.js';

await startPage(['Leader', 'Supervisor', 'Admin']);

const tasks = (params, label) => `/tasks.html${query({ ...params, label })}`;
const content = document.getElementById('content');
content.innerHTML = `
  <section aria-labelledby="overview-h"><h2 id="overview-h" class="visually-hidden">总体情况</h2><div id="summary" class="stats"></div></section>
  <div class="grid">
    <section class="card" id="status-card"></section>
    <section class="card" id="light-card"></section>
    <section class="card" id="overdue-card"></section>
    <section class="card" id="plan-card"></section>
    <section class="card" id="trend-card"></section>
    <section class="card" id="target-card"></section>
  </div>
  <section class="card" id="ranking-card" aria-labelledby="ranking-h"><h2 id="ranking-h">单位排名（本月）</h2>
    <form class="inline-fields" id="ranking-form" aria-label="选择排名月份"><div><label for="rank-month">统计月份</label><input type="month" id="rank-month" name="month"></div>
      <div><button type="submit" class="btn secondary">查看</button></div></form>
    <div id="ranking"></div></section>`;

const summaryBox = document.getElementById('summary');
const rankingBox = document.getElementById('ranking');
// Filled by whichever of the summary and the ranking arrives last.
let onTimeText = '…';

section(document.getElementById('status-card'), () => get('/api/dashboard/summary'), (s, card) => {
  const completion = s.total ? s.completed / s.total : null;
  const stat = (label, value, href) =>
    `<div class="stat"><a href="${href}"><div class="label">${label}</div><div class="value">${value}</div></a></div>`;
  summaryBox.innerHTML =
    stat('任务总数', s.total, tasks({}, '全部任务')) +
    stat('已办结', s.completed, tasks({ status: 'Completed' }, '已办结任务')) +
    stat('总体完成率', formatPercent(completion), tasks({ status: 'Completed' }, '已办结任务')) +
    `<div class="stat" id="ontime-stat"><div class="label">本月按时办结率</div><div class="value">${onTimeText}</div></div>` +
    stat('逾期任务', s.overdue, tasks({ overdue: true }, '逾期任务')) +
    stat('未签收', s.unacknowledged, tasks({ unacknowledged: true }, '未签收任务'));
  const statuses = ['NotStarted', 'InProgress', 'CompletionRequested', 'Completed'];
  const counts = { NotStarted: s.notStarted, InProgress: s.inProgress, CompletionRequested: s.completionRequested, Completed: s.completed };
  chartCard(card, {
    title: '任务完成情况',
    valueLabel: '任务数',
    option: {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['40%', '68%'], data: statuses.filter(k => counts[k] > 0).map(k => ({ name: statusNames[k], value: counts[k], status: k })) }],
    },
    rows: statuses.map(k => ({ label: statusNames[k], value: counts[k], href: tasks({ status: k }, `${statusNames[k]}的任务`) })),
    hrefOf: p => tasks({ status: p.data.status }, `${statusNames[p.data.status]}的任务`),
  });
  const lights = ['Red', 'Yellow', 'Green'];
  chartCard(document.getElementById('light-card'), {
    title: '预警灯分布',
    valueLabel: '任务数',
    option: {
      color: ['#c62828', '#e0a800', '#1b7f3b'],
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: '68%', data: lights.filter(k => s[k.toLowerCase()] > 0).map(k => ({ name: lightNames[k], value: s[k.toLowerCase()], light: k })) }],
    },
    rows: lights.map(k => ({ label: lightNames[k], value: s[k.toLowerCase()], href: tasks({ light: k }, `${lightNames[k]}任务`) })),
    hrefOf: p => tasks({ light: p.data.light }, `${lightNames[p.data.light]}任务`),
  });
});

section(document.getElementById('overdue-card'), () => get('/api/dashboard/units'), (units, card) => {
  const rows = units.filter(u => u.overdue > 0).sort((a, b) => b.overdue - a.overdue).slice(0, 15);
  chartCard(card, {
    title: '各单位逾期任务',
    valueLabel: '逾期数',
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map(u => u.unitName), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [{ type: 'bar', name: '逾期任务', barMaxWidth: 28, itemStyle: { color: '#c62828' }, data: rows.map(u => ({ value: u.overdue, unitId: u.unitId, name: u.unitName })) }],
    },
    rows: rows.map(u => ({ label: u.unitName, value: u.overdue, href: tasks({ unitId: u.unitId, overdue: true }, `${u.unitName}的逾期任务`) })),
    hrefOf: p => tasks({ unitId: p.data.unitId, overdue: true }, `${p.data.name}的逾期任务`),
  });
});

section(document.getElementById('plan-card'), () => get('/api/dashboard/plans'), (plans, card) => {
  const name = p => p.planTitle || p.docNumber || '（未命名方案）';
  chartCard(card, {
    title: '各方案推进情况',
    valueLabel: '平均进度',
    option: {
      tooltip: { trigger: 'axis', valueFormatter: v => `${v}%` },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: plans.map(name), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [{ type: 'bar', name: '平均进度', barMaxWidth: 28, data: plans.map(p => ({ value: Math.round(p.averagePercent ?? 0), planId: p.planId, name: name(p) })) }],
    },
    rows: plans.map(p => ({ label: `${name(p)}（${p.completed}/${p.total}办结，逾期${p.overdue}）`, value: `${Math.round(p.averagePercent ?? 0)}%`, href: tasks({ planId: p.planId }, name(p)) })),
    hrefOf: p => tasks({ planId: p.data.planId }, p.data.name),
  });
});

section(document.getElementById('trend-card'), () => get('/api/dashboard/trend?weeks=12'), (weeks, card) => {
  const label = w => formatDay(w.weekStart).replace(/^\d+年/, '');
  chartCard(card, {
    title: '近12周进展趋势',
    valueLabel: '填报次数 / 办结数',
    option: {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: weeks.map(label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'line', name: '进展填报', data: weeks.map(w => w.progressUpdates) },
        { type: 'line', name: '办结任务', data: weeks.map(w => w.completed) },
      ],
    },
    rows: weeks.map(w => ({ label: `${formatDay(w.weekStart)}起一周`, value: `${w.progressUpdates} / ${w.completed}`, href: tasks({ status: 'Completed' }, '已办结任务') })),
    hrefOf: p => p.seriesName === '办结任务' ? tasks({ status: 'Completed' }, '已办结任务') : tasks({ status: 'InProgress' }, '推进中的任务'),
  });
});

section(document.getElementById('target-card'), () => get('/api/dashboard/targets'), (targets, card) => {
  const share = t => t.value && t.latestActual !== null && t.latestActual !== undefined ? Math.round((t.latestActual / t.value) * 100) : 0;
  const shown = targets.slice(0, 20);
  chartCard(card, {
    title: '目标指标完成情况',
    valueLabel: '实际 / 目标',
    option: {
      tooltip: { trigger: 'axis', valueFormatter: v => `${v}%` },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: v => Math.max(100, v.max), axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: shown.map(t => t.text), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [{
        type: 'bar', name: '完成比例', barMaxWidth: 28,
        data: shown.map(t => ({ value: share(t), taskId: t.taskId, itemStyle: { color: t.attained ? '#1b7f3b' : '#a86b00' } })),
      }],
    },
    rows: shown.map(t => ({
      label: `${t.text}${t.attained ? '（已达标）' : ''}`,
      value: `${t.latestActual ?? '未填报'} / ${t.value}${t.unit ?? ''}`,
      href: `/task.html?id=${encodeURIComponent(t.taskId)}`,
    })),
    hrefOf: p => `/task.html?id=${encodeURIComponent(p.data.taskId)}`,
  });
});

function monthRange(month) {
  if (!month) return {};
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

function loadRanking(month) {
  section(rankingBox, () => get(`/api/rankings${query(monthRange(month))}`), ranking => {
    const rows = ranking.rows || [];
    document.getElementById('ranking-h').textContent = `单位排名（${formatDay(ranking.from)}至${formatDay(ranking.to)}到期任务）`;
    const due = rows.reduce((n, r) => n + (r.due || 0), 0);
    const onTime = rows.reduce((n, r) => n + (r.completedOnTime || 0), 0);
    if (!month) {
      // The headline figure is this month's; a month picked below changes only the table.
      onTimeText = due ? formatPercent(onTime / due) : '—';
      const stat = document.querySelector('#ontime-stat .value');
      if (stat) stat.textContent = onTimeText;
    }
    if (!rows.length) {
      rankingBox.innerHTML = message('info', '该期间没有到期的任务，暂无排名。');
      return;
    }
    rankingBox.innerHTML = `<div class="table-wrap"><table class="stack"><thead><tr>
        <th scope="col">名次</th><th scope="col">单位</th><th scope="col" class="num">到期任务</th><th scope="col" class="num">按时办结</th>
        <th scope="col" class="num">按时办结率</th><th scope="col" class="num">逾期</th><th scope="col" class="num">平均评定</th></tr></thead><tbody>
      ${rows.map(r => `<tr>
        <td data-label="名次">${r.rank}</td>
        <td data-label="单位"><a href="${tasks({ unitId: r.unitId }, `${r.unitName}的任务`)}">${esc(r.unitName)}</a></td>
        <td data-label="到期任务" class="num">${r.due}</td>
        <td data-label="按时办结" class="num">${r.completedOnTime}</td>
        <td data-label="按时办结率" class="num">${formatPercent(r.onTimeRate)}</td>
        <td data-label="逾期" class="num">${r.overdue ? `<a href="${tasks({ unitId: r.unitId, overdue: true }, `${r.unitName}的逾期任务`)}">${r.overdue}</a>` : 0}</td>
        <td data-label="平均评定" class="num">${r.averageGrade === null || r.averageGrade === undefined ? '—' : Number(r.averageGrade).toFixed(1)}</td></tr>`).join('')}
      </tbody></table></div>`;
  });
}

document.getElementById('ranking-form').addEventListener('submit', event => {
  event.preventDefault();
  loadRanking(document.getElementById('rank-month').value);
});
loadRanking();
