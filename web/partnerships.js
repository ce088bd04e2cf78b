/* partnerships.js: the web pages' Partnerships tab (docs/shared-services.md), on app.js's helpers
 * (h, td, money, ukDate, api, show, pageTitle, PAGES), loaded after it.
 *   #/CODE/partnerships   each partnership the signed-in user sees (GET /api/v1/partnerships):
 *                         the combined exposure per counterparty beside each member's own
 *                         (GET /api/v1/partnerships/P/limits), members the user covers only. */
'use strict';

function memberCell(c, m) {
  const x = c.by_member[m], lim = c.member_limits ? c.member_limits[m] : undefined;
  if (x === undefined) return td('—', 'num none');
  return h('td', { class: 'num', 'data-member': m }, money(x),
    h('div', { class: 'help' }, lim === null || lim === undefined ? 'no limit' : `of ${money(lim)} limit`));
}

function partnershipSection(p, l) {
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
    eliminated);
}

async function partnershipsPage() {
  const r = await api('GET', '/api/v1/partnerships');
  if (r.status !== 200) throw new Error((r.data && r.data.error && r.data.error.message) || `partnerships: ${r.status}`);
  const list = r.data.partnerships;
  const sections = [];
  for (const p of list) {
    const l = await api('GET', `/api/v1/partnerships/${encodeURIComponent(p.code)}/limits`);
    if (l.status !== 200) throw new Error((l.data && l.data.error && l.data.error.message) || `${p.code}: ${l.status}`);
    sections.push(partnershipSection(p, l.data));
  }
  show(pageTitle('Partnerships', 'shared services: exposure combined across members'),
    ...(sections.length ? sections : [h('p', { class: 'empty' }, 'No partnership has a member you cover.')]));
}

PAGES.partnerships = partnershipsPage;
