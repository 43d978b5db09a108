// How the console writes figures: never "NaN", never a small non-zero value rounded to 0. A missing figure (the API
// leaves out what it cannot compute, e.g. a false-alarm share before any alarm is resolved) reads "—"; a small one
// keeps two significant digits, or reads "< 0.1 %" / "< 0.001" below what is worth showing.

const DASH = '—';

function known(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

function significant(lang, v, digits) {
  return new Intl.NumberFormat(lang, { maximumSignificantDigits: digits }).format(v);
}

/** A count (alarms, people, places): an integer with the language's grouping. */
export function formatCount(v, lang) {
  return known(v) ? new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(v) : DASH;
}

/** A share given as a fraction (0.25 → "25 %"): two significant digits, "< 0.1 %" below that, "0 %" for none. */
export function formatShare(v, lang) {
  if (!known(v)) return DASH;
  const pct = v * 100;
  if (pct === 0) return '0 %';
  if (Math.abs(pct) < 0.1) return '< ' + new Intl.NumberFormat(lang).format(0.1) + ' %';
  return significant(lang, pct, pct >= 10 ? 3 : 2) + ' %';
}

/** A percentage given as such (148.3 → "148,3 %", overcrowding): at most one decimal. */
export function formatPercent(v, lang) {
  return known(v) ? new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v) + ' %' : DASH;
}

/** A rate such as alarms per person-day: two significant digits, "< 0.001" below that, "0" for none. */
export function formatRate(v, lang) {
  if (!known(v)) return DASH;
  if (v === 0) return '0';
  if (Math.abs(v) < 0.001) return '< ' + new Intl.NumberFormat(lang).format(0.001);
  return significant(lang, v, 2);
}

/** A duration in seconds: "45 s", "12 min", "3,5 h". */
export function formatDuration(seconds, lang) {
  if (!known(seconds)) return DASH;
  if (seconds < 120) return Math.round(seconds) + ' s';
  if (seconds < 2 * 3600) return Math.round(seconds / 60) + ' min';
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(seconds / 3600) + ' h';
}
