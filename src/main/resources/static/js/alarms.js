// The alarm desk: the queue sorted by severity and SLA time left with a live countdown; acknowledge, follow the
// protocol checklist step by step, escalate with a reason, resolve with a code and a note. Alarms raised or changed
// anywhere in the user's scope arrive by server-sent events (/api/v1/live, event: alarm) without a reload.
import { cfg, t, api, el, fmtDateTime, attempt, notify, liveAlarms } from './common.js';
import { typeLabel } from './alarm-common.js';

const RANK = { CRITICAL: 0, SERIOUS: 1, INFO: 2 };
let alarms = [];          // summaries as the API gives them, plus _due (ms, local clock) of the running deadline
let selected = null;      // the detail of the selected alarm
let selectedId = null;
window.alterna = { pageId: Math.random().toString(36).slice(2) };

/** The running SLA deadline in the browser's clock: server's secondsLeft counted from when it was read. */
function stamp(summary, readAt) {
  summary._due = summary.secondsLeft === null || summary.secondsLeft === undefined || summary.status === 'RESOLVED'
    ? null : readAt + summary.secondsLeft * 1000;
  return summary;
}

function clock(seconds) {
  const abs = Math.abs(seconds);
  const h = Math.floor(abs / 3600);
  const m = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  const s = String(abs % 60).padStart(2, '0');
  return (h ? h + ':' : '') + m + ':' + s;
}

/** "Reconocer en 01:54" / "Resolver: vencida 00:12" — what is due and how long is left. */
function countdown(a) {
  if (a.status === 'RESOLVED') return t('alarm.sla.done');
  if (a._due === null || a._due === undefined) return '—';
  const left = Math.round((a._due - Date.now()) / 1000);
  const what = a.acknowledgedAt ? t('alarm.sla.resolve') : t('alarm.sla.acknowledge');
  return what + ' ' + (left >= 0 ? clock(left) : t('alarm.overdue', clock(left)));
}

function overdue(a) {
  return a._due !== null && a._due !== undefined && a.status !== 'RESOLVED' && a._due < Date.now();
}

/** Unresolved first, then CRITICAL → SERIOUS → INFO, then the least time left. */
function sort(list) {
  return list.sort((a, b) => (a.status === 'RESOLVED') - (b.status === 'RESOLVED')
    || (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9)
    || (a._due ?? 8.64e15) - (b._due ?? 8.64e15));
}

async function load() {
  if (!cfg.features.alarms) {
    document.getElementById('alarms-unavailable').hidden = false;
    return;
  }
  const readAt = Date.now();
  const data = await api('/api/v1/alarms');
  const showAll = document.getElementById('alarm-filter').value === 'all';
  alarms = sort((data || []).map(a => stamp(a, readAt)).filter(a => showAll || a.status !== 'RESOLVED' || a.id === selectedId));
  render();
}

function render() {
  const tbody = document.querySelector('#alarm-queue tbody');
  tbody.replaceChildren();
  for (const a of alarms) {
    const open = () => attempt(() => select(a.id, true));
    const tr = el('tr', { 'data-alarm': a.id, 'data-order': a.orderId, 'data-status': a.status, tabindex: 0,
      class: (a.id === selectedId ? 'selected ' : '') + 'sev-' + a.severity + (a.status === 'RESOLVED' ? ' resolved' : ''),
      'aria-selected': a.id === selectedId ? 'true' : 'false',
      onclick: open, onkeydown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } } },
    el('td', {}, el('span', { class: 'badge sev-' + a.severity }, t('alarm.severity.' + a.severity))),
    el('td', {}, typeLabel(a.type) + (a.zone ? ' · ' + a.zone : '')),
    el('td', {}, a.personName || '—'),
    el('td', {}, fmtDateTime(a.createdAt)),
    el('td', { class: 'alarm-status' }, t('alarm.status.' + a.status)),
    el('td', { class: 'countdown mono' + (overdue(a) ? ' overdue' : '') }, countdown(a)));
    tbody.append(tr);
  }
  if (!alarms.length) tbody.append(el('tr', {}, el('td', { colspan: 6, class: 'hint' }, t('alarms.none'))));
  const open = alarms.filter(a => a.status !== 'RESOLVED').length;
  document.getElementById('alarm-count').textContent = t('alarms.count', open);
}

function stepText(s) {
  return cfg.lang === 'en' ? (s.en || s.key) : (s.es || s.key);
}

async function select(id, focus) {
  const readAt = Date.now();
  const d = await api('/api/v1/alarms/' + id);
  selected = d;
  selectedId = id;
  const a = stamp(d.alarm, readAt);
  const i = alarms.findIndex(x => x.id === id);
  if (i >= 0) alarms[i] = a; else alarms.push(a);
  sort(alarms);
  const box = document.getElementById('alarm-detail');
  box.hidden = false;
  box.dataset.alarm = id;
  const fields = document.getElementById('alarm-fields');
  fields.replaceChildren();
  const row = (k, v, attrs) => fields.append(el('dt', {}, k), el('dd', attrs || {}, v === null || v === undefined || v === '' ? '—' : v));
  row(t('alarm.type'), typeLabel(a.type) + (a.zone ? ' · ' + t('alarm.zone', a.zone) : ''));
  row(t('alarm.severity'), el('span', { class: 'badge sev-' + a.severity }, t('alarm.severity.' + a.severity)));
  row(t('alarm.status'), t('alarm.status.' + a.status), { id: 'alarm-status', 'data-status': a.status });
  row(t('order.person'), a.personName);
  row(t('alarm.case'), el('a', { href: '/console/orders/' + a.orderId }, t('alarm.openCase')));
  row(t('alarm.conditionStart'), fmtDateTime(a.conditionStart) + (a.conditionEndedAt ? ' – ' + fmtDateTime(a.conditionEndedAt) : ' · ' + t('alarm.ongoing')));
  row(t('alarm.raised'), fmtDateTime(a.createdAt));
  row(t('alarm.sla'), countdown(a), { id: 'alarm-countdown', class: 'mono' + (overdue(a) ? ' overdue' : '') });
  if (a.position) row(t('alarm.position'), a.position.lat.toFixed(5) + ', ' + a.position.lon.toFixed(5)
    + (a.position.accuracy ? ' (± ' + Math.round(a.position.accuracy) + ' m)' : '') + ' · ' + fmtDateTime(a.position.time));
  if (a.acknowledgedAt) row(t('alarm.acknowledgedBy'), a.acknowledgedBy + ' · ' + fmtDateTime(a.acknowledgedAt));
  if (d.escalatedAt) row(t('alarm.escalatedBy'), d.escalatedBy + ' · ' + fmtDateTime(d.escalatedAt) + (d.escalationReason ? ' · ' + d.escalationReason : ''));
  if (d.resolvedAt) row(t('alarm.resolvedBy'), t('alarm.code.' + d.resolutionCode) + ' · ' + d.resolvedBy + ' · '
    + fmtDateTime(d.resolvedAt) + (d.resolutionNote ? ' · ' + d.resolutionNote : ''), { id: 'alarm-resolution' });

  const resolved = a.status === 'RESOLVED';
  const handler = cfg.can.handleAlarms;
  const ol = document.getElementById('alarm-checklist');
  ol.replaceChildren();
  for (const s of d.checklist || []) {
    const cb = el('input', { type: 'checkbox', id: 'step-' + s.key, 'data-step': s.key, checked: s.done,
      disabled: s.done || resolved || !handler,
      onchange: () => attempt(async () => {
        cb.disabled = true;
        try {
          await api('/api/v1/alarms/' + id + '/steps/' + encodeURIComponent(s.key), { method: 'POST', body: {} });
        } finally {
          await select(id, false);
        }
      }, t('alarm.stepDone')) });
    const li = el('li', { class: s.done ? 'done' : '', 'data-step': s.key },
      el('label', { for: 'step-' + s.key, class: 'check' }, cb, ' ', stepText(s)));
    if (s.done) li.append(el('span', { class: 'hint' }, t('alarm.stepBy', s.doneBy, fmtDateTime(s.doneAt))));
    ol.append(li);
  }
  if (!(d.checklist || []).length) ol.append(el('li', { class: 'hint' }, t('alarm.noChecklist')));

  document.getElementById('alarm-ack').hidden = !(handler && !resolved && !a.acknowledgedAt);
  document.getElementById('alarm-locate').hidden = !(handler && !resolved);
  document.getElementById('escalate-box').hidden = !(handler && !resolved && a.status !== 'ESCALATED');
  document.getElementById('alarm-resolve').hidden = !(handler && !resolved && a.acknowledgedAt);
  document.getElementById('resolve-wait').hidden = !(handler && !resolved && !a.acknowledgedAt);
  document.getElementById('resolve-error').hidden = true;

  const hist = document.getElementById('alarm-history');
  hist.replaceChildren();
  for (const h of (d.history || []).slice().reverse()) {
    hist.append(el('li', {}, el('time', { datetime: h.at }, fmtDateTime(h.at)), ' ',
      cfg.i18n['alarm.action.' + h.action] || h.action,
      ' · ', h.actor + (h.detail ? ' · ' + h.detail : '')));
  }
  render();
  if (focus) box.focus();
}

async function act(path, body, message) {
  const id = selectedId;
  const ok = await attempt(async () => {
    await api('/api/v1/alarms/' + id + '/' + path, { method: 'POST', body: body || {} });
    return true;
  }, message);
  await attempt(() => select(id, false));
  return ok;
}

document.getElementById('alarm-ack').addEventListener('click', () => act('acknowledgement', {}, t('alarm.acknowledged')));
document.getElementById('alarm-escalate').addEventListener('click', async () => {
  const reason = document.getElementById('escalate-reason');
  if (await act('escalation', { reason: reason.value.trim() || null }, t('alarm.escalated'))) reason.value = '';
});
document.getElementById('alarm-resolve').addEventListener('submit', async ev => {
  ev.preventDefault();
  const error = document.getElementById('resolve-error');
  error.hidden = true;
  const code = document.getElementById('resolve-code');
  const note = document.getElementById('resolve-note');
  const id = selectedId;
  try {
    // the server decides what a resolution needs (code and note): its answer is shown as it is
    await api('/api/v1/alarms/' + id + '/resolution', { method: 'POST', body: { code: code.value || null, note: note.value } });
  } catch (e) {
    error.textContent = t('alarm.resolveError', e.message);
    error.hidden = false;
    (e.field === 'note' ? note : code).focus();
    return;
  }
  code.value = '';
  note.value = '';
  notify(t('alarm.resolved'), 'ok');
  await attempt(() => select(id, false));
});
document.getElementById('alarm-filter').addEventListener('change', () => attempt(load));

// the countdown of every row and of the detail, every second
setInterval(() => {
  for (const tr of document.querySelectorAll('#alarm-queue tr[data-alarm]')) {
    const a = alarms.find(x => x.id === tr.dataset.alarm);
    const td = tr.querySelector('td.countdown');
    if (a && td) { td.textContent = countdown(a); td.classList.toggle('overdue', overdue(a)); }
  }
  const d = document.getElementById('alarm-countdown');
  const a = selectedId && alarms.find(x => x.id === selectedId);
  if (d && a) { d.textContent = countdown(a); d.classList.toggle('overdue', overdue(a)); }
}, 1000);

// live: a burst of changes is one reload; the open detail follows its alarm
let reload = null;
function onAlarm(ev) {
  clearTimeout(reload);
  reload = setTimeout(async () => {
    await attempt(load);
    if (selectedId && ev.id === selectedId) await attempt(() => select(selectedId, false));
  }, 200);
}

attempt(async () => {
  await load();
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted && alarms.some(a => a.id === wanted)) await select(wanted, true);
}).finally(() => {
  document.body.dataset.loaded = 'true';
  if (cfg.features.alarms && cfg.features.alarmLive) liveAlarms(onAlarm);
});

// Locate now from the alarm: the alarm's device is asked for a position; it arrives on the map like any other fix.
document.getElementById('alarm-locate').addEventListener('click', async () => {
  const button = document.getElementById('alarm-locate');
  button.disabled = true;
  try {
    const c = await api('/api/v1/alarms/' + selectedId + '/locate', { method: 'POST', body: {} });
    notify(t('locate.requested', c.id));
  } catch (e) {
    notify(e.message, 'error');
  } finally {
    button.disabled = false;
  }
});
