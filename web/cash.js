/* cash.js: the web pages of cash (docs/cash.md, docs/web.md), on app.js's helpers (h, table, td,
 * money, ukDate, pence, api, base, show, pageTitle, card, PAGES), loaded after it.
 *   #/CODE/today     the dealer's morning position (GET .../position): the opening balance from
 *                    the latest statement, the day's receipts and payments, maturities, deals to
 *                    settle and the surplus; a dealer's button takes the surplus above the
 *                    minimum balance to the Deal entry page, prefilled, for the usual live
 *                    pre-deal check and booking (the deal then waits for a second officer).
 *   #/CODE/forecast  the next 13 weeks (GET .../cashflow by day for the chart, by week for the
 *                    table), consolidated or one account: the balance as an SVG step line, the
 *                    minimum balance line, the days below it marked.
 *                    Under it the forecast items (GET .../cashflow/items): a dealer adds one
 *                    (POST .../cashflow/items), amends one (.../items/N/amend) or cancels one
 *                    (.../items/N/cancel), each change with a reason; the page then reloads.
 *   #/CODE/accounts  the bank accounts (GET .../accounts) with each one's balance from its
 *                    latest statement (the opening balance of today's forecast of the account).
 * Amounts stay decimal strings: money() formats them; only the chart's geometry uses numbers. */
'use strict';

/* BigInt pence -> "1234.56". */
function penceText(p) {
  const neg = p < 0n, a = neg ? -p : p;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
const canDealCash = () => ['dealer', 'approver', 'admin'].includes(state.me.role);
const SOURCE_NAMES = { book: 'Book', forecast: 'Forecast', actual: 'Bank statement' };

function flowRows(items) {
  return items.map((x) => h('tr', { 'data-ref': x.ref }, td(ukDate(x.date)), td(SOURCE_NAMES[x.source] || x.source), td(x.ref, 'nowrap'),
    td(x.account), td(ukText(x.description)), td(money(x.amount), pence(x.amount) < 0n ? 'num out' : 'num')));
}
const FLOW_HEADS = ['Date', 'Source', 'Ref', 'Account', 'Description', 'Amount'];

/* ---- today ---------------------------------------------------------------------------------- */

async function todayPage() {
  const p = await view('position');
  const matRefs = new Set(p.maturities.map((x) => `${x.source} ${x.ref}`));
  const settle = p.items.filter((x) => x.source === 'book' && !matRefs.has(`${x.source} ${x.ref}`) && pence(x.amount) < 0n);
  const settleRefs = new Set(settle.map((x) => `${x.source} ${x.ref}`));
  const others = p.items.filter((x) => !matRefs.has(`${x.source} ${x.ref}`) && !settleRefs.has(`${x.source} ${x.ref}`));
  const surplus = pence(p.surplus), minimum = pence(p.minimum_balance);
  const investable = surplus - minimum;
  const short = surplus < 0n;
  const action = investable > 0n
    ? h('div', { class: 'place' },
      h('p', {}, `After keeping the minimum balance of ${money(p.minimum_balance)}, `, h('strong', { id: 'today-investable' }, money(penceText(investable))),
        ' can be invested today.'),
      canDealCash() ? h('button', { type: 'button', class: 'primary', id: 'place-surplus', onclick: () => {
        state.prefill = { amount: penceText(investable), start_date: p.date };
        location.hash = `#/${state.code}/deal`;
      } }, `Place ${money(penceText(investable))} on Deal entry`) : h('p', { class: 'help' }, 'Placing it needs the dealer role.'),
      h('p', { class: 'help' }, 'The deal form opens with the amount and today as the start date: choose the counterparty, and the pre-deal check runs as usual. The deal waits for a second officer to approve it.'))
    : h('div', { class: short ? 'error' : 'place' }, short
      ? `A shortfall of ${money(penceText(-surplus))}: borrow, or recall money, to cover it and the minimum balance of ${money(p.minimum_balance)}.`
      : `Nothing to invest: the balance of ${money(p.surplus)} is within the minimum balance of ${money(p.minimum_balance)}.`);
  show(pageTitle('Today', `the morning position on ${ukDate(p.date)}`),
    h('section', { class: 'cards', 'aria-label': 'The position' },
      card('Opening balance', money(p.opening_balance), 'from the latest bank statements', 'today-opening'),
      card('Receipts', money(p.receipts), 'expected in today', 'today-receipts'),
      card('Payments', money(p.payments), 'expected out today', 'today-payments'),
      card(short ? 'Shortfall to borrow' : 'Surplus to invest', money(short ? penceText(-surplus) : p.surplus),
        `opening + receipts − payments${p.below_minimum ? '; below the minimum balance' : ''}`, 'today-surplus',
        short || p.below_minimum ? 'bad' : 'good')),
    action,
    h('section', {}, h('h2', {}, 'Maturities'),
      table(null, FLOW_HEADS, flowRows(p.maturities), { cls: 'data today-maturities', empty: 'No deal matures and no loan instalment is due today.' })),
    h('section', {}, h('h2', {}, 'Deals to settle'),
      table(null, FLOW_HEADS, flowRows(settle), { cls: 'data today-settle', empty: 'No deal starts today.' })),
    h('section', {}, h('h2', {}, 'Other receipts and payments'),
      table(null, FLOW_HEADS, flowRows(others), { cls: 'data today-flows', empty: 'No other receipts or payments are expected today.' })));
}

/* ---- forecast ------------------------------------------------------------------------------- */

/* The balance day by day as a step line from the opening balance, the minimum balance as a
 * dashed line, and the days closing below it marked by red bands (one per run of days). */
function forecastChart(d) {
  const W = 1100, H = 280, L = 120, R = 20, T = 14, B = 34;
  const n = d.periods.length;
  if (!n) return null;
  const values = [pence(d.opening_balance), pence(d.minimum_balance), 0n, ...d.periods.map((x) => pence(x.closing_balance))];
  let lo = values.reduce((a, b) => (b < a ? b : a)), hi = values.reduce((a, b) => (b > a ? b : a));
  if (hi === lo) hi = lo + 100n;
  const X = (i) => L + (i / n) * (W - L - R);
  const Y = (p) => T + (1 - Number(((p - lo) * 10000n) / (hi - lo)) / 10000) * (H - T - B);
  const ns = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const below = d.periods.filter((x) => x.below_minimum).length;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'forecast-chart', role: 'img',
    'aria-label': `Balance from ${ukDate(d.from)} to ${ukDate(d.to)}: lowest ${money(penceText(values.slice(3).reduce((a, b) => (b < a ? b : a))))}, ${below} day${below === 1 ? '' : 's'} below the minimum balance` });
  for (let i = 0; i < n; i++) { /* one band per run of days below, data-days long */
    if (!d.periods[i].below_minimum) continue;
    let j = i;
    while (j + 1 < n && d.periods[j + 1].below_minimum) j++;
    const r = s('rect', { x: X(i).toFixed(1), y: T, width: (X(j + 1) - X(i)).toFixed(1), height: H - T - B, class: 'below-day', 'data-days': j - i + 1 });
    r.append(s('title', {}, `${ukDate(d.periods[i].start)} to ${ukDate(d.periods[j].start)}: below the minimum`));
    svg.append(r);
    i = j;
  }
  const ticks = [[hi, money(penceText(hi))], [lo, money(penceText(lo))]];
  if (lo < 0n && hi > 0n) { /* £0 too, its label only when it does not sit on the lowest's */
    ticks.push([0n, Y(0n) - Y(lo) < -16 ? '£0' : '']);
  }
  for (const [v, label] of ticks) {
    svg.append(s('line', { x1: L, x2: W - R, y1: Y(v).toFixed(1), y2: Y(v).toFixed(1), class: v === 0n ? 'zero-line' : 'grid-line' }));
    if (label) svg.append(s('text', { x: L - 6, y: (Y(v) + 4).toFixed(1), 'text-anchor': 'end', class: 'axis' }, label));
  }
  const minY = Y(pence(d.minimum_balance)).toFixed(1);
  svg.append(s('line', { x1: L, x2: W - R, y1: minY, y2: minY, class: 'minimum-line' }));
  svg.append(s('text', { x: W - R, y: (Number(minY) - 5).toFixed(1), 'text-anchor': 'end', class: 'axis minimum-label' },
    `minimum ${money(d.minimum_balance)}`));
  for (let i = 0; i < n; i += 7)
    svg.append(s('text', { x: X(i).toFixed(1), y: H - 10, class: 'axis', 'text-anchor': i ? 'middle' : 'start' }, ukDate(d.periods[i].start).slice(0, 5)));
  let path = `M${X(0).toFixed(1)},${Y(pence(d.opening_balance)).toFixed(1)}`;
  d.periods.forEach((x, i) => {
    const y = Y(pence(x.closing_balance)).toFixed(1);
    path += ` L${X(i).toFixed(1)},${y} L${X(i + 1).toFixed(1)},${y}`;
  });
  svg.append(s('path', { d: path, class: 'balance-line' }));
  return svg;
}

async function forecastPage() {
  const acc = await view('accounts');
  const m = /[?&]account=([^&]+)/.exec(location.hash);
  const account = m && acc.accounts.some((a) => a.code === decodeURIComponent(m[1])) ? decodeURIComponent(m[1]) : '';
  const q = account ? `&account=${encodeURIComponent(account)}` : '';
  const days = await view('cashflow', `?by=day${q}`);
  const weeks = await view('cashflow', `?by=week&from=${days.from}&to=${days.to}${q}`);
  const pick = h('select', { id: 'forecast-account', onchange: (ev) => {
    location.hash = `#/${state.code}/forecast${ev.target.value ? `?account=${encodeURIComponent(ev.target.value)}` : ''}`;
  } }, h('option', { value: '' }, 'All accounts (consolidated)'),
  acc.accounts.map((a) => h('option', { value: a.code, selected: a.code === account }, `${a.name} (${a.code})`)));
  const below = days.periods.filter((x) => x.below_minimum);
  const rows = weeks.periods.map((x) => h('tr', { class: x.below_minimum ? 'breach' : null }, td(ukDate(x.start)), td(ukDate(x.end)),
    td(money(x.receipts), 'num'), td(money(x.payments), 'num'), td(money(x.net), 'num'), td(money(x.closing_balance), 'num'),
    h('td', {}, x.below_minimum ? badge('below_minimum') : '')));
  const chart = forecastChart(days);
  const items = await view('cashflow/items');
  show(pageTitle('Forecast', `the next 13 weeks, ${ukDate(days.from)} to ${ukDate(days.to)}`),
    h('div', { class: 'field inline' }, h('label', { for: 'forecast-account' }, 'Account'), pick),
    h('section', { class: 'cards', 'aria-label': 'Key figures' },
      card('Opening balance', money(days.opening_balance), `the evening of ${ukDate(addDays(days.from, -1))}`, 'forecast-opening'),
      card('Closing balance', money(days.periods.length ? days.periods[days.periods.length - 1].closing_balance : days.opening_balance), `on ${ukDate(days.to)}`, 'forecast-closing'),
      card('Minimum balance', money(days.minimum_balance), account ? `of ${account}` : 'of all the accounts', 'forecast-minimum'),
      card('Days below the minimum', String(below.length), below.length ? `first on ${ukDate(below[0].start)}` : 'none in 13 weeks', 'forecast-below', below.length ? 'bad' : 'good')),
    h('section', {}, h('h2', {}, 'Balance day by day'), chart || h('p', { class: 'empty' }, 'No days.'),
      h('p', { class: 'help legend' }, 'The line is the closing balance of each day; the dashed line the minimum balance; red bands the days closing below it.')),
    h('section', {}, h('h2', {}, 'By week'),
      table(null, ['Start', 'End', 'Receipts', 'Payments', 'Net', 'Closing', 'Below minimum'], rows, { cls: 'data forecast-weeks num-cols' })),
    itemsSection(items.items.filter((x) => !account || x.account === account), acc.accounts, account));
}

/* ---- forecast items: the list, and a dealer's add, amend and cancel -------------------------- */

const REPEATS = [['', 'Once'], ['weekly', 'Weekly'], ['monthly', 'Monthly'], ['quarterly', 'Quarterly'], ['yearly', 'Yearly']];
const repeatText = (x) => (x.repeat ? `${x.repeat}${x.until ? ` until ${ukDate(x.until)}` : ''}` : 'once');
const apiMessage = (r, what) => (r.data && r.data.error && r.data.error.message) || `${what} failed (${r.status})`;

/* After a change: the page again (the forecast with it), then the message. */
async function itemsChanged(text) {
  await forecastPage();
  const m = $('#items-result');
  if (m) m.replaceChildren(h('div', { class: 'ok', role: 'status' }, text));
}

/* The add/amend form: empty to add; amend(item) fills it with an item's terms, and the
 * change sends only the terms that differ, with the reason the API keeps. */
function itemForm(accounts, account, msg) {
  const field = (id, label, input, cls) => h('div', { class: `field ${cls || ''}` }, h('label', { for: id }, label), input);
  const f = {
    account: h('select', { id: 'item-account' }, accounts.map((a) => h('option', { value: a.code, selected: a.code === account }, a.code))),
    date: h('input', { id: 'item-date', placeholder: 'dd/mm/yyyy', autocomplete: 'off' }),
    amount: h('input', { id: 'item-amount', inputmode: 'decimal', autocomplete: 'off', 'aria-describedby': 'item-amount-help' }),
    category: h('input', { id: 'item-category', autocomplete: 'off', placeholder: 'council tax, payroll, …' }),
    description: h('input', { id: 'item-description', autocomplete: 'off' }),
    repeat: h('select', { id: 'item-repeat' }, REPEATS.map(([v, t]) => h('option', { value: v }, t))),
    until: h('input', { id: 'item-until', placeholder: 'dd/mm/yyyy (no end: empty)', autocomplete: 'off' }),
    reason: h('input', { id: 'item-reason', autocomplete: 'off', placeholder: 'why it changes (kept in the audit trail)' }),
  };
  let editing = null; /* the item being amended, or null: adding */
  const legend = h('legend', {}, 'Add a forecast item');
  const reasonField = field('item-reason', 'Reason', f.reason, 'wide');
  const submit = h('button', { type: 'submit', class: 'primary', id: 'item-submit' }, 'Add item');
  const stop = h('button', { type: 'button', id: 'item-stop', hidden: true, onclick: () => reset() }, 'Stop amending');
  const reset = () => {
    editing = null;
    for (const k of ['date', 'amount', 'category', 'description', 'until', 'reason']) f[k].value = '';
    f.repeat.value = '';
    legend.textContent = 'Add a forecast item'; submit.textContent = 'Add item';
    reasonField.hidden = true; stop.hidden = true;
  };
  const terms = () => {
    const t = { account: f.account.value, date: isoDate(f.date.value), amount: f.amount.value.trim().replace(/[£,]/g, ''),
      category: f.category.value.trim(), description: f.description.value.trim(), repeat: f.repeat.value,
      until: f.repeat.value ? isoDate(f.until.value) : null };
    if (!t.date) throw new Error('Date: use dd/mm/yyyy.');
    if (!t.amount) throw new Error('Amount: a receipt is positive, a payment negative (-250000.00).');
    if (f.repeat.value && f.until.value.trim() && !t.until) throw new Error('Until: use dd/mm/yyyy, or leave it empty for no end.');
    return t;
  };
  /* amend: only what differs from the item, and the reason */
  const changes = (t) => {
    const b = {};
    for (const k of ['account', 'date', 'category', 'description', 'repeat']) if (t[k] !== editing[k]) b[k] = t[k];
    if (!/^-?\d+(\.\d+)?$/.test(t.amount) || pence(t.amount) !== pence(editing.amount)) b.amount = t.amount;
    if (t.until !== editing.until && (t.repeat || editing.until)) b.until = t.until;
    if (!Object.keys(b).length) throw new Error(`Nothing changes: change a term of ${editing.ref} first.`);
    const why = f.reason.value.trim();
    if (!why) throw new Error(`Give a reason for amending ${editing.ref}: it is kept with the change.`);
    b.reason = why;
    return b;
  };
  const form = h('form', { id: 'item-form', class: 'item-form', oninput: () => msg.replaceChildren(), onsubmit: async (ev) => {
    ev.preventDefault();
    let t, r;
    try { t = terms(); if (editing) t = changes(t); } catch (e) { msg.replaceChildren(errorBox(e.message)); return; }
    if (editing) r = await api('POST', `${base()}/cashflow/items/${editing.id}/amend`, t);
    else {
      if (!t.until) delete t.until;
      r = await api('POST', `${base()}/cashflow/items`, t);
    }
    if (r.status !== 201) { msg.replaceChildren(errorBox(`Refused: ${ukText(apiMessage(r, editing ? 'amending' : 'adding'))}`)); return; }
    await itemsChanged(`${r.data.ref} ${r.data.status}: ${itemSentence(r.data.item)}.`);
  } },
  h('fieldset', {}, legend,
    field('item-account', 'Account', f.account), field('item-date', 'Date', f.date),
    h('div', { class: 'field' }, h('label', { for: 'item-amount' }, 'Amount (£)'), f.amount,
      h('p', { class: 'help', id: 'item-amount-help' }, 'A receipt positive, a payment negative.')),
    field('item-category', 'Category', f.category), field('item-description', 'Description', f.description),
    field('item-repeat', 'Repeat', f.repeat), field('item-until', 'Until', f.until), reasonField,
    h('div', { class: 'actions wide' }, submit, ' ', stop)));
  reset();
  form.amend = (x) => {
    editing = x;
    f.account.value = x.account; f.date.value = ukDate(x.date); f.amount.value = x.amount;
    f.category.value = x.category; f.description.value = x.description; f.repeat.value = x.repeat;
    f.until.value = x.until ? ukDate(x.until) : ''; f.reason.value = '';
    legend.textContent = `Amend ${x.ref}`; submit.textContent = `Amend ${x.ref}`;
    reasonField.hidden = false; stop.hidden = false;
    msg.replaceChildren();
    form.scrollIntoView({ block: 'nearest' });
    f.amount.focus();
  };
  return form;
}

/* "15/04/2026 MAIN -£120,000.00 creditors: capital works, monthly until ..." */
function itemSentence(x) {
  return `${ukDate(x.date)} ${x.account} ${money(x.amount)} ${x.category}${x.description ? `: ${x.description}` : ''}${x.repeat ? `, ${repeatText(x)}` : ''}`;
}

function itemsSection(items, accounts, account) {
  const msg = h('div', { id: 'items-result', 'aria-live': 'polite' });
  const dealer = canDealCash();
  const form = dealer && accounts.length ? itemForm(accounts, account || (accounts.find((a) => a.default) || accounts[0]).code, msg) : null;
  const cancel = async (x, input) => {
    const why = input.value.trim();
    if (!why) { msg.replaceChildren(errorBox(`Give a reason for cancelling ${x.ref} first: it is kept with the change.`)); input.focus(); return; }
    const r = await api('POST', `${base()}/cashflow/items/${x.id}/cancel`, { reason: why });
    if (r.status !== 201) { msg.replaceChildren(errorBox(`Refused: ${ukText(apiMessage(r, 'cancelling'))}`)); return; }
    await itemsChanged(`${x.ref} cancelled: it is out of the forecast.`);
  };
  const actions = (x) => {
    if (!form) return null;
    const id = `cancel-reason-${x.id}`;
    const input = h('input', { id, class: 'reason', autocomplete: 'off', placeholder: 'reason for cancelling' });
    return h('td', { class: 'row-actions' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': `Amend ${x.ref}`, onclick: () => form.amend(x) }, 'Amend'),
      h('span', { class: 'act' }, h('label', { for: id, class: 'visually-hidden' }, `Reason for cancelling ${x.ref}`), input,
        h('button', { type: 'button', class: 'danger', 'aria-label': `Cancel ${x.ref}`, onclick: () => cancel(x, input) }, 'Cancel')));
  };
  const rows = items.map((x) => h('tr', { 'data-ref': x.ref }, td(x.ref, 'nowrap'), td(ukDate(x.date)), td(x.account),
    td(money(x.amount), pence(x.amount) < 0n ? 'num out' : 'num'), td(x.category), td(x.description), td(repeatText(x)),
    h('td', { class: 'changed' }, x.changed_by, h('br'), h('span', { class: 'nowrap' }, ukDateTime(x.changed_at)),
      x.versions > 1 ? h('span', { class: 'help versions' }, ` (${x.versions} versions)`) : null), actions(x)));
  const heads = ['Ref', 'Date', 'Account', 'Amount', 'Category', 'Description', 'Repeat', 'Last changed'];
  if (form) heads.push('Change');
  return h('section', { id: 'forecast-items' }, h('h2', {}, 'Forecast items'),
    h('p', { class: 'intro' }, 'Receipts and payments expected besides the book’s deals and loans. A change is kept as a new version with who made it, when and why (prudent cashflow items CF3 lists an item’s versions); a cancelled item leaves the forecast.'),
    msg,
    table(null, heads, rows, { cls: 'data forecast-items', empty: 'No forecast items.' }),
    form || (dealer ? null : h('p', { class: 'help' }, 'Adding, amending and cancelling items needs the dealer role.')));
}

/* ---- bank accounts -------------------------------------------------------------------------- */

async function accountsPage() {
  const [acc, p] = await Promise.all([view('accounts'), view('position')]);
  const balances = await Promise.all(acc.accounts.map((a) =>
    view('cashflow', `?from=${p.date}&to=${p.date}&account=${encodeURIComponent(a.code)}`).then((d) => d.opening_balance)));
  const rows = acc.accounts.map((a, i) => {
    const under = pence(balances[i]) < pence(a.min_balance);
    return h('tr', { 'data-code': a.code, class: under ? 'breach' : null }, h('td', {}, h('strong', {}, a.code)), td(a.name), td(a.bank || '—'),
      td(a.sort_code || '—'), td(a.account_number || '—'), td(money(a.min_balance), 'num'), td(money(balances[i]), 'num'),
      h('td', {}, a.default ? badge('default') : '', under ? badge('below_minimum') : ''),
      h('td', {}, h('a', { href: `#/${state.code}/forecast?account=${encodeURIComponent(a.code)}` }, 'forecast')));
  });
  show(pageTitle('Bank accounts', 'the balance of each from its latest statement'),
    h('p', { class: 'intro' }, 'The default account is the one the book’s deals, loans and account movements settle through. A balance is the bank’s at the end of yesterday by the latest statement imported (£0.00 before the first).'),
    table(null, ['Code', 'Name', 'Bank', 'Sort code', 'Account number', 'Minimum balance', 'Balance (last statement)', '', 'Forecast'], rows,
      { cls: 'data bank-accounts', empty: `No bank accounts yet: import them with prudent import accounts FILE --authority ${state.code}.` }));
}

PAGES.today = todayPage;
PAGES.forecast = forecastPage;
PAGES.accounts = accountsPage;
