/* history.js: the web pages' holdings list and a holding's history (docs/web.md), on app.js's
 * helpers (h, table, money, ukDate, api, base, show, PAGES), loaded after it.
 *   #/CODE/holdings       every deal of GET .../deals, each ref opening its history
 *   #/CODE/history/REF    GET .../deals/REF/history: the terms, a balance-over-time chart (SVG
 *                         drawn here, no library), the movements with the balance after each, a
 *                         pooled fund's valuation gain or loss, a dated deal's roll links.
 * Amounts stay decimal strings: money() formats them; the chart's geometry alone uses numbers
 * (pence as BigInt, scaled to pixels). */
'use strict';

const EVENT_NAMES = { opening: 'Opened', deposit: 'Deposit', withdrawal: 'Withdrawal', interest: 'Interest',
  valuation: 'Valuation', maturity: 'Matured (repaid)' };
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
  const signed = (e) => e.kind === 'withdrawal' || e.kind === 'maturity' ? `-${e.amount}` : e.amount;
  const rows = events.map((e) => h('tr', { class: `event-${e.kind}` }, td(ukDate(e.date)), td(EVENT_NAMES[e.kind] || e.kind),
    td(e.kind === 'valuation' ? `value ${money(e.value)}` : money(signed(e)), 'num'), td(money(e.balance), 'num'),
    td(e.kind === 'valuation' ? `${pence(e.gain) < 0n ? 'loss' : 'gain'} ${money(e.gain.replace(/^-/, ''))}` : ''),
    td(e.note || ''), td(e.entered_by ? `${e.entered_by}, ${ukDateTime(e.entered_at)}` : '')));
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
      d.maturity_date ? card('Principal', money(principalBefore(events, d)), `from ${ukDate(d.start_date)}, repaid on ${ukDate(d.maturity_date)}`, 'history-balance')
        : card('Balance now', money(d.balance), `opened with ${money(d.principal)} on ${ukDate(d.start_date)}`, 'history-balance'),
      card('Rate', rateText(d.rate), d.rate === null ? 'variable yield: no contractual rate' : 'contractual rate', 'history-rate'),
      card('Maturity', d.maturity_date ? ukDate(d.maturity_date) : 'None', d.maturity_date ? 'a dated deal' : 'an account: money moves in and out', 'history-maturity'),
      gainCard || card('Status', sentence(d.status), `${events.length} events`, 'history-status')),
    h('section', {}, h('h2', {}, 'Balance over time'), chart ? h('div', { class: 'chart-wrap' }, chart) : h('p', { class: 'empty' }, 'No balance to draw.')),
    h('section', {}, h('h2', {}, 'Movements'), movements),
    ...(rolls ? [rolls] : []));
}

PAGES.holdings = holdingsPage;
PAGES.history = historyPage;
