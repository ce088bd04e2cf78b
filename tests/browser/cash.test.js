// cash.test.js: the cash pages (web/cash.js) in headless chromium (run by tests/browser/test_cash.sh
// with URL, VIEWER, DEALER, SHOTS and OUT in the environment). Figures on screen are compared
// with the API's, formatted here independently, and the API's with the figures worked by hand in
// test_cash.sh. A dealer places the day's surplus through the Deal entry page, prefilled, checked
// live and booked pending; on the Forecast page a dealer adds, amends and cancels a forecast
// item. OUT set: the screenshots go there (docs/screenshots/).
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
function pence(s) {
  const neg = s.startsWith('-'), [w, f = ''] = s.replace(/^-/, '').split('.');
  const v = BigInt(w) * 100n + BigInt((f + '00').slice(0, 2));
  return neg ? -v : v;
}
function penceStr(p) {
  const neg = p < 0n, a = neg ? -p : p;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
async function api(p) {
  const r = await fetch(URL + p, { headers: { Authorization: `Bearer ${process.env.VIEWER}` } });
  return r.json();
}
async function post(p, body) {
  const r = await fetch(URL + p, { method: 'POST', body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${process.env.DEALER}`, 'Content-Type': 'application/json' } });
  return r.json();
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

  const W = '/api/v1/authorities/WSX';
  const cardText = (page, id) => page.locator(`#${id}`).textContent();

  await test('Today: the morning position equals the API, in its parts', async (page) => {
    const p = await api(`${W}/position`);
    eq('the day', p.date, '2026-04-07');
    eq('the hand-worked figures: opening, receipts, payments, surplus', [p.opening_balance, p.receipts, p.payments, p.surplus].join('|'),
      '2059874.50|1412328.77|900000.00|2572203.27');
    await page.getByRole('link', { name: 'Today', exact: true }).click();
    await page.locator('#today-surplus').waitFor();
    eq('the opening balance', await cardText(page, 'today-opening'), ukMoney(p.opening_balance));
    eq('receipts', await cardText(page, 'today-receipts'), ukMoney(p.receipts));
    eq('payments', await cardText(page, 'today-payments'), ukMoney(p.payments));
    eq('the surplus', await cardText(page, 'today-surplus'), ukMoney(p.surplus));
    eq('to invest above the £500,000 minimum', await cardText(page, 'today-investable'), '£2,072,203.27');
    eq('the maturity: D1 with its interest', (await page.locator('table.today-maturities tbody tr').allInnerTexts()).join('|'),
      '07/04/2026\tBook\tD1\tMAIN\tfixed matures: principal £1,000,000.00 + interest £12,328.77\t£1,012,328.77');
    eq('the deal to settle: D2 out', (await page.locator('table.today-settle tbody tr td:nth-child(3)').allTextContents()).join(','), 'D2');
    eq('the rest: council tax in, precepts out', (await page.locator('table.today-flows tbody tr td:nth-child(3)').allTextContents()).join(','), 'CF2,CF3');
    const all = [...p.maturities, ...p.items].length - p.maturities.length;
    eq('every item of the API shown once', await page.locator('table[class*="today-"] tbody tr[data-ref]').count(), all);
    eq('a viewer has no button', await page.locator('#place-surplus').count(), 0);
    noRawFigures('the Today page', await page.locator('main').innerText());
    if (OUT) await page.screenshot({ path: path.join(OUT, 'today.png'), fullPage: true });
  });

  await test('Forecast: 13 weeks, the chart marks the days below the minimum, the weeks equal the API', async (page) => {
    await page.getByRole('link', { name: 'Forecast', exact: true }).click();
    await page.locator('table.forecast-weeks').waitFor();
    const days = await api(`${W}/cashflow?by=day`);
    const weeks = await api(`${W}/cashflow?by=week&from=${days.from}&to=${days.to}`);
    eq('13 weeks from today', `${days.from} ${days.to} ${days.periods.length}`, '2026-04-07 2026-07-06 91');
    const below = days.periods.filter((x) => x.below_minimum);
    eq('below the minimum from the capital works of 15 May to the council tax of 6 July',
      `${below[0].start} ${below[below.length - 1].start} ${below.length}`, '2026-05-15 2026-07-05 52');
    const bands = await page.locator('svg.forecast-chart rect.below-day').evaluateAll((rs) => rs.map((r) => Number(r.dataset.days)));
    eq('one red band over the days below', bands.join(','), String(below.length));
    eq('the minimum line', await page.locator('svg.forecast-chart line.minimum-line').count(), 1);
    const d = await page.locator('svg.forecast-chart path.balance-line').getAttribute('d');
    eq('the line steps through every day', (d.match(/L/g) || []).length, 2 * days.periods.length);
    eq('the days-below card', await cardText(page, 'forecast-below'), String(below.length));
    eq('the opening card', await cardText(page, 'forecast-opening'), ukMoney(days.opening_balance));
    const rows = page.locator('table.forecast-weeks tbody tr');
    eq('a row per week', await rows.count(), weeks.periods.length);
    eq('each week closes as the API says', (await rows.locator('td:nth-child(6)').allTextContents()).join('|'),
      weeks.periods.map((x) => ukMoney(x.closing_balance)).join('|'));
    eq('receipts per week', (await rows.locator('td:nth-child(3)').allTextContents()).join('|'),
      weeks.periods.map((x) => ukMoney(x.receipts)).join('|'));
    eq('weeks below flagged', await page.locator('table.forecast-weeks .badge-below_minimum').count(),
      weeks.periods.filter((x) => x.below_minimum).length);
    noRawFigures('the Forecast page', await page.locator('main').innerText());
    if (OUT) await page.screenshot({ path: path.join(OUT, 'forecast.png'), fullPage: true });
    await page.locator('#forecast-account').selectOption('PAYROLL');
    await page.waitForFunction(() => location.hash.endsWith('account=PAYROLL'));
    await page.locator('#forecast-minimum').filter({ hasText: '£0.00' }).waitFor();
    const pay = await api(`${W}/cashflow?by=week&from=${days.from}&to=${days.to}&account=PAYROLL`);
    eq('one account: its weeks', (await page.locator('table.forecast-weeks tbody tr td:nth-child(6)').allTextContents()).join('|'),
      pay.periods.map((x) => ukMoney(x.closing_balance)).join('|'));
    eq('no day below', await page.locator('svg.forecast-chart rect.below-day').count(), 0);
  });

  await test('a dealer places the surplus: the deal form prefilled, checked, booked pending', async (page) => {
    await page.goto(`${URL}/#/WSX/today`);
    await page.getByRole('button', { name: 'Place £2,072,203.27 on Deal entry' }).click();
    await page.locator('#deal-form').waitFor();
    eq('the address', new globalThis.URL(page.url()).hash, '#/WSX/deal');
    eq('the amount prefilled', await page.locator('#deal-amount').inputValue(), '2,072,203.27');
    eq('starting today', await page.locator('#deal-start').inputValue(), '07/04/2026');
    ok('saying where the figures come from', /Prefilled from Today/.test(await page.locator('#deal-prefilled').textContent()));
    await page.locator('#deal-maturity').fill('07/07/2026'); /* first: a fixed deal's check needs it */
    await page.locator('#deal-counterparty').selectOption('BANKA');
    await page.locator('#check .check-allowed').waitFor();
    await page.locator('#deal-rate').fill('4.1');
    if (OUT) await page.screenshot({ path: path.join(OUT, 'today-place.png'), fullPage: true });
    await page.getByRole('button', { name: 'Book deal' }).click();
    await page.locator('#deal-result .ok').waitFor();
    const d = await api(`${W}/deals?status=pending`);
    eq('one pending deal of the surplus from today, booked by dee', d.deals.map((x) => `${x.principal} ${x.start_date} ${x.counterparty} ${x.booked_by}`).join('|'),
      '2072203.27 2026-04-07 BANKA dee');
    await page.goto(`${URL}/#/WSX/today`);
    await page.locator('#today-surplus').waitFor();
    const p = await api(`${W}/position`);
    eq('it settles today: the surplus is what the minimum needs', p.surplus, '500000.00');
    eq('and the page says nothing is left to invest', await page.locator('#place-surplus').count(), 0);
  }, process.env.DEALER);

  await test('Bank accounts: each with its minimum and its balance by the latest statement', async (page) => {
    await page.getByRole('link', { name: 'Bank accounts', exact: true }).click();
    await page.locator('table.bank-accounts').waitFor();
    const acc = await api(`${W}/accounts`);
    const rows = page.locator('table.bank-accounts tbody tr');
    eq('a row per account', await rows.count(), acc.accounts.length);
    eq('minimums', (await rows.locator('td:nth-child(6)').allTextContents()).join('|'), acc.accounts.map((a) => ukMoney(a.min_balance)).join('|'));
    eq('balances: MAIN by its statement of 2 April, PAYROLL none', (await rows.locator('td:nth-child(7)').allTextContents()).join('|'),
      '£2,059,874.50|£0.00');
    if (OUT) await page.screenshot({ path: path.join(OUT, 'bank-accounts.png'), fullPage: true });
  });

  await test('a dealer adds, amends and cancels a forecast item: the list, the refusals and the forecast follow', async (page) => {
    const weekly = async () => (await api(`${W}/cashflow?by=week`)).periods;
    const closings = async () => (await page.locator('table.forecast-weeks tbody tr td:nth-child(6)').allTextContents()).join('|');
    /* the weeks' closing balances with amount added from the week holding day on */
    const shifted = (weeks, day, amount) => weeks.map((x) => ukMoney(penceStr(pence(x.closing_balance) + (x.end >= day ? pence(amount) : 0n)))).join('|');
    const before = await weekly();
    await page.goto(`${URL}/#/WSX/forecast`);
    await page.locator('#item-form').waitFor();
    const listed = await api(`${W}/cashflow/items`);
    eq('the items listed are the API\'s live ones', (await page.locator('table.forecast-items tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.ref))).join(','),
      listed.items.map((x) => x.ref).join(','));
    eq('CF4, the school rebuild, as added by carol', (await page.locator('table.forecast-items tr[data-ref="CF4"]').innerText()).split('\t').slice(0, 8).join('|').replace(/\s+\d\d\/\d\d\/\d{4} \d\d:\d\d$/, ''),
      'CF4|15/05/2026|MAIN|-£2,500,000.00|capital|school rebuild|once|carol');
    // refused: a zero amount, the API's message shown, nothing added
    await page.locator('#item-date').fill('21/04/2026');
    await page.locator('#item-amount').fill('0');
    await page.locator('#item-category').fill('creditors');
    await page.locator('#item-description').fill('road repairs');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#items-result .error').waitFor();
    ok('the API\'s reason shown', /amount is zero/.test(await page.locator('#items-result .error').textContent()),
      await page.locator('#items-result .error').textContent());
    eq('nothing added', (await api(`${W}/cashflow/items`)).items.length, listed.items.length);
    // added: a payment of £1,000,000 on Tuesday 21 April
    await page.locator('#item-amount').fill('-1,000,000');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator('#items-result .ok').waitFor();
    const added = (await api(`${W}/cashflow/items`)).items.find((x) => x.description === 'road repairs');
    ok('in the API\'s list, by dee', added && added.changed_by === 'dee' && added.amount === '-1000000.00' && added.date === '2026-04-21', added);
    eq('said', await page.locator('#items-result .ok').textContent(), `${added.ref} added: 21/04/2026 MAIN -£1,000,000.00 creditors: road repairs.`);
    eq('the weeks from 20 April close £1,000,000 lower', await closings(), shifted(before, '2026-04-21', '-1000000.00'));
    // amended: £750,000, with a reason (refused without one, before the API is asked)
    await page.getByRole('button', { name: `Amend ${added.ref}` }).click();
    eq('the form holds its terms', await page.locator('#item-amount').inputValue(), '-1000000.00');
    await page.locator('#item-amount').fill('-750000');
    await page.getByRole('button', { name: `Amend ${added.ref}` }).last().click();
    ok('a reason asked for', /Give a reason for amending/.test(await page.locator('#items-result .error').textContent()));
    await page.locator('#item-reason').fill('smaller contract');
    if (OUT) await page.locator('#forecast-items').screenshot({ path: path.join(OUT, 'cash-items.png') });
    await page.locator('#item-submit').click();
    await page.locator('#items-result .ok').filter({ hasText: 'amended' }).waitFor();
    eq('the weeks from 20 April close £750,000 lower', await closings(), shifted(before, '2026-04-21', '-750000.00'));
    eq('its row: the new amount, two versions', await page.locator(`table.forecast-items tr[data-ref="${added.ref}"] td:nth-child(4)`).textContent(), '-£750,000.00');
    ok('two versions', /\(2 versions\)/.test(await page.locator(`table.forecast-items tr[data-ref="${added.ref}"] td:nth-child(8)`).textContent()));
    // cancelled, with a reason
    await page.getByRole('button', { name: `Cancel ${added.ref}` }).click();
    ok('a reason asked for', /Give a reason for cancelling/.test(await page.locator('#items-result .error').textContent()));
    await page.getByLabel(`Reason for cancelling ${added.ref}`).fill('done by the county');
    await page.getByRole('button', { name: `Cancel ${added.ref}` }).click();
    await page.locator('#items-result .ok').filter({ hasText: 'cancelled' }).waitFor();
    eq('the weeks are as before', await closings(), before.map((x) => ukMoney(x.closing_balance)).join('|'));
    eq('gone from the list', await page.locator(`table.forecast-items tr[data-ref="${added.ref}"]`).count(), 0);
    const hist = await api(`${W}/cashflow/items/${added.id}`);
    eq('its versions: added, amended, cancelled, by dee with the reasons',
      hist.versions.map((v) => `${v.change} ${v.amount} ${v.entered_by} ${v.reason}`).join('|'),
      'added -1000000.00 dee |amended -750000.00 dee smaller contract|cancelled -750000.00 dee done by the county');
    noRawFigures('the Forecast page with its items', await page.locator('main').innerText());
  }, process.env.DEALER, '401|400');

  await test('a viewer sees the items without the forms', async (page) => {
    await page.goto(`${URL}/#/WSX/forecast`);
    await page.locator('table.forecast-items').waitFor();
    eq('no form', await page.locator('#item-form').count(), 0);
    eq('no buttons in the list', await page.locator('table.forecast-items button').count(), 0);
  });

  await browser.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
})();
