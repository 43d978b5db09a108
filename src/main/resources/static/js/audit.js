// The audit trail for auditors: who did or looked at what, and a check of the hash chain.
import { t, api, el, fmtDateTime, attempt } from './common.js';

async function load() {
  const data = await api('/api/v1/audit?limit=200');
  const list = Array.isArray(data) ? data : (data.items || data.entries || []);
  const tbody = document.querySelector('#audit-table tbody');
  tbody.replaceChildren();
  for (const e of list) {
    tbody.append(el('tr', {}, el('td', {}, fmtDateTime(e.at || e.occurredAt || e.time)), el('td', {}, (e.username || e.actor || '') + (e.role ? ' (' + e.role + ')' : '')),
      el('td', { class: 'mono' }, e.action), el('td', {}, (e.recordType || '') + ' ' + (e.recordId || '')), el('td', {}, e.detail || '')));
  }
  if (!list.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'hint' }, t('audit.none'))));
  document.body.dataset.loaded = 'true';
}

document.getElementById('audit-verify').addEventListener('click', () => attempt(async () => {
  const r = await api('/api/v1/audit/verify');
  document.getElementById('audit-result').textContent = r && (r.valid === false || r.ok === false) ? t('audit.broken') : t('audit.intact');
}));
attempt(load);
