// Eligibility triage: who could go home under electronic monitoring in the user's scope and why (every reason with
// its rule and legal basis), filters, CSV/PDF exports, turning a candidate into an EM request, importing the prison
// register with live progress, and the re-evaluations that list who changed and why.
import { cfg, t, api, el, fmtDate, fmtDateTime, attempt, notify } from './common.js';

const number = new Intl.NumberFormat(cfg.lang);
const lang = cfg.lang && cfg.lang.startsWith('en') ? 'en' : 'es';
const state = { page: 0, size: 50, total: 0 };
const $ = id => document.getElementById(id);

function csrf() {
  const m = document.cookie.match('(?:^|; )XSRF-TOKEN=([^;]*)');
  return m ? decodeURIComponent(m[1]) : null;
}

function filterParams() {
  const p = new URLSearchParams();
  const add = (k, v) => { if (v !== '' && v !== null && v !== undefined) p.set(k, v); };
  add('penalCentreId', $('filter-centre').value);
  add('court', $('filter-court').value.trim());
  add('status', $('filter-status').value);
  add('legalStatus', $('filter-legal').value);
  add('communityService', $('filter-service').value);
  if ($('filter-priority').checked) p.set('priority', 'true');
  add('q', $('filter-text').value.trim());
  return p;
}

function updateExports() {
  for (const format of ['csv', 'pdf']) {
    const p = filterParams();
    p.set('format', format);
    p.set('lang', lang);
    $('export-' + format).href = '/api/v1/eligibility/candidates/export?' + p.toString();
  }
}

async function loadRuleSet() {
  const sets = await api('/api/v1/eligibility/rule-sets');
  const active = (sets || []).find(s => s.active);
  if (!active) { $('rule-set').textContent = t('eligibility.ruleSetNone'); return; }
  $('rule-set').textContent = t('eligibility.ruleSet', active.code, active.title, fmtDate(active.inForceFrom));
  const detail = await api('/api/v1/eligibility/rule-sets/' + active.version);
  const tbody = document.querySelector('#rules-table tbody');
  tbody.replaceChildren();
  for (const r of detail.rules) {
    tbody.append(el('tr', {}, el('td', { class: 'mono' }, r.id), el('td', {}, r.text), el('td', { class: 'hint' }, r.basis)));
  }
  const sources = $('rule-sources');
  sources.replaceChildren(...(detail.sources || []).map(s => el('li', {}, s)));
}

async function loadCentres() {
  const list = await api('/api/v1/penal-centres');
  const select = $('filter-centre');
  for (const c of (list.centres || [])) select.append(el('option', { value: c.id }, c.name + ' (' + c.regionalOffice + ')'));
}

function reasonItem(r) {
  const arg = r.arg ? (/^\d/.test(r.arg) ? t('eligibility.article', r.arg) : t('eligibility.arg.' + r.arg)) : null;
  return el('li', { class: 'reason effect-' + r.effect },
    el('span', { class: 'badge effect-' + r.effect }, t('eligibility.effect.' + r.effect)), ' ',
    el('span', { class: 'mono' }, r.ruleId), ' ', r.text || '', arg ? ' [' + arg + ']' : null,
    el('span', { class: 'basis' }, r.basis || ''));
}

function reasonList(reasons) {
  return el('ul', { class: 'reasons' }, ...reasons.map(reasonItem));
}

function penalty(c) {
  const legal = t('eligibility.legal.' + c.legalStatus) + (c.sentenceStage ? ' · ' + t('eligibility.stage.' + c.sentenceStage) : '');
  const p = c.penaltyMonths === undefined || c.penaltyMonths === null ? t('eligibility.noPenalty')
    : t('eligibility.penalty', Math.floor(c.penaltyMonths / 12), c.penaltyMonths % 12);
  return [el('div', {}, legal), el('div', {}, p), el('div', { class: 'hint' }, t('eligibility.served', number.format(c.servedDays))),
    el('div', { class: 'hint' }, 'CP ' + c.offences.join(', '))];
}

function action(c) {
  if (c.orderId) return el('a', { href: '/console/orders/' + c.orderId, class: 'order-link' }, t('eligibility.order'));
  if (!cfg.can.emRequest || c.status === 'NOT_ELIGIBLE') return null;
  return el('button', { type: 'button', class: 'em-request', 'data-id': c.internalId, onclick: async ev => {
    ev.target.disabled = true;
    const r = await attempt(() => api('/api/v1/eligibility/candidates/' + encodeURIComponent(c.internalId) + '/em-request', { method: 'POST', body: {} }));
    if (r) {
      notify(t('eligibility.requested', r.orderId), 'ok');
      ev.target.replaceWith(el('a', { href: '/console/orders/' + r.orderId, class: 'order-link' }, t('eligibility.order')));
    } else {
      ev.target.disabled = false;
    }
  } }, t('eligibility.request'));
}

async function loadCandidates() {
  const p = filterParams();
  p.set('page', state.page);
  p.set('size', state.size);
  const page = await api('/api/v1/eligibility/candidates?' + p.toString());
  for (const s of ['ELIGIBLE', 'NEEDS_REVIEW', 'NOT_ELIGIBLE']) $('count-' + s).textContent = number.format(page.counts[s] || 0);
  const tbody = document.querySelector('#candidates-table tbody');
  tbody.replaceChildren();
  for (const c of page.items) {
    tbody.append(el('tr', { 'data-id': c.internalId, class: 'status-' + c.status },
      el('td', { class: 'num' }, number.format(c.rank)),
      el('td', {}, el('div', { class: 'name' }, c.surnames + ', ' + c.givenNames),
        el('div', { class: 'hint' }, 'DNI ' + c.dni + ' · ' + c.sex + ' · ' + c.age + ' · ' + c.internalId),
        c.synthetic ? el('span', { class: 'badge synthetic' }, t('eligibility.synthetic')) : null),
      el('td', {}, c.penalCentre.name || '—'),
      el('td', {}, el('div', {}, c.courtCode || '—'), el('div', { class: 'hint mono' }, c.expediente || '')),
      el('td', {}, ...penalty(c)),
      el('td', {}, el('span', { class: 'badge status-' + c.status }, t('eligibility.status.' + c.status)),
        c.communityService ? el('div', { class: 'hint' }, t('eligibility.withService')) : null,
        c.priority > 0 ? el('div', { class: 'priority' }, t('eligibility.priorityN', c.priority)) : null),
      el('td', {}, reasonList(c.reasons)),
      el('td', {}, action(c))));
  }
  if (!page.items.length) tbody.append(el('tr', {}, el('td', { colspan: 8, class: 'hint' }, t('eligibility.none'))));
  state.total = page.total;
  const pages = Math.max(1, Math.ceil(page.total / state.size));
  $('page-info').textContent = t('eligibility.total', number.format(page.total)) + ' · ' + t('eligibility.page', state.page + 1, pages);
  $('page-prev').disabled = state.page === 0;
  $('page-next').disabled = state.page + 1 >= pages;
  updateExports();
}

async function loadRuns() {
  const runs = await api('/api/v1/eligibility/runs');
  const list = $('runs');
  list.replaceChildren();
  if (!runs.length) list.append(el('li', { class: 'hint' }, t('eligibility.runs.none')));
  for (const r of runs.slice(0, 10)) {
    list.append(el('li', { 'data-run': r.id },
      t('eligibility.run', r.id, r.fromCode || '—', r.toCode, number.format(r.evaluated), number.format(r.changed),
        t('eligibility.run.cause.' + r.cause) + ', ' + fmtDateTime(r.startedAt)), ' ',
      r.changed > 0 ? el('button', { type: 'button', class: 'link show-changes', onclick: () => attempt(() => showChanges(r.id)) },
        t('eligibility.run.show')) : null));
  }
}

async function showChanges(runId) {
  const page = await api('/api/v1/eligibility/runs/' + runId + '/changes?size=200');
  const table = $('changes-table');
  const tbody = table.querySelector('tbody');
  tbody.replaceChildren();
  const side = (status, service, priority, reasons) => el('td', {},
    el('span', { class: 'badge status-' + status }, t('eligibility.status.' + status)),
    service ? el('div', { class: 'hint' }, t('eligibility.withService')) : null,
    priority > 0 ? el('div', { class: 'priority' }, t('eligibility.priorityN', priority)) : null, reasonList(reasons));
  for (const c of page.items) {
    tbody.append(el('tr', { 'data-id': c.internalId },
      el('td', {}, el('div', {}, (c.surnames || '') + (c.givenNames ? ', ' + c.givenNames : '')), el('div', { class: 'hint mono' }, c.internalId)),
      el('td', {}, c.penalCentre.name || '—'),
      side(c.oldStatus, c.oldCommunityService, c.oldPriority, c.oldReasons),
      side(c.newStatus, c.newCommunityService, c.newPriority, c.newReasons)));
  }
  if (!page.items.length) tbody.append(el('tr', {}, el('td', { colspan: 4, class: 'hint' }, t('eligibility.change.none'))));
  table.hidden = false;
}

function setupImport() {
  if (!cfg.can.importRegister) return;
  $('import').hidden = false;
  $('import-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const file = $('import-file').files[0];
    if (!file) return;
    const progress = $('import-progress');
    const status = $('import-status');
    const errors = $('import-errors');
    errors.replaceChildren();
    progress.hidden = false;
    progress.value = 0;
    $('import-start').disabled = true;
    try {
      const res = await fetch('/api/v1/eligibility/register/imports?mode=' + $('import-mode').value, {
        method: 'POST', credentials: 'same-origin', body: file,
        headers: { 'Content-Type': 'text/csv', 'Accept': 'application/json', 'X-XSRF-TOKEN': csrf() || '' } });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error((body && (body.detail || body.title)) || t('error.http', res.status));
      await follow(body.id, progress, status, errors);
    } catch (e) {
      status.textContent = t('eligibility.import.state.FAILED', e.message);
      notify(e.message, 'error');
    } finally {
      $('import-start').disabled = false;
    }
  });
}

async function follow(id, progress, status, errors) {
  for (;;) {
    const job = await api('/api/v1/eligibility/register/imports/' + id);
    progress.value = Math.round(job.progress * 100);
    if (job.state === 'PARSING') status.textContent = t('eligibility.import.state.PARSING', number.format(job.linesRead), number.format(job.lines));
    else if (job.state === 'WRITING') status.textContent = t('eligibility.import.state.WRITING', number.format(job.rowsWritten), number.format(job.rows));
    else if (job.state === 'QUEUED') status.textContent = t('eligibility.import.state.QUEUED');
    if (job.state === 'DONE') {
      status.textContent = t('eligibility.import.state.DONE', number.format(job.rows), number.format(job.durationMs || 0));
      notify(status.textContent, 'ok');
      state.page = 0;
      await loadCandidates();
      return;
    }
    if (job.state === 'FAILED') {
      status.textContent = t('eligibility.import.state.FAILED', job.message || '');
      for (const e of (job.errors || [])) {
        errors.append(el('li', {}, t('eligibility.import.line', e.line) + (e.column ? ', ' + t('eligibility.import.column', e.column) : '') + ': ' + e.message));
      }
      return;
    }
    await new Promise(r => setTimeout(r, 300));
  }
}

$('candidate-filter').addEventListener('submit', ev => {
  ev.preventDefault();
  state.page = 0;
  attempt(loadCandidates);
});
$('page-prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); attempt(loadCandidates); });
$('page-next').addEventListener('click', () => { state.page += 1; attempt(loadCandidates); });
setupImport();
Promise.all([attempt(loadRuleSet), attempt(loadCentres), attempt(loadCandidates), attempt(loadRuns)])
  .finally(() => { document.body.dataset.loaded = 'true'; });
