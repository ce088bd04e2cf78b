// pages.test.js: the web pages in Debian's headless chromium, driven by playwright-core, against
// the service tests/browser/run started (URL, tokens DEALER, APPROVER, SHARED, VIEWER in the
// environment, book TST of tests/fixtures/reports/book with FIFE suspended). Each test is named;
// on failure a screenshot of the page goes to $SHOTS (its path printed). SHOTS_ALWAYS=1 keeps a
// screenshot of every test. The last line is "browser: N passed, N failed".
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const URL = process.env.URL;
const SHOTS = process.env.SHOTS || '/tmp';
const T = { dealer: process.env.DEALER, approver: process.env.APPROVER, shared: process.env.SHARED, viewer: process.env.VIEWER };
let passed = 0, failed = 0;

class Fail extends Error {}
function eq(what, got, want) {
  if (got !== want) throw new Fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
function ok(what, cond, evidence) {
  if (!cond) throw new Fail(`${what}${evidence === undefined ? '' : ': ' + JSON.stringify(evidence)}`);
}

// The UK money format the pages must show, computed here independently from the decimal string.
function ukMoney(s) {
  const [w, f = ''] = s.split('.');
  let out = '';
  for (let i = 0; i < w.length; i++) { if (i && (w.length - i) % 3 === 0) out += ','; out += w[i]; }
  return `£${out}.${(f + '00').slice(0, 2)}`;
}

// No raw decimal amount (5000000.00 or 5,000,000.00 without £) and no ISO date in text meant
// for an officer.
function noRawFigures(what, text) {
  const iso = /\b\d{4}-\d{2}-\d{2}\b/.exec(text);
  ok(`${what}: no ISO date`, !iso, text);
  const raw = /(^|[^£\d,.])(\d{1,3}(,\d{3})+|\d{4,})\.\d{2}(?![\d%])/.exec(text);
  ok(`${what}: every amount in pounds`, !raw, text);
}

async function api(method, p, token, body) {
  const r = await fetch(URL + p, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, data: await r.json(), headers: r.headers };
}

let browser;
async function newPage() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // Console errors count, except the browser's note of an HTTP error status the page expects and
  // handles (401 before sign-in, 400 for a half-typed deal, 409 for a refused deal): those are checked on screen instead.
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of (400|401|403|409)/.test(m.text())) page.errors.push(m.text()); });
  return page;
}
async function signIn(page, token) {
  await page.goto(URL + '/');
  await page.getByLabel('Access token').fill(token);
  await page.keyboard.press('Enter');
  await page.locator('#tabs').waitFor({ state: 'visible' });
}

const pages = [];
async function test(name, fn) {
  const page = await newPage();
  pages.push(page);
  try {
    await fn(page);
    ok('no script errors or CSP violations in the page', page.errors.length === 0, page.errors);
    passed++;
    console.log(`ok - ${name}`);
    if (process.env.SHOTS_ALWAYS) await page.screenshot({ path: path.join(SHOTS, `${name.replace(/\W+/g, '-')}.png`), fullPage: true });
  } catch (e) {
    failed++;
    const shot = path.join(SHOTS, `${name.replace(/\W+/g, '-')}.png`);
    try { await page.screenshot({ path: shot, fullPage: true }); } catch (_) { /* the page may be gone */ }
    console.log(`not ok - ${name}\n    ${e.message.split('\n').join('\n    ')}\n    screenshot: ${shot}`);
  } finally {
    await page.context().close();
  }
}

(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // launch() gives chromium a fresh --user-data-dir of its own under TMPDIR (tests/browser/run
    // points TMPDIR into the test's directory), removed when the browser closes.
  });

  await test('security headers on the page and a bad token refused', async (page) => {
    const resp = await page.goto(URL + '/');
    const h = resp.headers();
    ok('Content-Security-Policy default-src self', /default-src 'self'/.test(h['content-security-policy'] || ''), h['content-security-policy']);
    eq('X-Content-Type-Options', h['x-content-type-options'], 'nosniff');
    await page.getByLabel('Access token').fill('prt_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-error').waitFor({ state: 'visible' });
    ok('the refusal is on screen', /not valid/.test(await page.locator('#sign-in-error').textContent()));
  });

  await test('sign-in sets an HttpOnly SameSite=Strict cookie and API posts need the CSRF token', async (page) => {
    await signIn(page, T.dealer);
    const cookies = await page.context().cookies();
    const c = cookies.find((x) => x.name === 'prudent_session');
    ok('a session cookie', !!c, cookies);
    eq('HttpOnly', c.httpOnly, true);
    eq('SameSite', c.sameSite, 'Strict');
    eq('the name shown', await page.locator('#who-name').textContent(), 'dee');
    const noCsrf = await page.evaluate(async () => (await fetch('/api/v1/authorities/TST/check', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: '{"counterparty":"BARC","amount":"1","maturity_date":"2018-04-30"}' })).status);
    eq('a POST with the cookie but no CSRF header', noCsrf, 403);
    const cookieGet = await page.evaluate(async () => (await fetch('/api/v1/authorities/TST/portfolio')).status);
    eq('a GET with the cookie alone', cookieGet, 200);
  });

  await test('dashboard figures equal the API', async (page) => {
    const pf = (await api('GET', '/api/v1/authorities/TST/portfolio', T.viewer)).data;
    const wam = (await api('GET', '/api/v1/authorities/TST/wam', T.viewer)).data;
    const ind = (await api('GET', '/api/v1/authorities/TST/indicators', T.viewer)).data;
    await signIn(page, T.viewer);
    await page.locator('#total-invested').waitFor();
    eq('cash invested', await page.locator('#total-invested').textContent(), ukMoney(pf.total));
    eq('WAM', await page.locator('#wam-days').textContent(), `${wam.overall.days} days`);
    const rows = page.locator('table.by-type tbody tr');
    eq('one row per type', await rows.count(), Object.keys(pf.by_type).length);
    const shown = await rows.locator('td:nth-child(3)').allTextContents();
    eq('principal by type', shown.join('|'), Object.values(pf.by_type).map((v) => ukMoney(v.principal)).join('|'));
    const statuses = await page.locator('table.indicators tbody tr td:nth-child(4)').allTextContents();
    eq('each indicator with its status', statuses.join('|'), ind.indicators.map((i) => i.status).join('|'));
    const asOf = pf.as_of.split('-').reverse().join('/');
    ok('as-at date in UK format', (await page.locator('.page-head .sub').textContent()).includes(asOf));
    const to = new Date(Date.UTC(...pf.as_of.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0))) + 30 * 86400000).toISOString().slice(0, 10);
    const mat = (await api('GET', `/api/v1/authorities/TST/maturing?from=${pf.as_of}&to=${to}`, T.viewer)).data;
    const soon = pf.holdings.filter((x) => x.maturity_date && x.maturity_date >= pf.as_of && x.maturity_date <= to);
    ok('the book has something maturing within 30 days', soon.length > 0, pf.holdings);
    const refs = await page.locator('table.maturing tbody tr td:nth-child(3)').allTextContents();
    eq('maturities in the next 30 days', refs.join('|'), [...soon.map((x) => x.ref), ...mat.instalments.map((x) => x.ref)].join('|'));
    const al = (await api('GET', '/api/v1/authorities/TST/alerts', T.viewer)).data.alerts;
    eq('open alerts', await page.locator('#open-alerts').textContent(), String(al.filter((a) => a.state === 'open').length));
  });

  await test('a deal over a limit is refused live with every reason', async (page) => {
    await signIn(page, T.dealer);
    await page.getByRole('link', { name: 'Deal entry', exact: true }).click();
    await page.getByLabel('Counterparty').selectOption('BARC');
    await page.getByLabel('Amount (£)').fill('5,000,000');
    await page.getByLabel('Maturity date').fill('31/12/2018');
    await page.locator('#check-reasons').waitFor();
    const want = (await api('POST', '/api/v1/authorities/TST/check', T.dealer,
      { counterparty: 'BARC', amount: '5000000', maturity_date: '2018-12-31' })).data;
    eq('the API refuses it too', want.allowed, false);
    const reasons = await page.locator('#check-reasons li').allTextContents();
    eq('every reason on screen', reasons.length, want.reasons.length);
    want.reasons.forEach((r, i) => {
      eq(`reason ${i + 1} of the same kind`, reasons[i].length > 0 && r.kind.length > 0, true);
      if (r.exposure) ok(`reason ${i + 1} shows the exposure as ${ukMoney(r.exposure)}`, reasons[i].includes(ukMoney(r.exposure)), reasons[i]);
      if (r.limit) ok(`reason ${i + 1} shows the limit as ${ukMoney(r.limit)}`, reasons[i].includes(ukMoney(r.limit)), reasons[i]);
      if (r.max_days) ok(`reason ${i + 1} shows the maximum term`, reasons[i].includes(`${r.max_days} days`), reasons[i]);
      noRawFigures(`reason ${i + 1}`, reasons[i]);
    });
    noRawFigures('the check panel', await page.locator('#check').textContent());
    await page.getByLabel('Rate (%)').fill('0.70');
    await page.getByRole('button', { name: 'Book deal' }).click();
    await page.locator('#deal-result .error').waitFor();
    const list = (await api('GET', '/api/v1/authorities/TST/deals?status=pending', T.dealer)).data;
    eq('nothing booked', list.deals.length, 0);
  });

  let ref = null;
  await test('a deal within limits is booked, pending, then approved by a second officer', async (page) => {
    await signIn(page, T.dealer);
    await page.getByRole('link', { name: 'Deal entry', exact: true }).click();
    await page.getByLabel('Counterparty').selectOption('LANCS');
    await page.getByLabel('Amount (£)').fill('2,500,000.00');
    await page.getByLabel('Maturity date').fill('28/09/2018');
    await page.locator('.check-allowed').waitFor();
    await page.getByLabel('Rate (%)').fill('0.65');
    await page.getByLabel('Reference').fill('WEB-1');
    await page.getByRole('button', { name: 'Book deal' }).click();
    await page.locator('#deal-result .ok').waitFor();
    ok('booked, pending', /WEB-1 booked: pending/.test(await page.locator('#deal-result').textContent()));
    ref = 'WEB-1';
    await page.getByRole('link', { name: 'Approvals', exact: true }).click();
    const row = page.locator('tr[data-ref="WEB-1"]');
    await row.waitFor();
    eq('the booker cannot approve it', await row.getByRole('button', { name: 'Approve' }).count(), 0);
    eq('amount shown', await row.locator('td:nth-child(4)').textContent(), '£2,500,000.00');

    const second = await newPage();
    pages.push(second);
    try {
      await signIn(second, T.approver);
      await second.getByRole('link', { name: 'Approvals', exact: true }).click();
      const r2 = second.locator('tr[data-ref="WEB-1"]');
      await r2.getByRole('button', { name: 'Approve' }).click();
      await second.locator('#approval-result .ok').waitFor();
      eq('gone from the queue', await second.locator('tr[data-ref="WEB-1"]').count(), 0);
    } finally { await second.context().close(); }
    const all = (await api('GET', '/api/v1/authorities/TST/deals?status=confirmed', T.viewer)).data.deals;
    ok('confirmed in the book', all.some((d) => d.ref === 'WEB-1'), all);
  });

  await test('an approver rejects a pending deal with a reason', async (page) => {
    const b = await api('POST', '/api/v1/authorities/TST/deals', T.dealer, { ref: 'WEB-2', counterparty: 'LANCS',
      principal: '1000000', rate: '0.6', start_date: '2018-03-31', maturity_date: '2018-06-29' });
    eq('booked through the API', b.status, 201);
    await signIn(page, T.approver);
    await page.getByRole('link', { name: 'Approvals', exact: true }).click();
    const row = page.locator('tr[data-ref="WEB-2"]');
    await row.getByRole('button', { name: 'Reject' }).click();
    await page.locator('#approval-result .error').waitFor();
    ok('rejecting without a reason is refused on screen', /reason for rejecting deal WEB-2/.test(await page.locator('#approval-result').textContent()));
    eq('... and the deal is still pending', (await api('GET', '/api/v1/authorities/TST/deals?status=pending', T.viewer)).data.deals.some((d) => d.ref === 'WEB-2'), true);
    await row.getByLabel('Reason for rejecting WEB-2').fill('rate below the market');
    await row.getByRole('button', { name: 'Reject' }).click();
    await page.locator('#approval-result .ok').waitFor();
    ok('the page says it was rejected', /WEB-2 rejected/.test(await page.locator('#approval-result').textContent()));
    const c = (await api('GET', '/api/v1/authorities/TST/deals?status=cancelled', T.viewer)).data.deals;
    ok('cancelled in the book', c.some((d) => d.ref === 'WEB-2'), c);
  });

  await test('the booker cannot reject their own deal but may withdraw it', async (page) => {
    const b = await api('POST', '/api/v1/authorities/TST/deals', T.approver, { ref: 'WEB-3', counterparty: 'LANCS',
      principal: '750000', rate: '0.6', start_date: '2018-03-31', maturity_date: '2018-06-29' });
    eq('booked by an approver through the API', b.status, 201);
    const self = await api('POST', '/api/v1/authorities/TST/deals/WEB-3/reject', T.approver, { reason: 'mine' });
    eq('the API refuses the booker rejecting it', `${self.status} ${self.data.error.code}`, '403 same_person');
    await signIn(page, T.approver);
    await page.getByRole('link', { name: 'Approvals', exact: true }).click();
    const row = page.locator('tr[data-ref="WEB-3"]');
    await row.waitFor();
    eq('no Approve button on their own deal', await row.getByRole('button', { name: 'Approve' }).count(), 0);
    eq('no Reject button either', await row.getByRole('button', { name: 'Reject' }).count(), 0);
    await row.getByLabel('Reason for withdrawing WEB-3').fill('booked with the wrong counterparty');
    await row.getByRole('button', { name: 'Withdraw my deal' }).click();
    await page.locator('#approval-result .ok').waitFor();
    ok('the page says it was withdrawn', /WEB-3 withdrawn/.test(await page.locator('#approval-result').textContent()));
    const c = (await api('GET', '/api/v1/authorities/TST/deals?status=cancelled', T.viewer)).data.deals;
    ok('cancelled in the book', c.some((d) => d.ref === 'WEB-3'), c);
  });

  await test('an alert is acknowledged', async (page) => {
    await signIn(page, T.dealer);
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    const btn = page.getByRole('button', { name: /Acknowledge alert \d+/ }).first();
    await btn.waitFor();
    await btn.click();
    await page.locator('#alert-result .ok').waitFor();
    const a = (await api('GET', '/api/v1/authorities/TST/alerts', T.viewer)).data.alerts;
    const fife = a.find((x) => x.subject === 'FIFE');
    eq('acknowledged in the API', fife.state, 'acknowledged');
    eq('by the signed-in user', fife.acknowledged_by, 'dee');
  });

  await test('the lending list shows the suspension, limit use as bars, and the breach', async (page) => {
    await signIn(page, T.viewer);
    await page.getByRole('link', { name: 'Lending list', exact: true }).click();
    const fife = page.locator('tr[data-code="FIFE"]');
    await fife.waitFor();
    ok('FIFE suspended', /suspended/.test(await fife.locator('td:nth-child(2)').textContent()));
    ok('FIFE marked as a breach', /breach/.test(await fife.getAttribute('class') || ''));
    const breach = (await api('GET', '/api/v1/authorities/TST/limits', T.viewer)).data.breaches.find((b) => b.subject === 'FIFE');
    const listed = await page.locator('.breaches li[data-subject="FIFE"]').textContent();
    ok('the breach listed', /suspended/.test(listed), listed);
    ok(`its exposure in pounds (${ukMoney(breach.exposure)})`, listed.includes(ukMoney(breach.exposure)), listed);
    const since = breach.last_deal_start.split('-').reverse().join('/');
    ok(`the last deal's start in UK format (${since})`, listed.includes(since), listed);
    ok('the suspension date in UK format', listed.includes('05/02/2018'), listed);
    noRawFigures('the lending list', await page.locator('#main').textContent());
    const lancs = page.locator('tr[data-code="LANCS"] .bar');
    const lim = (await api('GET', '/api/v1/authorities/TST/limits', T.viewer)).data.counterparties.find((c) => c.code === 'LANCS');
    const pct = String(Number((BigInt(lim.exposure.replace('.', '')) * 100n) / BigInt(lim.limit.replace('.', ''))));
    eq('limit use as a bar', await lancs.getAttribute('data-pct'), pct);
    ok('the bar has its width', (await lancs.evaluate((e) => e.getBoundingClientRect().width)) > 0);
  });

  await test('the authority switcher moves between authorities', async (page) => {
    await signIn(page, T.shared);
    eq('two authorities offered', await page.getByLabel('Authority').locator('option').count(), 2);
    await page.getByLabel('Authority').selectOption('WSX');
    await page.waitForURL(/#\/WSX\/dashboard/);
    await page.locator('#total-invested').waitFor();
    eq('WSX holds nothing', await page.locator('#total-invested').textContent(), '£0.00');
    ok('its name shown', (await page.locator('.page-head .sub').textContent()).includes('Wessex'));
  });

  await test('a report downloads through the report writers', async (page) => {
    await signIn(page, T.viewer);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByLabel('Report').selectOption('portfolio');
    await page.getByLabel('Format').selectOption('csv');
    await page.getByLabel('As at').fill('31/03/2018');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download', exact: true }).click()]);
    eq('file name', dl.suggestedFilename(), 'TST-portfolio-2018-03-31.csv');
    const file = await dl.path();
    const text = require('fs').readFileSync(file, 'utf8');
    const pf = (await api('GET', '/api/v1/authorities/TST/portfolio?as_of=2018-03-31', T.viewer)).data;
    ok('the portfolio total of the API is in it', text.includes(`Total invested,${pf.total}`), text.slice(0, 400));
  });

  await test('the quarterly pack downloads as a PDF from the reports page', async (page) => {
    await signIn(page, T.viewer);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByLabel('Report').selectOption('quarterly');
    ok('the as-at date gives way to the quarter', await page.getByLabel('As at').isHidden());
    eq('the last complete quarter is offered first (today 31/03/2018)',
      await page.getByLabel('Quarter').inputValue(), '2017-Q3');
    await page.getByLabel('Quarter').selectOption('2017-Q4');
    eq('PDF is the first format offered', await page.getByLabel('Format').inputValue(), 'pdf');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download', exact: true }).click()]);
    eq('file name: the quarter end', dl.suggestedFilename(), 'TST-quarterly-2018-03-31.pdf');
    const bytes = require('fs').readFileSync(await dl.path());
    eq('a PDF', bytes.subarray(0, 5).toString(), '%PDF-');
    if (process.env.KEEP_QUARTERLY_PDF) require('fs').writeFileSync(process.env.KEEP_QUARTERLY_PDF, bytes);
    await page.getByLabel('Report').selectOption('pi');
    ok('the as-at date is back for the monthly report', await page.getByLabel('As at').isVisible());
  });

  await test('the dashboard draws the liability benchmark from the API', async (page) => {
    await signIn(page, T.viewer);
    const lb = (await api('GET', '/api/v1/authorities/TST/liability-benchmark', T.viewer)).data;
    const chart = page.locator('#liability-benchmark svg.benchmark-chart');
    await chart.waitFor();
    const years = await chart.locator('text.axis[text-anchor="middle"]').allTextContents();
    eq('a column a year of existing debt, at least ten', years.join(','), lb.existing_debt_by_type.map((y) => y.year).join(','));
    ok('at least ten years', years.length >= 10, years);
    eq('three lines (loans CFR, net loans requirement, benchmark)', await chart.locator('polyline').count(), 3);
    eq('a point a plan year on each line', await chart.locator('circle').count(), 3 * lb.years.length);
    ok('bars drawn', (await chart.locator('rect.lb-bar').count()) > 3);
    ok('labelled for assistive technology', (await chart.locator('title').textContent()).includes('liability benchmark'));
    const first = await page.locator('table.benchmark-table tbody tr').first().locator('td').allTextContents();
    eq('the figures table: the API\'s first year', first[0], lb.existing_debt_by_type[0].year);
    const [whole, pence] = lb.years[0].liability_benchmark.split('.');
    eq('... its benchmark in pounds', first[6], `£${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${pence}`);
  });

  await test('every field has a label and keyboard focus is visible on every page', async (page) => {
    await signIn(page, T.approver);
    for (const tab of ['Dashboard', 'Deal entry', 'Approvals', 'Lending list', 'Alerts', 'Reports']) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.locator('#main .page-head').waitFor();
      await page.waitForFunction(() => !document.querySelector('#main .loading'));
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter((e) => !e.labels.length && !e.getAttribute('aria-label')).map((e) => e.id || e.name || e.outerHTML));
      eq(`${tab}: fields without a label`, unlabelled.join(','), '');
      noRawFigures(tab, await page.locator('#main').textContent());
    }
    await page.goto(URL + '/#/TST/dashboard');
    await page.reload(); /* a fresh load: the focus starts at the top of the document */
    await page.locator('#total-invested').waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => { const e = document.activeElement, st = getComputedStyle(e);
      return { text: e.textContent, outline: st.outlineStyle, width: st.outlineWidth, left: e.getBoundingClientRect().left }; });
    eq('the first Tab reaches "Skip to content"', first.text, 'Skip to content');
    ok('... which comes into view', first.left >= 0, first);
    ok('... with a visible focus ring', first.outline !== 'none' && first.width !== '0px', first);
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => { const e = document.activeElement, st = getComputedStyle(e);
      return { id: e.id, outline: st.outlineStyle }; });
    eq('then Sign out (the switcher is disabled for a one-authority user)', next.id, 'sign-out');
    ok('... also with a visible focus ring', next.outline !== 'none', next);
  });

  await test('the Partnerships tab shows the combined exposure beside each member\'s own', async (page) => {
    await signIn(page, T.shared);
    await page.getByRole('link', { name: 'Partnerships', exact: true }).click();
    const sec = page.locator('section[data-partnership="TSTWSX"]');
    await sec.waitFor();
    const l = (await api('GET', '/api/v1/partnerships/TSTWSX/limits', T.shared)).data;
    eq('both members as columns', (await sec.locator('table.partnership-limits thead th').allTextContents()).join(' | '),
      "Counterparty | Combined exposure | TST's own | WSX's own");
    const lancs = l.counterparties.find((c) => c.code === 'LANCS');
    const row = sec.locator('tr[data-code="LANCS"]');
    eq('LANCS: its combined exposure in pounds', (await row.locator('td.combined').textContent()).trim(), ukMoney(lancs.exposure));
    ok("TST's own beside it, with TST's limit", (await row.locator('td[data-member="TST"]').textContent())
      .includes(`${ukMoney(lancs.by_member.TST)}of ${ukMoney(lancs.member_limits.TST)} limit`), lancs);
    eq("WSX (no deal with LANCS): a dash", (await row.locator('td:nth-child(4)').textContent()).trim(), '—');
    const bank = l.sectors.find((t) => t.code === 'bank');
    ok('the sector totals listed, banks among them', bank, l.sectors);
    eq('... banks combined in pounds', (await sec.locator('table.partnership-sectors tr[data-total="bank"] td.combined').textContent()).trim(),
      ukMoney(bank.exposure));
    const cf = (await api('GET', '/api/v1/partnerships/TSTWSX/cashflow?by=month', T.shared)).data;
    eq('the combined forecast: a row per month', await sec.locator('table.partnership-cashflow tbody tr').count(), cf.periods.length);
    eq('... the last month\'s closing balance in pounds',
      (await sec.locator('table.partnership-cashflow tbody tr:last-child td:nth-child(5)').textContent()).trim(),
      ukMoney(cf.periods[cf.periods.length - 1].closing_balance));
    noRawFigures('the partnerships page', await page.locator('#main').textContent());
    await page.screenshot({ path: path.join(SHOTS, 'partnerships.png'), fullPage: true });
  });

  await test('a user covering one member sees that member only on the Partnerships tab', async (page) => {
    await signIn(page, T.viewer);
    await page.getByRole('link', { name: 'Partnerships', exact: true }).click();
    const sec = page.locator('section[data-partnership="TSTWSX"]');
    await sec.waitFor();
    eq('TST alone as a column', (await sec.locator('table.partnership-limits thead th').allTextContents()).join(' | '),
      "Counterparty | Combined exposure | TST's own");
    const lancs = (await api('GET', '/api/v1/authorities/TST/limits', T.viewer)).data.counterparties.find((c) => c.code === 'LANCS');
    eq("LANCS combined is TST's own exposure", (await sec.locator('tr[data-code="LANCS"] td.combined').textContent()).trim(),
      ukMoney(lancs.exposure));
  });

  await test('sign out ends the session', async (page) => {
    await signIn(page, T.viewer);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').waitFor();
    const st = await page.evaluate(async () => (await fetch('/api/v1/authorities/TST/portfolio')).status);
    eq('the API refuses the old cookie', st, 401);
  });

  await browser.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log(`not ok - the browser tests stopped: ${e.stack || e}`);
  console.log(`browser: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
