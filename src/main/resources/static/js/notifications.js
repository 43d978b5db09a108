// Dead notifications for the administrator: what could not be delivered after every attempt, and why; each can be
// sent again. Every value from the server is written as text (textContent via el()), never as HTML.
import { t, api, el, fmtDateTime, attempt } from './common.js';

async function load() {
  const list = await api('/api/v1/notification-outbox?status=DEAD&limit=500') || [];
  const tbody = document.querySelector('#dead-table tbody');
  tbody.replaceChildren();
  for (const n of list) {
    const retry = el('button', { type: 'button', class: 'retry', 'data-id': n.id }, t('notifications.retry'));
    retry.addEventListener('click', () => attempt(async () => {
      await api('/api/v1/notification-outbox/' + encodeURIComponent(n.id) + '/retry', { method: 'POST' });
      await load();
    }, t('notifications.retried')));
    tbody.append(el('tr', { 'data-id': n.id },
      el('td', {}, fmtDateTime(n.createdAt)),
      el('td', {}, t('notifications.channel.' + n.channel)),
      el('td', { class: 'mono' }, n.target || ''),
      el('td', {}, n.event || ''),
      el('td', {}, String(n.attempts)),
      el('td', { class: 'error-text' }, n.lastError || ''),
      el('td', {}, retry)));
  }
  if (!list.length) tbody.append(el('tr', {}, el('td', { colspan: 7, class: 'hint' }, t('notifications.none'))));
  document.body.dataset.loaded = 'true';
}

attempt(load);
