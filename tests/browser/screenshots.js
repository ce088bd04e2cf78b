// screenshots.js: a PNG of every web page, for looking at them and for docs/screenshots/. Run by
// `tests/browser/test_pages.sh` when SCREENSHOTS=DIR is set (against the same test data as the
// browser tests), or by hand: URL=... DEALER=... APPROVER=... SHARED=... VIEWER=... OUT=DIR
// node tests/browser/screenshots.js. Pages are 1280 px wide; print previews use print media.
// Books deals WEB-SHOT-1 (pending) and WEB-SHOT-2 (pending, by the approver) to show approvals.
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const URL = process.env.URL, OUT = process.env.OUT || '/tmp';
const T = { dealer: process.env.DEALER, approver: process.env.APPROVER, shared: process.env.SHARED, viewer: process.env.VIEWER };

async function api(method, p, token, body) {
  const r = await fetch(URL + p, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, data: await r.json() };
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  const shots = [];
  const session = async (token) => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => { console.log(`page error: ${e}`); process.exitCode = 1; });
    if (token) {
      await page.goto(URL + '/');
      await page.getByLabel('Access token').fill(token);
      await page.keyboard.press('Enter');
      await page.locator('#tabs').waitFor({ state: 'visible' });
    }
    return page;
  };
  const shot = async (page, name, opts = {}) => {
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file, fullPage: opts.full !== false, ...(opts.clip ? { clip: opts.clip } : {}) });
    shots.push(file);
  };
  const go = async (page, tab, waitFor) => {
    await page.getByRole('link', { name: tab, exact: true }).click();
    await page.locator(waitFor).first().waitFor();
  };

  let page = await session(null);
  await page.goto(URL + '/');
  await page.getByLabel('Access token').waitFor();
  await shot(page, 'sign-in', { full: false });
  await page.context().close();

  page = await session(T.dealer);
  await page.locator('#total-invested').waitFor();
  await shot(page, 'dashboard');

  await go(page, 'Deal entry', '#deal-form');
  await page.getByLabel('Counterparty').selectOption('BARC');
  await page.getByLabel('Amount (£)').fill('5,000,000');
  await page.getByLabel('Maturity date').fill('31/12/2018');
  await page.locator('#check-reasons').waitFor();
  await shot(page, 'deal-refused');
  await page.getByLabel('Counterparty').selectOption('LANCS');
  await page.getByLabel('Amount (£)').fill('2,500,000.00');
  await page.getByLabel('Maturity date').fill('28/09/2018');
  await page.getByLabel('Rate (%)').fill('0.65');
  await page.getByLabel('Reference').fill('WEB-SHOT-1');
  await page.locator('.check-allowed').waitFor();
  await shot(page, 'deal-accepted');
  await page.getByRole('button', { name: 'Book deal' }).click();
  await page.locator('#deal-result .ok').waitFor();
  await page.context().close();

  await api('POST', '/api/v1/authorities/TST/deals', T.approver, { ref: 'WEB-SHOT-2', counterparty: 'LANCS',
    principal: '750000', rate: '0.6', start_date: '2018-03-31', maturity_date: '2018-06-29' });
  page = await session(T.approver);
  await go(page, 'Approvals', 'tr[data-ref="WEB-SHOT-1"]');
  await page.getByLabel('Reason for rejecting WEB-SHOT-1').focus();
  await shot(page, 'approvals');
  await go(page, 'Lending list', 'tr[data-code="FIFE"]');
  await shot(page, 'lending-list');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'lending-list-print');
  await page.emulateMedia({ media: 'screen' });
  await go(page, 'Alerts', 'table.alerts-table');
  await shot(page, 'alerts');
  await go(page, 'Reports', '#report-kind');
  await page.getByLabel('Report').focus();
  await shot(page, 'reports', { full: false });
  await page.context().close();

  page = await session(T.shared);
  await page.locator('#total-invested').waitFor();
  await page.getByLabel('Authority').focus();
  await shot(page, 'authority-switcher', { full: false, clip: { x: 0, y: 0, width: 1280, height: 420 } });
  await page.getByLabel('Authority').selectOption('WSX');
  await page.locator('.page-head .sub', { hasText: 'Wessex' }).waitFor();
  await page.locator('#total-invested').waitFor();
  await shot(page, 'dashboard-empty-authority');
  await go(page, 'Approvals', 'table.approvals');
  await shot(page, 'approvals-empty', { full: false });
  await page.context().close();

  await browser.close();
  for (const f of shots) console.log(f);
})().catch((e) => { console.log(`screenshots failed: ${e.stack || e}`); process.exit(1); });
