// Shared page furniture: header and role-aware navigation, Chinese labels and dates, messages.
import { get, post, ApiError } from './api.js';

export const roleHome = {
  Leader: '/dashboard.html',
  Supervisor: '/supervision.html',
  Admin: '/supervision.html',
  UnitStaff: '/unit.html',
};

const navByRole = {
  Leader: [['/dashboard.html', '领导驾驶舱'], ['/tasks.html', '任务清单'], ['/reports.html', '报表']],
  Supervisor: [['/supervision.html', '督查室工作台'], ['/dashboard.html', '领导驾驶舱'], ['/import.html', '导入审核'], ['/tasks.html', '任务清单'], ['/reports.html', '报表']],
  UnitStaff: [['/unit.html', '单位工作台'], ['/tasks.html', '任务清单']],
};
navByRole.Admin = navByRole.Supervisor;

export const statusNames = { NotStarted: '未启动', InProgress: '推进中', CompletionRequested: '申请办结', Completed: '已办结' };
export const lightNames = { Red: '红灯', Yellow: '黄灯', Green: '绿灯' };
export const gradeNames = { Excellent: '优秀', Good: '良好', Pass: '合格', Fail: '不合格' };
export const comparatorNames = { AtLeast: '不低于', AtMost: '不高于', About: '约', Exactly: '达到', '>=': '不低于', '<=': '不高于', '~': '约', '=': '达到' };
export const urgeKindNames = { Reminder: '催办', SupervisionOrder: '督办单' };
export const decisionNames = { Pending: '待审批', Approved: '已批准', Rejected: '已驳回' };

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** "2024-06-30" → "2024年6月30日" (a county day, no time zone arithmetic). */
export function formatDay(day) {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${+m[1]}年${+m[2]}月${+m[3]}日` : String(day);
}

const instantFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** An ISO instant shown in county time: "2024年6月30日 14:05". */
export function formatInstant(instant) {
  if (!instant) return '';
  const parts = Object.fromEntries(instantFormat.formatToParts(new Date(instant)).map(p => [p.type, p.value]));
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

/** A rate the API sends as a fraction (0.8125) shown as a percent (81.3%). */
export function formatPercent(rate) {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

export function light(value) {
  if (!value) return '';
  return `<span class="light light-${esc(value)}" data-light="${esc(value)}">${esc(lightNames[value] || value)}</span>`;
}

export function deadlineText(task) {
  if (task.ongoing && !task.deadline) return '长期坚持';
  return task.deadline ? formatDay(task.deadline) : esc(task.deadlineText || '—');
}

export function unitNames(units) {
  return (units || []).map(u => u.name ?? u).join('、');
}

export function progressBar(percent) {
  const p = Math.max(0, Math.min(100, percent ?? 0));
  return `<div class="progress-bar" role="img" aria-label="完成进度${p}%"><span style="width:${p}%"></span></div>`;
}

export function taskTitle(task) {
  return task.title || task.taskTitle || (task.text ? task.text.slice(0, 40) + (task.text.length > 40 ? '…' : '') : '（无标题）');
}

export function taskLink(task, id = task.id ?? task.taskId) {
  return `<a href="/task.html?id=${encodeURIComponent(id)}">${esc(taskTitle(task))}</a>`;
}

/** A message box; kind is error, info, ok or missing (the API route isn't there yet). */
export function message(kind, text) {
  return `<div class="message ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${esc(text)}</div>`;
}

export function errorBox(error) {
  if (error instanceof ApiError && error.missing) return message('missing', error.message);
  return message('error', error?.message || '出现错误，请稍后再试');
}

/** Loads a section: shows its data or a clear Chinese message in place, never leaves the page broken. */
export async function section(container, load, render) {
  container.setAttribute('aria-busy', 'true');
  try {
    const data = await load();
    container.innerHTML = '';
    render(data, container);
  } catch (error) {
    container.innerHTML = errorBox(error);
  } finally {
    container.removeAttribute('aria-busy');
  }
}

export function toast(kind, text) {
  let box = document.getElementById('toast');
  if (!box) {
    box = document.createElement('div');
    box.id = 'toast';
    box.setAttribute('aria-live', 'polite');
    document.body.append(box);
  }
  box.innerHTML = message(kind, text);
  clearTimeout(box._timer);
  box._timer = setTimeout(() => { box.innerHTML = ''; }, 6000);
}

/**
 * Draws the header for the signed-in account and returns it ({id, name, role, roleName, unitId}).
 * Sends people without an account to the login page and people of another role to their own home page.
 */
export async function startPage(allowedRoles) {
  let me;
  try {
    me = await get('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return new Promise(() => {});
    document.getElementById('main').innerHTML = errorBox(error);
    throw error;
  }
  renderHeader(me);
  if (allowedRoles && !allowedRoles.includes(me.role)) {
    document.getElementById('main').innerHTML =
      message('error', `“${me.roleName}”账号无权查看此页面。`) + `<p><a href="${roleHome[me.role] || '/'}">返回我的首页</a></p>`;
    return new Promise(() => {});
  }
  return me;
}

function renderHeader(me) {
  const header = document.getElementById('app-header');
  const here = location.pathname;
  const links = (navByRole[me.role] || []).map(([href, text]) =>
    `<li><a href="${href}"${href === here ? ' aria-current="page"' : ''}>${text}</a></li>`).join('');
  header.className = 'app-header';
  header.innerHTML = `<div class="bar">
      <a class="brand" href="${roleHome[me.role] || '/'}">政策落实跟踪</a>
      <nav class="app-nav" aria-label="主导航"><ul>${links}</ul></nav>
      <div class="user-box"><span>${esc(me.name)}（${esc(me.roleName)}）</span>
        <button type="button" class="btn small" id="logout">退出登录</button></div>
    </div>`;
  header.querySelector('#logout').addEventListener('click', async () => {
    try { await post('/api/auth/logout'); } finally { location.href = '/login.html'; }
  });
}

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** Disables a button while its action runs, so a double click can't send twice. */
export async function busy(button, work) {
  button.disabled = true;
  try { return await work(); } finally { button.disabled = false; }
}

/**
 * A modal form (native <dialog>: focus moves in and returns, Esc closes). fieldsHtml holds labelled inputs.
 * submit(formData) runs the action; its error is shown in the dialog and the dialog stays open, so nothing typed is lost.
 */
export function formDialog(title, fieldsHtml, submit, submitText = '提交') {
  const dialog = document.createElement('dialog');
  const id = `dlg-${Math.random().toString(36).slice(2, 9)}`;
  dialog.setAttribute('aria-labelledby', `${id}-h`);
  dialog.innerHTML = `<form method="dialog" novalidate>
      <h2 id="${id}-h">${esc(title)}</h2>${fieldsHtml}
      <div class="dialog-error"></div>
      <div class="actions"><button type="submit" class="btn" value="ok">${esc(submitText)}</button>
        <button type="button" class="btn secondary" value="cancel">取消</button></div>
    </form>`;
  document.body.append(dialog);
  const form = dialog.querySelector('form');
  dialog.querySelector('button[value="cancel"]').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await submit(new FormData(form));
      dialog.close();
    } catch (error) {
      dialog.querySelector('.dialog-error').innerHTML = errorBox(error);
    } finally {
      button.disabled = false;
    }
  });
  dialog.showModal();
  return dialog;
}
