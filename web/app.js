// saydo dashboard: one page over the saydo serve HTTP API (docs/dashboard.md).
// State lives in the URL hash (#source=RUSGOV&target=UKRGOV&both=1&by=week),
// so every view can be shared by its URL.  echarts and topojson are globals
// loaded by index.html from vendor/ (copied out of node_modules at build).
import { el, esc, safeUrl, segmentBySpans, actorPattern, splitPattern, QUADS, fmtNum } from './util.js';

const echarts = globalThis.echarts;
const topojson = globalThis.topojson;
const PAGE = 25;
const DAY = 86400000;
const MAP_PAGES = 5; // the map's dots read at most MAP_PAGES * 1000 events (its countries all)
const FILTER_KEYS = ['from', 'to', 'source', 'target', 'both', 'code', 'plover', 'quad', 'mood', 'country', 'place'];
const VIEW_KEYS = ['by', 'norm', 'window', 'offset'];
const $ = (sel) => document.querySelector(sel);

// --- state <-> hash ---------------------------------------------------------

function readState() {
  const h = new URLSearchParams(location.hash.replace(/^#/, ''));
  const s = {};
  for (const k of [...FILTER_KEYS, ...VIEW_KEYS]) s[k] = h.get(k) || '';
  s.by = ['day', 'week', 'month'].includes(s.by) ? s.by : 'month';
  s.window = /^\d+$/.test(s.window) ? s.window : '90';
  s.offset = /^\d+$/.test(s.offset) ? Number(s.offset) : 0;
  return s;
}

function writeState(s) {
  const h = new URLSearchParams();
  for (const k of [...FILTER_KEYS, ...VIEW_KEYS]) {
    const v = s[k];
    if (v === '' || v === undefined || v === null || v === 0 || v === false) continue;
    if (k === 'by' && v === 'month') continue;
    if (k === 'window' && String(v) === '90') continue;
    h.set(k, String(v));
  }
  const next = '#' + h.toString();
  if (location.hash === next || (location.hash === '' && next === '#')) refresh();
  else location.hash = next;
}

/** API query parameters for the filters.  actors: 'all' (source/target or
 *  dyad), 'none' (leave actors out: lists and normalisers). */
function params(s, actors = 'all', extra = {}) {
  const p = new URLSearchParams();
  for (const k of ['from', 'to', 'code', 'plover', 'quad', 'mood', 'country', 'place']) if (s[k]) p.set(k, s[k]);
  if (actors === 'all') {
    if (s.both && s.source && s.target) p.set('dyad', s.source + ',' + s.target);
    else {
      if (s.source) p.set('source', s.source);
      if (s.target) p.set('target', s.target);
    }
  }
  for (const [k, v] of Object.entries(extra)) if (v !== '' && v !== undefined && v !== null) p.set(k, v);
  return p.toString();
}

// The period after p (YYYY-MM for month, YYYY-MM-DD for day and for week,
// whose periods are Mondays), as the API's series counts them.
function nextPeriod(p, by) {
  if (by === 'month') {
    let [y, m] = p.split('-').map(Number);
    if (++m > 12) { m = 1; y++; }
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
  }
  const d = new Date(p + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + (by === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

// Every period from the first to the last of the sorted periods, none
// skipped: a true time axis, where years without events are empty bars,
// not neighbours (the API zero-fills each series; two series side by side
// may still leave a gap between them).
function fillPeriods(periods, by) {
  if (!periods.length) return periods;
  const out = [];
  const last = periods[periods.length - 1];
  for (let p = periods[0]; p <= last && out.length < 100000; p = nextPeriod(p, by)) out.push(p);
  return out;
}

// --- API ----------------------------------------------------------------------

// A 503 (server busy: too many connections, no thread free for a query)
// says when to come back (Retry-After); try again a few times.
async function fetchRetrying(path, tries = 4) {
  for (let i = 0; ; i++) {
    const res = await fetch(path, { headers: { Accept: 'application/json' } });
    if (res.status !== 503 || i >= tries) return res;
    const body = await res.clone().json().catch(() => null);
    const msg = body && body.error ? body.error.message : '';
    if (/took too long|stopping/.test(msg)) return res; // retrying would not help
    const after = Math.min(Number(res.headers.get('Retry-After')) || 1, 5);
    await new Promise((ok) => setTimeout(ok, after * 1000));
  }
}

async function api(path) {
  const res = await fetchRetrying(path);
  if (res.status === 401) {
    // a server with --token-file: log in for a session cookie (login.html)
    location.href = 'login.html';
    throw new Error('not logged in');
  }
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) {
    const msg = body && body.error && body.error.message ? body.error.message : res.statusText;
    throw new Error(`${path.split('?')[0]}: ${res.status} ${msg}`);
  }
  return body;
}

function showError(err) {
  const p = $('#error');
  p.hidden = false;
  p.textContent = String(err && err.message ? err.message : err);
}

function setState(section, state) {
  $(section).dataset.state = state;
  $(section).setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
}

// --- filter form --------------------------------------------------------------

const form = $('#filters');

function fillForm(s) {
  for (const k of ['from', 'to', 'code', 'plover', 'quad', 'mood', 'country', 'place']) form.elements[k].value = s[k];
  for (const role of ['source', 'target']) {
    const sp = splitPattern(s[role]);
    form.elements[role + '_country'].value = sp.country;
    form.elements[role + '_sector'].value = sp.sector;
    form.elements[role + '_pattern'].value = s[role] ? '→ ' + s[role] : '';
    form.elements[role + '_pattern'].dataset.pattern = s[role];
  }
  form.elements.both.checked = !!s.both;
  $('#by').value = s.by;
  $('#norm').checked = !!s.norm;
  $('#window').value = s.window;
}

function formState() {
  const s = readState();
  const f = form.elements;
  for (const k of ['from', 'to', 'mood', 'quad']) s[k] = f[k].value;
  s.code = f.code.value.replace(/\D/g, '');
  s.plover = f.plover.value.trim().toUpperCase();
  s.country = f.country.value.trim().toUpperCase();
  s.place = f.place.value.trim();
  s.source = f.source_pattern.dataset.pattern || '';
  s.target = f.target_pattern.dataset.pattern || '';
  s.both = f.both.checked ? '1' : '';
  s.offset = 0;
  return s;
}

for (const role of ['source', 'target']) {
  for (const part of ['country', 'sector']) {
    form.elements[`${role}_${part}`].addEventListener('input', () => {
      const p = actorPattern(form.elements[role + '_country'].value, form.elements[role + '_sector'].value);
      form.elements[role + '_pattern'].dataset.pattern = p;
      form.elements[role + '_pattern'].value = p ? '→ ' + p : '';
    });
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  writeState(formState());
});
$('#reset').addEventListener('click', () => { location.hash = ''; });
$('#by').addEventListener('change', () => writeState({ ...readState(), by: $('#by').value }));
$('#norm').addEventListener('change', () => writeState({ ...readState(), norm: $('#norm').checked ? '1' : '' }));
$('#window').addEventListener('change', () => writeState({ ...readState(), window: $('#window').value.replace(/\D/g, '') || '90' }));
$('#prev').addEventListener('click', () => { const s = readState(); writeState({ ...s, offset: Math.max(0, s.offset - PAGE) }); });
$('#next').addEventListener('click', () => { const s = readState(); writeState({ ...s, offset: s.offset + PAGE }); });

// --- charts -------------------------------------------------------------------

const charts = {};
function chart(id) {
  const node = document.getElementById(id);
  if (!charts[id]) charts[id] = echarts.init(node, null, { renderer: 'svg' });
  return charts[id];
}
window.addEventListener('resize', () => { for (const c of Object.values(charts)) c.resize(); });

const axisText = { color: '#333' };

// --- health -------------------------------------------------------------------

async function loadHealth() {
  try {
    const h = await api('/api/health');
    $('#health').textContent =
      `${h.events} events from ${h.articles} articles` + (h.first ? `, ${h.first} to ${h.last}` : '') + ` · saydo ${h.version}`;
  } catch (e) {
    $('#health').textContent = 'store unavailable';
    showError(e);
  }
}

// --- top actors and dyads -----------------------------------------------------

async function loadTops(s, stale) {
  setState('#tops', 'loading');
  const [dy, ac] = await Promise.all([
    api(`/api/top/dyads?${params(s, 'none', { n: 15, both: 1 })}`),
    api(`/api/top/actors?${params(s, 'none', { n: 15 })}`),
  ]);
  if (stale()) return;
  const seen = new Set();
  const dl = $('#top-dyads');
  dl.replaceChildren();
  for (const r of dy.rows || []) {
    const key = [r.source, r.target].sort().join('\u0000');
    if (seen.has(key)) continue; // the reverse row is already shown with count2
    seen.add(key);
    const selected = (s.source === r.source && s.target === r.target) || (s.source === r.target && s.target === r.source);
    const back = r.count2 ?? 0;
    dl.append(el('li', null, el('button', {
      type: 'button', class: 'dyad-btn', 'aria-pressed': selected ? 'true' : 'false',
      dataset: { source: r.source, target: r.target },
      title: `${r.source}→${r.target}: ${r.count} events, mean Goldstein ${fmtNum(r.goldstein_mean)}; ` +
             `${r.target}→${r.source}: ${back} events` + (back ? `, mean Goldstein ${fmtNum(r.goldstein_mean2)}` : ''),
      onclick: () => writeState({ ...readState(), source: r.source, target: r.target, both: '1', offset: 0 }),
    }, el('span', { class: 'dy' }, r.source, ' ⇄ ', r.target),
       el('span', { class: 'ct' }, `${r.count} / ${back}`),
       el('span', { class: 'gs ' + (r.goldstein_mean < 0 ? 'neg' : 'pos') }, fmtNum(r.goldstein_mean)))));
  }
  if (!dl.children.length) dl.append(el('li', { class: 'hint' }, 'no dyads'));
  const al = $('#top-actors');
  al.replaceChildren();
  for (const r of ac.rows || []) {
    al.append(el('li', null, el('button', {
      type: 'button', class: 'actor-btn', 'aria-pressed': s.source === r.actor && !s.target ? 'true' : 'false',
      title: `${r.actor}: ${r.count} events, mean Goldstein ${fmtNum(r.goldstein_mean)}; select as source`,
      onclick: () => writeState({ ...readState(), source: r.actor, target: '', both: '', offset: 0 }),
    }, el('span', { class: 'dy' }, r.actor), el('span', { class: 'ct' }, String(r.count)),
       el('span', { class: 'gs ' + (r.goldstein_mean < 0 ? 'neg' : 'pos') }, fmtNum(r.goldstein_mean)))));
  }
  if (!al.children.length) al.append(el('li', { class: 'hint' }, 'no actors'));
  setState('#tops', 'ready');
}

// --- dyad view ----------------------------------------------------------------

async function loadDyad(s, stale) {
  const A = s.source, B = s.target;
  const has = !!(A && B);
  $('#dyad-hint').hidden = has;
  $('#dyad-chart').hidden = !has;
  $('#dyad-name').textContent = has ? `${A} ⇄ ${B}` : '';
  $('#dyad-summary').textContent = '';
  if (!has) { setState('#dyad', 'empty'); return; }
  setState('#dyad', 'loading');
  const [ab, ba, all] = await Promise.all([
    api(`/api/series?${params(s, 'none', { by: s.by, source: A, target: B })}`),
    api(`/api/series?${params(s, 'none', { by: s.by, source: B, target: A })}`),
    s.norm ? api(`/api/series?${params(s, 'none', { by: s.by })}`) : Promise.resolve({ rows: [] }),
  ]);
  if (stale()) return;
  const periods = fillPeriods([...new Set([...ab.rows, ...ba.rows].map((r) => r.period))].sort(), s.by || 'month');
  const total = new Map();
  for (const r of all.rows) total.set(r.period, (total.get(r.period) || 0) + r.count);
  const norm = !!s.norm;
  const cell = (rows, q) => periods.map((p) => {
    const r = rows.find((x) => x.period === p && x.quad === q);
    const c = r ? r.count : 0;
    if (!norm) return c;
    const t = total.get(p) || 0;
    return t ? +(100 * c / t).toFixed(2) : 0;
  });
  const net = (rows) => periods.map((p) => +rows.filter((x) => x.period === p)
    .reduce((a, r) => a + (r.goldstein_sum || 0), 0).toFixed(2));
  const series = [];
  for (const [dir, rows, label] of [['ab', ab.rows, `${A}→${B}`], ['ba', ba.rows, `${B}→${A}`]]) {
    for (const q of [1, 2, 3, 4]) {
      series.push({
        name: `${label} Q${q}`, type: 'bar', stack: dir, data: cell(rows, q),
        itemStyle: dir === 'ab' ? { color: QUADS[q].color }
          : { color: QUADS[q].color, opacity: 0.45, borderColor: QUADS[q].color, borderWidth: 1, borderType: 'dashed' },
        emphasis: { focus: 'series' },
      });
    }
  }
  series.push({ name: `net Goldstein ${A}→${B}`, type: 'line', yAxisIndex: 1, data: net(ab.rows),
    symbol: 'circle', symbolSize: 7, lineStyle: { width: 2, color: '#24478f' }, itemStyle: { color: '#24478f' } });
  series.push({ name: `net Goldstein ${B}→${A}`, type: 'line', yAxisIndex: 1, data: net(ba.rows),
    symbol: 'triangle', symbolSize: 8, lineStyle: { width: 2, type: 'dashed', color: '#7a3e9d' }, itemStyle: { color: '#7a3e9d' } });
  const c = chart('dyad-chart');
  c.resize();
  c.setOption({
    animation: false,
    aria: { enabled: true },
    grid: { left: 56, right: 64, top: 96, bottom: 40 },
    legend: { top: 0, textStyle: axisText, itemGap: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
      formatter: (ps) => esc(ps[0]?.axisValue) + '<br>' + ps.filter((p) => p.value !== 0)
        .map((p) => `${p.marker}${esc(p.seriesName)}${p.seriesType === 'bar' ? ' ' + esc(QUADS[p.seriesName.slice(-1)]?.short) : ''}: <b>${esc(p.value)}${norm && p.seriesType === 'bar' ? '%' : ''}</b>`).join('<br>') },
    xAxis: { type: 'category', data: periods, axisLabel: axisText },
    yAxis: [
      { type: 'value', name: norm ? '% of all events' : 'events', axisLabel: axisText, minInterval: norm ? 0 : 1 },
      { type: 'value', name: 'net Goldstein', axisLabel: axisText, splitLine: { show: false } },
    ],
    series,
  }, true);
  const sum = (rows) => rows.reduce((a, r) => a + r.count, 0);
  const gs = (rows) => rows.reduce((a, r) => a + (r.goldstein_sum || 0), 0);
  $('#dyad-summary').textContent =
    `${A}→${B}: ${sum(ab.rows)} events, net Goldstein ${fmtNum(gs(ab.rows))}. ` +
    `${B}→${A}: ${sum(ba.rows)} events, net Goldstein ${fmtNum(gs(ba.rows))}.` +
    (norm ? ' Bars: share of all events (with the other filters) in each period.' : '');
  $('#dyad-chart').setAttribute('aria-label',
    `Quad classes per ${s.by} for ${A} to ${B} (solid) and ${B} to ${A} (pale) with net Goldstein lines. ` + $('#dyad-summary').textContent);
  setState('#dyad', 'ready');
}

// --- says versus does ---------------------------------------------------------

const OUTCOME = {
  followed: { color: '#1c6e3d', symbol: 'circle' },
  'not followed': { color: '#888', symbol: 'emptyCircle' },
  contradicted: { color: '#b22222', symbol: 'diamond' },
  open: { color: '#24478f', symbol: 'triangle' },
};

async function allEvents(query, maxPages) {
  const out = [];
  let more = false;
  for (let page = 0; page < maxPages; page++) {
    const r = await api(`/api/events?${query}${query ? '&' : ''}limit=1000&offset=${page * 1000}`);
    out.push(...(r.events || []));
    more = !!r.more;
    if (!more) break;
  }
  return { events: out, more };
}

async function loadSaysDoes(s, stale) {
  const actor = s.source;
  $('#sd-hint').hidden = !!actor;
  $('#sd-chart').hidden = !actor;
  $('#sd-table').hidden = !actor;
  $('#sd-actor').textContent = actor || '';
  $('#sd-rates').replaceChildren();
  if (!actor) { setState('#saysdoes', 'empty'); return; }
  setState('#saysdoes', 'loading');
  const dates = { from: s.from, to: s.to };
  const [ft, acts2, acts4] = await Promise.all([
    api(`/api/followthrough?${params(dates, 'none', { actor, window: s.window })}`),
    allEvents(params(dates, 'none', { source: actor, quad: 2 }), 2),
    allEvents(params(dates, 'none', { source: actor, quad: 4 }), 2),
  ]);
  if (stale()) return;
  const sm = ft.summary || {};
  const rates = [
    ['Commitments and threats', sm.commitments], ['Followed', sm.followed], ['Not followed', sm.not_followed],
    ['Contradicted', sm.contradicted], ['Open', sm.open],
    ['Follow-through rate', typeof sm.rate === 'number' ? `${Math.round(sm.rate * 100)}%` : '–'],
  ];
  $('#sd-rates').replaceChildren(...rates.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, String(v ?? 0))]));

  const t = (d) => (d ? Date.parse(d + 'T00:00:00Z') : NaN);
  const jitter = (id) => ((Number(id) * 2654435761) % 1000) / 1000 * 0.3 - 0.15;
  const rows = ft.rows || [];
  const said = {};
  for (const r of rows) {
    const c = r.commitment || {};
    const o = OUTCOME[r.outcome] ? r.outcome : 'open';
    (said[o] = said[o] || []).push({ value: [t(c.date), 1 + jitter(c.id)], id: c.id, info: c, outcome: r.outcome });
  }
  const actPos = new Map();
  const doneSeries = [];
  for (const [q, list] of [[2, acts2.events], [4, acts4.events]]) {
    const data = [];
    for (const e of list) {
      const y = jitter(e.event_id);
      actPos.set(e.event_id, [t(e.date), y]);
      data.push({ value: [t(e.date), y], id: e.event_id, info: e });
    }
    doneSeries.push({ name: `does: Q${q} ${QUADS[q].short}`, type: 'scatter', data, symbolSize: 10,
      itemStyle: { color: QUADS[q].color } });
  }
  const links = [];
  for (const r of rows) {
    const c = r.commitment || {};
    for (const f of r.followed_by || []) {
      const to = actPos.get(f.id) || [t(f.date), jitter(f.id)];
      links.push({ coords: [[t(c.date), 1 + jitter(c.id)], to] });
    }
  }
  const xs = [...Object.values(said).flat(), ...doneSeries.flatMap((d) => d.data)].map((d) => d.value[0]).filter(Number.isFinite);
  const lo = xs.length ? Math.min(...xs) : Date.now(), hi = xs.length ? Math.max(...xs) : Date.now();
  const pad = Math.max(3 * DAY, (hi - lo) * 0.05);
  const span = { min: lo - pad, max: hi + pad };
  const series = [
    { name: 'commitment → act', type: 'lines', coordinateSystem: 'cartesian2d', data: links,
      lineStyle: { color: '#555', width: 1.5, type: 'dashed', opacity: 0.8 }, silent: true, z: 1 },
    ...Object.entries(said).map(([o, data]) => ({
      name: `says: ${o}`, type: 'scatter', data, symbol: OUTCOME[o].symbol, symbolSize: 12,
      itemStyle: { color: OUTCOME[o].color, borderColor: OUTCOME[o].color, borderWidth: 2 }, z: 3 })),
    ...doneSeries.map((x) => ({ ...x, z: 3 })),
  ];
  const c = chart('sd-chart');
  c.resize();
  c.setOption({
    animation: false,
    aria: { enabled: true },
    grid: { left: 60, right: 30, top: 40, bottom: 40 },
    legend: { top: 0, textStyle: axisText },
    tooltip: { trigger: 'item', formatter: (p) => {
      const i = p.data && p.data.info;
      if (!i) return '';
      const text = (typeof i.sentence === 'string' ? i.sentence : i.sentence_text) || '';
      return `${esc(i.date)} <b>${esc(i.source)}→${esc(i.target || '–')}</b> CAMEO ${esc(i.cameo)}` +
        (p.data.outcome ? ` · ${esc(p.data.outcome)}` : '') +
        (text ? `<br><span style="white-space:normal">${esc(text.slice(0, 200))}</span>` : '');
    }, extraCssText: 'max-width:420px' },
    xAxis: { type: 'time', min: span.min, max: span.max, minInterval: DAY,
      axisLabel: { ...axisText, formatter: '{yyyy}-{MM}-{dd}', hideOverlap: true } },
    yAxis: { type: 'value', min: -1, max: 2, interval: 1, axisLabel: { ...axisText,
      formatter: (v) => (v === 1 ? 'says' : v === 0 ? 'does' : ''), fontWeight: 'bold' },
      splitLine: { show: false } },
    series,
  }, true);
  c.off('click');
  c.on('click', (p) => { if (p.data && p.data.id) openEvidence(p.data.id); });

  const tb = $('#sd-table tbody');
  tb.replaceChildren();
  for (const r of rows) {
    const cm = r.commitment || {};
    tb.append(el('tr', null,
      el('td', null, cm.date || '–'), el('td', null, cm.source), el('td', null, cm.target || '–'),
      el('td', null, cm.cameo),
      el('td', { class: 'sent' }, el('button', { type: 'button', class: 'linkish', onclick: () => openEvidence(cm.id) },
        cm.sentence || `event ${cm.id}`)),
      el('td', null, el('span', { class: 'outcome o-' + String(r.outcome).replace(/\W+/g, '-') }, r.outcome), r.rule ? el('div', { class: 'hint' }, r.rule) : null),
      el('td', null, (r.followed_by || []).map((f) => el('button', { type: 'button', class: 'chip', onclick: () => openEvidence(f.id),
        title: 'open the evidence of this act' }, `${f.date} ${f.source}→${f.target || '–'} ${f.cameo}`)))));
  }
  if (!rows.length) tb.append(el('tr', null, el('td', { colspan: 7, class: 'hint' }, `No commitments or threats by ${actor}.`)));
  setState('#saysdoes', 'ready');
}

// --- event table --------------------------------------------------------------

/** An actor as code and canonical name: "RUSGOV (Vladimir Putin)". */
function actorText(code, name) {
  if (!code) return '–';
  return name ? `${code} (${name})` : code;
}

function placeText(loc) {
  if (!loc) return '';
  return loc.name ? `${loc.name} (${loc.country || '?'})` : loc.country || '';
}

async function loadTable(s, stale) {
  setState('#table', 'loading');
  const [r, ser] = await Promise.all([
    api(`/api/events?${params(s, 'all', { limit: PAGE, offset: s.offset })}`),
    api(`/api/series?${params(s, 'all', { by: 'month' })}`),
  ]);
  if (stale()) return;
  const total = (ser.rows || []).reduce((a, x) => a + x.count, 0);
  const tb = $('#events tbody');
  tb.replaceChildren();
  for (const e of r.events || []) {
    const tr = el('tr', { dataset: { id: e.event_id }, class: 'q' + e.quad_class },
      el('td', { class: 'nowrap' }, e.date || '–'),
      el('td', null, actorText(e.source, e.source_name)),
      el('td', null, actorText(e.target, e.target_name)),
      el('td', { title: e.plover ? 'PLOVER ' + e.plover : null }, e.cameo),
      el('td', { title: QUADS[e.quad_class]?.name }, el('span', { class: 'quad q' + e.quad_class }, String(e.quad_class))),
      el('td', { class: 'num ' + (e.goldstein < 0 ? 'neg' : 'pos') }, fmtNum(e.goldstein)),
      el('td', null, e.mood),
      el('td', null, placeText(e.location)),
      el('td', { class: 'num' }, String(e.num_mentions ?? '')),
      el('td', { class: 'sent' }, el('button', { type: 'button', class: 'linkish', 'aria-label': `Evidence for event ${e.event_id}: ${e.sentence_text || ''}` },
        e.sentence_text || `event ${e.event_id}`)));
    tr.addEventListener('click', () => openEvidence(e.event_id));
    tb.append(tr);
  }
  if (!(r.events || []).length) tb.append(el('tr', null, el('td', { colspan: 10, class: 'hint' }, 'No events match the filters.')));
  const n = (r.events || []).length;
  $('#page').textContent = n ? `${s.offset + 1}–${s.offset + n}` + (total ? ` of ${total}` : '') : '';
  $('#table-count').textContent = `(${total} events)`;
  $('#csv').href = `/api/events.csv?${params(s, 'all')}`;
  $('#prev').disabled = s.offset === 0;
  $('#next').disabled = !r.more;
  setState('#table', 'ready');
}

// --- evidence -----------------------------------------------------------------

const dialog = $('#evidence');
$('#ev-close').addEventListener('click', () => dialog.close());
dialog.addEventListener('click', (ev) => { if (ev.target === dialog) dialog.close(); });

function highlighted(text, spans) {
  const q = el('blockquote', { class: 'sentence' });
  for (const seg of segmentBySpans(text || '', spans)) {
    if (!seg.roles.length) { q.append(seg.text); continue; }
    q.append(el('mark', { class: seg.roles.map((r) => 'role-' + r).join(' '), title: seg.roles.join(', '),
      dataset: { roles: seg.roles.join(' ') } }, seg.text));
  }
  return q;
}

async function openEvidence(id) {
  const body = $('#ev-body');
  body.replaceChildren(el('p', { class: 'hint' }, 'Loading…'));
  dialog.dataset.state = 'loading';
  if (!dialog.open) dialog.showModal();
  try {
    const r = await api(`/api/events/${encodeURIComponent(id)}`);
    const e = r.event;
    const facts = [
      ['Date', e.date || '–'], ['Source', actorText(e.source, e.source_name)], ['Target', actorText(e.target, e.target_name)],
      ['CAMEO', e.cameo + (e.plover ? ` (PLOVER ${e.plover})` : '')],
      ['Quad class', `${e.quad_class} ${QUADS[e.quad_class]?.name || ''}`], ['Goldstein', fmtNum(e.goldstein)],
      ['Mood', e.mood + (e.date_intended ? `, for ${e.date_intended}` : '')],
      ['Place', placeText(e.location) || '–'],
      ['Reports', `${e.num_mentions} mentions, ${e.num_articles} articles, ${e.num_sources} outlets`],
    ];
    const parts = [el('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v)]))];
    for (const m of r.mentions || []) {
      const a = m.article || {};
      const url = safeUrl(a.url);
      parts.push(el('article', { class: 'mention', dataset: { mention: m.id } },
        el('h3', null, url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, a.title || a.id || url)
          : (a.title || a.id || 'untitled article')),
        el('p', { class: 'meta' }, [a.outlet, a.date, m.sentence ? `sentence ${m.sentence.index}` : null].filter(Boolean).join(' · ')),
        highlighted(m.sentence ? m.sentence.text : '', m.spans),
        el('p', { class: 'meta' }, `CAMEO ${m.cameo} · ${m.mood}` + (m.attribution ? ` · attributed to ${m.attribution}` : '') +
          ` · rule ${m.pattern || '–'} · confidence ${fmtNum(m.confidence, 2)}`)));
    }
    if (!(r.mentions || []).length) parts.push(el('p', { class: 'hint' }, 'No mentions stored for this event.'));
    $('#ev-h').textContent = `Evidence for event ${e.event_id}: ${e.source || '–'} → ${e.target || '–'}, CAMEO ${e.cameo}`;
    body.replaceChildren(...parts);
    dialog.dataset.state = 'ready';
  } catch (err) {
    body.replaceChildren(el('p', { class: 'error' }, String(err.message || err)));
    dialog.dataset.state = 'error';
  }
}

// --- map ----------------------------------------------------------------------

let world = null; // {names: Map iso3 -> name}

/** Rings that cross the antimeridian (world-atlas keeps them whole for
 *  spherical projections) would streak across a flat map: pull their far
 *  side onto the 180° line. */
function clampRing(ring) {
  let min = Infinity, max = -Infinity, east = 0;
  for (const [x] of ring) { min = Math.min(min, x); max = Math.max(max, x); if (x > 0) east++; }
  if (max - min <= 180) return ring;
  const side = east * 2 >= ring.length ? 180 : -180;
  return ring.map(([x, y]) => [Math.sign(x) === Math.sign(side) ? x : side, y]);
}

function clampGeometry(g) {
  if (!g) return g;
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(clampRing) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(clampRing)) };
  return g;
}

async function loadWorld() {
  if (world) return world;
  const [topo, iso] = await Promise.all([
    fetch('vendor/countries-110m.json').then((r) => r.json()),
    fetch('vendor/iso3166-numeric.json').then((r) => r.json()),
  ]);
  const geo = topojson.feature(topo, topo.objects.countries);
  geo.features = geo.features.filter((f) => f.id !== '010'); // Antarctica: space, no events
  const names = new Map();
  for (const f of geo.features) {
    const a3 = iso[f.id] || '';
    f.geometry = clampGeometry(f.geometry);
    f.properties = { ...f.properties, iso3: a3 || 'N:' + (f.properties?.name || f.id) };
    if (a3) names.set(a3, f.properties.name || a3);
  }
  echarts.registerMap('world', geo);
  world = { names };
  return world;
}

const MAP_RAMP = ['#deebf7', '#9ecae1', '#4292c6', '#2171b5', '#08306b'];
function rampColor(v, max) {
  if (!v) return null;
  const i = max <= 1 ? MAP_RAMP.length - 1 : Math.round((Math.log(v) / Math.log(max)) * (MAP_RAMP.length - 1));
  return MAP_RAMP[Math.max(0, Math.min(MAP_RAMP.length - 1, i))];
}

async function loadMap(s, stale) {
  setState('#map', 'loading');
  const [w, ev, countries] = await Promise.all([loadWorld(), allEvents(params(s), MAP_PAGES),
    api(`/api/countries?${params(s)}`)]);
  if (stale()) return;
  // countries: every event of the filters, counted by the store
  const byCountry = new Map((countries.rows || []).map((r) => [r.country, r.count]));
  const byPoint = new Map();
  for (const e of ev.events) {
    const l = e.location;
    if (!l) continue;
    if (typeof l.lat === 'number' && typeof l.lon === 'number') {
      const k = `${l.lat.toFixed(3)},${l.lon.toFixed(3)}`;
      const p = byPoint.get(k) || { name: l.name || '', country: l.country || '', value: [l.lon, l.lat, 0] };
      p.value[2]++;
      byPoint.set(k, p);
    }
  }
  const max = Math.max(1, ...byCountry.values());
  const c = chart('map-chart');
  c.resize();
  c.setOption({
    animation: false,
    aria: { enabled: true },
    tooltip: { trigger: 'item', formatter: (p) => {
      if (p.seriesType === 'scatter') return `${esc(p.data.name)} (${esc(p.data.country)}): <b>${esc(p.data.value[2])}</b> events`;
      const n = w.names.get(p.name) || String(p.name).replace(/^N:/, '');
      return `${esc(n)}: <b>${esc(byCountry.get(p.name) || 0)}</b> events`;
    } },
    geo: { map: 'world', nameProperty: 'iso3', roam: true, top: 10, bottom: 10, silent: false,
      itemStyle: { areaColor: '#f2f2f2', borderColor: '#9a9a9a', borderWidth: 0.5 },
      emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffe08a' } },
      select: { disabled: true },
      tooltip: { show: true },
      regions: [...byCountry].map(([name, v]) => ({ name, itemStyle: { areaColor: rampColor(v, max) } })) },
    series: [
      { name: 'event locations', type: 'scatter', coordinateSystem: 'geo', data: [...byPoint.values()],
        symbolSize: (v) => 6 + 4 * Math.sqrt(v[2]), itemStyle: { color: '#d94801', borderColor: '#fff', borderWidth: 1, opacity: 0.9 }, z: 3 },
    ],
  }, true);
  const located = [...byCountry.values()].reduce((a, n) => a + n, 0);
  $('#map-note').textContent = `(${located} events with a location country` +
    (ev.more ? `; dots for the first ${ev.events.length} events` : '') + ')';
  const legend = $('#map-legend');
  legend.replaceChildren(el('span', null, 'events per location country: '),
    ...MAP_RAMP.map((col, i) => {
      const lo = max <= 1 ? 1 : Math.max(1, Math.ceil(Math.exp(((i - 0.5) / (MAP_RAMP.length - 1)) * Math.log(max))));
      return el('span', { class: 'swatch', style: `background:${col}` }, i === 0 ? '1' : i === MAP_RAMP.length - 1 ? String(max) : lo > 1 ? String(lo) : '');
    }),
    el('span', { class: 'dot' }), el('span', null, 'event locations (size: events)'));
  $('#map-chart').setAttribute('aria-label', 'Map of event locations. Events by location country: ' +
    ([...byCountry].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${w.names.get(k) || k} ${v}`).join(', ') || 'none'));
  setState('#map', 'ready');
}

// --- refresh ------------------------------------------------------------------

let generation = 0;
async function refresh() {
  const gen = ++generation;
  const s = readState();
  fillForm(s);
  $('#error').hidden = true;
  const stale = () => gen !== generation;
  const views = [[loadTops, '#tops'], [loadDyad, '#dyad'], [loadSaysDoes, '#saysdoes'], [loadTable, '#table'], [loadMap, '#map']];
  const jobs = views.map(([f, section]) => f(s, stale).catch((e) => {
    if (gen !== generation) return;
    setState(section, 'error');
    showError(e);
  }));
  await Promise.all(jobs);
  if (gen === generation) document.body.dataset.ready = String(gen);
}

window.addEventListener('hashchange', refresh);
loadHealth();
refresh();
