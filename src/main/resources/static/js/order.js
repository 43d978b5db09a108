// The order page: summary and compliance for everyone who may see the case; person status and track playback for
// the monitoring centre; conditions with a drawing editor saved as a variation tied to a resolution; lifecycle
// actions by role; a timeline of transitions, variations, warnings and alarms.
import { cfg, t, api, el, fmtDateTime, fmtDateTimeSeconds, fmtDate, toLocalInput, fromLocalInput, today, age,
  createMap, conditionLayers, accuracyClass, ACCURACY_COLOURS, notify, attempt, textNode } from './common.js';
import { typeLabel } from './alarm-common.js';
import { mountCommands } from './device-commands.js';

const id = cfg.subject;
const can = cfg.can;
window.alterna = { maps: {} }; // the page's maps, for tests and assistive tools
let order = null;
let conditions = null;   // the conditions in force (JSON) or null

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

function dl(target, rows) {
  target.replaceChildren();
  for (const [k, v, id] of rows) {
    target.append(el('dt', {}, k), el('dd', id ? { id } : {}, v === null || v === undefined || v === '' ? '—' : v));
  }
}

// ---------------------------------------------------------------- summary
function renderSummary() {
  document.getElementById('order-title').textContent = t('order.heading', order.personName || '', order.expediente);
  document.title = order.personName + ' · Alterna';
  dl(document.getElementById('order-details'), [
    [t('order.status'), el('span', { class: 'badge status-' + order.status, id: 'order-status' }, t('order.status.' + order.status))],
    [t('order.expediente'), order.expediente],
    [t('order.person'), order.personName + (order.personDni ? ' · DNI ' + order.personDni : '')],
    [t('order.court'), order.courtCode + (order.judgeName ? ' · ' + order.judgeName : '')],
    [t('order.measure'), t('measure.' + order.measureType)],
    [t('order.resolution'), order.resolutionNumber ? order.resolutionNumber + ' · ' + fmtDate(order.resolutionDate) : null],
    [t('order.period'), order.startDate ? fmtDate(order.startDate) + ' – ' + fmtDate(order.endDate) : null],
    [t('order.centre'), order.monitoringCentre],
    [t('order.prosecutor'), order.prosecutor],
    [t('order.victim'), order.hasVictim ? t('common.yes') : t('common.no')]
  ]);
}

async function renderCompliance(history, warnings, alarms, reports) {
  // days monitored: time spent ACTIVE according to the lifecycle history
  let ms = 0; let since = null;
  for (const h of history) {
    if (h.to === 'ACTIVE' && since === null) since = Date.parse(h.at);
    else if (h.from === 'ACTIVE' && h.to !== 'ACTIVE' && since !== null) { ms += Date.parse(h.at) - since; since = null; }
  }
  if (since !== null) ms += Date.now() - since;
  const days = Math.floor(ms / 86400000);
  const rows = [[t('compliance.daysMonitored'), String(days), 'days-monitored']];
  if (alarms !== null) rows.push([t('compliance.alarms'), String(alarms.length), 'alarm-total']);
  if (reports !== null) rows.push([t('compliance.confirmedBreaches'), String(reports.length), 'breach-count']);
  rows.push([t('compliance.warnings'), String(warnings.length), 'warning-count']);
  dl(document.getElementById('compliance'), rows);

  const countBy = (list, key) => {
    const by = {};
    for (const x of list) { const k = key(x); if (k) by[k] = (by[k] || 0) + 1; }
    return Object.entries(by).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  };
  const fill = (ul, list, key, empty) => {
    ul.replaceChildren();
    if (list === null) { ul.append(el('li', { class: 'hint' }, t('alarms.unavailable'))); return; }
    const by = countBy(list, key);
    if (!by.length) ul.append(el('li', { class: 'hint' }, t(empty)));
    for (const [type, n] of by) ul.append(el('li', { 'data-type': type }, typeLabel(type) + ': ' + n));
  };
  // breaches: alarms the monitoring centre confirmed as violations (each has an incident report for the court)
  fill(document.getElementById('breaches'), reports, r => r.content && r.content.rule && r.content.rule.alarmType, 'compliance.noBreaches');
  fill(document.getElementById('alarms-by-type'), alarms, a => a.type, 'compliance.noAlarms');

  const ul = document.getElementById('incident-reports');
  ul.replaceChildren();
  if (reports === null) ul.append(el('li', { class: 'hint' }, t('incidents.unavailable')));
  else if (!reports.length) ul.append(el('li', { class: 'hint' }, t('incidents.none')));
  for (const r of reports || []) {
    const c = r.content || {};
    const rule = c.rule || {};
    const res = c.resolution || {};
    const li = el('li', { 'data-report': r.id, class: 'incident' },
      el('strong', {}, t('incidents.item', fmtDateTime(r.createdAt), typeLabel(rule.alarmType), t('incidents.status.' + r.status))));
    if (cfg.features.incidentPdf) {
      li.append(' ', el('a', { href: '/api/v1/incident-reports/' + encodeURIComponent(r.id) + '/pdf?lang=' + cfg.lang.substring(0, 2), class: 'incident-pdf', download: '' }, t('reports.incidentPdf')));
    }
    if (res.note) li.append(el('br'), el('span', { class: 'hint' }, res.note));
    ul.append(li);
  }
  const court = document.getElementById('court-report');
  court.replaceChildren();
  if (cfg.features.courtReport && can.reports) {
    court.append(el('a', { href: '#reports-section', id: 'court-report-link' }, t('reports.title')));
  } else {
    court.textContent = t('compliance.reportUnavailable');
  }
}

// ---------------------------------------------------------------- court reports and evidence packages
async function renderReports() {
  if (can.replayScenario && cfg.features.replayScenario) {
    const link = document.getElementById('scenario-link');
    link.href = '/api/v1/orders/' + id + '/replay-scenario';
    link.hidden = false;
  }
  if (!cfg.features.courtReport || !can.reports) return;
  document.getElementById('reports-section').hidden = false;
  const docs = await api('/api/v1/orders/' + id + '/reports');
  const ul = document.getElementById('report-list');
  ul.replaceChildren();
  if (!docs.length) ul.append(el('li', { class: 'hint' }, t('reports.none')));
  for (const d of docs) {
    const li = el('li', { 'data-document': d.id, 'data-kind': d.kind },
      t('reports.item', t('reports.kind.' + d.kind) + (d.periodic ? ' (' + t('reports.periodic') + ')' : ''),
        fmtDateTime(d.periodFrom), fmtDateTime(d.periodTo), fmtDateTime(d.createdAt), d.createdBy), ' ',
      el('a', { href: '/api/v1/orders/' + id + '/reports/' + d.id, class: 'document-download', download: '' }, t('reports.download')));
    ul.append(li);
  }
}

function setupReportForm() {
  const make = async kind => {
    const body = { kind, lang: document.getElementById('report-lang').value };
    const from = document.getElementById('report-from').value;
    const to = document.getElementById('report-to').value;
    if (from) body.from = from;
    if (to) body.to = to;
    const ok = await attempt(async () => {
      await api('/api/v1/orders/' + id + '/reports', { method: 'POST', body });
      return true;
    }, t(kind === 'EVIDENCE' ? 'reports.madeEvidence' : 'reports.made'));
    if (ok) await renderReports();
  };
  document.getElementById('report-form').addEventListener('submit', ev => { ev.preventDefault(); make('COMPLIANCE'); });
  document.getElementById('evidence-make').addEventListener('click', () => make('EVIDENCE'));
}

// ---------------------------------------------------------------- person status (monitoring centre)
let monitored = null;
async function renderMonitoring() {
  if (!can.track) return;
  monitored = await api('/api/v1/console/orders/' + id + '/monitoring');
  document.getElementById('monitoring').hidden = false;
  const p = monitored.position;
  const flag = (v, yes, no) => v === null || v === undefined ? null : (v ? yes : no);
  dl(document.getElementById('person-status'), [
    [t('person.device'), monitored.deviceId || t('person.noDevice')],
    [t('person.lastFix'), p ? fmtDateTime(p.time) + ' (' + age(monitored.lastFixAgeSeconds) + ')' : t('map.noFix'), 'last-fix'],
    [t('person.lastContact'), fmtDateTime(monitored.lastContact)],
    [t('person.batteryLabel'), monitored.batteryPercent === null || monitored.batteryPercent === undefined ? null : monitored.batteryPercent + ' %'],
    [t('person.charging'), flag(monitored.charging, t('common.yes'), t('common.no'))],
    [t('person.strap'), monitored.strap ? t('strap.' + monitored.strap) : null],
    [t('person.accuracy'), p ? t('track.accuracy.' + accuracyClass(p)) : null]
  ]);
  if (monitored.deviceId) {
    setupTrack();
    await showCommands(monitored.deviceId);
  }
}

// the person's unit: its commands (locate now, vibrate, a message to the wearer where the model takes them) and
// their states as the device answers
let commandsShown = null;
async function showCommands(deviceId) {
  if (commandsShown === deviceId) return;
  commandsShown = deviceId;
  const section = document.getElementById('person-commands');
  await mountCommands(section, deviceId);
  section.append(el('p', {}, el('a', { href: '/console/devices/' + encodeURIComponent(deviceId), id: 'device-page-link' },
    t('commands.devicePage'))));
  section.hidden = false;
}

// ---------------------------------------------------------------- track playback
let trackMap = null; let trackLayer = null; let cursor = null; let fixes = []; let timer = null; let idx = 0;
function setupTrack() {
  document.getElementById('track-section').hidden = false;
  trackMap = createMap(document.getElementById('track-map'));
  window.alterna.maps.track = trackMap;
  trackLayer = L.layerGroup().addTo(trackMap);
  const now = Date.now();
  document.getElementById('track-from').value = toLocalInput(now - 24 * 3600 * 1000);
  document.getElementById('track-to').value = toLocalInput(now + 60 * 1000);
  document.getElementById('track-form').addEventListener('submit', ev => { ev.preventDefault(); attempt(loadTrack); });
  const play = document.getElementById('track-play');
  play.addEventListener('click', () => (timer ? pause() : startPlay()));
  document.getElementById('track-speed').addEventListener('change', () => { if (timer) { pause(); startPlay(); } });
  attempt(loadTrack);
}

async function loadTrack() {
  pause();
  const from = fromLocalInput(document.getElementById('track-from').value);
  const to = fromLocalInput(document.getElementById('track-to').value);
  fixes = await api('/api/v1/devices/' + encodeURIComponent(monitored.deviceId) + '/track?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
  trackLayer.clearLayers();
  for (const l of conditionLayers(conditions && conditions.zones, conditions && conditions.routes)) trackLayer.addLayer(l);
  document.getElementById('track-count').textContent = t('track.count', fixes.length);
  document.getElementById('track-play').disabled = fixes.length < 2;
  if (!fixes.length) { document.getElementById('track-time').textContent = t('track.empty'); return; }
  const lls = fixes.map(f => [f.latitude, f.longitude]);
  trackLayer.addLayer(L.polyline(lls, { color: '#33658a', weight: 2, opacity: 0.6 }));
  fixes.forEach(f => {
    const q = accuracyClass({ valid: f.valid, source: f.source, accuracyMeters: f.accuracyMeters, satellites: f.satellites });
    // a fix the gateway found implausible (impossible speed, device time jumping back) is shown as such
    const suspicious = f.io && f.io.suspicious;
    const label = fmtDateTimeSeconds(f.deviceTime) + ' · ' + t('track.accuracy.' + q)
      + (suspicious ? ' · ' + t('fix.suspicious.' + suspicious) : '');
    trackLayer.addLayer(L.circleMarker([f.latitude, f.longitude], suspicious
      ? { radius: 5, color: '#b00020', fillColor: '#ffffff', fillOpacity: 1, weight: 2, dashArray: '2 2' }
      : { radius: 4, color: ACCURACY_COLOURS[q], fillOpacity: 0.9, weight: 1 })
      .bindTooltip(textNode(label)));
  });
  cursor = L.circleMarker(lls[lls.length - 1], { radius: 8, color: '#000', weight: 2, fillColor: '#ffd23f', fillOpacity: 1 }).addTo(trackLayer);
  idx = fixes.length - 1;
  document.getElementById('track-time').textContent = fmtDateTimeSeconds(fixes[idx].deviceTime);
  trackMap.fitBounds(L.latLngBounds(lls).pad(0.2), { maxZoom: 17 });
}

function startPlay() {
  if (fixes.length < 2) return;
  if (idx >= fixes.length - 1) idx = 0;
  const speed = Number(document.getElementById('track-speed').value);
  const play = document.getElementById('track-play');
  play.textContent = play.dataset.pause;
  play.setAttribute('aria-pressed', 'true');
  timer = setInterval(() => {
    idx++;
    if (idx >= fixes.length) { pause(); return; }
    const f = fixes[idx];
    cursor.setLatLng([f.latitude, f.longitude]);
    document.getElementById('track-time').textContent = fmtDateTimeSeconds(f.deviceTime);
  }, Math.max(16, 1000 / speed));
}

function pause() {
  if (timer) clearInterval(timer);
  timer = null;
  const play = document.getElementById('track-play');
  play.textContent = play.dataset.play;
  play.setAttribute('aria-pressed', 'false');
}

// ---------------------------------------------------------------- conditions and the editor
let condMap = null; let condLayer = null; let draft = null;

function scheduleText(schedule) {
  if (!schedule || !schedule.length) return t('schedule.always');
  return schedule.map(w => (w.days && w.days.length ? w.days.map(d => t('day.short.' + d)).join(', ') : t('schedule.everyDay'))
    + ' ' + w.from + '–' + w.to).join('; ');
}

function renderConditions(doc) {
  condLayer.clearLayers();
  const layers = conditionLayers(doc.zones, doc.routes);
  layers.forEach(l => condLayer.addLayer(l));
  if (layers.length) {
    const b = layers.reduce((acc, l) => acc.extend(l.getBounds()), L.latLngBounds(layers[0].getBounds().getSouthWest(), layers[0].getBounds().getNorthEast()));
    condMap.fitBounds(b.pad(0.3), { maxZoom: 17 });
  }
  const ul = document.getElementById('zone-list');
  ul.replaceChildren();
  (doc.zones || []).forEach((z, i) => {
    const shape = z.geometry.type === 'Point' ? t('zone.circle', Math.round(z.radiusMeters)) : t('zone.polygon');
    const li = el('li', { class: 'zone ' + z.type, 'data-zone': z.id }, el('strong', {}, t('zone.type.' + z.type) + ' · ' + z.id), ' ', shape,
      el('br'), el('span', { class: 'hint' }, scheduleText(z.schedule)));
    if (draft === doc) {
      li.append(' ', el('button', { type: 'button', class: 'link', onclick: () => editSchedule(i) }, t('schedule.edit')),
        ' ', el('button', { type: 'button', class: 'link danger', 'aria-label': t('zone.remove', z.id), onclick: () => { doc.zones.splice(i, 1); renderConditions(doc); } }, t('common.remove')));
    }
    ul.append(li);
  });
  (doc.routes || []).forEach((r, i) => {
    const li = el('li', { class: 'zone ROUTE' }, el('strong', {}, t('route.label') + ' · ' + r.id), ' ', t('route.corridor', r.corridorMeters));
    if (draft === doc) li.append(' ', el('button', { type: 'button', class: 'link danger', onclick: () => { doc.routes.splice(i, 1); renderConditions(doc); } }, t('common.remove')));
    ul.append(li);
  });
  if (!(doc.zones || []).length && !(doc.routes || []).length) ul.append(el('li', { class: 'hint' }, t('conditions.noZones')));
  const params = [];
  if (doc.victimProximityMeters) params.push([t('conditions.victimProximity'), doc.victimProximityMeters + ' m']);
  if (doc.noCommunicationMinutes) params.push([t('conditions.noCommunication'), doc.noCommunicationMinutes + ' min']);
  if (doc.noFixMinutes) params.push([t('conditions.noFix'), doc.noFixMinutes + ' min']);
  if (doc.lowBatteryPercent) params.push([t('conditions.lowBattery'), doc.lowBatteryPercent + ' %']);
  if (doc.chargingWindow) params.push([t('conditions.chargingWindow'), doc.chargingWindow.from + '–' + doc.chargingWindow.to]);
  dl(document.getElementById('condition-params'), params);
}

function editSchedule(i) {
  const z = draft.zones[i];
  const box = document.getElementById('schedule-editor');
  box.replaceChildren();
  const rows = el('div', { class: 'schedule-rows' });
  const addRow = w => {
    const row = el('fieldset', { class: 'schedule-row' }, el('legend', {}, t('schedule.window')));
    DAYS.forEach(d => row.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', value: d, checked: !w || !w.days || !w.days.length || w.days.includes(d) }), t('day.short.' + d))));
    row.append(el('label', {}, t('schedule.from') + ' ', el('input', { type: 'time', class: 'from', value: w ? w.from : '20:00', required: true })));
    row.append(el('label', {}, t('schedule.to') + ' ', el('input', { type: 'time', class: 'to', value: w ? w.to : '06:00', required: true })));
    row.append(el('button', { type: 'button', class: 'link danger', onclick: () => row.remove() }, t('common.remove')));
    rows.append(row);
  };
  (z.schedule || []).forEach(addRow);
  box.append(el('h4', {}, t('schedule.title', z.id)), el('p', { class: 'hint' }, t('schedule.help')), rows,
    el('button', { type: 'button', id: 'schedule-add', onclick: () => addRow(null) }, t('schedule.add')), ' ',
    el('button', { type: 'button', class: 'primary', id: 'schedule-apply', onclick: () => {
      z.schedule = [...rows.querySelectorAll('.schedule-row')].map(r => ({
        days: [...r.querySelectorAll('input[type=checkbox]:checked')].map(c => c.value),
        from: r.querySelector('.from').value, to: r.querySelector('.to').value })).filter(w => w.days.length);
      box.replaceChildren();
      renderConditions(draft);
    } }, t('schedule.apply')));
  box.querySelector('input,button').focus();
}

// drawing: polygon (click vertices, finish), circle (click centre, radius input), route (click points, finish)
let mode = null; let points = []; let preview = null;
function setMode(m) {
  mode = m; points = [];
  if (preview) { condMap.removeLayer(preview); preview = null; }
  document.getElementById('draw-finish').disabled = !m || m === 'circle';
  document.getElementById('draw-cancel').disabled = !m;
  document.getElementById('conditions-map').classList.toggle('drawing', !!m);
  document.getElementById('draw-status').textContent = m ? t('editor.status.' + m) : '';
}

function nextId(prefix) {
  const typed = document.getElementById('zone-id').value.trim();
  if (typed) { document.getElementById('zone-id').value = ''; return typed; }
  const used = new Set([...(draft.zones || []), ...(draft.routes || [])].map(z => z.id));
  let n = 1; while (used.has(prefix + '-' + n)) n++;
  return prefix + '-' + n;
}

function onMapClick(ev) {
  if (!mode) return;
  const ll = ev.latlng;
  if (mode === 'circle') {
    const r = Number(document.getElementById('circle-radius').value) || 200;
    draft.zones.push({ id: nextId('zona'), type: document.getElementById('zone-type').value,
      geometry: { type: 'Point', coordinates: [round(ll.lng), round(ll.lat)] }, radiusMeters: r, schedule: [] });
    setMode(null);
    renderConditions(draft);
    notify(t('editor.added'), 'ok');
    return;
  }
  points.push([ll.lat, ll.lng]);
  if (preview) condMap.removeLayer(preview);
  preview = (mode === 'polygon' && points.length > 2 ? L.polygon(points, { color: '#444', dashArray: '4 4' }) : L.polyline(points, { color: '#444', dashArray: '4 4' })).addTo(condMap);
  document.getElementById('draw-status').textContent = t('editor.points', points.length);
}

function round(x) { return Math.round(x * 1e6) / 1e6; }

function finish() {
  if (mode === 'polygon') {
    if (points.length < 3) { notify(t('editor.needThree'), 'error'); return; }
    const ring = points.map(p => [round(p[1]), round(p[0])]);
    ring.push(ring[0]);
    draft.zones.push({ id: nextId('zona'), type: document.getElementById('zone-type').value,
      geometry: { type: 'Polygon', coordinates: [ring] }, schedule: [] });
  } else if (mode === 'route') {
    if (points.length < 2) { notify(t('editor.needTwo'), 'error'); return; }
    draft.routes = draft.routes || [];
    draft.routes.push({ id: nextId('ruta'), geometry: { type: 'LineString', coordinates: points.map(p => [round(p[1]), round(p[0])]) },
      corridorMeters: Number(document.getElementById('route-corridor').value) || 100 });
  }
  setMode(null);
  renderConditions(draft);
  notify(t('editor.added'), 'ok');
}

function setupEditor(ordering) {
  document.getElementById('editor').hidden = false;
  draft = JSON.parse(JSON.stringify(conditions || { zones: [], routes: [] }));
  draft.zones = draft.zones || []; draft.routes = draft.routes || [];
  renderConditions(draft);
  condMap.doubleClickZoom.disable();
  condMap.on('click', onMapClick);
  condMap.on('dblclick', () => { if (mode === 'polygon' || mode === 'route') finish(); });
  document.getElementById('draw-polygon').onclick = () => setMode('polygon');
  document.getElementById('draw-circle').onclick = () => setMode('circle');
  document.getElementById('draw-route').onclick = () => setMode('route');
  document.getElementById('draw-finish').onclick = finish;
  document.getElementById('draw-cancel').onclick = () => setMode(null);
  document.addEventListener('keydown', e => { if (e.key === 'Escape' && mode) setMode(null); });
  document.getElementById('var-date').value = today();
  if (ordering) {
    document.getElementById('variation-legend').textContent = t('resolution.orderLegend');
    document.getElementById('variation-save').textContent = t('resolution.orderSave');
  }
  document.getElementById('variation-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const eff = document.getElementById('var-effective').value;
    const body = { resolutionNumber: document.getElementById('var-number').value.trim(),
      resolutionDate: document.getElementById('var-date').value, conditions: draft };
    if (eff) body.effectiveFrom = fromLocalInput(eff);
    const ok = await attempt(async () => {
      if (ordering) {
        body.startDate = body.resolutionDate;
        await api('/api/v1/orders/' + id + '/resolution', { method: 'POST', body });
      } else {
        await api('/api/v1/orders/' + id + '/variations', { method: 'POST', body });
      }
      return true;
    }, ordering ? t('resolution.ordered') : t('variation.saved'));
    if (ok) { document.getElementById('var-number').value = ''; await reload(); }
  });
}

async function loadConditions() {
  if (!can.conditions) return;
  document.getElementById('conditions-section').hidden = false;
  if (!condMap) {
    condMap = createMap(document.getElementById('conditions-map'));
    condLayer = L.layerGroup().addTo(condMap);
    window.alterna.maps.conditions = condMap;
  }
  conditions = null;
  if (order.conditionsVersion) {
    const c = await api('/api/v1/orders/' + id + '/conditions');
    conditions = c.conditions;
    document.getElementById('conditions-version').textContent = t('conditions.version', c.version, c.resolutionNumber || '—', fmtDate(c.resolutionDate), fmtDateTime(c.effectiveFrom));
  } else {
    document.getElementById('conditions-version').textContent = t('conditions.none');
  }
  if (draft === null) renderConditions(conditions || { zones: [], routes: [] });
  const inForce = ['ORDERED', 'INSTALLATION_SCHEDULED', 'ACTIVE', 'SUSPENDED'].includes(order.status);
  if (draft === null && ((can.vary && inForce) || (can.resolve && order.status === 'VIABILITY_REPORTED'))) {
    setupEditor(order.status === 'VIABILITY_REPORTED');
  } else if (draft !== null) {
    draft = JSON.parse(JSON.stringify(conditions || { zones: [], routes: [] }));
    draft.zones = draft.zones || []; draft.routes = draft.routes || [];
    renderConditions(draft);
    if (order.status !== 'VIABILITY_REPORTED') {
      document.getElementById('variation-legend').textContent = t('variation.legend');
      document.getElementById('variation-save').textContent = t('variation.save');
    }
  }
}

// ---------------------------------------------------------------- lifecycle actions
const ACTIONS = [
  { key: 'installation', statuses: ['ORDERED'], allowed: () => can.install, fields: ['scheduledAt', 'note'] },
  { key: 'activation', statuses: ['INSTALLATION_SCHEDULED'], allowed: () => can.install, fields: ['note'] },
  { key: 'suspension', statuses: ['ACTIVE'], allowed: () => can.resolve, fields: ['resolution', 'note'] },
  { key: 'resumption', statuses: ['SUSPENDED'], allowed: () => can.resolve, fields: ['resolution', 'note'] },
  { key: 'warnings', statuses: ['ORDERED', 'INSTALLATION_SCHEDULED', 'ACTIVE', 'SUSPENDED'], allowed: () => can.warn, fields: ['resolution', 'text'] },
  { key: 'completion', statuses: ['ACTIVE', 'SUSPENDED'], allowed: () => can.complete, fields: ['resolutionOptional', 'note'] },
  { key: 'revocation', statuses: ['ORDERED', 'INSTALLATION_SCHEDULED', 'ACTIVE', 'SUSPENDED'], allowed: () => can.resolve, fields: ['resolution', 'note'], danger: true }
];

function renderActions() {
  const box = document.getElementById('actions');
  box.replaceChildren();
  const available = ACTIONS.filter(a => a.allowed() && a.statuses.includes(order.status));
  document.getElementById('actions-section').hidden = !available.length;
  for (const a of available) {
    const form = el('form', { class: 'stack action', id: 'action-' + a.key });
    const fs = el('fieldset', {}, el('legend', {}, t('action.' + a.key)));
    const input = (name, label, attrs) => { const fid = a.key + '-' + name; fs.append(el('label', { for: fid }, label), el('input', Object.assign({ id: fid, name }, attrs))); };
    if (a.fields.includes('resolution') || a.fields.includes('resolutionOptional')) {
      const req = a.fields.includes('resolution');
      input('resolutionNumber', t('resolution.number'), { required: req });
      input('resolutionDate', t('resolution.date'), { type: 'date', value: today(), required: req });
    }
    if (a.fields.includes('scheduledAt')) input('scheduledAt', t('action.scheduledAt'), { type: 'datetime-local', required: true, value: toLocalInput(Date.now() + 3600000) });
    if (a.fields.includes('text')) { const fid = a.key + '-text'; fs.append(el('label', { for: fid }, t('action.warningText')), el('textarea', { id: fid, name: 'text', rows: 2, required: true })); }
    if (a.fields.includes('note')) input('note', t('action.note'), {});
    fs.append(el('button', { type: 'submit', class: a.danger ? 'danger' : 'primary', id: 'action-' + a.key + '-submit' }, t('action.' + a.key)));
    form.append(fs);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      if (a.danger && !window.confirm(t('action.confirm', t('action.' + a.key)))) return;
      const body = {};
      for (const f of form.querySelectorAll('[name]')) if (f.value) body[f.name] = f.name === 'scheduledAt' ? fromLocalInput(f.value) : f.value;
      if (a.key === 'completion' && !body.resolutionNumber) delete body.resolutionDate;
      const ok = await attempt(async () => { await api('/api/v1/orders/' + id + '/' + a.key, { method: 'POST', body }); return true; }, t('action.done'));
      if (ok) await reload();
    });
    box.append(form);
  }
}

// ---------------------------------------------------------------- unit for the installation
// the monitoring centre (and INPE) reserve a unit in stock for the installation by its id, or give it back to stock
let installation = null;
async function renderReservation() {
  const show = !!can.install && ['ORDERED', 'INSTALLATION_SCHEDULED'].includes(order.status);
  document.getElementById('reservation-section').hidden = !show;
  if (!show) return;
  try {
    installation = await api('/api/v1/installations/' + id);
  } catch (e) {
    if (e.status === 404 || e.status === 409) { document.getElementById('reservation-section').hidden = true; return; }
    throw e;
  }
  const open = ['DUE', 'SCHEDULED'].includes(installation.status);
  const state = document.getElementById('reservation-state');
  state.dataset.device = installation.deviceId || '';
  state.textContent = installation.deviceId ? t('reservation.reserved', installation.deviceId) : t('reservation.none');
  document.getElementById('reservation-form').hidden = !open;
  document.getElementById('reservation-release-form').hidden = !open || !installation.deviceId;
}

function setupReservationForms() {
  document.getElementById('reservation-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { deviceId: document.getElementById('reservation-device').value.trim() };
    const ok = await attempt(async () => { await api('/api/v1/installations/' + id + '/reservation', { method: 'POST', body }); return true; }, t('reservation.done'));
    if (ok) { document.getElementById('reservation-form').reset(); await renderReservation(); }
  });
  document.getElementById('reservation-release-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const reason = document.getElementById('reservation-reason').value.trim();
    const ok = await attempt(async () => {
      await api('/api/v1/installations/' + id + '/reservation' + (reason ? '?reason=' + encodeURIComponent(reason) : ''), { method: 'DELETE' });
      return true;
    }, t('reservation.released'));
    if (ok) { document.getElementById('reservation-release-form').reset(); await renderReservation(); }
  });
}

async function renderViability() {
  const show = can.viabilityReport && ['REQUESTED', 'VIABILITY_REPORTED'].includes(order.status);
  document.getElementById('viability-section').hidden = !show;
  if (!show) return;
  const reports = await api('/api/v1/orders/' + id + '/viability-reports');
  const ul = document.getElementById('viability-list');
  ul.replaceChildren();
  for (const r of reports) ul.append(el('li', {}, fmtDate(r.reportDate) + ' · ' + t('viability.' + r.conclusion) + ' · GPS ' + t('coverage.' + r.gpsCoverage) + ', GSM ' + t('coverage.' + r.gsmCoverage)));
}

function setupViabilityForm() {
  document.getElementById('viability-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { gpsCoverage: document.getElementById('via-gps').value, gsmCoverage: document.getElementById('via-gsm').value,
      addressVerified: document.getElementById('via-address').checked, observations: document.getElementById('via-obs').value,
      conclusion: document.getElementById('via-conclusion').value, reportDate: today() };
    const ok = await attempt(async () => { await api('/api/v1/orders/' + id + '/viability-report', { method: 'POST', body }); return true; }, t('viability.saved'));
    if (ok) await reload();
  });
}

// ---------------------------------------------------------------- police access
// the judge's authorisations for the police to follow the case, and every look the police had at it (CNJ 412 model)
async function renderPolice() {
  const show = !!can.policeAccess;
  document.getElementById('police-section').hidden = !show;
  if (!show) return;
  const [auths, access] = await Promise.all([api('/api/v1/orders/' + id + '/police-authorisations'),
    api('/api/v1/orders/' + id + '/police-access')]);
  const ul = document.getElementById('police-authorisations');
  ul.replaceChildren();
  if (!auths.length) ul.append(el('li', { class: 'hint' }, t('police.none')));
  for (const a of auths.slice().reverse()) {
    const state = a.inForce ? t('police.inForce') : a.revokedAt ? t('police.revokedAt', fmtDateTime(a.revokedAt), a.revokedBy || '') : t('police.notInForce');
    const li = el('li', { 'data-authorisation': a.id }, t('police.item', a.jurisdiction, fmtDateTime(a.from),
      fmtDateTime(a.until), a.reason, a.grantedBy, a.resolutionNumber || '—'), ' · ', el('strong', {}, state));
    if (a.inForce && can.authorisePolice) {
      li.append(' ', el('button', { type: 'button', class: 'link', 'data-revoke': a.id, onclick: async () => {
        const ok = await attempt(async () => { await api('/api/v1/orders/' + id + '/police-authorisations/' + a.id + '/revocation', { method: 'POST', body: {} }); return true; }, t('police.revoked'));
        if (ok) await renderPolice();
      } }, t('police.revoke')));
    }
    ul.append(li);
  }
  document.getElementById('police-form').hidden = !can.authorisePolice || ['COMPLETED', 'REVOKED'].includes(order.status);
  const log = document.getElementById('police-access');
  log.replaceChildren();
  if (!access.length) log.append(el('li', { class: 'hint' }, t('police.access.none')));
  for (const x of access) {
    log.append(el('li', { 'data-access': x.id }, el('time', { datetime: x.at }, fmtDateTime(x.at)), ' ',
      t('police.access.item', x.username, t('police.basis.' + x.basis), x.reference, x.what, x.channel)));
  }
}

function setupPoliceForm() {
  document.getElementById('police-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { until: fromLocalInput(document.getElementById('police-until').value),
      reason: document.getElementById('police-reason').value,
      resolutionNumber: document.getElementById('police-resolution').value || null };
    const ok = await attempt(async () => { await api('/api/v1/orders/' + id + '/police-authorisations', { method: 'POST', body }); return true; }, t('police.granted'));
    if (ok) { document.getElementById('police-form').reset(); await renderPolice(); }
  });
}

// ---------------------------------------------------------------- data protection
// the legal hold that stops the retention job for this case, and the subject-access exports (person, victim)
let hold = null;
async function renderPrivacy() {
  const show = !!(can.legalHold || can.dataExport);
  document.getElementById('privacy-section').hidden = !show;
  if (!show) return;
  const person = document.getElementById('export-person');
  const victim = document.getElementById('export-victim');
  person.hidden = !can.dataExport;
  person.setAttribute('href', '/api/v1/people/' + encodeURIComponent(order.personId) + '/data-export');
  victim.hidden = !can.dataExport || !order.hasVictim;
  victim.setAttribute('href', '/api/v1/orders/' + encodeURIComponent(id) + '/victim/data-export');
  if (!can.legalHold) return;
  hold = await api('/api/v1/orders/' + id + '/legal-hold');
  const state = document.getElementById('legal-hold-state');
  state.dataset.held = String(hold.held);
  state.textContent = hold.held ? t('privacy.hold.inForce', fmtDateTime(hold.current.placedAt), hold.current.placedBy, hold.current.reason)
    : t('privacy.hold.none') + (hold.deletableFrom ? ' ' + t('privacy.hold.deletableFrom', fmtDateTime(hold.deletableFrom)) : '');
  const ul = document.getElementById('legal-hold-history');
  ul.replaceChildren();
  for (const h of hold.history.slice().reverse()) {
    ul.append(el('li', { 'data-hold': h.id }, h.liftedAt
      ? t('privacy.hold.item', fmtDateTime(h.placedAt), fmtDateTime(h.liftedAt), h.reason, h.placedBy, h.liftedBy || '', h.liftReason || '')
      : t('privacy.hold.itemOpen', fmtDateTime(h.placedAt), h.reason, h.placedBy)));
  }
  document.getElementById('legal-hold-form').hidden = false;
  const button = document.getElementById('legal-hold-submit');
  button.textContent = hold.held ? t('privacy.hold.lift') : t('privacy.hold.place');
  button.classList.toggle('danger', hold.held);
}

function setupPrivacyForm() {
  document.getElementById('legal-hold-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const lifting = !!(hold && hold.held);
    const body = { reason: document.getElementById('legal-hold-reason').value };
    const ok = await attempt(async () => {
      await api('/api/v1/orders/' + id + '/legal-hold' + (lifting ? '/release' : ''), { method: 'POST', body });
      return true;
    }, t(lifting ? 'privacy.hold.lifted' : 'privacy.hold.placed'));
    if (ok) { document.getElementById('legal-hold-form').reset(); await renderPrivacy(); }
  });
}

// ---------------------------------------------------------------- variations and timeline
function renderVariations(variations) {
  const ul = document.getElementById('variation-list');
  ul.replaceChildren();
  if (!variations.length) ul.append(el('li', { class: 'hint' }, t('variations.none')));
  for (const v of variations.slice().reverse()) {
    ul.append(el('li', { 'data-version': v.version }, t('variations.item', v.version, v.resolutionNumber || '—', fmtDate(v.resolutionDate), fmtDateTime(v.effectiveFrom), v.author || '')));
  }
}

function renderTimeline(history, variations, warnings, alarms) {
  const items = [];
  for (const h of history) items.push({ at: h.at, cls: 'transition', text: t('timeline.transition', h.from ? t('order.status.' + h.from) : '—', t('order.status.' + h.to), h.by || '') + (h.resolutionNumber ? ' · ' + h.resolutionNumber : '') + (h.note ? ' · ' + h.note : '') });
  for (const v of variations) items.push({ at: v.createdAt, cls: 'variation', text: t('timeline.variation', v.version, v.resolutionNumber || '—', v.author || '') });
  for (const w of warnings) items.push({ at: w.createdAt, cls: 'warning', text: t('timeline.warning', w.resolutionNumber || '—', w.text || '') });
  for (const a of alarms || []) items.push({ at: a.raisedAt || a.createdAt || a.occurredAt, cls: 'alarm sev-' + (a.severity || ''), text: t('timeline.alarm', typeLabel(a.type), a.status ? t('alarm.status.' + a.status) : '') });
  items.sort((x, y) => Date.parse(y.at || 0) - Date.parse(x.at || 0));
  const ol = document.getElementById('timeline');
  ol.replaceChildren();
  for (const i of items) ol.append(el('li', { class: i.cls }, el('time', { datetime: i.at }, fmtDateTime(i.at)), ' ', i.text));
  if (!items.length) ol.append(el('li', { class: 'hint' }, t('timeline.empty')));
}

/** Every alarm of the order, resolved or not (null where the role may not read alarms). */
async function orderAlarms() {
  if (!cfg.features.alarms || !['ADMIN', 'SUPERVISOR', 'OPERATOR', 'JUDGE', 'PROSECUTOR'].includes(cfg.me.role)) return null;
  return api('/api/v1/alarms?orderId=' + encodeURIComponent(id) + '&limit=1000');
}

/** The incident reports of the order: those for the court and the prosecutor (null where the role may not read them). */
async function orderReports() {
  if (!cfg.features.alarms || !['ADMIN', 'SUPERVISOR', 'JUDGE', 'PROSECUTOR'].includes(cfg.me.role)) return null;
  const list = await api('/api/v1/incident-reports');
  return (list || []).filter(r => r.orderId === id);
}

async function reload() {
  try {
    order = await api('/api/v1/orders/' + id);
  } catch (e) {
    if (e.status === 404) { // outside the user's scope: the case does not exist for them
      document.getElementById('order-title').textContent = t('order.notFound');
      document.getElementById('main').querySelectorAll('section').forEach(x => { x.hidden = true; });
      document.getElementById('order-title').dataset.notFound = 'true';
      document.body.dataset.loaded = 'true';
      return false;
    }
    throw e;
  }
  renderSummary();
  const [history, variations, warnings, alarms, reports] = await Promise.all([
    api('/api/v1/orders/' + id + '/history'), api('/api/v1/orders/' + id + '/variations'),
    api('/api/v1/orders/' + id + '/warnings'), orderAlarms(), orderReports()]);
  await renderCompliance(history, warnings, alarms, reports);
  renderVariations(variations);
  renderTimeline(history, variations, warnings, alarms);
  renderActions();
  await renderReports();
  await renderReservation();
  await renderViability();
  await renderPolice();
  await renderPrivacy();
  await loadConditions();
  document.body.dataset.loaded = 'true';
}

setupViabilityForm();
setupReservationForms();
setupReportForm();
setupPoliceForm();
setupPrivacyForm();
attempt(async () => { if (await reload() !== false) await renderMonitoring(); });

// Locate now: the person's unit is asked for a position at once (or at its next connection); it arrives on the map
// like any other fix. A phone app (OsmAnd) has no return channel: the API says so and the message is shown.
const locateButton = document.getElementById('person-locate');
if (locateButton && can.track) {
  locateButton.hidden = false;
  locateButton.addEventListener('click', async () => {
    locateButton.disabled = true;
    try {
      const c = await api('/api/v1/orders/' + encodeURIComponent(id) + '/locate', { method: 'POST', body: {} });
      notify(t('locate.requested', c.id));
    } catch (e) {
      notify(e.message, 'error');
    } finally {
      locateButton.disabled = false;
    }
  });
}
