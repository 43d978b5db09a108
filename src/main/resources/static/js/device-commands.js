// A device's commands: the buttons for what its model accepts (locate now, vibrate, a message to the wearer) and its
// queue, newest first, with each command's state (QUEUED, SENT, CONFIRMED, FAILED, EXPIRED), times and who asked.
// The list is read again every few seconds while the page is open, so an answer from the device shows without reload.
import { t, api, el, fmtDateTimeSeconds, notify } from './common.js';

const REFRESH_MS = 3000;
const OFFERED = ['LOCATE_NOW', 'VIBRATE', 'MESSAGE'];

function when(iso) {
  return iso ? fmtDateTimeSeconds(iso) : '—';
}

function row(c) {
  const text = c.kind === 'MESSAGE' && c.text ? t('commands.kind.MESSAGE') + ': «' + c.text + '»' : t('commands.kind.' + c.kind);
  const asked = (c.requestedBy || '—') + (c.reason === 'OPERATOR' ? '' : ' (' + t('commands.reason.' + c.reason) + ')');
  return el('tr', { 'data-command': c.id, 'data-status': c.status },
    el('td', { class: 'mono' }, String(c.id)),
    el('td', {}, text),
    el('td', {}, el('span', { class: 'badge status-' + c.status.toLowerCase() }, t('commands.status.' + c.status))),
    el('td', {}, when(c.createdAt)),
    el('td', {}, when(c.sentAt)),
    el('td', {}, when(c.settledAt)),
    el('td', {}, asked),
    el('td', { class: 'mono' }, c.attempts + ' / ' + c.maxAttempts),
    el('td', {}, c.response || ''));
}

/**
 * Mounts the commands of {@code deviceId} into {@code container} (an empty element); resolves once the first list
 * is shown. A device out of the caller's scope answers 404: the error is the caller's to show.
 */
export async function mountCommands(container, deviceId) {
  const path = '/api/v1/devices/' + encodeURIComponent(deviceId) + '/commands';
  const first = await api(path + '?limit=50');
  const note = el('p', { class: 'hint', id: 'commands-note' });
  const actions = el('div', { class: 'row', id: 'commands-actions' });
  const tbody = el('tbody');
  const table = el('table', { class: 'data', id: 'commands-table' },
    el('caption', { class: 'sr-only' }, t('commands.title')),
    el('thead', {}, el('tr', {}, ...['id', 'kind', 'status', 'queued', 'sent', 'settled', 'requestedBy', 'attempts', 'response']
      .map(k => el('th', { scope: 'col' }, t('commands.col.' + k))))),
    tbody);
  container.replaceChildren(el('h2', { id: 'commands-h' }, t('commands.title')), note, actions,
    el('div', { class: 'table-wrap' }, table));

  function render(list) {
    note.textContent = list.returnChannel ? t('commands.model', list.model, list.protocol) : t('commands.noReturnChannel');
    tbody.replaceChildren(...list.commands.map(row));
    if (!list.commands.length) tbody.append(el('tr', {}, el('td', { colspan: 9, class: 'hint' }, t('commands.none'))));
  }

  async function refresh() {
    try {
      render(await api(path + '?limit=50'));
    } catch (e) {
      // a transient failure: the next refresh tries again
    }
  }

  async function send(kind, text) {
    try {
      const c = await api(path, { method: 'POST', body: text === undefined ? { kind } : { kind, text } });
      notify(t('commands.queued', t('commands.kind.' + kind), c.id));
      await refresh();
      return true;
    } catch (e) {
      notify(e.message, 'error');
      return false;
    }
  }

  for (const kind of OFFERED.filter(k => first.accepts.includes(k))) {
    if (kind === 'MESSAGE') {
      const select = el('select', { id: 'message-preset', 'aria-label': t('commands.message.preset') },
        el('option', { value: t('commands.preset.returnHome.text') }, t('commands.preset.returnHome')),
        el('option', { value: t('commands.preset.charge.text') }, t('commands.preset.charge')),
        el('option', { value: '' }, t('commands.preset.other')));
      const input = el('input', { id: 'message-text', maxlength: 100, value: select.value,
        'aria-label': t('commands.message.text') });
      select.addEventListener('change', () => { input.value = select.value; input.focus(); });
      const form = el('form', { class: 'row', id: 'message-form' }, select, input,
        el('button', { type: 'submit', id: 'command-MESSAGE' }, t('commands.send.MESSAGE')));
      form.addEventListener('submit', async ev => {
        ev.preventDefault();
        if (await send('MESSAGE', input.value.trim())) input.value = select.value;
      });
      actions.append(form);
    } else {
      const button = el('button', { type: 'button', id: 'command-' + kind }, t('commands.send.' + kind));
      button.addEventListener('click', async () => {
        button.disabled = true;
        try { await send(kind); } finally { button.disabled = false; }
      });
      actions.append(button);
    }
  }
  if (first.returnChannel && !first.accepts.some(k => OFFERED.includes(k))) {
    actions.append(el('p', { class: 'hint' }, t('commands.nothingOffered')));
  }
  render(first);
  const timer = setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, REFRESH_MS);
  window.addEventListener('pagehide', () => clearInterval(timer));
  return { refresh };
}
