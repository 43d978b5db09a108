// Device stock: every registered unit, its status and the order it serves.
import { t, api, el, fmtDateTime, attempt } from './common.js';

async function load() {
  const devices = await api('/api/v1/devices?limit=1000');
  const tbody = document.querySelector('#devices-table tbody');
  tbody.replaceChildren();
  let assigned = 0; let active = 0;
  for (const d of devices) {
    if (d.status === 'ACTIVE') active++;
    if (d.currentAssignment) assigned++;
    tbody.append(el('tr', {}, el('td', { class: 'mono' }, el('a', { href: '/console/devices/' + encodeURIComponent(d.uniqueId) }, d.uniqueId)), el('td', {}, d.model), el('td', {}, d.protocol),
      el('td', {}, t('device.status.' + d.status)),
      el('td', {}, d.currentAssignment ? el('a', { href: '/console/orders/' + d.currentAssignment.orderId }, t('device.role.' + d.currentAssignment.role)) : t('devices.inStock')),
      el('td', {}, fmtDateTime(d.registeredAt))));
  }
  if (!devices.length) tbody.append(el('tr', {}, el('td', { colspan: 6, class: 'hint' }, t('devices.none'))));
  document.getElementById('devices-summary').textContent = t('devices.summary', devices.length, active, assigned, active - assigned);
  document.body.dataset.loaded = 'true';
}

document.getElementById('device-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const ok = await attempt(() => api('/api/v1/devices', { method: 'POST', body: { uniqueId: document.getElementById('d-id').value.trim(),
    model: document.getElementById('d-model').value.trim(), protocol: document.getElementById('d-protocol').value } }), t('devices.saved'));
  if (ok) { document.getElementById('d-id').value = ''; attempt(load); }
});
attempt(load);
