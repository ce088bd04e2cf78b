/* history.js: the web pages' holdings list and a holding's history (docs/web.md), on app.js's
 * helpers (h, table, money, ukDate, api, base, show, PAGES), loaded after it.
 *   #/CODE/holdings       every deal of GET .../deals, each ref opening its history
 *   #/CODE/history/REF    GET .../deals/REF/history: the terms, a balance-over-time chart (SVG
 *                         drawn here, no library), the movements with the balance after each, a
 *                         pooled fund's valuation gain or loss, a dated deal's roll links; for a
 *                         dealer the forms that move money: an account's Top up (live pre-deal
 *                         check) and Withdraw, a confirmed dated deal's Repay early and Roll over
 *                         (live check), posting to .../movements, .../repay and .../roll;
 *                         what awaits approval (a pending top-up, a pending deal or roll-over)
 *                         with Approve and Reject for a second officer, Withdraw for its
 *                         recorder (.../approve, .../reject, .../withdraw).
 * Amounts stay decimal strings: money() formats them; the chart's geometry alone uses numbers
 * (pence as BigInt, scaled to pixels). */
'use strict';

const EVENT_NAMES = { opening: 'Opened', deposit: 'Deposit', withdrawal: 'Withdrawal', interest: 'Interest',
  valuation: 'Valuation', repayment: 'Repaid early', maturity: 'Matured (repaid)' };
const historyHref = (ref) => `#/${state.code}/history/${encodeURIComponent(ref)}`;

async function holdingsPage() {
  const d = await api('GET', `${base()}/deals`);
  if (d.status !== 200) throw new Error((d.data && d.data.error && d.data.error.message) || `deals: ${d.status}`);
  const rows = d.data.deals.map((x) => h('tr', {},
    h('td', {}, h('a', { href: historyHref(x.ref), class: 'history-link' }, x.ref)),
    td(TYPE_NAMES[x.type] || x.type), td(x.counterparty_name || x.counterparty), td(money(x.principal), 'num'),
    td(rateText(x.rate), 'num'), td(ukDate(x.start_date)), td(x.maturity_date ? ukDate(x.maturity_date) : 'none (an account)'),
    h('td', {}, badge(x.status)),
    h('td', {}, x.rolled_from ? h('a', { href: historyHref(x.rolled_from) }, `rolls over ${x.rolled_from}`) : '')));
  show(pageTitle('Holdings', 'every deal and account; open one for its history'),
    table(null, ['Ref', 'Type', 'Counterparty', 'Principal', 'Rate', 'Start', 'Maturity', 'Status', 'Roll'], rows,
      { cls: 'data holdings', empty: 'No deals yet. Book one on the Deal entry page or import the book.' }));
}

/* A chart of the balance after each event: a step line from the first event to the last (or
 * today when the holding is still open). */
function balanceChart(events, endIso) {
  const W = 1100, H = 240, L = 110, R = 20, T = 14, B = 34;
  const days = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
  const moves = events.filter((e) => e.kind !== 'valuation');
  if (!moves.length) return null;
  const x0 = days(moves[0].date), x1 = Math.max(days(endIso), days(moves[moves.length - 1].date), x0 + 1);
  let top = 0n;
  for (const e of events) { const v = pence(e.kind === 'valuation' ? e.value : e.balance); if (v > top) top = v; }
  if (top <= 0n) top = 100n;
  const X = (iso) => L + ((days(iso) - x0) / (x1 - x0)) * (W - L - R);
  const Y = (s) => T + (1 - Number((pence(s) * 10000n) / top) / 10000) * (H - T - B);
  let path = '', last = null;
  for (const e of moves) {
    const x = X(e.date).toFixed(1), y = Y(e.balance).toFixed(1);
    path += last === null ? `M${x},${Y('0').toFixed(1)} L${x},${y}` : ` L${x},${last} L${x},${y}`;
    last = y;
  }
  path += ` L${X(endIso).toFixed(1)},${last}`;
  const ns = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const topAmount = `${top / 100n}.${String(top % 100n).padStart(2, '0')}`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'balance-chart', role: 'img',
    'aria-label': `Balance from ${ukDate(moves[0].date)} to ${ukDate(endIso)}, highest ${money(topAmount)}` });
  for (const [v, label] of [[topAmount, money(topAmount)], ['0', '£0']]) {
    svg.append(s('line', { x1: L, x2: W - R, y1: Y(v), y2: Y(v), class: 'grid-line' }));
    svg.append(s('text', { x: L - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'axis' }, label));
  }
  svg.append(s('text', { x: L, y: H - 10, class: 'axis' }, ukDate(moves[0].date)));
  svg.append(s('text', { x: W - R, y: H - 10, 'text-anchor': 'end', class: 'axis' }, ukDate(endIso)));
  svg.append(s('path', { d: path, class: 'balance-line' }));
  const mark = (tag, attrs, title) => { const e = s(tag, attrs); e.append(s('title', {}, title)); svg.append(e); };
  for (const e of moves)
    mark('circle', { cx: X(e.date), cy: Y(e.balance), r: 3.5, class: 'balance-point' }, `${ukDate(e.date)}: ${money(e.balance)}`);
  for (const e of events.filter((x) => x.kind === 'valuation'))
    mark('rect', { x: X(e.date) - 4, y: Y(e.value) - 4, width: 8, height: 8, class: 'value-point' },
      `valued ${money(e.value)} on ${ukDate(e.date)}`);
  return svg;
}

function rollLine(label, r) {
  return h('li', {}, `${label} `, h('a', { href: historyHref(r.ref) }, r.ref),
    `: ${money(r.principal)} from ${ukDate(r.start_date)} to ${ukDate(r.maturity_date)} `, badge(r.status),
    ` (recorded by ${r.entered_by})`);
}

/* A dated deal's principal before it matures: the balance after its last event but maturity. */
function principalBefore(events, d) {
  const held = events.filter((e) => e.kind !== 'maturity' && e.kind !== 'valuation');
  return held.length ? held[held.length - 1].balance : d.principal;
}

async function historyPage() {
  const m = /^#\/[^/]*\/history\/(.+)$/.exec(location.hash);
  const ref = m ? decodeURIComponent(m[1]) : '';
  const r = await api('GET', `${base()}/deals/${encodeURIComponent(ref)}/history`);
  if (r.status !== 200) {
    show(pageTitle('History'), errorBox((r.data && r.data.error && r.data.error.message) || `history: ${r.status}`),
      h('p', {}, h('a', { href: `#/${state.code}/holdings` }, 'Back to the holdings')));
    return;
  }
  const d = r.data, events = d.events;
  const lastDate = events.length ? events[events.length - 1].date : d.start_date;
  const end = d.to || d.maturity_date || (lastDate > d.as_of ? lastDate : d.as_of);
  const signed = (e) => e.kind === 'withdrawal' || e.kind === 'repayment' || e.kind === 'maturity' ? `-${e.amount}` : e.amount;
  const rows = events.map((e) => h('tr', { class: `event-${e.kind}${e.status ? ` status-${e.status}` : ''}` }, td(ukDate(e.date)),
    h('td', {}, EVENT_NAMES[e.kind] || e.kind, e.status ? [' ', badge(e.status)] : null),
    td(e.kind === 'valuation' ? `value ${money(e.value)}` : money(signed(e)), 'num'), td(money(e.balance), 'num'),
    td(e.kind === 'valuation' ? `${pence(e.gain) < 0n ? 'loss' : 'gain'} ${money(e.gain.replace(/^-/, ''))}` : ''),
    td(e.break_cost ? `${e.note ? `${e.note}; ` : ''}break cost ${money(e.break_cost)}` : rejectionNote(e) || e.note || ''), td(e.entered_by ? `${e.entered_by}, ${ukDateTime(e.entered_at)}` : '', 'nowrap')));
  const gainCard = d.value === null ? null : card(pence(d.gain) < 0n ? 'Valuation loss' : 'Valuation gain',
    money(d.gain.replace(/^-/, '')), `value ${money(d.value)} against ${money(d.balance)} invested`, 'history-gain',
    pence(d.gain) < 0n ? 'bad' : 'good');
  const rolls = d.rolled_to === undefined ? null : h('section', { class: 'rolls' }, h('h2', {}, 'Roll-overs'),
    d.rolled_from || d.rolled_to.length ? h('ul', {}, d.rolled_from ? rollLine('Rolls over', d.rolled_from) : null,
      d.rolled_to.map((x) => rollLine('Rolled over into', x))) : h('p', { class: 'empty' }, 'Not rolled over.'));
  const chart = balanceChart(events, end);
  const movements = table(null, ['Date', 'Event', 'Amount', 'Balance', 'Gain or loss', 'Note', 'Entered'], rows, { cls: 'data history' });
  movements.querySelectorAll('thead th')[3].classList.add('num'); /* the balance, a figure */
  show(pageTitle(`History of ${d.ref}`, `${TYPE_NAMES[d.type] || d.type} with ${d.counterparty_name}`),
    h('p', { class: 'back' }, h('a', { href: `#/${state.code}/holdings` }, '← All holdings')),
    h('section', { class: 'cards', 'aria-label': 'The holding' },
      d.maturity_date ? card('Principal', money(principalBefore(events, d)), events.some((e) => e.kind === 'repayment')
        ? `${money(d.principal)} from ${ukDate(d.start_date)}, less early repayments; the rest repaid on ${ukDate(d.maturity_date)}`
        : `from ${ukDate(d.start_date)}, repaid on ${ukDate(d.maturity_date)}`, 'history-balance')
        : card('Balance now', money(d.balance), `opened with ${money(d.principal)} on ${ukDate(d.start_date)}`, 'history-balance'),
      card('Rate', rateText(d.rate), d.rate === null ? 'variable yield: no contractual rate' : 'contractual rate', 'history-rate'),
      card('Maturity', d.maturity_date ? ukDate(d.maturity_date) : 'None', d.maturity_date ? 'a dated deal' : 'an account: money moves in and out', 'history-maturity'),
      gainCard || card('Status', sentence(d.status), `${events.length} events`, 'history-status')),
    h('section', {}, h('h2', {}, 'Balance over time'), chart ? h('div', { class: 'chart-wrap' }, chart) : h('p', { class: 'empty' }, 'No balance to draw.')),
    h('section', {}, h('h2', {}, 'Movements'), movements),
    ...(rolls ? [rolls] : []),
    ...decisionPanel(d),
    ...moneyForms(d, principalBefore(events, d)));
}

/* A rejected or withdrawn top-up's note: who turned it down, when and why (it counts in no balance). */
function rejectionNote(e) {
  if (!e.rejected_by) return '';
  return `${e.note ? `${e.note}; ` : ''}${e.status} by ${e.rejected_by} on ${ukDateTime(e.rejected_at)}: ${e.rejection_reason}; not counted`;
}

/* ---- awaiting approval: a pending top-up or a pending deal (a roll-over's new deal) ------------ */

/* What awaits a second officer on this holding: [{what, by}], empty when nothing does. */
function pendingItems(d) {
  if (d.status === 'pending') {
    const opening = d.events.find((e) => e.kind === 'opening');
    return [{ what: `${d.rolled_from ? `Roll-over of ${d.rolled_from.ref}` : 'This deal'}: ${money(d.principal)} from ${ukDate(d.start_date)}`,
      by: opening ? opening.entered_by : '' }];
  }
  if (d.status !== 'confirmed') return [];
  return d.events.filter((e) => e.status === 'pending').map((e) => ({
    what: `Top-up of ${money(e.amount)} on ${ukDate(e.date)}${e.note ? ` (${e.note})` : ''}`, by: e.entered_by }));
}

/* The pending items with the decisions the signed-in officer may take, through the deal's
 * approve, reject and withdraw routes (which decide a confirmed account's pending top-ups, or a
 * pending deal): Approve and Reject for an approver who recorded none of them, Withdraw for the
 * officer who recorded one. Four eyes by identity: nobody sees Approve for what they recorded
 * (and the service refuses it anyway). */
function decisionPanel(d) {
  const items = pendingItems(d);
  if (!items.length) return [];
  const me = state.me.name, mine = items.filter((x) => x.by === me), others = items.filter((x) => x.by !== me);
  const canApprove = ['approver', 'admin'].includes(state.me.role);
  const canDeal = canApprove || state.me.role === 'dealer';
  const msg = h('div', { id: 'decision-result', 'aria-live': 'polite' });
  const topUps = d.status === 'confirmed', noun = topUps ? (items.length > 1 ? 'top-ups' : 'top-up') : 'deal';
  const done = { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' };
  const act = async (verb, input) => {
    let body;
    if (input) {
      const why = input.value.trim();
      if (!why) { msg.replaceChildren(errorBox(`Give a reason for ${verb === 'reject' ? 'rejecting' : 'withdrawing'} first: it is kept in the audit trail.`)); input.focus(); return; }
      body = { reason: why };
    }
    const r = await api('POST', `${base()}/deals/${encodeURIComponent(d.ref)}/${verb}`, body);
    if (r.status !== 200) { msg.replaceChildren(errorBox(sentence(ukText((r.data && r.data.error && r.data.error.message) || `${verb} failed (${r.status})`)))); return; }
    const n = r.data[done[verb]], what = Array.isArray(n) ? `${n.length} ${n.length > 1 ? 'top-ups' : 'top-up'} of ${d.ref}` : `Deal ${d.ref}`;
    await historyPage();
    $('#move-result').replaceChildren(h('div', { class: 'ok', role: 'status' }, `${what} ${done[verb]}.`));
  };
  const reason = (verb) => {
    const id = `${verb}-pending-reason`;
    const input = h('input', { id, class: 'reason', autocomplete: 'off', placeholder: `reason for ${verb === 'reject' ? 'rejecting' : 'withdrawing'}` });
    return [input, h('label', { for: id, class: 'visually-hidden' }, `Reason for ${verb === 'reject' ? 'rejecting' : 'withdrawing'}`)];
  };
  const actions = [];
  if (others.length && canApprove) {
    const [input, label] = reason('reject');
    actions.push(h('div', { class: 'decide' }, h('button', { type: 'button', class: 'primary', onclick: () => act('approve') }, 'Approve'),
      label, input, h('button', { type: 'button', class: 'danger', onclick: () => act('reject', input) }, 'Reject')));
  } else if (others.length) actions.push(h('p', { class: 'help' }, 'A second officer with the approver role approves or rejects it.'));
  if (mine.length && canDeal) {
    const [input, label] = reason('withdraw');
    actions.push(h('div', { class: 'decide' }, h('span', { class: 'help own' }, `Recorded by you: another officer approves it. `),
      label, input, h('button', { type: 'button', class: 'secondary', onclick: () => act('withdraw', input) }, `Withdraw my ${topUps ? 'top-up' : 'deal'}`)));
  }
  return [h('section', { class: 'pending-decisions', 'aria-label': 'Awaiting approval' },
    h('h2', {}, `Awaiting approval: ${items.length} ${noun}`),
    h('p', { class: 'help' }, topUps ? 'A pending top-up counts in exposure at once; approved, it is confirmed; rejected or withdrawn, it leaves every figure. Each decision is kept in the audit trail.'
      : 'A pending deal counts in exposure at once; a second officer approves or rejects it, its booker may withdraw it.'),
    h('ul', {}, items.map((x) => h('li', {}, `${x.what}, recorded by ${x.by === me ? 'you' : x.by}`))),
    ...actions, msg)];
}

/* ---- moving money: top up, withdraw, repay early, roll over ------------------------------------ */

/* A form field: label, input, help. */
function moneyField(id, label, input, help) {
  if (help) input.setAttribute('aria-describedby', `${id}-help`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    help ? h('p', { class: 'help', id: `${id}-help` }, help) : null);
}
const moneyInput = (id, attrs = {}) => h('input', { id, autocomplete: 'off', ...attrs });

/* The live pre-deal check of the deal entry page (POST .../check, checkAnswer in app.js) on the
 * inputs of a form: body() gives the check's body, or a string saying what is missing. */
function liveCheck(panel, body, inputs) {
  let timer = null;
  const run = async () => {
    const seq = ++state.checkSeq, b = body();
    if (typeof b === 'string') { panel.replaceChildren(h('p', { class: 'check-idle' }, b)); return; }
    panel.classList.add('busy');
    const r = await api('POST', `${base()}/check`, b);
    if (seq !== state.checkSeq) return; /* a newer check is on its way */
    panel.classList.remove('busy');
    panel.replaceChildren(...checkAnswer(r));
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(run, 250); };
  for (const e of inputs) { e.addEventListener('input', schedule); e.addEventListener('change', schedule); }
  return run;
}

/* Post a form's body; on success reload the history and say what was done, else show the API's
 * message (and a refused check's reasons in the form's check panel). */
async function postMove(form, path, body, done, panel) {
  const msg = form.querySelector('.move-result'), button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const r = await api('POST', `${base()}/deals/${encodeURIComponent(form.dataset.ref)}/${path}`, body);
  button.disabled = false;
  if (r.status === 201) {
    await historyPage();
    $('#move-result').replaceChildren(h('div', { class: 'ok', role: 'status' }, done(r.data)));
    return;
  }
  const why = (r.data && r.data.error && r.data.error.message) || `failed (${r.status})`;
  if (r.status === 409 && r.data && r.data.reasons && panel) {
    msg.replaceChildren(errorBox(`Refused: nothing was recorded. ${sentence(why)}`));
    panel.replaceChildren(...checkAnswer({ status: 200, data: r.data }));
  } else msg.replaceChildren(errorBox(sentence(ukText(why))));
}

/* A date input's ISO value: blank is today; null when not a date. */
const dateOrToday = (input, today) => (input.value.trim() ? isoDate(input.value) : today);

function moveForm(id, legend, ref, fields, submitText, onsubmit, panel) {
  const form = h('form', { id, class: 'move-form', novalidate: true, 'data-ref': ref,
    onsubmit: (ev) => { ev.preventDefault(); onsubmit(form); } },
  h('fieldset', {}, h('legend', {}, legend), fields),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, submitText)),
  h('div', { class: 'move-result', 'aria-live': 'polite' }));
  return panel ? h('div', { class: 'move-layout' }, form, panel) : form;
}
const checkPanel = (id, text) => h('section', { class: 'check', id, 'aria-live': 'polite', 'aria-label': 'Pre-deal check' },
  h('p', { class: 'check-idle' }, text));

/* An account's Top up (checked live, pending until approved) and Withdraw. */
function accountForms(d) {
  const today = d.as_of;
  const tAmount = moneyInput('topup-amount', { inputmode: 'decimal' }), tDate = moneyInput('topup-date', { placeholder: 'dd/mm/yyyy' });
  const tReason = moneyInput('topup-reason');
  const panel = checkPanel('topup-check', 'The pre-deal check runs as you type an amount.');
  const checkBody = () => {
    const date = dateOrToday(tDate, today);
    if (!tAmount.value.trim()) return 'Enter an amount to check the top-up.';
    if (!date) return 'Date: use dd/mm/yyyy.';
    return { counterparty: d.counterparty, type: d.type, amount: tAmount.value.trim(), start_date: date };
  };
  liveCheck(panel, checkBody, [tAmount, tDate]);
  const topUp = moveForm('topup-form', `Top up ${d.ref}`, d.ref, [
    moneyField('topup-amount', 'Amount (£)', tAmount, 'money paid in, e.g. 2,000,000'),
    moneyField('topup-date', 'Date', tDate, `dd/mm/yyyy; blank for today (${ukDate(today)})`),
    moneyField('topup-reason', 'Reason', tReason, 'kept in the audit trail, e.g. surplus swept in')], 'Top up', (form) => {
    const b = checkBody();
    if (typeof b === 'string') { form.querySelector('.move-result').replaceChildren(errorBox(b)); return; }
    postMove(form, 'movements', { kind: 'deposit', amount: b.amount, date: b.start_date, reason: tReason.value.trim() || null },
      (x) => `Top-up of ${money(x.amount)} on ${ukDate(x.date)} recorded: ${x.status}. A second officer approves it on the approvals page; it counts in exposure at once.`, panel);
  }, panel);
  const wAmount = moneyInput('withdraw-amount', { inputmode: 'decimal' }), wDate = moneyInput('withdraw-date', { placeholder: 'dd/mm/yyyy' });
  const wReason = moneyInput('withdraw-reason');
  const withdraw = moveForm('withdraw-form', `Withdraw from ${d.ref}`, d.ref, [
    moneyField('withdraw-amount', 'Amount (£)', wAmount, 'money paid back to the council'),
    moneyField('withdraw-date', 'Date', wDate, `dd/mm/yyyy; blank for today (${ukDate(today)})`),
    moneyField('withdraw-reason', 'Reason', wReason, 'kept in the audit trail, e.g. payroll')], 'Withdraw', (form) => {
    const date = dateOrToday(wDate, today);
    if (!wAmount.value.trim() || !date) { form.querySelector('.move-result').replaceChildren(errorBox(date ? 'Enter the amount withdrawn.' : 'Date: use dd/mm/yyyy.')); return; }
    postMove(form, 'movements', { kind: 'withdrawal', amount: wAmount.value.trim(), date, reason: wReason.value.trim() || null },
      (x) => `Withdrawal of ${money(x.amount)} on ${ukDate(x.date)} recorded: it takes effect at once.`);
  });
  return [topUp, withdraw];
}

/* A confirmed dated deal's Repay early and Roll over (checked live). */
function datedForms(d, principal) {
  const today = d.as_of;
  const rAmount = moneyInput('repay-amount', { inputmode: 'decimal' }), rDate = moneyInput('repay-date', { placeholder: 'dd/mm/yyyy' });
  const rCost = moneyInput('repay-break-cost', { inputmode: 'decimal' }), rReason = moneyInput('repay-reason');
  const repay = moveForm('repay-form', `Repay ${d.ref} early`, d.ref, [
    moneyField('repay-amount', 'Amount (£)', rAmount, `blank for the whole of what is left (${money(principal)})`),
    moneyField('repay-date', 'Date', rDate, `dd/mm/yyyy, before ${ukDate(d.maturity_date)}; blank for today (${ukDate(today)})`),
    moneyField('repay-break-cost', 'Break cost (£)', rCost, 'if the counterparty charges one'),
    moneyField('repay-reason', 'Reason', rReason, 'kept in the audit trail')], 'Repay early', (form) => {
    const date = dateOrToday(rDate, today);
    if (!date) { form.querySelector('.move-result').replaceChildren(errorBox('Date: use dd/mm/yyyy.')); return; }
    const b = { date, reason: rReason.value.trim() || null };
    if (rAmount.value.trim()) b.amount = rAmount.value.trim();
    if (rCost.value.trim()) b.break_cost = rCost.value.trim();
    postMove(form, 'repay', b, (x) => `Repayment of ${money(x.amount)} on ${ukDate(x.date)} recorded: exposure falls from that date.`);
  });
  const nMaturity = moneyInput('roll-maturity', { placeholder: 'dd/mm/yyyy' }), nRate = moneyInput('roll-rate', { inputmode: 'decimal' });
  const nAmount = moneyInput('roll-amount', { inputmode: 'decimal' }), nRef = moneyInput('roll-ref');
  const panel = checkPanel('roll-check', 'The pre-deal check runs as you type the new maturity.');
  const checkBody = () => {
    const m = isoDate(nMaturity.value);
    if (!m) return nMaturity.value.trim() ? 'New maturity: use dd/mm/yyyy.' : 'Enter the new maturity date to check the roll-over.';
    return { counterparty: d.counterparty, type: d.type, amount: nAmount.value.trim() || principal,
      start_date: d.maturity_date, maturity_date: m };
  };
  liveCheck(panel, checkBody, [nMaturity, nAmount]);
  const roll = moveForm('roll-form', `Roll ${d.ref} over`, d.ref, [
    moneyField('roll-maturity', 'New maturity', nMaturity, `dd/mm/yyyy, after ${ukDate(d.maturity_date)} when the roll-over starts`),
    moneyField('roll-rate', 'Rate (%)', nRate, 'a year, e.g. 0.60'),
    moneyField('roll-amount', 'Amount (£)', nAmount, `blank for the principal left (${money(principal)})`),
    moneyField('roll-ref', 'Reference', nRef, 'blank for the next DL- number')], 'Roll over', (form) => {
    const b = checkBody();
    if (typeof b === 'string') { form.querySelector('.move-result').replaceChildren(errorBox(b)); return; }
    const body = { maturity: b.maturity_date, rate: nRate.value.trim() };
    if (nAmount.value.trim()) body.amount = nAmount.value.trim();
    if (nRef.value.trim()) body.ref = nRef.value.trim();
    postMove(form, 'roll', body, (x) => `Deal ${x.ref} rolls ${d.ref} over: ${money(x.principal)} from ${ukDate(x.start_date)} to ${ukDate(x.maturity_date)}, ${x.status} until a second officer approves it.`, panel);
  }, panel);
  return [repay, roll];
}

/* The forms for this holding and the signed-in officer: none for a viewer, a cancelled or pending
 * holding, a dated deal already matured or rolled over. */
function moneyForms(d, principal) {
  const result = h('div', { id: 'move-result', 'aria-live': 'polite' });
  if (!['dealer', 'approver', 'admin'].includes(state.me.role) || d.status !== 'confirmed') return [result];
  let forms;
  if (!d.maturity_date) forms = accountForms(d);
  else if (d.maturity_date > d.as_of && pence(principal) > 0n) {
    forms = datedForms(d, principal);
    if ((d.rolled_to || []).some((x) => x.status !== 'cancelled')) forms = forms.slice(0, 1);
  } else forms = [];
  if (!forms.length) return [result];
  return [h('section', { class: 'money-moves' }, h('h2', {}, d.maturity_date ? 'Repay early or roll over' : 'Move money'), result, ...forms)];
}

PAGES.holdings = holdingsPage;
PAGES.history = historyPage;
