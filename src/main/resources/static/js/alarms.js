// The alarm desk: queue sorted by severity and SLA time left with a live countdown; acknowledge, follow the
// protocol checklist, escalate, resolve with a code and a note. New alarms arrive by server-sent events.
import { cfg, t, api, el, fmtDateTime, attempt, live } from './common.js';
import { typeLabel } from './alarm-common.js';

const SEVERITY_ORDER = { CRITICAL: 0, SERIOUS: 1, HIGH: 1, WARNING: 2, INFO: 3, INFORMATIONAL: 3 };
let alarms = [];
let selected = null;

function deadline(a) { return a.slaDeadline || a.deadline || a.dueAt || a.slaDueAt || null; }

function countdown(a) {
  const d = deadline(a);
  if (!d) return '—';
  const s = Math.round((Date.parse(d) - Date.now()) / 1000);
  const abs = Math.abs(s);
  const txt = String(Math.floor(abs / 60)).padStart(2, '0') + ':' + String(abs % 60).padStart(2, '0');
  return s >= 0 ? txt : t('alarm.overdue', txt);
}

function sort(list) {
  return list.sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
    || (Date.parse(deadline(a) || 8.64e15) - Date.parse(deadline(b) || 8.64e15)));
}

async function load() {
  if (!cfg.features.alarms) { document.getElementById('alarms-unavailable').hidden = false; document.body.dataset.loaded = 'true'; return; }
  const data = await api('/api/v1/alarms');
  alarms = sort(Array.isArray(data) ? data : (data.items || data.content || []));
  render();
  if (selected) { const a = alarms.find(x => x.id === selected.id); if (a) await select(a.id, false); }
  document.body.dataset.loaded = 'true';
}

function render() {
  const tbody = document.querySelector('#alarm-queue tbody');
  tbody.replaceChildren();
  for (const a of alarms) {
    const tr = el('tr', { 'data-alarm': a.id, 'data-status': a.status, class: 'sev-' + a.severity + (selected && selected.id === a.id ? ' selected' : ''), tabindex: 0,
      onclick: () => attempt(() => select(a.id, true)), onkeydown: e => { if (e.key === 'Enter') attempt(() => select(a.id, true)); } },
    el('td', {}, el('span', { class: 'badge sev-' + a.severity }, t('alarm.severity.' + a.severity))), el('td', {}, typeLabel(a.type)),
    el('td', {}, a.personName || a.expediente || ''), el('td', {}, fmtDateTime(a.raisedAt || a.createdAt || a.occurredAt)),
    el('td', { class: 'alarm-status' }, t('alarm.status.' + a.status)), el('td', { class: 'countdown mono', 'data-deadline': deadline(a) || '' }, countdown(a)));
    tbody.append(tr);
  }
  if (!alarms.length) tbody.append(el('tr', {}, el('td', { colspan: 6, class: 'hint' }, t('alarms.none'))));
}

async function select(id, focus) {
  selected = await api('/api/v1/alarms/' + id);
  const a = selected;
  const box = document.getElementById('alarm-detail');
  box.hidden = false;
  const rows = [[t('alarm.type'), typeLabel(a.type)], [t('alarm.severity'), t('alarm.severity.' + a.severity)],
    [t('alarm.status'), t('alarm.status.' + a.status)], [t('order.person'), a.personName || '—'],
    [t('alarm.raised'), fmtDateTime(a.raisedAt || a.createdAt || a.occurredAt)], [t('alarm.sla'), countdown(a)]];
  const dlist = document.getElementById('alarm-fields');
  dlist.replaceChildren();
  for (const [k, v] of rows) dlist.append(el('dt', {}, k), el('dd', {}, v));
  if (a.orderId) dlist.append(el('dt', {}, t('alarm.case')), el('dd', {}, el('a', { href: '/console/orders/' + a.orderId }, a.expediente || t('alarm.openCase'))));
  const steps = a.checklist || a.steps || [];
  const ol = document.getElementById('alarm-checklist');
  ol.replaceChildren();
  steps.forEach((s, i) => {
    const key = s.key || s.code || s.id || String(i);
    const done = !!(s.done || s.completed || s.doneAt || s.completedAt);
    const cb = el('input', { type: 'checkbox', id: 'step-' + key, checked: done, disabled: done || a.status === 'RESOLVED' || !cfg.can.handleAlarms,
      onchange: () => attempt(async () => { await api('/api/v1/alarms/' + a.id + '/checklist/' + encodeURIComponent(key), { method: 'POST', body: { done: true } }); await load(); }) });
    ol.append(el('li', {}, el('label', { for: 'step-' + key, class: 'check' }, cb, ' ', cfg.i18n['alarm.step.' + key] || s.label || s.description || key)));
  });
  if (!steps.length) ol.append(el('li', { class: 'hint' }, t('alarm.noChecklist')));
  const open = a.status !== 'RESOLVED' && a.status !== 'CLOSED';
  document.getElementById('alarm-ack').hidden = !(cfg.can.handleAlarms && a.status === 'OPEN');
  document.getElementById('alarm-escalate').hidden = !(cfg.can.handleAlarms && open);
  document.getElementById('alarm-resolve').hidden = !(cfg.can.handleAlarms && open && a.status !== 'OPEN');
  render();
  if (focus) box.focus();
}

async function act(path, body, message) {
  const ok = await attempt(async () => { await api('/api/v1/alarms/' + selected.id + '/' + path, { method: 'POST', body: body || {} }); return true; }, message);
  if (ok) await load();
}

document.getElementById('alarm-ack').addEventListener('click', () => act('acknowledge', {}, t('alarm.acknowledged')));
document.getElementById('alarm-escalate').addEventListener('click', () => act('escalate', {}, t('alarm.escalated')));
document.getElementById('alarm-resolve').addEventListener('submit', ev => {
  ev.preventDefault();
  act('resolve', { code: document.getElementById('resolve-code').value, note: document.getElementById('resolve-note').value }, t('alarm.resolved'));
});

setInterval(() => {
  for (const td of document.querySelectorAll('#alarm-queue td.countdown')) {
    const a = alarms.find(x => x.id === td.parentElement.dataset.alarm);
    if (a) td.textContent = countdown(a);
  }
}, 1000);

attempt(load);
if (cfg.features.alarms && cfg.can.handleAlarms) live({ alarm: () => attempt(load) });
