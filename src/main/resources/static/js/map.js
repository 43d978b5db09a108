// Live map of the monitoring centre: latest position of every person in scope (clustered when zoomed out), the
// zones of their orders, open alarms; new positions and alarms arrive by server-sent events.
import { cfg, t, api, el, fmtDateTime, createMap, conditionLayers, accuracyClass, live, attempt } from './common.js';
import { loadAlarmSummary, alarmMarker, typeLabel } from './alarm-common.js';

const map = createMap(document.getElementById('map'), { doubleClickZoom: true });
const cluster = L.markerClusterGroup({ maxClusterRadius: 50, showCoverageOnHover: false });
const zoneLayer = L.layerGroup().addTo(map);
const alarmLayer = L.layerGroup().addTo(map);
map.addLayer(cluster);
// the person the operator located is drawn outside the clusters, so that other people nearby never hide them
const followedLayer = L.layerGroup().addTo(map);

const people = new Map();   // orderId -> { data, marker, item }
// the person the operator located last: the map keeps them in view as their fixes arrive, until the map is dragged
let following = null;
map.on('dragstart', () => follow(null));

/** Moves the followed person's marker out of the cluster group (and the previous one back into it). */
function follow(orderId) {
  if (following === orderId) return;
  const previous = following && people.get(following);
  if (previous && previous.marker) { followedLayer.removeLayer(previous.marker); cluster.addLayer(previous.marker); }
  following = orderId;
  const next = orderId && people.get(orderId);
  if (next && next.marker) { cluster.removeLayer(next.marker); followedLayer.addLayer(next.marker); }
}
window.alterna = { map, people, cluster, markers: new Map(), following: () => following };

/** A marker drawn with CSS only (no image to load), carrying the order id for tests and assistive tools. */
function icon(p) {
  const cls = 'person-marker ' + accuracyClass(p.position) + (p.status === 'SUSPENDED' ? ' suspended' : '');
  return L.divIcon({ className: cls, html: '<span data-order="' + encodeURIComponent(p.orderId) + '"></span>',
    iconSize: [18, 18], iconAnchor: [9, 9] });
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
    onclick: () => {
      const e = people.get(p.orderId);
      follow(p.orderId);
      map.setView(e.marker.getLatLng(), Math.max(map.getZoom(), 16), { animate: false });
      e.marker.openPopup();
    } },
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
      if (following === p.orderId) {
        entry.marker.setLatLng(ll);
        entry.marker.setIcon(icon(p));
        // keep the followed person in view
        if (!map.getBounds().pad(-0.1).contains(ll)) map.panTo(ll);
      } else {
        // a clustered marker must leave the cluster group to move (the group indexes markers by position)
        cluster.removeLayer(entry.marker);
        entry.marker.setLatLng(ll);
        entry.marker.setIcon(icon(p));
        cluster.addLayer(entry.marker);
      }
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

// a victim's unit reaches this map only while a proximity alarm of the order is open: drawn apart from the person
const victims = new Map();   // orderId -> circle marker
function onVictimPosition(ev) {
  const ll = [ev.position.lat, ev.position.lon];
  let m = victims.get(ev.orderId);
  if (!m) {
    m = L.circleMarker(ll, { radius: 8, color: '#6a1b9a', weight: 3, fillOpacity: 0.4, className: 'victim-marker' });
    m.bindTooltip(el('span', {}, t('map.victim')));
    m.addTo(alarmLayer);
    victims.set(ev.orderId, m);
  } else {
    m.setLatLng(ll);
  }
}

function onPosition(ev) {
  if (ev.victimUnit) { onVictimPosition(ev); return; }
  const entry = people.get(ev.orderId);
  if (!entry) { // someone who was not on this map when it opened (a unit assigned since): add them
    attempt(async () => upsert(await api('/api/v1/console/orders/' + ev.orderId + '/monitoring')));
    return;
  }
  const p = Object.assign({}, entry.data, { position: ev.position, lastFixAgeSeconds: 0 });
  if (ev.batteryPercent !== undefined) p.batteryPercent = ev.batteryPercent;
  if (ev.charging !== undefined) p.charging = ev.charging;
  if (ev.strap !== undefined) p.strap = ev.strap;
  upsert(p);
}

const alarmsOn = cfg.features.alarms;
async function loadAlarms() {
  const ul = document.getElementById('map-alarms');
  if (!alarmsOn) { ul.replaceChildren(el('li', { class: 'hint' }, t('alarms.unavailable'))); return; }
  const alarms = await loadAlarmSummary();
  ul.replaceChildren();
  alarmLayer.clearLayers();
  window.alterna.alarmMarkers = new Map();
  for (const a of alarms) {
    const m = alarmMarker(a);
    if (m) { alarmLayer.addLayer(m); window.alterna.alarmMarkers.set(a.id, m); }
  }
  for (const a of alarms.slice(0, 8)) {
    ul.append(el('li', { class: 'sev-' + (a.severity || ''), 'data-alarm': a.id },
      el('span', { class: 'badge sev-' + a.severity }, t('alarm.severity.' + a.severity)), ' ',
      el('a', { href: '/console/alarms#' + a.id }, typeLabel(a.type)), ' · ', a.personName || ''));
  }
  if (!alarms.length) ul.append(el('li', { class: 'hint' }, t('alarms.none')));
}

// alarms come and change all the time: coalesce a burst of events into one reload
let alarmReload = null;
function onAlarm() {
  clearTimeout(alarmReload);
  alarmReload = setTimeout(() => attempt(loadAlarms), 250);
}

attempt(load).then(() => {
  // one stream carries both: positions and, where the alarm desk is there, alarms
  const handlers = { position: onPosition };
  if (alarmsOn) handlers.alarm = onAlarm;
  live(handlers);
});
attempt(loadAlarms);
window.alterna.pageId = Math.random().toString(36).slice(2);
