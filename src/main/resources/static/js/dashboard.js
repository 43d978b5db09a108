// Supervisor's dashboard: alarm figures over time (uPlot) and the overcrowding of penal centres.
import { cfg, t, api, el, fmtDate, attempt } from './common.js';
import { typeLabel } from './alarm-common.js';

const number = new Intl.NumberFormat(cfg.lang);

async function centres() {
  const list = await api('/api/v1/penal-centres');
  const items = Array.isArray(list) ? list : (list.items || []);
  items.sort((a, b) => (b.overcrowdingPercent || 0) - (a.overcrowdingPercent || 0));
  const tbody = document.querySelector('#centres-table tbody');
  tbody.replaceChildren();
  const dates = new Set();
  for (const c of items) {
    dates.add(c.figuresDate);
    const over = c.overcrowdingPercent;
    tbody.append(el('tr', {}, el('td', {}, c.name), el('td', {}, c.regionalOffice), el('td', { class: 'num' }, number.format(c.capacity)),
      el('td', { class: 'num' }, number.format(c.population)),
      el('td', { class: 'num' + (over >= 100 ? ' critical' : over > 0 ? ' high' : '') }, over === null || over === undefined ? '—' : number.format(over) + ' %')));
  }
  if (!items.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'hint' }, t('dashboard.noCentres'))));
  document.getElementById('figures-date').textContent = dates.size
    ? t('dashboard.figuresDate', [...dates].filter(Boolean).sort().map(fmtDate).join(', ')) : '';
}

async function figures() {
  const totals = document.getElementById('alarm-totals');
  if (!cfg.features.alarmFigures) {
    totals.replaceWith(el('p', { class: 'hint', id: 'alarm-totals' }, t('alarms.unavailable')));
    return;
  }
  const f = await api('/api/v1/alarms/figures');
  // accepted shapes: { series: [{ day|date|t, total, <type>: n … }] } or { days: [...], counts: {...} }
  const rows = (f && (f.series || f.daily || f.days || f.items)) || [];
  const byType = (f && (f.byType || f.totalsByType)) || {};
  totals.replaceChildren();
  for (const [k, v] of Object.entries(byType)) totals.append(el('dt', {}, typeLabel(k)), el('dd', {}, number.format(v)));
  if (f && f.total !== undefined) totals.append(el('dt', {}, t('dashboard.total')), el('dd', {}, number.format(f.total)));
  if (!Array.isArray(rows) || !rows.length) return;
  const xs = rows.map(r => Date.parse(r.day || r.date || r.t || r.from) / 1000);
  const total = rows.map(r => r.total ?? r.count ?? 0);
  const resolved = rows.map(r => r.resolved ?? null);
  const series = [{}, { label: t('dashboard.raised'), stroke: '#b3261e', width: 2 }];
  const data = [xs, total];
  if (resolved.some(v => v !== null)) { series.push({ label: t('dashboard.resolved'), stroke: '#1b7f3b', width: 2 }); data.push(resolved); }
  const box = document.getElementById('alarm-chart');
  new uPlot({ width: Math.max(300, box.clientWidth), height: 260, series, scales: { x: { time: true } },
    axes: [{}, { label: t('dashboard.alarmsAxis') }], tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), cfg.zone) }, data, box);
}

attempt(centres);
attempt(figures).finally(() => { document.body.dataset.loaded = 'true'; });
