// Cases in the user's scope (a judge sees their court's, a prosecutor those assigned to them); supervisors
// register a new request for electronic monitoring here.
import { cfg, t, api, el, fmtDateTime, attempt } from './common.js';

async function load() {
  const status = document.getElementById('filter-status').value;
  const page = await api('/api/v1/orders?size=200' + (status ? '&status=' + status : ''));
  const tbody = document.querySelector('#orders-table tbody');
  tbody.replaceChildren();
  for (const o of page.items) {
    tbody.append(el('tr', { 'data-order': o.id },
      el('td', {}, el('a', { href: '/console/orders/' + o.id }, o.personName || '—')),
      el('td', {}, o.expediente), el('td', {}, o.courtCode), el('td', {}, t('measure.' + o.measureType)),
      el('td', {}, el('span', { class: 'badge status-' + o.status }, t('order.status.' + o.status))),
      el('td', {}, fmtDateTime(o.updatedAt))));
  }
  if (!page.items.length) tbody.append(el('tr', {}, el('td', { colspan: 6, class: 'hint' }, t('orders.none'))));
  document.getElementById('orders-total').textContent = t('orders.total', page.total);
  document.body.dataset.loaded = 'true';
}

async function setupCreate() {
  if (!cfg.can.createOrder) return;
  document.getElementById('new-order').hidden = false;
  const courts = await api('/api/v1/courts');
  const select = document.getElementById('o-court');
  for (const c of courts) select.append(el('option', { value: c.code }, c.code + ' · ' + c.name));
  document.getElementById('new-order-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const v = i => document.getElementById(i).value.trim();
    const created = await attempt(async () => {
      const domicile = { address: v('p-address') || null };
      if (v('p-lat') && v('p-lon')) { domicile.lat = Number(v('p-lat')); domicile.lon = Number(v('p-lon')); }
      const person = await api('/api/v1/people', { method: 'POST', body: { dni: v('p-dni'), givenNames: v('p-given'), surnames: v('p-surnames'), domicile } });
      return api('/api/v1/orders', { method: 'POST', body: { expediente: v('o-exp'), courtCode: v('o-court'),
        measureType: v('o-measure'), personId: person.id, monitoringCentre: v('o-centre') || null } });
    }, t('orders.created'));
    if (created) window.location.href = '/console/orders/' + created.id;
  });
}

document.getElementById('filter-status').addEventListener('change', () => attempt(load));
attempt(load);
attempt(setupCreate);
