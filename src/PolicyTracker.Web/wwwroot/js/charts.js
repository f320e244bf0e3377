// ECharts (served from /lib, copied from npm at build time) with a keyboard-usable table of links under each chart:
// every bar or slice drills down to the tasks behind it, by mouse on the chart or by keyboard in the table.
import { esc } from './ui.js';

const palette = ['#1d4ed8', '#c62828', '#a86b00', '#1b7f3b', '#6d28d9', '#0e7490', '#be185d', '#4b5563'];
const charts = [];
window.addEventListener('resize', () => charts.forEach(c => c.resize()));

/**
 * @param card     the element to fill
 * @param title    heading text
 * @param option   ECharts option
 * @param rows     [{label, value, href}] the data behind the chart, each with its drill-down link
 * @param hrefOf   (params) => link for a click on the chart
 */
export function chartCard(card, { title, option, rows, hrefOf, valueLabel = '数值' }) {
  const id = `chart-${Math.random().toString(36).slice(2, 9)}`;
  card.innerHTML = `<h2 id="${id}-h">${esc(title)}</h2>
    <div class="chart" id="${id}" role="img" aria-labelledby="${id}-h"></div>
    <details class="data-table"><summary>查看数据并下钻（${rows.length}项）</summary>
      <div class="table-wrap"><table><thead><tr><th scope="col">项目</th><th scope="col" class="num">${esc(valueLabel)}</th></tr></thead>
      <tbody>${rows.map(r => `<tr><td>${r.href ? `<a href="${r.href}">${esc(r.label)}</a>` : esc(r.label)}</td><td class="num">${esc(r.value)}</td></tr>`).join('')}</tbody></table></div>
    </details>`;
  if (!rows.length) {
    card.querySelector('.chart').outerHTML = '<p class="empty">暂无数据</p>';
    return null;
  }
  if (!window.echarts) {
    card.querySelector('.chart').outerHTML = '<div class="message missing" role="status">图表组件未加载（/lib/echarts.min.js），请重新构建；数据见下表。</div>';
    return null;
  }
  const chart = window.echarts.init(card.querySelector('.chart'), null, { renderer: 'canvas' });
  chart.setOption({
    color: palette,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    aria: { enabled: true },
    animation: false,
    ...option,
  });
  if (hrefOf) {
    chart.on('click', params => {
      const href = hrefOf(params);
      if (href) location.href = href;
    });
  }
  charts.push(chart);
  return chart;
}
