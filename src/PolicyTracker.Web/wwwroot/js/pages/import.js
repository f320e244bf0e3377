// 导入审核: upload a plan, read the source beside the drafted tasks (each field highlighted where it came from),
// fix the draft (edit, merge, split, not-a-task, map units) and publish it. All edits go to the server at once.
import { get, post, put, query } from '../api.js';
import { startPage, section, esc, param, formatDay, formatInstant, message, errorBox, formDialog, toast, comparatorNames } from '../ui.js';

await startPage(['Supervisor', 'Admin']);
const content = document.getElementById('content');
const importId = param('id');
const state = { version: null, data: null, units: [], allUnits: [], selected: null, pending: Promise.resolve(), published: false };

if (!importId) showUploads();
else loadImport();

function showUploads() {
  content.innerHTML = `<section class="card" aria-labelledby="up-h"><h2 id="up-h">上传方案文件</h2>
      <form id="upload" novalidate>
        <label for="file">选择文件（.txt、.docx、.pdf）</label>
        <input id="file" name="file" type="file" accept=".txt,.docx,.pdf" required>
        <div id="upload-result" aria-live="polite"></div>
        <div class="actions"><button type="submit" class="btn">上传并识别</button></div>
      </form></section>
    <section class="card" aria-labelledby="pending-h"><h2 id="pending-h">待审核的导入</h2><div id="pending"></div></section>`;
  const form = document.getElementById('upload');
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const result = document.getElementById('upload-result');
    if (!form.file.files.length) { result.innerHTML = message('error', '请选择要上传的文件'); return; }
    const data = new FormData();
    data.append('file', form.file.files[0]);
    const button = form.querySelector('button');
    button.disabled = true;
    result.innerHTML = message('info', '正在识别，请稍候…');
    try {
      const r = await post('/api/imports/', data);
      location.href = `/import.html?id=${encodeURIComponent(r.importId)}`;
    } catch (error) {
      result.innerHTML = errorBox(error);
      button.disabled = false;
    }
  });
  const pending = document.getElementById('pending');
  section(pending, () => get('/api/imports'), list => {
    pending.innerHTML = list.length ? `<ul>${list.map(i => `<li><a href="/import.html?id=${encodeURIComponent(i.id)}">${esc(i.fileName)}</a>
      <span class="hint">${formatInstant(i.uploadedAt)}，${i.documents}个文件，${i.tasks}项任务</span></li>`).join('')}</ul>`
      : '<p class="empty">没有待审核的导入。</p>';
  });
}

async function loadImport() {
  try {
    const [data, units, allUnits] = await Promise.all([
      get(`/api/imports/${encodeURIComponent(importId)}`),
      get(`/api/imports/${encodeURIComponent(importId)}/units`).catch(error => ({ error })),
      get('/api/units').catch(error => ({ error })),
    ]);
    data.draft = snakeKeys(data.draft);
    state.data = data;
    state.version = data.version;
    state.units = units;
    state.allUnits = allUnits;
    render();
  } catch (error) {
    content.innerHTML = errorBox(error) + '<p><a href="/import.html">返回导入列表</a></p>';
  }
}

/** The draft is documented in the extraction contract's snake_case; accept it however the server spelled it. */
function snakeKeys(value) {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`), snakeKeys(v)]));
}

/** Requests bind camelCase property names. */
function camelKeys(value) {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), camelKeys(v)]));
}

const unitStatus = name => (Array.isArray(state.units) ? state.units.find(u => u.name === name) : null);

function unitList(names) {
  if (!names?.length) return '<span class="unit-new">未识别</span>';
  return names.map(n => {
    const s = unitStatus(n);
    return s && s.status === 'New' ? `<span class="unit-new" title="系统中尚无此单位">${esc(n)}（新单位）</span>` : esc(n);
  }).join('、');
}

function taskCard(doc, d, task, t) {
  const key = `${d}-${t}`;
  return `<article class="draft-task${task.excluded ? ' excluded' : ''}${state.selected === key ? ' selected' : ''}" data-key="${key}" aria-labelledby="t-${key}">
    <h3 id="t-${key}"><button type="button" class="btn small secondary" data-select="${key}" aria-pressed="${state.selected === key}">第${task.line}${task.end_line && task.end_line !== task.line ? `–${task.end_line}` : ''}行</button>
      ${esc(task.title || task.text.slice(0, 30))}${task.excluded ? ' <span class="badge">非任务</span>' : ''}</h3>
    <div>${esc(task.text)}</div>
    <div class="meta">
      <span>牵头：${unitList(task.lead_units)}</span>
      ${task.co_units?.length ? `<span>配合：${unitList(task.co_units)}</span>` : ''}
      <span>时限：${task.deadline ? formatDay(task.deadline) : task.ongoing ? '长期坚持' : '未识别'}${task.deadline_text ? `（${esc(task.deadline_text)}）` : ''}</span>
      ${task.leader ? `<span>责任领导：${esc(task.leader)}</span>` : ''}
      ${task.targets?.length ? `<span>指标：${task.targets.map(x => esc(`${x.metric || x.text} ${comparatorNames[x.op] || x.op}${x.value}${x.unit ?? ''}`)).join('；')}</span>` : ''}
    </div>
    <div class="actions">
      <button type="button" class="btn small" data-edit="${key}">编辑</button>
      ${t + 1 < doc.tasks.length ? `<button type="button" class="btn small secondary" data-merge="${key}">与下一项合并</button>` : ''}
      <button type="button" class="btn small secondary" data-split="${key}">拆分</button>
      <button type="button" class="btn small secondary" data-exclude="${key}">${task.excluded ? '恢复为任务' : '标记为非任务'}</button>
    </div></article>`;
}

function unitsPanel() {
  if (state.units?.error) return `<section class="card" aria-labelledby="map-h"><h2 id="map-h">单位对应</h2>${errorBox(state.units.error)}</section>`;
  const unknown = state.units.filter(u => u.status === 'New');
  const listMissing = state.allUnits?.error;
  const options = (listMissing ? [] : state.allUnits).map(u => `<option value="${esc(u.id)}">${esc(u.name)}</option>`).join('');
  return `<section class="card" aria-labelledby="map-h"><h2 id="map-h">单位对应</h2>
    ${listMissing && unknown.length ? errorBox(listMissing) + '<p class="hint">暂只能从推荐单位中选择，或在“编辑”中直接改写单位名称。</p>' : ''}
    <p class="hint">共识别 ${state.units.length} 个单位名称，其中 ${unknown.length} 个在系统中尚无对应单位。对应后该名称将作为别名记住，今后自动识别。</p>
    ${unknown.map((u, i) => `<form class="inline-fields map-row" data-map="${esc(u.name)}">
      <div><label for="m-${i}">“${esc(u.name)}”对应到</label>
        <select id="m-${i}" name="unitId">
          ${(u.suggestions || []).map(s => `<option value="${esc(s.unitId)}">${esc(s.name)}（推荐）</option>`).join('')}
          ${options}
          <option value="__new">作为新单位创建</option>
        </select></div>
      <div><button type="submit" class="btn small">确定</button></div></form>`).join('') || '<p class="empty">所有单位均已对应。</p>'}
  </section>`;
}

function render() {
  const { data } = state;
  const docs = data.draft?.documents || [];
  const pending = data.status === 'PendingReview';
  const taskCount = docs.reduce((n, d) => n + d.tasks.filter(t => !t.excluded).length, 0);
  document.querySelector('h1').textContent = `导入审核：${data.fileName}`;
  content.innerHTML = `
    ${pending ? '' : message('info', data.status === 'Published' ? '该导入已发布。' : '该导入已放弃。')}
    ${(data.duplicates || []).map(d => message('info', `第${d.documentIndex + 1}个文件与已发布的“${d.planTitle}”重复（${d.reason}），发布时将作为更新。`)).join('')}
    <div class="card actions" role="group" aria-label="发布操作">
      <span>共 ${docs.length} 个文件，${taskCount} 项任务待发布</span>
      ${pending ? '<button type="button" class="btn" id="publish">发布</button><button type="button" class="btn secondary" id="discard">放弃此导入</button>' : ''}
      <a class="btn secondary" href="/import.html">返回导入列表</a>
    </div>
    <div id="publish-result" aria-live="polite"></div>
    ${pending ? unitsPanel() : ''}
    <div class="legend" aria-hidden="true"><span><mark class="unit">单位</mark></span><span><mark class="deadline">时限</mark></span><span><mark class="target">指标</mark></span><span><mark>责任领导</mark></span></div>
    <div class="review">
      <section aria-labelledby="src-h"><h2 id="src-h">原文</h2><div class="source" id="source" tabindex="0" aria-label="原文内容"><ol>${(data.lines || []).map((l, i) => `<li id="L${i + 1}">${esc(l) || ' '}</li>`).join('')}</ol></div></section>
      <section aria-labelledby="draft-h"><h2 id="draft-h">识别出的任务</h2>
        ${docs.map((doc, d) => `<div class="card" data-doc="${d}">
          <h3>${esc(doc.plan_title || doc.notice_title || `文件${d + 1}`)}</h3>
          <div class="meta hint">${doc.doc_number ? `文号：${esc(doc.doc_number)}　` : ''}${doc.issuer ? `发文单位：${esc(doc.issuer)}　` : ''}${doc.issued_on ? `成文日期：${formatDay(doc.issued_on)}` : ''}</div>
          ${pending ? `<div class="actions"><button type="button" class="btn small secondary" data-doc-edit="${d}">编辑文件信息</button></div>` : ''}
          ${doc.tasks.length ? doc.tasks.map((task, t) => taskCard(doc, d, task, t)).join('') : '<p class="empty">此文件中没有识别出任务。</p>'}
        </div>`).join('')}
      </section>
    </div>`;
  if (!pending) content.querySelectorAll('.draft-task .actions').forEach(a => a.remove());
  bind();
  if (state.selected) highlight(state.selected, false);
}

const taskAt = key => {
  const [d, t] = key.split('-').map(Number);
  return { d, t, doc: state.data.draft.documents[d], task: state.data.draft.documents[d].tasks[t] };
};

/** Marks the task's lines and, inside them, the words each field was read from. */
function highlight(key, scroll = true) {
  const { task } = taskAt(key);
  const source = document.getElementById('source');
  source.querySelectorAll('li.hl').forEach(li => { li.classList.remove('hl'); li.innerHTML = esc(state.data.lines[+li.id.slice(1) - 1]) || ' '; });
  const words = [
    ...(task.lead_units || []).map(w => [w, 'unit']), ...(task.co_units || []).map(w => [w, 'unit']),
    ...(task.deadline_text ? [[task.deadline_text, 'deadline']] : []),
    ...(task.targets || []).map(x => [x.text, 'target']),
    ...(task.leader ? [[task.leader, '']] : []),
  ].filter(([w]) => w && w.length > 1);
  const last = task.end_line || task.line;
  for (let n = task.line; n <= last; n++) {
    const li = document.getElementById(`L${n}`);
    if (!li) continue;
    li.classList.add('hl');
    li.innerHTML = markWords(state.data.lines[n - 1], words) || ' ';
  }
  if (scroll) document.getElementById(`L${task.line}`)?.scrollIntoView({ block: 'center' });
}

function markWords(line, words) {
  const spans = [];
  for (const [word, kind] of words) {
    let at = line.indexOf(word);
    while (at >= 0) {
      if (!spans.some(s => at < s.end && at + word.length > s.start)) spans.push({ start: at, end: at + word.length, kind });
      at = line.indexOf(word, at + word.length);
    }
  }
  spans.sort((a, b) => a.start - b.start);
  let html = '';
  let pos = 0;
  for (const s of spans) {
    html += esc(line.slice(pos, s.start)) + `<mark${s.kind ? ` class="${s.kind}"` : ''}>${esc(line.slice(s.start, s.end))}</mark>`;
    pos = s.end;
  }
  return html + esc(line.slice(pos));
}

const splitNames = text => text.split(/[、,，;；\s]+/).map(s => s.trim()).filter(Boolean);

/**
 * Edits run one after another and publishing waits for the last: a publish clicked while an exclusion is still
 * on its way would otherwise publish the task, and the edit's reload would then draw the draft over the result.
 */
function change(work, done) {
  const run = state.pending.catch(() => {}).then(async () => {
    const r = await work();
    if (r?.version) state.version = r.version;
    toast('ok', done);
    if (!state.published) await loadImport();
  });
  state.pending = run;
  return run;
}

function bind() {
  const base = `/api/imports/${encodeURIComponent(importId)}`;
  content.querySelectorAll('[data-select]').forEach(b => b.addEventListener('click', () => {
    state.selected = b.dataset.select;
    content.querySelectorAll('.draft-task').forEach(el => el.classList.toggle('selected', el.dataset.key === state.selected));
    content.querySelectorAll('[data-select]').forEach(x => x.setAttribute('aria-pressed', String(x.dataset.select === state.selected)));
    highlight(state.selected);
  }));
  content.querySelectorAll('[data-edit]').forEach(b => b.addEventListener('click', () => {
    const { d, t, task } = taskAt(b.dataset.edit);
    formDialog(`编辑任务（第${task.line}行）`, `
      <label for="e-text">任务内容</label><textarea id="e-text" name="text" required>${esc(task.text)}</textarea>
      <label for="e-title">标题</label><input id="e-title" name="title" value="${esc(task.title || '')}">
      <label for="e-lead">牵头单位（多个用“、”分隔）</label><input id="e-lead" name="lead" value="${esc((task.lead_units || []).join('、'))}">
      <label for="e-co">配合单位（多个用“、”分隔）</label><input id="e-co" name="co" value="${esc((task.co_units || []).join('、'))}">
      <label for="e-leader">责任领导</label><input id="e-leader" name="leader" value="${esc(task.leader || '')}">
      <label for="e-deadline">完成时限</label><input id="e-deadline" name="deadline" type="date" value="${esc(task.deadline || '')}">
      <label for="e-dtext">时限原文</label><input id="e-dtext" name="deadlineText" value="${esc(task.deadline_text || '')}">
      <label><input type="checkbox" name="ongoing" style="width:auto"${task.ongoing ? ' checked' : ''}> 长期坚持（无固定时限）</label>`,
    async f => {
      const edited = {
        ...task,
        text: f.get('text'), title: f.get('title') || null,
        lead_units: splitNames(f.get('lead')), co_units: splitNames(f.get('co')),
        leader: f.get('leader') || null, deadline: f.get('deadline') || null,
        deadline_text: f.get('deadlineText') || null, ongoing: f.get('ongoing') === 'on',
      };
      await change(() => put(`${base}/documents/${d}/tasks/${t}`, { version: state.version, task: camelKeys(edited) }), '已保存');
    }, '保存');
  }));
  content.querySelectorAll('[data-merge]').forEach(b => b.addEventListener('click', async () => {
    const { d, t } = taskAt(b.dataset.merge);
    try { await change(() => post(`${base}/documents/${d}/tasks/${t}/merge`, { version: state.version, with: t + 1 }), '已合并'); }
    catch (error) { toast('error', error.message); }
  }));
  content.querySelectorAll('[data-split]').forEach(b => b.addEventListener('click', () => {
    const { d, t, task } = taskAt(b.dataset.split);
    formDialog('拆分任务', `<label for="s-parts">每行一项任务（至少两行）</label>
      <textarea id="s-parts" name="parts" rows="8">${esc(task.text.split(/(?<=[。；;])/).map(s => s.trim()).filter(Boolean).join('\n'))}</textarea>`,
    async f => {
      const parts = f.get('parts').split('\n').map(s => s.trim()).filter(Boolean);
      if (parts.length < 2) throw new Error('请至少分成两项，每行一项');
      await change(() => post(`${base}/documents/${d}/tasks/${t}/split`, { version: state.version, parts }), '已拆分');
    }, '拆分');
  }));
  content.querySelectorAll('[data-exclude]').forEach(b => b.addEventListener('click', async () => {
    const { d, t, task } = taskAt(b.dataset.exclude);
    try { await change(() => post(`${base}/documents/${d}/tasks/${t}/exclude`, { version: state.version, excluded: !task.excluded }), task.excluded ? '已恢复为任务' : '已标记为非任务'); }
    catch (error) { toast('error', error.message); }
  }));
  content.querySelectorAll('[data-doc-edit]').forEach(b => b.addEventListener('click', () => {
    const d = +b.dataset.docEdit;
    const doc = state.data.draft.documents[d];
    formDialog('编辑文件信息', `
      <label for="d-no">文号</label><input id="d-no" name="docNumber" value="${esc(doc.doc_number || '')}">
      <label for="d-nt">通知标题</label><input id="d-nt" name="noticeTitle" value="${esc(doc.notice_title || '')}">
      <label for="d-pt">方案标题</label><input id="d-pt" name="planTitle" value="${esc(doc.plan_title || '')}">
      <label for="d-is">发文单位</label><input id="d-is" name="issuer" value="${esc(doc.issuer || '')}">
      <label for="d-on">成文日期</label><input id="d-on" name="issuedOn" type="date" value="${esc(doc.issued_on || '')}">`,
    async f => {
      const body = { version: state.version };
      for (const k of ['docNumber', 'noticeTitle', 'planTitle', 'issuer', 'issuedOn']) body[k] = f.get(k) || null;
      await change(() => put(`${base}/documents/${d}`, body), '已保存');
    }, '保存');
  }));
  content.querySelectorAll('[data-map]').forEach(form => form.addEventListener('submit', async event => {
    event.preventDefault();
    const value = form.unitId.value;
    const body = value === '__new' ? { version: state.version, name: form.dataset.map, createNew: true } : { version: state.version, name: form.dataset.map, unitId: value };
    form.querySelector('button').disabled = true;
    try { await change(() => post(`${base}/unit-mappings`, body), `已对应“${form.dataset.map}”`); }
    catch (error) { toast('error', error.message); form.querySelector('button').disabled = false; }
  }));
  document.getElementById('discard')?.addEventListener('click', () => formDialog('放弃此导入', '<p>放弃后此导入不再出现在待审核列表中，已识别的内容不会发布。</p>',
    async () => { await post(`${base}/discard`, { version: state.version }); location.href = '/import.html'; }, '确认放弃'));
  document.getElementById('publish')?.addEventListener('click', event => publish(event.target, false));
}

async function publish(button, replaceDuplicates) {
  const result = document.getElementById('publish-result');
  button.disabled = true;
  try {
    await state.pending;
  } catch {
    // The edit's own handler has shown why it failed: the supervisor sees the draft as it is, and a second click publishes it.
    state.pending = Promise.resolve();
    button.disabled = false;
    return;
  }
  try {
    const r = await post(`/api/imports/${encodeURIComponent(importId)}/publish${query({ replaceDuplicates: replaceDuplicates || undefined })}`);
    state.published = true;
    const planIds = r.planIds || [];
    content.innerHTML = message('ok', `已发布 ${planIds.length} 个方案，共 ${r.tasks} 项任务。`) +
      `<ul id="published">${planIds.map((p, i) => `<li><a href="/tasks.html${query({ planId: p, label: `已发布方案${planIds.length > 1 ? i + 1 : ''}的任务` })}">查看已发布方案${planIds.length > 1 ? i + 1 : ''}的任务</a></li>`).join('')}</ul>
      <p><a href="/import.html">继续导入</a></p>`;
  } catch (error) {
    button.disabled = false;
    if (error.status === 409 && !replaceDuplicates && (error.message.includes('已发布') || error.message.includes('更新'))) {
      formDialog('确认作为更新发布', `${message('info', error.message)}<p>确认后将更新已发布的方案，已有任务保留办理记录。</p>`,
        async () => publish(button, true), '作为更新发布');
      return;
    }
    result.innerHTML = errorBox(error);
  }
}
