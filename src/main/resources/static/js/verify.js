// The public verification page: uploads an evidence package (and optionally the public key the user trusts) and shows
// what the server found, file by file and row by row. Works without an account; nothing is stored.
import { cfg, t, el } from './common.js';

const form = document.getElementById('verify-form');
const result = document.getElementById('verify-result');

async function showInstallationKey() {
  try {
    const res = await fetch('/api/v1/installation-key', { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const k = await res.json();
    document.getElementById('installation-key').textContent = k.keyId + ' · SHA-256 ' + k.fingerprintSha256;
  } catch (e) { /* the page still verifies */ }
}

/** The key as Base64 of its X.509 encoding (what the PEM holds between its armour lines). */
function keyParam(text) {
  const body = text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return body ? '?key=' + encodeURIComponent(body) : '';
}

function problemText(p) {
  const key = 'verify.problem.' + p.code;
  return cfg.i18n[key] === undefined ? p.message : t(key, p.file || '', p.row === null || p.row === undefined ? '' : p.row, p.detail || '');
}

function render(r) {
  result.hidden = false;
  const verdict = document.getElementById('verify-verdict');
  verdict.textContent = r.intact ? t('verify.intact') : t('verify.notIntact');
  verdict.className = 'notice ' + (r.intact ? 'ok' : 'error');
  verdict.dataset.intact = String(r.intact);
  const sig = document.getElementById('verify-signature');
  sig.textContent = r.keyId ? (r.signatureValid ? t('verify.signatureValid', r.keyId) : t('verify.signatureInvalid', r.keyId))
    + ' (' + t('verify.keySource.' + r.keySource) + ')' : '';
  const problems = document.getElementById('verify-problems');
  problems.replaceChildren();
  for (const p of r.problems || []) {
    problems.append(el('li', { class: 'problem', 'data-code': p.code, 'data-file': p.file || '', 'data-row': p.row === null || p.row === undefined ? '' : String(p.row) }, problemText(p)));
  }
  if (!(r.problems || []).length) problems.append(el('li', { class: 'hint' }, t('report.none')));
  const files = document.getElementById('verify-files');
  files.replaceChildren();
  for (const f of r.files || []) {
    files.append(el('li', { 'data-status': f.status }, f.name + ' · ' + t('verify.status.' + f.status)
      + (f.rows === null || f.rows === undefined ? '' : ' · ' + f.rows)));
  }
  document.body.dataset.verified = 'true';
}

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  const file = document.getElementById('verify-file').files[0];
  if (!file) return;
  const button = document.getElementById('verify-submit');
  button.disabled = true;
  button.textContent = t('verify.checking');
  try {
    const res = await fetch('/api/v1/evidence/verification' + keyParam(document.getElementById('verify-key').value),
      { method: 'POST', headers: { 'Content-Type': 'application/zip', Accept: 'application/json' }, body: file });
    const data = await res.json();
    if (!res.ok) {
      render({ intact: false, problems: [{ code: 'INPUT', message: data.detail || data.title }], files: [] });
    } else {
      render(data);
    }
  } finally {
    button.disabled = false;
    button.textContent = t('verify.submit');
  }
});

showInstallationKey();
