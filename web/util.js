// Small DOM and text helpers for the saydo dashboard.  Nothing here builds
// HTML from strings: every piece of API text goes through text nodes
// (el(), textContent) so it cannot inject markup.  esc() exists only for
// ECharts tooltip formatters, which must return HTML.

/** el('td', {class: 'num', title: 't'}, 'text', childNode) -> Element.
 *  Attributes: 'class', 'dataset' (object), 'on<event>' (function), others
 *  via setAttribute (values coerced to string); false/null skip. Children:
 *  strings become text nodes, null/false are skipped, arrays are flattened. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Escape text for the HTML that ECharts tooltip formatters return. */
export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) =>
    ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Only http(s) URLs become links; anything else (javascript:, data:) is null. */
export function safeUrl(u) {
  if (typeof u !== 'string' || u === '') return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Split `text` into segments by byte-offset spans (UTF-8, as the API gives
 *  them).  spans: {role: [start, end] | null}.  Returns [{text, roles: []}]
 *  covering the whole text in order; spans that are out of range, reversed
 *  or fall inside a multi-byte character are ignored (the API promises
 *  null for those, this is the belt to its braces). */
export function segmentBySpans(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder('utf-8', { fatal: true });
  const good = [];
  for (const [role, sp] of Object.entries(spans || {})) {
    if (!Array.isArray(sp) || sp.length !== 2) continue;
    const [s, e] = sp;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > bytes.length || s >= e) continue;
    if (!isBoundary(bytes, s) || !isBoundary(bytes, e)) continue;
    good.push({ role, s, e });
  }
  const cuts = new Set([0, bytes.length]);
  for (const g of good) { cuts.add(g.s); cuts.add(g.e); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const roles = good.filter((g) => g.s <= a && g.e >= b).map((g) => g.role);
    out.push({ text: dec.decode(bytes.subarray(a, b)), roles });
  }
  return out;
}

function isBoundary(bytes, i) {
  return i === bytes.length || (bytes[i] & 0xc0) !== 0x80;
}

/** Actor pattern from the filter bar's country and sector boxes:
 *  RUS + GOV -> RUSGOV, RUS -> RUS* (every Russian actor), GOV -> *GOV. */
export function actorPattern(country, sector) {
  const c = clean(country), s = clean(sector);
  if (c && s) return c + s;
  if (c) return c + '*';
  if (s) return '*' + s;
  return '';
}

/** The inverse of actorPattern, for filling the boxes from a pattern. */
export function splitPattern(p) {
  p = p || '';
  if (p.startsWith('*')) return { country: '', sector: p.slice(1).replace(/\*$/, '') };
  const q = p.replace(/\*$/, '');
  return { country: q.slice(0, 3), sector: q.slice(3) };
}

function clean(s) {
  return String(s || '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const QUADS = {
  1: { name: 'Verbal cooperation', short: 'verbal coop.', color: '#6aa84f' },
  2: { name: 'Material cooperation', short: 'material coop.', color: '#1c6e3d' },
  3: { name: 'Verbal conflict', short: 'verbal conflict', color: '#e69138' },
  4: { name: 'Material conflict', short: 'material conflict', color: '#b22222' },
};

export function fmtNum(x, digits = 1) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '';
}
