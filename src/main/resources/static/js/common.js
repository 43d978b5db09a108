// Shared by every console page: configuration and strings from the page, API calls with the CSRF header,
// dates in the configured zone, map helpers. No user-visible text is written here: everything comes from t().
import { addBaseMap } from './basemap.js';

export const cfg = JSON.parse(document.getElementById('alterna-config').textContent);

/** A message of the bundle, with {0}, {1}… replaced by the arguments. */
export function t(key, ...args) {
  let s = cfg.i18n[key];
  if (s === undefined) {
    console.warn('missing message ' + key);
    s = key;
  }
  args.forEach((a, i) => { s = s.split('{' + i + '}').join(String(a)); });
  return s;
}

function cookie(name) {
  const m = document.cookie.match('(?:^|; )' + name.replace(/[.$?*|{}()[\]\\/+^]/g, '\\$&') + '=([^;]*)');
  return m ? decodeURIComponent(m[1]) : null;
}

/** Calls the API; resolves with the parsed JSON (or null), rejects with an Error carrying the problem detail. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    const token = cookie('XSRF-TOKEN');
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!res.ok) {
    const err = new Error((data && (data.detail || data.title)) || t('error.http', res.status));
    err.status = res.status;
    err.field = data && data.field;
    throw err;
  }
  return data;
}

const fmtParts = new Intl.DateTimeFormat('en-GB', { timeZone: cfg.zone, year: 'numeric', month: '2-digit',
  day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function parts(ms) {
  const p = {};
  for (const x of fmtParts.formatToParts(new Date(ms))) p[x.type] = x.value;
  return p;
}

/** dd/MM/yyyy HH:mm in the configured zone (America/Lima unless configured otherwise). */
export function fmtDateTime(iso) {
  if (!iso) return '—';
  const p = parts(typeof iso === 'number' ? iso : Date.parse(iso));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** dd/MM/yyyy HH:mm:ss, for track playback. */
export function fmtDateTimeSeconds(iso) {
  if (!iso) return '—';
  const p = parts(typeof iso === 'number' ? iso : Date.parse(iso));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/** dd/MM/yyyy for a LocalDate (yyyy-MM-dd). */
export function fmtDate(d) {
  if (!d) return '—';
  const [y, m, day] = d.split('-');
  return `${day}/${m}/${y}`;
}

/** The value for an input type=datetime-local showing this instant in the configured zone. */
export function toLocalInput(ms) {
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The instant (ISO) of a datetime-local value read as a wall-clock time in the configured zone. */
export function fromLocalInput(value) {
  const [d, tm] = value.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi] = tm.split(':').map(Number);
  const guess = Date.UTC(y, mo - 1, da, h, mi);
  const p = parts(guess);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return new Date(guess - (asUtc - guess)).toISOString();
}

/** Today in the configured zone, yyyy-MM-dd. */
export function today() {
  const p = parts(Date.now());
  return `${p.year}-${p.month}-${p.day}`;
}

/** "hace 5 min" style age. */
export function age(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return t('age.seconds', Math.round(seconds));
  if (seconds < 3600) return t('age.minutes', Math.round(seconds / 60));
  if (seconds < 86400) return t('age.hours', Math.round(seconds / 3600));
  return t('age.days', Math.round(seconds / 86400));
}

/** Creates an element: el('td', {class: 'x'}, 'text', child…). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/**
 * Leaflet content (tooltips, popups) as a DOM node holding plain text. Leaflet inserts a string as HTML, so user
 * text (a zone id, a person's name) is never given to it as a string.
 */
export function textNode(text) {
  return el('span', {}, text);
}

/** Shows a message in the page's status line (role=status, read by screen readers). */
export function notify(message, kind = 'info') {
  const box = document.getElementById('notice');
  if (!box) return;
  box.textContent = message;
  box.className = 'notice ' + kind;
  box.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

/** Runs an async action, reporting its error in the status line instead of the browser console. */
export async function attempt(action, okMessage) {
  try {
    const r = await action();
    if (okMessage) notify(okMessage, 'ok');
    return r;
  } catch (e) {
    notify(e.message || String(e), 'error');
    return undefined;
  }
}

// ---- maps ----
export const LIMA = [-12.06, -77.04];

/** A Leaflet map (maxZoom 18, required by marker clusters) with tiles only if a tile server is configured. */
export function createMap(element, options = {}) {
  const map = L.map(element, Object.assign({ maxZoom: 18, minZoom: 3, zoomControl: true }, options))
    .setView(LIMA, 12);
  if (cfg.tilesUrl) {
    L.tileLayer(cfg.tilesUrl, { maxZoom: 18, attribution: cfg.tilesAttribution || '' }).addTo(map);
  } else {
    element.classList.add('no-tiles');
    map.baseMap = addBaseMap(map, { api, t, el }); // coast, borders and penal establishments, offline
  }
  return map;
}

const ZONE_STYLE = {
  INCLUSION: { color: '#1b7f3b', weight: 2, fillOpacity: 0.12 },
  EXCLUSION: { color: '#b3261e', weight: 2, fillOpacity: 0.18, dashArray: '6 4' }
};

/** Leaflet layers for the zones and routes of a conditions document (GeoJSON lon/lat). */
export function conditionLayers(zones, routes) {
  const layers = [];
  for (const z of zones || []) {
    const style = ZONE_STYLE[z.type] || ZONE_STYLE.INCLUSION;
    const label = t('zone.type.' + z.type) + ': ' + (z.id || '');
    let layer = null;
    const g = z.geometry || {};
    if (g.type === 'Point') {
      layer = L.circle([g.coordinates[1], g.coordinates[0]], Object.assign({ radius: z.radiusMeters || 50 }, style));
    } else if (g.type === 'Polygon') {
      layer = L.polygon(g.coordinates.map(ring => ring.map(c => [c[1], c[0]])), style);
    } else if (g.type === 'MultiPolygon') {
      layer = L.polygon(g.coordinates.map(poly => poly.map(ring => ring.map(c => [c[1], c[0]]))), style);
    }
    if (layer) {
      layer.bindTooltip(textNode(label));
      layer.zoneId = z.id;
      layers.push(layer);
    }
  }
  for (const r of routes || []) {
    const g = r.geometry || {};
    if (g.type === 'LineString') {
      const line = L.polyline(g.coordinates.map(c => [c[1], c[0]]), { color: '#5b3cc4', weight: 4, opacity: 0.7 });
      line.bindTooltip(textNode(t('route.label') + ': ' + (r.id || '')));
      layers.push(line);
    }
  }
  return layers;
}

/** Colour of a fix by its precision: green ≤ 15 m, amber ≤ 50 m, red worse or not GPS or invalid. */
export function accuracyClass(p) {
  if (!p || p.valid === false || (p.source && p.source !== 'GPS')) return 'poor';
  const acc = p.accuracyMeters;
  if (acc === null || acc === undefined) return p.satellites >= 5 ? 'good' : 'fair';
  if (acc <= 15) return 'good';
  if (acc <= 50) return 'fair';
  return 'poor';
}

export const ACCURACY_COLOURS = { good: '#1b7f3b', fair: '#b26a00', poor: '#b3261e' };

/**
 * The live stream (server-sent events; EventSource reconnects on its own) with handlers by event name: one stream,
 * {@code /api/v1/live}, carries {@code position} and {@code alarm} events within the user's scope. The page's
 * indicator shows "live" while every stream of the page is open.
 */
const streams = [];
function showLive() {
  const indicator = document.getElementById('live-indicator');
  if (!indicator || !streams.length) return;
  const on = streams.every(s => s.readyState === EventSource.OPEN);
  indicator.textContent = t(on ? 'live.connected' : 'live.reconnecting');
  indicator.className = 'live ' + (on ? 'on' : 'off');
}

export function live(handlers, path = '/api/v1/live') {
  const source = new EventSource(path);
  streams.push(source);
  for (const [name, fn] of Object.entries(handlers)) {
    source.addEventListener(name, ev => {
      let data = null;
      try { data = JSON.parse(ev.data); } catch (e) { return; }
      fn(data);
    });
  }
  source.onopen = showLive;
  source.onerror = showLive;
  window.addEventListener('beforeunload', () => source.close());
  return source;
}

/** The alarm desk's live feed: {@code event: alarm} for every alarm raised or changed in the user's scope. */
export function liveAlarms(onAlarm) {
  return live({ alarm: onAlarm });
}
