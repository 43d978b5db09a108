// Supervisor's dashboard: alarm figures over time (uPlot) and the overcrowding of penal centres.
import { cfg, t, api, el, fmtDate, fmtDateTime, today, fromLocalInput, attempt } from './common.js';
import { typeLabel } from './alarm-common.js';
import { formatCount, formatShare, formatPercent, formatRate, formatDuration } from './figures.js';

const count = v => formatCount(v, cfg.lang);

async function centres() {
  const list = await api('/api/v1/penal-centres'); // { figuresDate, totals, centres }
  const items = Array.isArray(list) ? list : (list.centres || []);
  items.sort((a, b) => (b.overcrowdingPercent || 0) - (a.overcrowdingPercent || 0));
  const tbody = document.querySelector('#centres-table tbody');
  tbody.replaceChildren();
  const dates = new Set();
  for (const c of items) {
    dates.add(c.figuresDate);
    const over = c.overcrowdingPercent;
    tbody.append(el('tr', {}, el('td', {}, c.name), el('td', {}, c.regionalOffice), el('td', { class: 'num' }, count(c.capacity)),
      el('td', { class: 'num' }, count(c.population)),
      el('td', { class: 'num' + (over >= 100 ? ' critical' : over > 0 ? ' high' : '') }, formatPercent(over, cfg.lang))));
  }
  if (!items.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'hint' }, t('dashboard.noCentres'))));
  document.getElementById('figures-date').textContent = dates.size
    ? t('dashboard.figuresDate', [...dates].filter(Boolean).sort().map(fmtDate).join(', ')) : '';
}

/** Local midnights (ISO instants) of the last n days in the configured zone, oldest first, today last. */
function lastDays(n) {
  const [y, m, d] = today().split('-').map(Number);
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const day = new Date(Date.UTC(y, m - 1, d - i));
    out.push(fromLocalInput(day.toISOString().slice(0, 10) + 'T00:00'));
  }
  return out;
}

async function figures() {
  const totals = document.getElementById('alarm-totals');
  if (!cfg.features.alarmFigures) {
    totals.replaceWith(el('p', { class: 'hint', id: 'alarm-totals' }, t('alarms.unavailable')));
    return;
  }
  // the last 30 days by type: totals and rates
  const month = await api('/api/v1/alarms/figures?groupBy=type');
  const tot = month.total;
  totals.replaceChildren();
  const row = (k, v, id) => totals.append(el('dt', {}, k), el('dd', id ? { id } : {}, v));
  // figures the API cannot compute (no resolved alarm yet, no person monitored) are left out of its answer: "—"
  row(t('dashboard.last30'), count(tot.alarms || 0), 'alarms-30d');
  row(t('dashboard.perPersonDay'), formatRate(tot.alarmsPerPersonDay, cfg.lang), 'alarms-per-person-day');
  row(t('dashboard.falseShare'), formatShare(tot.falseAlarmShare, cfg.lang), 'false-alarm-share');
  row(t('dashboard.medianAck'), formatDuration(tot.medianSecondsToAcknowledge, cfg.lang), 'median-ack');
  row(t('dashboard.slaMissed'), count((tot.slaAcknowledgeMissed || 0) + (tot.slaResolveMissed || 0)), 'sla-missed');
  const groups = (month.groups || []).filter(g => g.alarms > 0);
  row(t('dashboard.byType'), groups.length ? groups.map(g => typeLabel(g.group) + ': ' + count(g.alarms)).join(' · ') : t('dashboard.noAlarms'));

  // raised and resolved per day over the last 14 days: one figures call per local day
  const days = lastDays(14);
  const daily = await Promise.all(days.map((from, i) => api('/api/v1/alarms/figures?groupBy=type&from=' + encodeURIComponent(from)
    + (i < days.length - 1 ? '&to=' + encodeURIComponent(days[i + 1]) : ''))));
  const xs = days.map(d => Date.parse(d) / 1000);
  const raised = daily.map(f => f.total.alarms || 0);
  const resolved = daily.map(f => f.total.resolved || 0);
  const box = document.getElementById('alarm-chart');
  box.replaceChildren();
  const chart = new uPlot({
    width: Math.max(300, box.clientWidth), height: 260,
    series: [{ label: t('dashboard.day'), value: (u, v) => v === null || v === undefined ? '—' : fmtDateTime(v * 1000).slice(0, 10) },
      { label: t('dashboard.raised'), stroke: '#b3261e', width: 2, points: { show: true } },
      { label: t('dashboard.resolved'), stroke: '#1b7f3b', width: 2, dash: [6, 4], points: { show: true } }],
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, max + 1)] } },
    axes: [{ values: (u, splits) => splits.map(v => fmtDateTime(v * 1000).slice(0, 5)) }, { label: t('dashboard.alarmsAxis') }],
    tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), cfg.zone)
  }, [xs, raised, resolved], box);
  window.alterna = Object.assign(window.alterna || {}, { chart });
}

attempt(centres);
attempt(figures).finally(() => { document.body.dataset.loaded = 'true'; });
