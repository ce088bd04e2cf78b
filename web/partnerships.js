/* partnerships.js: the web pages' Partnerships tab (docs/shared-services.md), on app.js's helpers
 * (h, td, money, ukDate, api, show, pageTitle, PAGES), loaded after it.
 *   #/CODE/partnerships   each partnership the signed-in user sees (GET /api/v1/partnerships):
 *                         the combined exposure per counterparty beside each member's own
 *                         (GET /api/v1/partnerships/P/limits), members the user covers only;
 *                         the group, country and sector totals likewise; and the combined
 *                         cash-flow forecast by month for 13 weeks (GET .../P/cashflow), the
 *                         flows between members eliminated and named. */
'use strict';

function memberCell(c, m) {
  const x = c.by_member[m], lim = c.member_limits ? c.member_limits[m] : undefined;
  if (x === undefined) return td('—', 'num none');
  return h('td', { class: 'num', 'data-member': m }, money(x),
    h('div', { class: 'help' }, lim === null || lim === undefined ? 'no limit' : `of ${money(lim)} limit`));
}

function partnershipSection(p, l, cf) {
  const members = l.members;
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Counterparty'), h('th', { scope: 'col', class: 'num' }, 'Combined exposure'),
    members.map((m) => h('th', { scope: 'col', class: 'num' }, `${m}'s own`)));
  const rows = l.counterparties.map((c) => h('tr', { 'data-code': c.code },
    h('td', {}, h('strong', {}, c.name || c.code), h('div', { class: 'help' }, c.code)),
    h('td', { class: 'num combined' }, money(c.exposure)), members.map((m) => memberCell(c, m))));
  const body = h('tbody', {}, rows.length ? rows
    : h('tr', {}, h('td', { colspan: members.length + 2, class: 'empty' }, 'No exposure.')));
  const eliminated = l.eliminated && l.eliminated.length
    ? h('p', { class: 'help' }, `Between members, left out of the combined figures: ${l.eliminated.map((e) => `${e.member} with ${e.counterparty_member} ${money(e.exposure)}`).join('; ')}.`)
    : null;
  return h('section', { class: 'partnership', 'data-partnership': p.code },
    h('h2', {}, `${p.name} (${p.code})`),
    h('p', { class: 'help' }, `Members you cover: ${members.join(', ')}. Each member's limits stay its own and are judged alone; the combined column is for oversight.`),
    h('table', { class: 'data partnership-limits' }, h('caption', {}, `Exposure by counterparty as at ${ukDate(l.as_of)}`),
      h('thead', {}, head), body),
    eliminated,
    ['groups', 'countries', 'sectors'].map((k) => totalsTable(k, l, members)),
    cf ? cashflowTable(cf) : null);
}

const TOTAL_HEADS = { groups: 'Banking group', countries: 'Country (banks and building societies)', sectors: 'Sector' };

/* The group, country or sector totals (l[kind]) beside each member's own and its own limit. */
function totalsTable(kind, l, members) {
  const list = l[kind] || [];
  if (!list.length) return null;
  const head = h('tr', {}, h('th', { scope: 'col' }, TOTAL_HEADS[kind]), h('th', { scope: 'col', class: 'num' }, 'Combined'),
    members.map((m) => h('th', { scope: 'col', class: 'num' }, `${m}'s own`)));
  const rows = list.map((c) => h('tr', { 'data-total': c.code },
    h('td', {}, c.code.replace(/_/g, ' ')), h('td', { class: 'num combined' }, money(c.exposure)),
    members.map((m) => memberCell(c, m))));
  return h('table', { class: `data partnership-${kind}` },
    h('caption', {}, `${TOTAL_HEADS[kind]} totals as at ${ukDate(l.as_of)}, between members eliminated`),
    h('thead', {}, head), h('tbody', {}, rows));
}

/* The combined cash-flow forecast by month, and the flows between members left out of it. */
function cashflowTable(cf) {
  const head = h('tr', {}, ['Month', 'Receipts', 'Payments', 'Net', 'Closing balance'].map((t, i) =>
    h('th', { scope: 'col', class: i ? 'num' : '' }, t)));
  const rows = cf.periods.map((q) => h('tr', { 'data-start': q.start },
    h('td', {}, `${ukDate(q.start)} to ${ukDate(q.end)}`), h('td', { class: 'num' }, money(q.receipts)),
    h('td', { class: 'num' }, money(q.payments)), h('td', { class: 'num' }, money(q.net)),
    h('td', { class: 'num' }, money(q.closing_balance))));
  const between = cf.eliminated.length
    ? `Between members, left out: ${cf.eliminated.map((e) => `${e.member} with ${e.with} ${e.ref} ${ukDate(e.date)} ${money(e.amount)}`).join('; ')}.`
    : 'No flows between members in the period.';
  return h('div', { class: 'partnership-cashflow' },
    h('table', { class: 'data partnership-cashflow' },
      h('caption', {}, `Combined cash-flow forecast ${ukDate(cf.from)} to ${ukDate(cf.to)}: opening balance ${money(cf.opening_balance)}`),
      h('thead', {}, head), h('tbody', {}, rows)),
    h('p', { class: 'help' }, between));
}

async function partnershipsPage() {
  const r = await api('GET', '/api/v1/partnerships');
  if (r.status !== 200) throw new Error((r.data && r.data.error && r.data.error.message) || `partnerships: ${r.status}`);
  const list = r.data.partnerships;
  const sections = [];
  for (const p of list) {
    const l = await api('GET', `/api/v1/partnerships/${encodeURIComponent(p.code)}/limits`);
    if (l.status !== 200) throw new Error((l.data && l.data.error && l.data.error.message) || `${p.code}: ${l.status}`);
    const cf = await api('GET', `/api/v1/partnerships/${encodeURIComponent(p.code)}/cashflow?by=month`);
    sections.push(partnershipSection(p, l.data, cf.status === 200 ? cf.data : null));
  }
  show(pageTitle('Partnerships', 'shared services: exposure combined across members'),
    ...(sections.length ? sections : [h('p', { class: 'empty' }, 'No partnership has a member you cover.')]));
}

PAGES.partnerships = partnershipsPage;
