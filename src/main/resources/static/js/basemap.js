// The offline base map, drawn when no tile server is configured: land and sea, Peru's border and its departamentos
// (Natural Earth, public domain; static/geo/peru.json, built by tools/basemap/build.sh), under zones and tracks, and
// INPE's penal establishments with their capacity and population. Works without any network beyond Alterna itself.

// land without outline (the data is clipped to the region around Peru: a clipped edge must not look like a coast)
const LAND = { pane: 'basemap', stroke: false, fillColor: '#f3efe6', fillOpacity: 1, interactive: false };
const PERU = { pane: 'basemap', stroke: true, color: '#6d6354', weight: 2, fill: false, interactive: false };
const REGION = { pane: 'basemap', stroke: true, color: '#8f8574', weight: 1, dashArray: '4 3', fill: false, interactive: false };
const CENTRE = { pane: 'centres', radius: 6, color: '#5b2c83', weight: 2, fillColor: '#ffffff', fillOpacity: 1 };

let outlines = null; // one download per page

/**
 * Adds the base map to a Leaflet map: the outlines below everything else (a pane under the overlay pane), the
 * establishments above zones but under people's markers. {@code api} loads JSON from Alterna, {@code t} gives
 * messages, {@code el} makes DOM nodes (no HTML strings).
 */
export function addBaseMap(map, { api, t, el }) {
  const container = map.getContainer();
  container.classList.add('base-map');
  map.createPane('basemap').style.zIndex = 250;
  map.getPane('basemap').style.pointerEvents = 'none';
  map.createPane('centres').style.zIndex = 450;
  map.attributionControl.addAttribution(t('map.baseAttribution'));
  const layers = { land: null, regions: null, centres: L.layerGroup().addTo(map) };
  outlines = outlines || fetch('/geo/peru.json', { credentials: 'same-origin' }).then(r => {
    if (!r.ok) throw new Error('base map: HTTP ' + r.status);
    return r.json();
  });
  const drawn = outlines.then(geo => {
    const countries = geo.features.filter(f => f.properties.kind === 'country');
    const regions = geo.features.filter(f => f.properties.kind === 'region');
    layers.land = L.geoJSON({ type: 'FeatureCollection', features: countries },
      { style: () => LAND }).addTo(map);
    layers.regions = L.geoJSON({ type: 'FeatureCollection', features: regions }, { style: () => REGION }).addTo(map);
    L.geoJSON({ type: 'FeatureCollection', features: countries.filter(f => f.properties.code === '604') },
      { style: () => PERU }).addTo(map);
    container.dataset.baseMap = String(countries.length + regions.length);
  }).catch(e => { console.warn(String(e)); container.dataset.baseMap = '0'; }); // zones still draw without it
  const centres = api('/api/v1/penal-centres').then(list => {
    const items = Array.isArray(list) ? list : (list && list.centres) || [];
    const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
    for (const c of items) {
      if (typeof c.lat !== 'number' || typeof c.lon !== 'number') continue;
      const m = L.circleMarker([c.lat, c.lon], CENTRE);
      m.centreCode = c.code;
      m.bindTooltip(() => el('span', {}, c.name)); // a DOM node: Leaflet inserts a string as HTML
      m.bindPopup(() => el('div', { class: 'centre-popup' }, el('strong', {}, c.name), el('br'),
        t('centre.capacity') + ': ' + number.format(c.capacity), el('br'),
        t('centre.population') + ': ' + number.format(c.population)));
      layers.centres.addLayer(m);
    }
    container.dataset.centres = String(layers.centres.getLayers().length);
  }).catch(() => { container.dataset.centres = '0'; }); // a role without the establishments still gets the outlines
  layers.ready = Promise.all([drawn, centres]);
  return layers;
}
