// Alarm helpers shared by the map, the queue and the order page.
import { cfg, api, textNode } from './common.js';

/** The label of an alarm type (the type code itself if the bundle has none). */
export function typeLabel(type) {
  return cfg.i18n['alarm.type.' + type] || type;
}

/** Open alarms in the caller's scope, most urgent first (as the alarms API sorts them). */
export async function loadAlarmSummary() {
  if (!cfg.features.alarms) return [];
  const data = await api('/api/v1/alarms');
  return (data || []).filter(a => a.status !== 'RESOLVED');
}

/** A map marker for an alarm with a position, or null. */
export function alarmMarker(a) {
  const p = a.position; // the latest evidence fix {time, lat, lon, accuracy, source}
  if (!p || p.lat === undefined || p.lat === null || p.lon === undefined || p.lon === null) return null;
  const m = L.marker([p.lat, p.lon], {
    icon: L.divIcon({ className: 'alarm-marker sev-' + (a.severity || ''),
      html: '<span data-alarm="' + encodeURIComponent(a.id) + '">!</span>', iconSize: [22, 22], iconAnchor: [11, 11] }),
    title: typeLabel(a.type), keyboard: true, zIndexOffset: 1000
  });
  m.bindTooltip(textNode(typeLabel(a.type) + (a.personName ? ' · ' + a.personName : '')));
  return m;
}
