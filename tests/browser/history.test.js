// history.test.js: the holdings list and a holding's history page in headless chromium (run by
// tests/browser/test_history.sh with URL, VIEWER, SHOTS and OUT in the environment). Figures on
// screen are compared with the API's, formatted here independently. OUT set: screenshots
// holdings.png and history.png go there (docs/screenshots/).
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const URL = process.env.URL, SHOTS = process.env.SHOTS || '/tmp', OUT = process.env.OUT;
let passed = 0, failed = 0;
class Fail extends Error {}
const eq = (what, got, want) => { if (got !== want) throw new Fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`); };
const ok = (what, cond, ev) => { if (!cond) throw new Fail(`${what}${ev === undefined ? '' : ': ' + JSON.stringify(ev)}`); };
function ukMoney(s) {
  const neg = s.startsWith('-'), [w, f = ''] = s.replace(/^-/, '').split('.');
  let out = '';
  for (let i = 0; i < w.length; i++) { if (i && (w.length - i) % 3 === 0) out += ','; out += w[i]; }
  return `${neg ? '-' : ''}£${out}.${(f + '00').slice(0, 2)}`;
}
function noRawFigures(what, text) {
  ok(`${what}: no ISO date`, !/\b\d{4}-\d{2}-\d{2}\b/.test(text), text);
  ok(`${what}: every amount in pounds`, !/(^|[^£\d,.])(\d{1,3}(,\d{3})+|\d{4,})\.\d{2}(?![\d%])/.test(text), text);
}
async function api(p) {
  const r = await fetch(URL + p, { headers: { Authorization: `Bearer ${process.env.VIEWER}` } });
  return r.json();
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  async function test(name, fn) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // the browser's note of the 401 before signing in is expected
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text()); });
    try {
      await page.goto(URL + '/');
      await page.getByLabel('Access token').fill(process.env.VIEWER);
      await page.keyboard.press('Enter');
      await page.locator('#tabs').waitFor({ state: 'visible' });
      await fn(page);
      ok('no script errors or CSP violations', errors.length === 0, errors);
      passed++; console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      const shot = path.join(SHOTS, `${name.replace(/\W+/g, '-')}.png`);
      try { await page.screenshot({ path: shot, fullPage: true }); } catch (_) { /* gone */ }
      console.log(`not ok - ${name}\n    ${e.message.split('\n').join('\n    ')}\n    screenshot: ${shot}`);
    } finally { await ctx.close(); }
  }

  await test('the holdings list opens an MMF history: movements, running balance and chart', async (page) => {
    const hist = await api('/api/v1/authorities/WSX/deals/MMF-A/history');
    await page.getByRole('link', { name: 'Holdings', exact: true }).click();
    await page.locator('table.holdings').waitFor();
    const roll = await page.locator('table.holdings tr', { hasText: 'F-2' }).locator('td:nth-child(9)').textContent();
    eq('the rolled deal says what it rolls over', roll, 'rolls over F-1');
    if (OUT) await page.screenshot({ path: path.join(OUT, 'holdings.png'), fullPage: true });
    await page.getByRole('link', { name: 'MMF-A', exact: true }).click();
    await page.locator('table.history').waitFor();
    eq('the address', new globalThis.URL(page.url()).hash, '#/WSX/history/MMF-A');
    const rows = page.locator('table.history tbody tr');
    eq('one row per event', await rows.count(), hist.events.length);
    eq('the running balance after each', (await rows.locator('td:nth-child(4)').allTextContents()).join('|'),
      hist.events.map((e) => ukMoney(e.balance)).join('|'));
    eq('the balances are the hand-computed ones', hist.events.map((e) => e.balance).join('|'),
      '4000000.00|6000000.00|1000000.00|1001234.56');
    eq('a withdrawal shown as money out', await rows.nth(2).locator('td:nth-child(3)').textContent(), '-£5,000,000.00');
    eq('the balance now', await page.locator('#history-balance').textContent(), ukMoney(hist.balance));
    eq('the chart has a point per movement', await page.locator('svg.balance-chart circle.balance-point').count(), 4);
    const d = await page.locator('svg.balance-chart path.balance-line').getAttribute('d');
    ok('the line steps through each balance', (d.match(/L/g) || []).length >= 7, d);
    noRawFigures('the history page', await page.locator('main').innerText());
    if (OUT) await page.screenshot({ path: path.join(OUT, 'history.png'), fullPage: true });
  });

  await test('a pooled fund shows its valuation loss', async (page) => {
    const hist = await api('/api/v1/authorities/WSX/deals/POOL-A/history');
    await page.goto(`${URL}/#/WSX/history/POOL-A`);
    await page.locator('#history-gain').waitFor();
    eq('loss against the amount invested', hist.gain, '-50000.00');
    eq('the card', await page.locator('#history-gain').textContent(), '£50,000.00');
    ok('worded a loss', /Valuation loss/.test(await page.locator('.cards').textContent()));
    eq('the valuation row', await page.locator('table.history tr.event-valuation td:nth-child(5)').textContent(), 'loss £50,000.00');
    eq('a valuation marker on the chart', await page.locator('svg.balance-chart rect.value-point').count(), 1);
    noRawFigures('the pooled fund page', await page.locator('main').innerText());
  });

  await test('a rolled deal links both ways', async (page) => {
    await page.goto(`${URL}/#/WSX/history/F-1`);
    await page.locator('.rolls').waitFor();
    ok('F-1 rolled into F-2', /Rolled over into F-2/.test(await page.locator('.rolls').innerText()));
    eq('matured at the end', await page.locator('table.history tr.event-maturity td:nth-child(4)').textContent(), '£0.00');
    await page.getByRole('link', { name: 'F-2', exact: true }).click();
    await page.locator('.rolls', { hasText: 'Rolls over' }).waitFor();
    eq('F-2 starts on F-1\'s maturity', await page.locator('table.history tr.event-opening td:nth-child(1)').textContent(), '30/04/2018');
    if (OUT) await page.screenshot({ path: path.join(OUT, 'history-rolled.png'), fullPage: true });
  });

  await browser.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
})();
