// Activation funnel: from the court's request to active monitoring. Counts, conversion and time per stage (uPlot bars),
// the cases waiting longest and why, the breakdown per penal centre, region, court or month, and the stock against
// the installation backlog per region; the same figures as CSV. Every text comes from t(); user data only as text.
import { cfg, t, api, el, fmtDateTime, attempt } from './common.js';

const $ = id => document.getElementById(id);
const number = new Intl.NumberFormat(cfg.lang);
const pct = new Intl.NumberFormat(cfg.lang, { style: 'percent', maximumFractionDigits: 1 });
let chart;

function fmt(v) {
  return v === null || v === undefined ? '—' : number.format(v);
}

function query() {
  const p = new URLSearchParams();
  if ($('f-from').value) p.set('from', $('f-from').value);
  if ($('f-to').value) p.set('to', $('f-to').value);
  if ($('f-region').value.trim()) p.set('region', $('f-region').value.trim());
  if ($('f-court').value.trim()) p.set('court', $('f-court').value.trim());
  p.set('groupBy', $('f-group').value);
  if ($('f-idle').value) p.set('idleDays', $('f-idle').value);
  return p;
}

function stageName(s) {
  return t('funnel.stage.' + s);
}

function drawChart(f) {
  const box = $('funnel-chart');
  const xs = f.stages.map((s, i) => i + 1);
  const data = [xs, f.stages.map(s => s.reached), f.stages.map(s => s.waitingNow)];
  const names = f.stages.map(s => stageName(s.stage));
  if (chart) {
    chart.setData(data);
  } else {
    box.replaceChildren();
    chart = new uPlot({
      width: Math.max(320, box.clientWidth), height: 280,
      scales: { x: { time: false, range: [0.5, xs.length + 0.5] }, y: { range: (u, min, max) => [0, Math.max(4, max + 1)] } },
      series: [{ label: t('funnel.stage'), value: (u, v) => v === null || v === undefined ? '—' : (names[v - 1] || '') },
        { label: t('funnel.chartReached'), stroke: '#0b4f6c', width: 1, fill: 'rgba(11,79,108,0.25)', paths: uPlot.paths.bars({ size: [0.6] }) },
        { label: t('funnel.chartWaiting'), stroke: '#b3261e', width: 2, points: { show: true } }],
      axes: [{ values: (u, splits) => splits.map(v => Number.isInteger(v) ? (names[v - 1] || '') : ''), size: 60 },
        { label: t('funnel.chartAxis') }]
    }, data, box);
  }
  window.alterna = Object.assign(window.alterna || {}, { chart, stageNames: names });
}

function stagesTable(f) {
  const body = $('stages-table').querySelector('tbody');
  body.replaceChildren(...f.stages.map(s => el('tr', { 'data-stage': s.stage },
    el('th', { scope: 'row' }, stageName(s.stage)),
    el('td', { class: 'num' }, fmt(s.reached)),
    el('td', { class: 'num' }, fmt(s.waitingNow)),
    el('td', { class: 'num' }, s.conversion === null || s.conversion === undefined ? '—' : pct.format(s.conversion)),
    el('td', { class: 'num' }, fmt(s.medianHours)),
    el('td', { class: 'num' }, fmt(s.p90Hours)))));
}

function oldestTable(f) {
  const body = $('oldest-table').querySelector('tbody');
  if (!f.oldestWaiting.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 6 }, t('funnel.noneWaiting'))));
    return;
  }
  body.replaceChildren(...f.oldestWaiting.map(w => el('tr', { 'data-id': w.orderId, class: w.overdue ? 'overdue' : null },
    el('td', {}, el('a', { href: '/console/orders/' + encodeURIComponent(w.orderId) }, w.expediente || w.orderId)),
    el('td', {}, w.penalCentre || w.region || '—'),
    el('td', {}, stageName(w.stage)),
    el('td', {}, fmtDateTime(w.since)),
    el('td', { class: 'num' }, fmt(Math.round(w.waitingHours))),
    el('td', {}, t('funnel.reason.' + w.reason) + (w.detail && w.reason !== 'AWAITING_FIRST_FIX' ? ' · ' + fmtDateTime(w.detail) : '')
      + (w.detail && w.reason === 'AWAITING_FIRST_FIX' ? ' · ' + w.detail : '')
      + (w.overdue ? ' · ' + t('funnel.overdue') : '')))));
}

function groupsTable(f) {
  const head = $('groups-head');
  head.replaceChildren(el('th', { scope: 'col' }, t('funnel.group')),
    ...f.stages.map(s => el('th', { scope: 'col', class: 'num' }, stageName(s.stage))));
  $('groups-table').querySelector('tbody').replaceChildren(...f.groups.map(g => el('tr', { 'data-key': g.key },
    el('th', { scope: 'row' }, g.label || '—'),
    ...g.stages.map(s => el('td', { class: 'num' }, fmt(s.reached))))));
}

function stockRow(s, label) {
  return el('tr', { 'data-region': s.region || '', class: s.backlogExceedsStock ? 'overdue' : null },
    el('th', { scope: 'row' }, label),
    ...[s.inStock, s.idle, s.reserved, s.inUse, s.removed, s.inRepair, s.lostOrDamaged, s.backlog]
      .map(v => el('td', { class: 'num' }, fmt(v))),
    el('td', { class: 'num' }, fmt(s.installsPerDay)),
    el('td', {}, s.runsOutAt ? fmtDateTime(s.runsOutAt).slice(0, 10) : t('funnel.never')));
}

function stockTable(f) {
  $('stock-table').querySelector('tbody').replaceChildren(...f.stock.map(s => stockRow(s, s.region || '—')),
    stockRow(f.stockTotal, t('funnel.total')));
}

async function load() {
  const q = query();
  const f = await api('/api/v1/funnel?oldest=20&' + q.toString());
  $('funnel-summary').textContent = t('funnel.summary', fmt(f.cases), fmt(f.completed), fmt(f.revoked));
  $('funnel-csv').setAttribute('href', '/api/v1/funnel/export?' + q.toString());
  stagesTable(f);
  drawChart(f);
  oldestTable(f);
  groupsTable(f);
  stockTable(f);
}

$('funnel-filters').addEventListener('submit', e => {
  e.preventDefault();
  document.body.dataset.loaded = 'false';
  attempt(load).finally(() => { document.body.dataset.loaded = 'true'; });
});
attempt(load).finally(() => { document.body.dataset.loaded = 'true'; });
