// Live map of the monitoring centre: latest position of every person in scope (clustered when zoomed out), the
// zones of their orders, open alarms; new positions and alarms arrive by server-sent events.
import { cfg, t, api, el, fmtDateTime, age, createMap, conditionLayers, accuracyClass, live, attempt } from './common.js';
import { loadAlarmSummary, alarmMarker, typeLabel } from './alarm-common.js';

const map = createMap(document.getElementById('map'), { doubleClickZoom: true });
const cluster = L.markerClusterGroup({ maxClusterRadius: 50, showCoverageOnHover: false });
const zoneLayer = L.layerGroup().addTo(map);
const alarmLayer = L.layerGroup().addTo(map);
map.addLayer(cluster);

const people = new Map();   // orderId -> { data, marker, item }
window.alterna = { map, people, cluster, markers: new Map() };

function icon(p) {
  const cls = 'person-marker ' + accuracyClass(p.position) + (p.status === 'SUSPENDED' ? ' suspended' : '');
  return L.divIcon({ className: cls, html: '<span></span>', iconSize: [18, 18], iconAnchor: [9, 9] });
}

function describe(p) {
  const lines = [p.personName, p.expediente];
  if (p.position) lines.push(t('map.lastFix', fmtDateTime(p.position.time)));
  return lines.join(' · ');
}

function renderItem(p) {
  const link = el('a', { href: '/console/orders/' + p.orderId, class: 'person-link' }, p.personName);
  const status = el('span', { class: 'badge status-' + p.status }, t('order.status.' + p.status));
  const fix = p.position
    ? el('span', { class: 'fix' }, t('map.lastFix', fmtDateTime(p.position.time)))
    : el('span', { class: 'fix none' }, t('map.noFix'));
  const battery = p.batteryPercent !== null && p.batteryPercent !== undefined
    ? el('span', { class: 'battery' + (p.batteryPercent <= 15 ? ' low' : '') }, t('person.battery', p.batteryPercent)) : null;
  const focus = p.position ? el('button', { type: 'button', class: 'link', 'aria-label': t('map.locate', p.personName),
    onclick: () => { const e = people.get(p.orderId); cluster.zoomToShowLayer(e.marker, () => e.marker.openPopup()); } },
  t('map.locateShort')) : null;
  const li = el('li', { 'data-order': p.orderId, 'data-lat': p.position ? p.position.lat : '',
    'data-lon': p.position ? p.position.lon : '', class: 'person' }, link, ' ', status, el('br'), fix, ' ', battery, ' ', focus);
  return li;
}

function upsert(p) {
  let entry = people.get(p.orderId);
  if (!entry) {
    entry = { data: p, marker: null, item: null };
    people.set(p.orderId, entry);
  }
  entry.data = p;
  if (p.position) {
    const ll = [p.position.lat, p.position.lon];
    if (!entry.marker) {
      entry.marker = L.marker(ll, { icon: icon(p), title: p.personName, keyboard: true, alt: p.personName });
      entry.marker.orderId = p.orderId;
      cluster.addLayer(entry.marker);
      window.alterna.markers.set(p.orderId, entry.marker);
    } else {
      // a clustered marker must leave the cluster group to move (the group indexes markers by position)
      cluster.removeLayer(entry.marker);
      entry.marker.setLatLng(ll);
      entry.marker.setIcon(icon(p));
      cluster.addLayer(entry.marker);
    }
    entry.marker.bindPopup(() => el('div', {}, el('strong', {}, p.personName), el('br'), describe(p), el('br'),
      el('a', { href: '/console/orders/' + p.orderId }, t('map.openPerson'))));
  }
  const item = renderItem(p);
  if (entry.item) entry.item.replaceWith(item); else document.getElementById('people-list').append(item);
  entry.item = item;
}

async function load() {
  const list = await api('/api/v1/console/live-map');
  list.sort((a, b) => (a.personName || '').localeCompare(b.personName || ''));
  const bounds = [];
  for (const p of list) {
    upsert(p);
    for (const layer of conditionLayers(p.zones, p.routes)) { zoneLayer.addLayer(layer); bounds.push(layer.getBounds ? layer.getBounds() : null); }
    if (p.position) bounds.push(L.latLngBounds([[p.position.lat, p.position.lon], [p.position.lat, p.position.lon]]));
  }
  const all = bounds.filter(Boolean).reduce((acc, b) => acc ? acc.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()), null);
  if (all && all.isValid()) map.fitBounds(all.pad(0.2), { maxZoom: 16 });
  document.getElementById('people-count').textContent = t('map.count', list.length);
  document.body.dataset.loaded = 'true';
}

function onPosition(ev) {
  const entry = people.get(ev.orderId);
  if (!entry) return; // someone not on this map (assigned after it was opened): shown on reload
  const p = Object.assign({}, entry.data, { position: ev.position, lastFixAgeSeconds: 0 });
  if (ev.batteryPercent !== undefined) p.batteryPercent = ev.batteryPercent;
  if (ev.charging !== undefined) p.charging = ev.charging;
  if (ev.strap !== undefined) p.strap = ev.strap;
  upsert(p);
}

const alarmsOn = cfg.features.alarms;
async function loadAlarms() {
  if (!alarmsOn) { document.getElementById('map-alarms').append(el('li', { class: 'hint' }, t('alarms.unavailable'))); return; }
  const alarms = await loadAlarmSummary();
  const ul = document.getElementById('map-alarms');
  ul.replaceChildren();
  alarmLayer.clearLayers();
  for (const a of alarms.slice(0, 8)) {
    ul.append(el('li', { class: 'sev-' + (a.severity || '') }, el('a', { href: '/console/alarms#' + a.id }, typeLabel(a.type)), ' · ', a.personName || ''));
    const m = alarmMarker(a);
    if (m) alarmLayer.addLayer(m);
  }
  if (!alarms.length) ul.append(el('li', { class: 'hint' }, t('alarms.none')));
}

attempt(load).then(() => live({ position: onPosition, alarm: () => attempt(loadAlarms) }));
attempt(loadAlarms);
window.alterna.pageId = Math.random().toString(36).slice(2);
