// The user's own password: current one, new one twice. The server decides what a password must be (length, not the
// user name) and its answer is shown as it is; after the change the user goes to their start page.
import { t, api } from './common.js';

const form = document.getElementById('password-form');
const error = document.getElementById('password-error');

function fail(message, field) {
  error.textContent = t('password.error', message);
  error.hidden = false;
  (field || document.getElementById('new-password')).focus();
}

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  error.hidden = true;
  const current = document.getElementById('current-password');
  const next = document.getElementById('new-password');
  const repeat = document.getElementById('repeat-password');
  if (next.value !== repeat.value) {
    fail(t('password.mismatch'), repeat);
    return;
  }
  try {
    await api('/api/v1/me/password', { method: 'POST', body: { currentPassword: current.value, newPassword: next.value } });
  } catch (e) {
    fail(e.message, e.field === 'currentPassword' ? current : next);
    return;
  }
  form.reset();
  document.body.dataset.changed = 'true';
  window.location.assign('/?changed');
});
document.body.dataset.loaded = 'true';
