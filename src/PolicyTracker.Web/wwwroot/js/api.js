// The JSON API (docs/api.md). Every call sends the session cookie and the anti-forgery header the server requires
// on cookie-authenticated changes (a cross-site form cannot send it); failures become ApiError with a Chinese message.

export class ApiError extends Error {
  constructor(status, message, problem, missing = false) {
    super(message);
    this.status = status;
    this.problem = problem;
    /** The server has no such route yet: the page says so instead of failing. */
    this.missing = missing;
  }
}

const hasChinese = s => typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);

const statusMessages = {
  400: '提交的内容有误，请检查后重试',
  401: '登录已过期，请重新登录',
  403: '您没有权限进行此操作',
  404: '未找到相应的记录',
  409: '操作未能完成：数据已被他人修改或不符合办理规则，请刷新后重试',
  413: '文件太大',
  500: '服务器出错，请稍后再试',
};

async function problemOf(response) {
  const type = response.headers.get('content-type') || '';
  if (!type.includes('json')) return null;
  try { return await response.json(); } catch { return null; }
}

function messageOf(status, problem) {
  if (problem) {
    const fieldErrors = problem.errors ? Object.values(problem.errors).flat().filter(Boolean) : [];
    if (fieldErrors.length) return fieldErrors.join('；');
    if (hasChinese(problem.detail)) return problem.detail;
    if (hasChinese(problem.title)) return problem.title;
  }
  return statusMessages[status] || `请求失败（${status}）`;
}

/** A 404/405 that carries no Chinese message comes from routing, not from a handler: the route isn't there. */
function isMissingRoute(status, problem) {
  if (status !== 404 && status !== 405) return false;
  return !(problem && (hasChinese(problem.detail) || hasChinese(problem.title)));
}

export async function request(method, url, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'X-Requested-With': 'PolicyTracker' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络后重试', null);
  }
  if (response.status === 401 && !url.startsWith('/api/auth/login')) {
    const next = encodeURIComponent(location.pathname + location.search);
    location.href = `/login.html?next=${next}`;
    throw new ApiError(401, statusMessages[401], null);
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    const missing = isMissingRoute(response.status, problem);
    const message = missing ? `该功能的接口尚未提供（${method} ${url.split('?')[0]}），请联系系统管理员` : messageOf(response.status, problem);
    throw new ApiError(response.status, message, problem, missing);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  if (type.includes('json')) return response.json();
  const text = await response.text();
  return text || null;
}

export const get = url => request('GET', url);
export const post = (url, body) => request('POST', url, body ?? {});
export const put = (url, body) => request('PUT', url, body);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
