// history.test.js: the holdings list and a holding's history page in headless chromium (run by
// tests/browser/test_history.sh with URL, VIEWER, DEALER, SHOTS and OUT in the environment).
// Figures on screen are compared with the API's, formatted here independently. A dealer moves
// money through the history page's forms: a top-up refused by the live check, a top-up booked
// pending, a withdrawal, an early repayment and a roll-over. Four eyes on a pending top-up: the
// approver who recorded it sees no Approve button (and the API refuses her), a second approver
// approves one and rejects another with a reason on the history page. OUT set: the screenshots go there
// (docs/screenshots/).
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
async function post(p, body, token = process.env.DEALER) {
  const r = await fetch(URL + p, { method: 'POST', body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  return Object.assign(await r.json(), { httpStatus: r.status });
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  // refused: the statuses a test expects the API to answer (the browser logs each as an error)
  async function test(name, fn, token = process.env.VIEWER, refused = '401') {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // the browser's note of the 401 before signing in is expected
    const expected = new RegExp(`status of (${refused})`);
    page.on('console', (m) => { if (m.type() === 'error' && !expected.test(m.text())) errors.push(m.text()); });
    try {
      await page.goto(URL + '/');
      await page.getByLabel('Access token').fill(token);
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

  await test('a viewer sees no forms that move money', async (page) => {
    await page.goto(`${URL}/#/WSX/history/MMF-A`);
    await page.locator('table.history').waitFor();
    eq('no money forms', await page.locator('.money-moves').count(), 0);
  });

  const DEALER = process.env.DEALER;
  await test('a top-up over the limit is refused by the live check, and nothing is recorded', async (page) => {
    const before = await api('/api/v1/authorities/WSX/deals/MMF-A/history');
    const want = await post('/api/v1/authorities/WSX/check',
      { counterparty: 'MMF1', type: 'mmf', amount: '30000000', start_date: before.as_of });
    eq('the API refuses it too', want.allowed, false);
    await page.goto(`${URL}/#/WSX/history/MMF-A`);
    await page.getByLabel('Amount (£)').first().fill('30,000,000');
    await page.locator('#topup-check .check-refused').waitFor();
    eq('every reason of the API\'s check on screen', await page.locator('#topup-check #check-reasons li').count(), want.reasons.length);
    ok('the reason names the limit', /limit/i.test(await page.locator('#topup-check #check-reasons').innerText()));
    eq('the exposure the check counted', await page.locator('#topup-check dl.facts dd').nth(2).textContent(), ukMoney(want.exposure));
    if (OUT) await page.screenshot({ path: path.join(OUT, 'history-topup-refused.png'), fullPage: true });
    await page.getByRole('button', { name: 'Top up', exact: true }).click();
    await page.locator('#topup-form .move-result .error').waitFor();
    ok('refused on screen', /nothing was recorded/.test(await page.locator('#topup-form .move-result').innerText()));
    const after = await api('/api/v1/authorities/WSX/deals/MMF-A/history');
    eq('no movement recorded', after.events.length, before.events.length);
  }, DEALER, '401|409');

  await test('a top-up within the limit is booked pending, a withdrawal recorded', async (page) => {
    await page.goto(`${URL}/#/WSX/history/MMF-A`);
    await page.locator('#topup-form').waitFor();
    await page.locator('#topup-amount').fill('500,000');
    await page.locator('#topup-date').fill('15/05/2018');
    await page.locator('#topup-reason').fill('surplus swept in');
    await page.locator('#topup-check .check-allowed').waitFor();
    await page.getByRole('button', { name: 'Top up', exact: true }).click();
    await page.locator('#move-result .ok').waitFor();
    ok('said pending', /recorded: pending/.test(await page.locator('#move-result').innerText()));
    let hist = await api('/api/v1/authorities/WSX/deals/MMF-A/history');
    const top = hist.events.find((e) => e.kind === 'deposit' && e.note === 'surplus swept in');
    ok('the API has the top-up, pending, by the dealer', top && top.status === 'pending' && top.entered_by === 'dee', top);
    eq('its balance after', top.balance, '1501234.56');
    const row = page.locator('table.history tr.status-pending');
    eq('one row marked pending', await row.count(), 1);
    ok('... the top-up\'s', /Deposit\s*pending/i.test(await row.locator('td:nth-child(2)').innerText()));
    eq('... its balance after', await row.locator('td:nth-child(4)').textContent(), ukMoney(top.balance));
    if (OUT) await page.screenshot({ path: path.join(OUT, 'history-topup.png'), fullPage: true });
    await page.locator('#withdraw-amount').fill('200000');
    await page.locator('#withdraw-date').fill('15/05/2018');
    await page.locator('#withdraw-reason').fill('creditor run');
    await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.locator('#move-result .ok', { hasText: 'Withdrawal' }).waitFor();
    hist = await api('/api/v1/authorities/WSX/deals/MMF-A/history');
    eq('the balance now, by hand: 1,001,234.56 + 500,000 - 200,000', hist.balance, '1301234.56');
    eq('on screen', await page.locator('#history-balance').textContent(), ukMoney(hist.balance));
    eq('the withdrawal as money out', await page.locator('table.history tr.event-withdrawal', { hasText: 'creditor run' })
      .locator('td:nth-child(3)').textContent(), '-£200,000.00');
    await page.locator('#withdraw-amount').fill('5000000');
    await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.locator('#withdraw-form .move-result .error').waitFor();
    ok('an overdrawing withdrawal refused with the API\'s message', /below zero|balance/i.test(await page.locator('#withdraw-form .move-result').innerText()));
    noRawFigures('the history page after moving money', await page.locator('main').innerText());
  }, DEALER, '401|422');

  await test('a dated deal repaid early in part, then rolled over after a refused check', async (page) => {
    await page.goto(`${URL}/#/WSX/history/F-3`);
    await page.locator('#repay-form').waitFor();
    await page.locator('#repay-amount').fill('500,000');
    await page.locator('#repay-date').fill('15/05/2018');
    await page.locator('#repay-break-cost').fill('1250');
    await page.locator('#repay-reason').fill('cash needed for the capital programme');
    await page.getByRole('button', { name: 'Repay early', exact: true }).click();
    await page.locator('#move-result .ok').waitFor();
    const hist = await api('/api/v1/authorities/WSX/deals/F-3/history');
    eq('the events: opening, repayment, maturity', hist.events.map((e) => `${e.kind} ${e.balance}`).join('|'),
      'opening 2000000.00|repayment 1500000.00|maturity 0.00');
    eq('the repayment row', await page.locator('table.history tr.event-repayment td:nth-child(3)').textContent(), '-£500,000.00');
    eq('its break cost kept', hist.events[1].break_cost, '1250.00');
    eq('... and shown with the reason', await page.locator('table.history tr.event-repayment td:nth-child(6)').textContent(),
      'cash needed for the capital programme; break cost £1,250.00');
    eq('the principal card', await page.locator('#history-balance').textContent(), '£1,500,000.00');
    if (OUT) await page.screenshot({ path: path.join(OUT, 'history-repaid.png'), fullPage: true });

    await page.goto(`${URL}/#/WSX/history/F-4`);
    await page.locator('#roll-form').waitFor();
    await page.locator('#roll-amount').fill('30,000,000');
    await page.locator('#roll-maturity').fill('31/12/2018');
    await page.locator('#roll-check .check-refused').waitFor();
    await page.locator('#roll-amount').fill('');
    await page.locator('#roll-check .check-allowed').waitFor();
    await page.locator('#roll-rate').fill('0.65');
    await page.locator('#roll-ref').fill('F-4R');
    await page.getByRole('button', { name: 'Roll over', exact: true }).click();
    await page.locator('#move-result .ok').waitFor();
    ok('the new deal, pending', /F-4R.*pending/.test(await page.locator('#move-result').innerText()));
    ok('linked in the roll-overs', /Rolled over into F-4R/.test(await page.locator('.rolls').innerText()));
    eq('no second roll form', await page.locator('#roll-form').count(), 0);
  }, DEALER);

  const AVA = process.env.AVA, ABE = process.env.ABE;
  const pooledPending = async () => (await api('/api/v1/authorities/WSX/deals/POOL-A/history')).events
    .filter((e) => e.status === 'pending');
  await test('the approver who recorded a top-up sees no Approve button and is refused', async (page) => {
    const t = await post('/api/v1/authorities/WSX/deals/POOL-A/movements',
      { kind: 'deposit', amount: '100000', date: '2018-05-15', reason: 'quarterly top-up' }, AVA);
    eq('ava records a top-up of POOL-A, pending', `${t.httpStatus} ${t.status}`, '201 pending');
    await page.goto(`${URL}/#/WSX/history/POOL-A`);
    await page.locator('.pending-decisions').waitFor();
    ok('the panel lists it as hers', /Top-up of £100,000\.00 on 15\/05\/2018 \(quarterly top-up\), recorded by you/
      .test(await page.locator('.pending-decisions').innerText()));
    eq('no Approve button for its recorder', await page.getByRole('button', { name: 'Approve' }).count(), 0);
    eq('no Reject button either', await page.getByRole('button', { name: 'Reject' }).count(), 0);
    eq('she may withdraw it', await page.getByRole('button', { name: 'Withdraw my top-up' }).count(), 1);
    const r = await post('/api/v1/authorities/WSX/deals/POOL-A/approve', {}, AVA);
    eq('the API refuses her approval: 403 same_person', `${r.httpStatus} ${r.error && r.error.code}`, '403 same_person');
    eq('still pending', (await pooledPending()).length, 1);
  }, AVA, '401|403');

  await test('a second approver approves one pending top-up and rejects another on the history page', async (page) => {
    await page.goto(`${URL}/#/WSX/history/POOL-A`);
    await page.locator('.pending-decisions').waitFor();
    ok('recorded by ava', /recorded by ava/.test(await page.locator('.pending-decisions').innerText()));
    eq('no Withdraw for abe (not his)', await page.getByRole('button', { name: 'Withdraw my top-up' }).count(), 0);
    if (OUT) await page.screenshot({ path: path.join(OUT, 'history-approve.png'), fullPage: true });
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.locator('#move-result .ok').waitFor();
    eq('said so', await page.locator('#move-result').innerText(), '1 top-up of POOL-A approved.');
    eq('no pending top-up left (API)', (await pooledPending()).length, 0);
    eq('no panel left', await page.locator('.pending-decisions').count(), 0);
    const hist = await api('/api/v1/authorities/WSX/deals/POOL-A/history');
    eq('the balance with it, by hand: 3,000,000 + 100,000', hist.balance, '3100000.00');

    const t = await post('/api/v1/authorities/WSX/deals/POOL-A/movements',
      { kind: 'deposit', amount: '250000', date: '2018-05-15', reason: 'second top-up' }, AVA);
    eq('ava records another', t.status, 'pending');
    await page.reload();
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.locator('#decision-result .error').waitFor();
    ok('a rejection needs a reason', /reason/.test(await page.locator('#decision-result').innerText()));
    await page.getByLabel('Reason for rejecting').fill('over the day\'s cash plan');
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.locator('#move-result .ok').waitFor();
    eq('said so', await page.locator('#move-result').innerText(), '1 top-up of POOL-A rejected.');
    const after = await api('/api/v1/authorities/WSX/deals/POOL-A/history');
    eq('the rejected top-up is in no figure: the balance stays 3,100,000', after.balance, '3100000.00');
    const turned = after.events.filter((e) => e.note === 'second top-up');
    eq('... but it stays in the history, marked rejected, by whom and why (API)',
      turned.map((e) => `${e.status} ${e.rejected_by} ${e.rejection_reason}`).join(), 'rejected abe over the day\'s cash plan');
    ok('... with when', turned.length === 1 && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(turned[0].rejected_at), turned);
    await page.reload();
    const row = page.locator('table.history tr.status-rejected');
    await row.first().waitFor();
    eq('the page shows one row marked rejected', await row.count(), 1);
    ok('... a deposit, badged rejected', /Deposit\s*rejected/i.test(await row.locator('td:nth-child(2)').innerText()));
    ok('... who rejected it and why, not counted', /rejected by abe on .*over the day's cash plan; not counted/.test(await row.locator('td:nth-child(6)').innerText()));
    if (OUT) await page.screenshot({ path: path.join(OUT, 'history-rejected.png'), fullPage: true });
    noRawFigures('the history page after deciding', await page.locator('main').innerText());
  }, ABE);

  await browser.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
})();
