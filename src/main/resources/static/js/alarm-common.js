// Alarm helpers shared by the map, the queue and the order page.
import { cfg, api } from './common.js';

/** The label of an alarm type (the type code itself if the bundle has none). */
export function typeLabel(type) {
  return cfg.i18n['alarm.type.' + type] || type;
}

/** Open alarms in the caller's scope, most urgent first (as the alarms API sorts them). */
export async function loadAlarmSummary() {
  if (!cfg.features.alarms) return [];
  const data = await api('/api/v1/alarms');
  const list = Array.isArray(data) ? data : (data && (data.items || data.content)) || [];
  return list.filter(a => !a.status || !['RESOLVED', 'CLOSED'].includes(a.status));
}

/** A map marker for an alarm with a position, or null. */
export function alarmMarker(a) {
  const p = a.position || (a.lat !== undefined ? { lat: a.lat, lon: a.lon } : null);
  const lat = p && (p.lat ?? p.latitude);
  const lon = p && (p.lon ?? p.longitude);
  if (lat === undefined || lat === null || lon === undefined || lon === null) return null;
  const m = L.marker([lat, lon], {
    icon: L.divIcon({ className: 'alarm-marker sev-' + (a.severity || ''), html: '<span>!</span>', iconSize: [22, 22], iconAnchor: [11, 11] }),
    title: typeLabel(a.type), keyboard: true, zIndexOffset: 1000
  });
  m.bindTooltip(typeLabel(a.type));
  return m;
}
