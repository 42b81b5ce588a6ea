// Browser test of the saydo dashboard (make test-browser).
//
// Builds a store from data/samples (scripts/samples-jsonl: dates and outlets
// from data/samples/INDEX, as JSON Lines through 'saydo ingest -'), starts 'saydo serve' on a free
// loopback port, drives the page in headless Chromium with playwright-core
// and checks: top dyads list, choosing a dyad, the dyad chart, the event
// table against /api/events for that dyad, one event's evidence spans, the
// says-versus-does view and the map.  Any console error or failed request
// fails the test.  Prints "N passed, N failed"; exit status 1 on failure.
// The server is always killed.
//
// usage: node tests/browser/dashboard.mjs [--saydo build/saydo] [--web build/web]
//        [--out build/test-output] [--url http://HOST:PORT]   (--url: use a running server)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const saydo = resolve(opt('--saydo', join(root, 'build/saydo')));
const web = resolve(opt('--web', join(root, 'build/web')));
const out = resolve(opt('--out', join(root, 'build/test-output')));
const chromePath = process.env.CHROMIUM || '/usr/bin/chromium';

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}

function sampleJsonl() {
  // the samples as JSON Lines, dated by data/samples/INDEX (the same
  // articles 'make demo' stores)
  const r = spawnSync('python3', [join(root, 'scripts/samples-jsonl')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('scripts/samples-jsonl failed: ' + r.stderr);
  return r.stdout;
}

function startServer(db, extra = []) {
  return new Promise((ok, fail) => {
    const p = spawn(saydo, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', web, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '', err = '';
    const timer = setTimeout(() => fail(new Error('saydo serve did not say where it listens within 10 s; stderr: ' + err)), 10000);
    p.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); ok({ proc: p, url: m[1].replace(/\/$/, '') }); }
    });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => { clearTimeout(timer); fail(new Error(`saydo serve exited (${code}): ${err}`)); });
  });
}

async function getJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

const tmp = mkdtempSync(join(tmpdir(), 'saydo-dash-'));
let server = null, browser = null;
try {
  if (!existsSync(join(web, 'index.html'))) throw new Error(`${web}/index.html missing (run make web)`);
  if (!existsSync(chromePath)) throw new Error(`${chromePath} missing (install the Debian package chromium, or set CHROMIUM)`);
  let base = opt('--url', '');
  if (!base) {
    const db = join(tmp, 'store.db');
    const ing = spawnSync(saydo, ['ingest', '--quiet', '--db', db, '--input', 'jsonl', '-'], { input: sampleJsonl(), encoding: 'utf8' });
    check('saydo ingest data/samples', ing.status === 0, ing.stderr);
    server = await startServer(db);
    base = server.url;
  }
  const health = await getJson(`${base}/api/health`);
  check('/api/health has events', health.status === 'ok' && health.events > 0, JSON.stringify(health));

  browser = await chromium.launch({ executablePath: chromePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const problems = [];
  // A fresh page on `hash`, loaded until every view has answered; the page
  // before it is closed only then, so no request is cut off.
  let page = null;
  const openPage = async (hash) => {
    const p = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    p.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    p.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`); });
    await p.goto(`${base}/${hash}`, { waitUntil: 'load' });
    await p.waitForSelector('body[data-ready]', { timeout: 15000 });
    if (page) await page.close();
    page = p;
  };

  await openPage('');
  check('health line shows the store', /events from \d+ articles/.test(await page.textContent('#health')));

  // Top dyads: pick the first listed dyad.
  const dyadButtons = page.locator('#top-dyads button.dyad-btn');
  const nd = await dyadButtons.count();
  check('top dyads listed', nd > 0, `${nd} buttons`);
  const first = dyadButtons.first();
  const A = await first.getAttribute('data-source');
  const B = await first.getAttribute('data-target');
  const readyBefore = await page.getAttribute('body', 'data-ready');
  await first.click();
  await page.waitForFunction((n) => document.body.dataset.ready !== n, readyBefore, { timeout: 15000 });
  const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  check('dyad choice kept in the URL hash', hash.get('source') === A && hash.get('target') === B && hash.get('both') === '1', hash.toString());
  check('chosen dyad is marked', (await page.getAttribute('#top-dyads button[aria-pressed="true"]', 'data-source')) === A);

  // Dyad chart: bars drawn (SVG renderer), name shown.
  check('dyad view names the dyad', (await page.textContent('#dyad-name')).includes(A) && (await page.textContent('#dyad-name')).includes(B));
  check('dyad view ready', (await page.getAttribute('#dyad', 'data-state')) === 'ready');
  const dyadPaths = await page.locator('#dyad-chart svg path').count();
  check('dyad chart renders', dyadPaths > 10, `${dyadPaths} svg paths`);

  // Event table equals /api/events for the same dyad (both directions).
  const api = await getJson(`${base}/api/events?dyad=${encodeURIComponent(A + ',' + B)}&limit=25`);
  const want = api.events.map((e) => String(e.event_id));
  const got = await page.locator('#events tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
  check('event table shows the dyad\'s events', want.length > 0 && JSON.stringify(got) === JSON.stringify(want),
    `page ${got.join(',')} api ${want.join(',')}`);
  // the cells read "CODE (Canonical name)"
  const pairs = await page.locator('#events tbody tr[data-id]').evaluateAll((rows) => rows.map((r) => [r.cells[1].textContent, r.cells[2].textContent]));
  const code = (cell) => cell.replace(/ \(.*\)$/, '');
  check('every row is A->B or B->A', pairs.every(([s, t]) => (code(s) === A && code(t) === B) || (code(s) === B && code(t) === A)), JSON.stringify(pairs));
  check('the table names the actors beside their codes', pairs.every(([s, t]) => / \(.+\)$/.test(s) && / \(.+\)$/.test(t)), JSON.stringify(pairs));
  // the CSV download: every event of the filters, as saydo query --format csv writes them
  const csvHref = await page.getAttribute('#csv', 'href');
  const csv = await (await fetch(new URL(csvHref, base).href)).text();
  const csvLines = csv.trim().split('\n');
  const all = await getJson(`${base}/api/events?dyad=${encodeURIComponent(A + ',' + B)}&limit=1000`);
  check('CSV download of the current filter', csvHref.includes('dyad=') && csvLines[0].startsWith('event_id,mention_id,date,source,target') && csvLines.length - 1 === all.events.length,
    `${csvHref}: ${csvLines.length - 1} rows, api ${all.events.length}`);

  // Evidence of the first event: spans highlighted exactly as the API says.
  const id = want[0];
  const detail = await getJson(`${base}/api/events/${id}`);
  await page.locator(`#events tbody tr[data-id="${id}"] button.linkish`).click();
  await page.waitForSelector('#evidence[open][data-state="ready"]', { timeout: 10000 });
  const m0 = detail.mentions[0];
  const enc = new TextEncoder(), dec = new TextDecoder();
  const bytes = enc.encode(m0.sentence.text);
  const marks = await page.locator('#evidence .mention').first().locator('mark').evaluateAll((ms) =>
    ms.map((m) => ({ roles: m.dataset.roles.split(' '), text: m.textContent })));
  let spanOk = true, nSpans = 0;
  const why = [];
  for (const role of ['source', 'target', 'verb']) {
    const sp = m0.spans[role];
    if (!sp) continue;
    nSpans++;
    const text = dec.decode(bytes.subarray(sp[0], sp[1]));
    const joined = marks.filter((m) => m.roles.includes(role)).map((m) => m.text).join('');
    if (joined !== text) { spanOk = false; why.push(`${role}: page '${joined}' api '${text}'`); }
  }
  check('evidence highlights the source, target and verb spans', nSpans > 0 && spanOk, nSpans ? why.join('; ') : 'no spans in the API answer');
  const quote = await page.locator('#evidence .mention .sentence').first().textContent();
  check('evidence shows the whole sentence', quote === m0.sentence.text);
  const title = await page.locator('#evidence .mention h3').first().textContent();
  check('evidence shows the article title', title === (m0.article.title || m0.article.id || m0.article.url), `'${title}'`);
  const href = await page.locator('#evidence .mention h3 a').first().getAttribute('href').catch(() => null);
  check('evidence links the article', !m0.article.url || href === m0.article.url, `${href}`);
  check('evidence shows the outlet', !m0.article.outlet || (await page.locator('#evidence .mention .meta').first().textContent()).includes(m0.article.outlet));
  const facts = await page.locator('#evidence dl.facts').first().textContent();
  const ev0 = detail.event;
  check('evidence names the actors', [ev0.source_name, ev0.target_name].every((n) => !n || facts.includes(n)),
    `'${facts}' lacks ${ev0.source_name} / ${ev0.target_name}`);
  await page.keyboard.press('Escape');
  check('evidence closes', !(await page.locator('#evidence[open]').count()));

  // Says versus does for the source actor.
  check('says versus does ready', (await page.getAttribute('#saysdoes', 'data-state')) === 'ready');
  const ft = await getJson(`${base}/api/followthrough?actor=${encodeURIComponent(A)}&window=90`);
  const rateTexts = await page.locator('#sd-rates dd').allTextContents();
  check('follow-through counts match the API', rateTexts[0] === String(ft.summary.commitments ?? 0), `${rateTexts[0]} vs ${ft.summary.commitments}`);

  // Map: countries drawn and at least one located event point.
  check('map ready', (await page.getAttribute('#map', 'data-state')) === 'ready');
  const mapPaths = await page.locator('#map-chart svg path').count();
  check('map renders the countries', mapPaths > 150, `${mapPaths} svg paths`);

  // Filters round-trip through the hash: quad 4 limits the table.
  await openPage('#quad=4');
  const quads = await page.locator('#events tbody tr[data-id] .quad').allTextContents();
  check('quad filter from the URL hash', quads.length > 0 && quads.every((q) => q === '4'), quads.join(','));
  check('quad filter shown in the form', (await page.inputValue('select[name="quad"]')) === '4');

  // Screenshot of the dyad view.
  await openPage(`#source=${encodeURIComponent(A)}&target=${encodeURIComponent(B)}&both=1&by=day`);
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'dashboard.png'), fullPage: true });
  check('screenshot saved', existsSync(join(out, 'dashboard.png')), join(out, 'dashboard.png'));

  check('no console errors or failed requests', problems.length === 0, problems.slice(0, 5).join('; '));

  // With --token-file: the page sends the browser to login.html, the token
  // buys an HttpOnly, SameSite=Strict session cookie, the dashboard works.
  if (server) {
    const tokenFile = join(tmp, 'token');
    writeFileSync(tokenFile, 'browser-token-123\n');
    const guarded = await startServer(join(tmp, 'store.db'), ['--token-file', tokenFile]);
    try {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`${guarded.url}/`, { waitUntil: 'load' });
      check('token: / goes to the login page', p.url().endsWith('/login.html'), p.url());
      await p.fill('input[name="token"]', 'wrong-token-123');
      await p.click('button[type="submit"]');
      await p.waitForFunction(() => document.querySelector('#login-error').textContent !== '', null, { timeout: 10000 });
      check('token: a wrong token is refused', /wrong token/.test(await p.textContent('#login-error')));
      await p.fill('input[name="token"]', 'browser-token-123');
      await p.click('button[type="submit"]');
      await p.waitForSelector('body[data-ready]', { timeout: 15000 });
      check('token: the dashboard loads after login', /events from \d+ articles/.test(await p.textContent('#health')));
      const cookie = (await ctx.cookies()).find((c) => c.name === 'saydo_session');
      check('token: session cookie is HttpOnly and SameSite=Strict', cookie && cookie.httpOnly && cookie.sameSite === 'Strict', JSON.stringify(cookie));
      await ctx.close();
    } finally {
      guarded.proc.kill('SIGTERM');
    }
  }
} catch (e) {
  check('test ran to the end', false, e && e.stack ? e.stack : String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.proc.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
