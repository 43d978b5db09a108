// Overcrowding and cost: establishments coloured by occupancy on a map without tiles, the what-if slider (share of
// the eligible, or only the priority groups, moved to electronic monitoring), resources and cost, a uPlot chart of
// occupancy now and projected per establishment, and the CSV download.
import { cfg, t, api, el, fmtDate, attempt } from './common.js';

const number = new Intl.NumberFormat(cfg.lang);
const money = new Intl.NumberFormat(cfg.lang, { style: 'currency', currency: 'PEN', maximumFractionDigits: 0 });
const lang = cfg.lang && cfg.lang.startsWith('en') ? 'en' : 'es';
const $ = id => document.getElementById(id);
const COLOURS = ['#1b7f3b', '#b26a00', '#d9480f', '#b3261e'];
let map;
let markers;
let chart;
let timer;
let chartNames = [];

function level(occupancy) {
  if (occupancy === null || occupancy === undefined || occupancy <= 100) return 0;
  if (occupancy <= 150) return 1;
  if (occupancy <= 250) return 2;
  return 3;
}

function pct(v) {
  return v === null || v === undefined ? '—' : number.format(v) + ' %';
}

function query() {
  const p = new URLSearchParams();
  p.set('share', (Number($('share').value) / 100).toString());
  p.set('group', document.querySelector('input[name=group]:checked').value);
  return p;
}

function row(list, label, value, id) {
  list.append(el('dt', {}, label), el('dd', id ? { id } : {}, value));
}

function render(v) {
  $('figures').textContent = t('overcrowding.figures', fmtDate(v.figuresDate));
  const s = v.settings;
  $('sources').textContent = t('overcrowding.sources', s.prisonCostPerDay, s.monitoringCostPerDay, s.devicesPerPerson,
    s.peoplePerMonitoringStaff, s.installationsPerInstallerPerDay, s.rolloutDays);
  const total = v.total;
  const summary = $('summary');
  summary.replaceChildren();
  row(summary, t('overcrowding.capacity'), number.format(total.now.capacity));
  row(summary, t('overcrowding.population'), number.format(total.now.population));
  row(summary, t('overcrowding.occupancyNow'), pct(total.now.occupancyPercent), 'occupancy-now');
  row(summary, t('overcrowding.eligible'), number.format(total.eligible), 'eligible-total');
  row(summary, t('overcrowding.moved'), number.format(total.moved), 'moved-total');
  row(summary, t('overcrowding.occupancyAfter'), pct(total.projected.occupancyPercent), 'occupancy-after');
  const res = $('resources');
  res.replaceChildren();
  row(res, t('overcrowding.devices'), number.format(total.resources.devices), 'devices');
  row(res, t('overcrowding.installers'), number.format(total.resources.installers), 'installers');
  row(res, t('overcrowding.staff'), number.format(total.resources.monitoringStaff), 'staff');
  const c = total.costs;
  const costs = document.querySelector('#costs tbody');
  costs.replaceChildren(
    el('tr', {}, el('th', { scope: 'row' }, t('overcrowding.costPrison')), el('td', { class: 'num' }, money.format(c.prisonPerDay)),
      el('td', { class: 'num' }, money.format(c.prisonPerMonth)), el('td', { class: 'num' }, money.format(c.prisonPerYear))),
    el('tr', {}, el('th', { scope: 'row' }, t('overcrowding.costEm')), el('td', { class: 'num' }, money.format(c.monitoringPerDay)),
      el('td', { class: 'num' }, money.format(c.monitoringPerMonth)), el('td', { class: 'num' }, money.format(c.monitoringPerYear))),
    el('tr', { class: 'saving' }, el('th', { scope: 'row' }, t('overcrowding.costSaving')), el('td', { class: 'num', id: 'saving-day' }, money.format(c.savingPerDay)),
      el('td', { class: 'num' }, money.format(c.savingPerMonth)), el('td', { class: 'num', id: 'saving-year' }, money.format(c.savingPerYear))));

  const regions = document.querySelector('#regions-table tbody');
  regions.replaceChildren(...v.regions.map(r => el('tr', {}, el('td', {}, r.name),
    el('td', { class: 'num occ-' + (level(r.now.occupancyPercent) + 1) }, pct(r.now.occupancyPercent)),
    el('td', { class: 'num' }, number.format(r.moved)),
    el('td', { class: 'num occ-' + (level(r.projected.occupancyPercent) + 1) }, pct(r.projected.occupancyPercent)))));

  const sorted = [...v.centres].sort((a, b) => (b.now.occupancyPercent || 0) - (a.now.occupancyPercent || 0));
  const centres = document.querySelector('#centres-table tbody');
  centres.replaceChildren(...sorted.map(r => el('tr', { 'data-centre': r.centre.id },
    el('td', {}, r.centre.name), el('td', {}, r.centre.region),
    el('td', { class: 'num' }, number.format(r.centre.capacity)), el('td', { class: 'num' }, number.format(r.centre.population)),
    el('td', { class: 'num occ-' + (level(r.now.occupancyPercent) + 1) }, pct(r.now.occupancyPercent)),
    el('td', { class: 'num' }, number.format(r.centre.eligible)), el('td', { class: 'num' }, number.format(r.moved)),
    el('td', { class: 'num occ-' + (level(r.projected.occupancyPercent) + 1) }, pct(r.projected.occupancyPercent)))));

  drawMap(v.centres);
  drawChart(sorted);
  const csv = query();
  csv.set('lang', lang);
  $('projection-csv').href = '/api/v1/eligibility/projection/export?' + csv.toString();
}

function drawMap(centres) {
  if (!map) {
    map = L.map($('centres-map'), { maxZoom: 18, minZoom: 3 }).setView([-9.5, -75], 5);
    if (cfg.tilesUrl) L.tileLayer(cfg.tilesUrl, { maxZoom: 18, attribution: cfg.tilesAttribution || '' }).addTo(map);
    else $('centres-map').classList.add('no-tiles');
    markers = L.layerGroup().addTo(map);
  }
  markers.clearLayers();
  const bounds = [];
  for (const r of centres) {
    const occ = r.projected.occupancyPercent;
    const colour = COLOURS[level(occ)];
    const m = L.circleMarker([r.centre.lat, r.centre.lon], { radius: 4 + Math.sqrt(r.centre.population) / 9,
      color: colour, fillColor: colour, fillOpacity: 0.55, weight: 1, className: 'centre-marker occ-' + (level(occ) + 1) });
    m.bindTooltip(el('span', {}, t('overcrowding.tooltip', r.centre.name, number.format(r.now.occupancyPercent),
      number.format(occ), number.format(r.moved))));
    m.addTo(markers);
    bounds.push([r.centre.lat, r.centre.lon]);
  }
  if (bounds.length && !map._fitted) { map.fitBounds(bounds, { padding: [20, 20] }); map._fitted = true; }
}

function drawChart(sorted) {
  const box = $('occupancy-chart');
  const xs = sorted.map((r, i) => i + 1);
  const data = [xs, sorted.map(r => r.now.occupancyPercent), sorted.map(r => r.projected.occupancyPercent), sorted.map(() => 100)];
  chartNames = sorted.map(r => r.centre.name);
  if (chart) { chart.setData(data); window.alterna = Object.assign(window.alterna || {}, { chart, chartNames }); return; }
  box.replaceChildren();
  chart = new uPlot({
    width: Math.max(300, box.clientWidth), height: 280,
    scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(150, max + 20)] } },
    series: [{ label: t('overcrowding.name'), value: (u, v) => v === null || v === undefined ? '—' : (chartNames[v - 1] || '') },
      { label: t('overcrowding.chartNow'), stroke: '#b3261e', width: 1, fill: 'rgba(179,38,30,0.15)', paths: uPlot.paths.bars({ size: [0.8] }) },
      { label: t('overcrowding.chartAfter'), stroke: '#0b4f6c', width: 2, points: { show: true } },
      { label: t('overcrowding.chartCapacity'), stroke: '#1b7f3b', width: 1, dash: [6, 4], points: { show: false } }],
    axes: [{ values: (u, splits) => splits.map(v => Number.isInteger(v) ? String(v) : '') }, { label: t('overcrowding.chartAxis') }]
  }, data, box);
  window.alterna = Object.assign(window.alterna || {}, { chart, chartNames });
}

async function load() {
  const v = await api('/api/v1/eligibility/projection?' + query().toString());
  render(v);
  return v;
}

function refresh() {
  $('share-value').textContent = $('share').value + ' %';
  clearTimeout(timer);
  timer = setTimeout(() => attempt(load).then(() => { document.body.dataset.updated = String(Date.now()); }), 150);
}

$('share').addEventListener('input', refresh);
for (const r of document.querySelectorAll('input[name=group]')) r.addEventListener('change', refresh);
$('what-if').addEventListener('submit', ev => ev.preventDefault());
$('share-value').textContent = $('share').value + ' %';
attempt(load).finally(() => { document.body.dataset.loaded = 'true'; });
