/* app.js: prudent's web pages. Signs in (a token exchanged for a session cookie), then draws
 * each page from the JSON API with the session cookie and the CSRF header. Amounts stay decimal
 * strings from the API to the screen: they are formatted as text, never through floating point.
 * Pages: #/CODE/dashboard, deal, approvals, lending, alerts, reports (docs/web.md); history.js
 * and cash.js add theirs (holdings, history; today, forecast, accounts). */
'use strict';

const state = { me: null, csrf: null, authorities: [], code: null, page: 'dashboard', checkSeq: 0, routeSeq: 0 };

/* ---- formatting (UK) ------------------------------------------------------------------------ */

/* "5000000.00" -> "£5,000,000.00"; "-12.5" -> "-£12.50"; null -> "—". Text only, no floats. */
function money(s, symbol = true) {
  if (s === null || s === undefined || s === '') return '—';
  let t = String(s).trim(), neg = false;
  if (t[0] === '-') { neg = true; t = t.slice(1); }
  let [whole, frac = ''] = t.split('.');
  whole = whole.replace(/^0+(?=\d)/, '') || '0';
  frac = (frac + '00').slice(0, 2);
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + (symbol ? '£' : '') + whole + '.' + frac;
}

/* "2018-03-31" -> "31/03/2018" */
function ukDate(iso) {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/* A sentence written by the service (a check's reason, a counterparty's basis) carries amounts as
 * 5,000,000.00 and dates as 2018-03-31: shown as £5,000,000.00 and 31/03/2018. Percentages and
 * rates (0.55%, 6.3722) are left alone. */
function ukText(s) {
  if (s === null || s === undefined) return '';
  return String(s)
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1')
    .replace(/(^|[^£\d.,])(-?)(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})(?![\d%])/g,
      (m, pre, neg, w, f) => pre + money(`${neg}${w.replace(/,/g, '')}.${f}`));
}

/* A counterparty's basis: UK figures, and words for codes such as local_authority. */
function basisText(s) { return ukText(s).replace(/\b([a-z]+(?:_[a-z0-9]+)+)\b/g, (m) => m.replace(/_/g, ' ')); }
/* First letter up, for the service's sentences shown on their own. */
function sentence(s) { return s ? s[0].toUpperCase() + s.slice(1) : s; }
/* 1825 -> "1,825 days"; rates "0.6000" -> "0.60%". */
function daysText(n) { return `${Number(n).toLocaleString('en-GB')} day${Number(n) === 1 ? '' : 's'}`; }
function rateText(r) {
  if (r === null || r === undefined || r === '') return '—';
  const [w, f = ''] = String(r).split('.');
  const sig = f.replace(/0+$/, '');
  return `${w}.${(sig + '00').slice(0, Math.max(2, sig.length))}%`;
}
/* How serious an alert is, from its kind: shown as its badge. */
function alertSeverity(kind) {
  if (/warning|stale|maturing/.test(kind)) return 'warning';
  if (/^feed\./.test(kind)) return 'failed';
  return 'breach';
}

/* "31/03/2018" (or "2018-03-31") -> "2018-03-31"; null when not a date. */
function isoDate(text) {
  const t = (text || '').trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  return m ? t : null;
}

/* ISO date plus n days (calendar arithmetic on whole days). */
function addDays(iso, n) {
  const [y, mo, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/* Decimal string -> BigInt pence (for exact comparisons and shares). */
function pence(s) {
  if (s === null || s === undefined) return null;
  let t = String(s).trim(), neg = false;
  if (t[0] === '-') { neg = true; t = t.slice(1); }
  const [w, f = ''] = t.split('.');
  const v = BigInt(w || '0') * 100n + BigInt((f + '00').slice(0, 2));
  return neg ? -v : v;
}

/* part / whole as a whole percentage 0..∞ from decimal strings, exact. */
function percentOf(part, whole) {
  const p = pence(part), w = pence(whole);
  if (w === null || p === null || w <= 0n) return null;
  return Number((p * 100n) / w);
}

const TYPE_NAMES = { fixed: 'Fixed-term deposits', notice: 'Notice accounts', call: 'Call accounts',
  mmf: 'Money market funds', pooled: 'Pooled funds', cd: 'Certificates of deposit', tbill: 'Treasury bills',
  gilt: 'Gilts', bond: 'Bonds', loan_out: 'Loans to others' };
const INDICATOR_NAMES = {
  authorised_limit: 'Authorised limit for external debt', operational_boundary: 'Operational boundary',
  invested_over_364_days: 'Principal invested over 364 days', fixed_rate_exposure: 'Fixed rate exposure',
  variable_rate_exposure: 'Variable rate exposure', liquidity: 'Liquidity available',
  capital_financing_requirement: 'Capital financing requirement', gross_debt_vs_cfr: 'Gross debt against the CFR',
  financing_costs_ratio: 'Financing costs to net revenue stream', net_income_ratio: 'Net commercial income to net revenue stream',
  liability_benchmark: 'Loans against the liability benchmark' };
function indicatorName(code) {
  if (INDICATOR_NAMES[code]) return INDICATOR_NAMES[code];
  const m = /^maturity_structure\.(.*)$/.exec(code);
  if (m) return 'Maturity structure of borrowing: ' + m[1].replace('under_12m', 'under 12 months')
    .replace('12m_24m', '12 to 24 months').replace('24m_5y', '2 to 5 years').replace('5y_10y', '5 to 10 years')
    .replace('10y_plus', '10 years and above');
  return code.replace(/_/g, ' ');
}
function indicatorFigure(v, unit) {
  if (v === null || v === undefined) return 'no limit';
  return unit === 'percent' || unit === 'ratio' ? `${v}%` : money(v);
}

/* ---- DOM ------------------------------------------------------------------------------------ */

/* h('p', {class: 'x'}, 'text', child...): an element; text is always set as text. */
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false)
    e.append(typeof k === 'string' || typeof k === 'number' ? String(k) : k);
  return e;
}
const $ = (sel) => document.querySelector(sel);
function badge(status) {
  return h('span', { class: `badge badge-${status}` }, status.replace(/_/g, ' '));
}
function table(caption, heads, rows, opts = {}) {
  return h('table', { class: opts.cls || 'data' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col', class: /^(#|amount|principal|limit|exposure|headroom|actual|rate|count|max term|receipts|payments|net|closing|minimum balance|balance \(last statement\))$/i.test(x) ? 'num' : null }, x)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: heads.length, class: 'empty' }, opts.empty || 'None.'))));
}
function td(text, cls) { return h('td', { class: cls }, text); }
function main() { return $('#main'); }
function show(...nodes) { const m = main(); m.replaceChildren(...nodes); }
function pageTitle(text, sub) {
  const a = state.authorities.find((x) => x.code === state.code);
  document.title = `${text}: ${a ? a.name : ''} (prudent)`;
  const now = new Date(), two = (n) => String(n).padStart(2, '0');
  const printed = `Printed ${two(now.getDate())}/${two(now.getMonth() + 1)}/${now.getFullYear()} ${two(now.getHours())}:${two(now.getMinutes())} by ${state.me ? state.me.name : ''} from prudent`;
  return h('div', { class: 'page-head' }, h('h1', {}, text), h('p', { class: 'sub' }, (a ? a.name : state.code) + (sub ? ` · ${sub}` : '')),
    h('p', { class: 'print-only' }, printed));
}
function errorBox(msg) { return h('div', { class: 'error', role: 'alert' }, msg); }

/* ---- API ------------------------------------------------------------------------------------ */

async function api(method, path, body) {
  const seq = state.routeSeq;
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const r = await fetch(path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (r.status === 401 && path !== '/api/v1/session') { signInPage('Your session has ended: sign in again.'); throw new Error('signed out'); }
  if (method === 'GET' && seq !== state.routeSeq) throw new Error('stale'); /* the officer moved on */
  return { status: r.status, data };
}
const base = () => `/api/v1/authorities/${encodeURIComponent(state.code)}`;
async function view(name, query = '') {
  const r = await api('GET', `${base()}/${name}${query}`);
  if (r.status !== 200) throw new Error((r.data && r.data.error && r.data.error.message) || `${name}: ${r.status}`);
  return r.data;
}

/* ---- sign-in and the frame ------------------------------------------------------------------ */

function signInPage(message) {
  state.me = null; state.csrf = null;
  $('#top').hidden = true; $('#tabs').hidden = true;
  document.title = 'Sign in (prudent)';
  const err = h('div', { class: 'error', role: 'alert', id: 'sign-in-error', hidden: !message }, message || '');
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help' });
  const form = h('form', { class: 'sign-in', id: 'sign-in-form', onsubmit: async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    const r = await api('POST', '/api/v1/session', { token: input.value.trim() });
    if (r.status !== 200) {
      err.textContent = (r.data && r.data.error && r.data.error.message) || 'Sign-in failed.';
      err.hidden = false; input.focus(); return;
    }
    input.value = '';
    await start();
  } },
  h('h1', {}, 'Sign in'),
  h('p', { class: 'sub' }, 'prudent: treasury management for local authorities'),
  err,
  h('label', { for: 'token' }, 'Access token'),
  input,
  h('p', { class: 'help', id: 'token-help' }, 'The token your administrator gave you (prt_…). It is exchanged for a session that ends when you sign out, after 2 hours unused, or after 10 hours.'),
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  show(h('div', { class: 'sign-in-wrap' }, form));
  input.focus();
}

async function start() {
  const s = await api('GET', '/api/v1/session');
  if (s.status !== 200) { signInPage(); return; }
  state.me = s.data; state.csrf = s.data.csrf;
  const a = await api('GET', '/api/v1/authorities');
  state.authorities = (a.data && a.data.authorities) || [];
  $('#who-name').textContent = state.me.name;
  $('#who-role').textContent = state.me.role;
  const sw = $('#authority-switch');
  sw.replaceChildren(...state.authorities.map((x) => h('option', { value: x.code }, `${x.name} (${x.code})`)));
  sw.disabled = state.authorities.length < 2;
  $('#top').hidden = false; $('#tabs').hidden = false;
  if (!location.hash.startsWith('#/')) location.hash = `#/${state.authorities.length ? state.authorities[0].code : ''}/dashboard`;
  else route();
}

const PAGES = { dashboard: dashboardPage, deal: dealPage, approvals: approvalsPage, lending: lendingPage,
  alerts: alertsPage, reports: reportsPage };

async function route() {
  if (!state.me) return;
  state.routeSeq++;
  const m = /^#\/([A-Z0-9-]*)\/?([a-z]*)/.exec(location.hash) || [];
  let code = m[1], page = m[2] || 'dashboard';
  if (!state.authorities.some((x) => x.code === code)) code = state.authorities.length ? state.authorities[0].code : '';
  if (!PAGES[page]) page = 'dashboard';
  state.code = code; state.page = page;
  $('#authority-switch').value = code;
  for (const a of document.querySelectorAll('#tabs a')) {
    a.href = `#/${code}/${a.dataset.page}`;
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (!code) { show(pageTitle('No authority'), h('p', {}, 'This token covers no authority.')); return; }
  show(h('p', { class: 'loading' }, 'Loading…'));
  try { await PAGES[page](); } catch (e) {
    if (e.message !== 'signed out' && e.message !== 'stale') show(pageTitle('Something went wrong'), errorBox(e.message));
  }
}

/* ---- dashboard ------------------------------------------------------------------------------ */

/* A view, or {unavailable: why} when the service refuses it (e.g. no strategy loaded yet). */
async function viewOrWhy(name, query) {
  try { return await view(name, query); } catch (e) {
    if (e.message === 'stale' || e.message === 'signed out') throw e;
    return { unavailable: e.message };
  }
}

/* The liability benchmark chart (docs/web.md): existing debt stacked fixed / variable / LOBO
 * (bars, at least ten years) against loans CFR, net loans requirement and the benchmark (lines,
 * the capital plan's years), drawn as SVG from GET .../liability-benchmark; the table under it
 * is its text alternative. Pounds as numbers only to place marks: the labels are the API's strings. */
function svgEl(tag, attrs, ...kids) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(typeof k === 'string' ? document.createTextNode(k) : k);
  return e;
}
const LB_BARS = [['fixed', 'Fixed debt'], ['variable', 'Variable debt'], ['lobo', 'LOBO debt']];
const LB_LINES = [['loans_cfr', 'Loans CFR'], ['net_loans_requirement', 'Net loans requirement'], ['liability_benchmark', 'Liability benchmark']];
function axisStep(max) {
  const raw = max / 5; let mag = 1;
  while (mag * 10 <= raw) mag *= 10;
  return [1, 2, 5, 10].map((k) => k * mag).find((x) => raw <= x);
}
function axisText(v) { return v >= 1e6 ? `£${+(v / 1e6).toPrecision(4)}m` : v >= 1e3 ? `£${+(v / 1e3).toPrecision(4)}k` : `£${v}`; }
function benchmarkChart(lb) {
  const rows = lb.existing_debt_by_type || [];
  const plan = Object.fromEntries(lb.years.map((y) => [y.year, y]));
  const num = (s) => (s === undefined || s === null ? null : Number(s));
  const W = 720, left = 64, right = 12, top = 12, ph = 220, base = top + ph, slot = (W - left - right) / Math.max(rows.length, 1);
  const stacks = rows.map((r) => LB_BARS.reduce((a, [k]) => a + num(r[k]), 0));
  const max = Math.max(1, ...stacks, ...lb.years.flatMap((y) => LB_LINES.map(([k]) => num(y[k]))));
  const step = axisStep(max), steps = Math.max(1, Math.ceil(max / step)), sc = ph / (steps * step);
  const H = base + 30 + 2 * 20;
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'benchmark-chart', role: 'img', 'aria-labelledby': 'benchmark-title' },
    svgEl('title', { id: 'benchmark-title' }, 'Existing debt (bars: fixed, variable, LOBO) against loans CFR, net loans requirement and the liability benchmark; the figures are in the table below'));
  for (let k = 0; k <= steps; k++) {
    const y = base - k * step * sc;
    svg.append(svgEl('line', { x1: left, y1: y, x2: W - right, y2: y, class: k ? 'grid-line' : 'base-line' }),
      svgEl('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, axisText(k * step)));
  }
  rows.forEach((r, i) => {
    const x = left + i * slot + slot * 0.15, w = slot * 0.7; let y = base;
    LB_BARS.forEach(([k], j) => {
      const hh = num(r[k]) * sc;
      if (hh > 0) svg.append(svgEl('rect', { x, y: y - hh, width: w, height: hh, class: `lb-bar lb-bar-${j}` }));
      y -= hh;
    });
    svg.append(svgEl('text', { x: x + w / 2, y: base + 16, 'text-anchor': 'middle', class: 'axis' }, r.year));
  });
  LB_LINES.forEach(([k], j) => {
    const pts = rows.map((r, i) => (plan[r.year] ? [left + (i + 0.5) * slot, base - num(plan[r.year][k]) * sc] : null)).filter(Boolean);
    if (pts.length) svg.append(svgEl('polyline', { points: pts.map((p) => p.join(',')).join(' '), class: `lb-line lb-line-${j}` }));
    for (const [x, y] of pts) svg.append(svgEl('circle', { cx: x, cy: y, r: 3, class: `lb-point lb-point-${j}` }));
  });
  [...LB_BARS, ...LB_LINES].forEach(([, label], e) => {
    const x = left + (e % 3) * 200, y = base + 38 + Math.floor(e / 3) * 20;
    svg.append(e < 3 ? svgEl('rect', { x, y: y - 9, width: 14, height: 10, class: `lb-bar lb-bar-${e}` })
      : svgEl('line', { x1: x - 4, y1: y - 4, x2: x + 18, y2: y - 4, class: `lb-line lb-line-${e - 3}` }),
    svgEl('text', { x: x + 22, y, class: 'axis' }, label));
  });
  const trs = rows.map((r) => { const p = plan[r.year] || {};
    return h('tr', {}, td(r.year), ...LB_BARS.map(([k]) => td(money(r[k]), 'num')), ...LB_LINES.map(([k]) => td(p[k] ? money(p[k]) : '–', 'num'))); });
  return h('div', { class: 'benchmark' }, h('div', { class: 'chart-wrap' }, svg),
    h('details', {}, h('summary', {}, 'The figures (at each 31 March)'),
      table(null, ['Year', ...LB_BARS.map(([, t]) => t), ...LB_LINES.map(([, t]) => t)], trs, { cls: 'data benchmark-table' })));
}

async function dashboardPage() {
  const [pf, wam, indv, al] = await Promise.all([view('portfolio'), viewOrWhy('wam'), viewOrWhy('indicators'), view('alerts')]);
  /* a capital plan in force shows in the indicators (its CFR): only then ask for the benchmark */
  const hasPlan = !indv.unavailable && indv.indicators.some((i) => i.code === 'capital_financing_requirement');
  const lb = hasPlan ? await viewOrWhy('liability-benchmark') : { unavailable: 'no capital plan' };
  const asOf = pf.as_of, to = addDays(asOf, 30);
  const mat = await viewOrWhy('maturing', `?from=${asOf}&to=${to}`);
  const ind = indv.unavailable ? { indicators: [] } : indv;
  const total = pf.total;
  const typeRows = Object.entries(pf.by_type).map(([t, v]) => {
    const share = percentOf(v.principal, total);
    const tiny = share === 0 && pence(v.principal) > 0n;
    return h('tr', {}, td(TYPE_NAMES[t] || t), td(String(v.count), 'num'), td(money(v.principal), 'num'),
      h('td', { class: 'bar-cell' }, h('span', { class: 'bar', 'data-pct': share }), h('span', { class: 'bar-label' }, share === null ? '' : tiny ? 'under 1%' : `${share}%`)));
  });
  const indRows = ind.indicators.map((i) => h('tr', { class: `status-${i.status}` },
    td(indicatorName(i.code)), td(i.kind === 'range' ? `${i.lower}% – ${i.upper}%` : indicatorFigure(i.limit, i.unit), 'num'),
    td(indicatorFigure(i.actual, i.unit), 'num'), h('td', {}, badge(i.status))));
  const open = al.alerts.filter((a) => a.state === 'open');
  const maturing = pf.holdings.filter((x) => x.maturity_date && x.maturity_date >= asOf && x.maturity_date <= to)
    .map((x) => h('tr', {}, td(ukDate(x.maturity_date)), td('Investment returns'), td(x.ref), td(x.counterparty_name || x.counterparty), td(money(x.principal), 'num')));
  const loans = (mat.instalments || []).map((x) => h('tr', {}, td(ukDate(x.date)), td('Loan repayment'), td(x.ref), td(x.repayment || ''), td(money(x.amount), 'num')));
  const breaches = ind.indicators.filter((i) => i.status === 'breach').length;
  const warnings = ind.indicators.filter((i) => i.status === 'warning').length;
  show(pageTitle('Dashboard', `as at ${ukDate(asOf)}`),
    h('section', { class: 'cards', 'aria-label': 'Key figures' },
      card('Cash invested', money(total), `${pf.count} holdings`, 'total-invested'),
      wam.unavailable || !wam.overall || pence(wam.overall.principal) === 0n ? card('Weighted average maturity', '—', 'nothing invested with a maturity', 'wam-days')
        : card('Weighted average maturity', `${wam.overall.days} days`, `of ${money(wam.overall.principal)} (pooled funds excluded)`, 'wam-days'),
      indv.unavailable ? card('Prudential indicators', '—', 'no strategy loaded', 'indicator-summary', 'warn')
        : card('Prudential indicators', breaches ? `${breaches} breached` : 'All within limits', warnings ? `${warnings} near a limit` : `${ind.indicators.length} indicators`, 'indicator-summary', breaches ? 'bad' : warnings ? 'warn' : 'good'),
      card('Open alerts', String(open.length), open.length ? 'need acknowledging' : 'nothing to do', 'open-alerts', open.length ? 'bad' : 'good')),
    h('div', { class: 'grid' },
      h('section', {}, h('h2', {}, 'Cash invested by type'),
        table(null, ['Type', 'Count', 'Principal', 'Share'], typeRows, { cls: 'data by-type',
          empty: 'Nothing invested yet. Book deals on the Deal entry page (or import the book with prudent import investments) and they appear here.' }),
        h('p', { class: 'total' }, 'Total ', h('strong', { id: 'portfolio-total' }, money(total)))),
      h('section', {}, h('h2', {}, 'Open alerts'),
        open.length ? h('ul', { class: 'alerts' }, open.slice(0, 6).map((a) => h('li', {}, badge(alertSeverity(a.kind)), ' ', alertText(a))),
          open.length > 6 ? h('li', { class: 'more' }, `and ${open.length - 6} more.`) : null) : h('p', { class: 'empty' }, 'No open alerts: nothing needs acknowledging.'),
        open.length ? h('p', { class: 'more-link' }, h('a', { href: `#/${state.code}/alerts` }, `Review and acknowledge ${open.length === 1 ? 'it' : `all ${open.length}`} on the Alerts page`)) : null)),
    h('section', {}, h('h2', {}, 'Prudential indicators'),
      indv.unavailable ? h('p', { class: 'empty-state' }, `No prudential indicators yet: they need this authority's treasury management strategy. Load it with prudent import strategy FILE --authority ${state.code}, then they appear here.`) : table(null, ['Indicator', 'Limit', 'Actual', 'Status'], indRows, { cls: 'data indicators' })),
    h('section', {}, h('h2', {}, `Maturing in the next 30 days (to ${ukDate(to)})`),
      table(null, ['Date', 'What', 'Ref', 'Counterparty', 'Amount'], [...maturing, ...loans], { cls: 'data maturing', empty: 'Nothing matures in the next 30 days.' })),
    h('section', { id: 'liability-benchmark' }, h('h2', {}, 'Liability benchmark'),
      lb.unavailable ? h('p', { class: 'empty-state' }, `No liability benchmark yet: it needs this authority's capital plan. Load it with prudent import capital-plan FILE --authority ${state.code}, then the chart appears here.`)
        : benchmarkChart(lb)));
  paintBars();
}
function card(label, value, note, id, tone) {
  return h('div', { class: `card ${tone ? 'tone-' + tone : ''}` }, h('div', { class: 'card-label' }, label),
    h('div', { class: 'card-value', id }, value), h('div', { class: 'card-note' }, note));
}
/* Bars get their width from data-pct through the CSSOM (no inline style attribute: CSP). */
function paintBars() {
  for (const b of document.querySelectorAll('.bar[data-pct]')) {
    const p = Number(b.dataset.pct);
    b.style.width = `${Math.min(100, Math.max(0, p))}%`;
  }
}
function alertText(a) {
  const d = a.details || {};
  const label = { 'counterparty.suspended_exposure': 'Exposure to a suspended counterparty',
    'counterparty.over_limit': 'Over its limit', 'counterparty.over_duration': 'Beyond its maximum duration',
    'counterparty.not_approved_exposure': 'Exposure to a counterparty not approved', 'indicator.breach': 'Indicator breached',
    'indicator.warning': 'Indicator near its limit', 'feed.failed': 'Rate feed failed', 'feed.stale': 'Rate feed stale',
    'deal.maturing': 'Deal maturing', 'group.over_limit': 'Banking group over its limit', 'country.over_limit': 'Country over its limit' }[a.kind] || a.kind;
  let s = `${label}: ${/^indicator\./.test(a.kind) ? indicatorName(a.subject) : a.subject}`;
  if (d.exposure) s += ` (exposure ${money(d.exposure)}${d.limit ? `, limit ${money(d.limit)}` : ''})`;
  return s;
}

/* A breach of the lending list in words, from its structured fields (limits' "breaches"). */
function breachText(b, cps) {
  const cp = cps.find((c) => c.code === b.subject);
  const who = cp ? `${cp.name} (${cp.code})` : b.subject;
  const totalWord = { group: 'Banking group', country: 'Country', sector: 'Sector' }[b.kind.split('.')[0]];
  let s;
  switch (b.kind) {
    case 'counterparty.suspended_exposure':
    case 'counterparty.not_approved_exposure':
      s = `${who}: ${money(b.exposure)} invested with a counterparty that is ${b.kind.includes('suspended') ? 'suspended' : 'not approved'}`;
      if (cp && cp.basis) s += ` (${ukText(cp.basis)})`;
      break;
    case 'counterparty.over_limit':
      s = `${who}: exposure ${money(b.exposure)} is above its limit of ${money(b.limit)}`;
      break;
    case 'counterparty.over_duration':
      s = `${who}: deal${String(b.refs).includes(',') ? 's' : ''} ${String(b.refs).replace(/,/g, ', ')} run${String(b.refs).includes(',') ? '' : 's'} ${b.days} days, beyond the maximum of ${b.max_days} days (${money(b.exposure)})`;
      break;
    default:
      s = totalWord ? `${totalWord} ${b.subject}: exposure ${money(b.exposure)} is above its limit of ${money(b.limit)}` : ukText(b.why);
  }
  if (b.passive) {
    const when = b.last_deal_start ? ` on ${ukDate(b.last_deal_start)}` : '';
    s += '. Passive: ' + ({
      'counterparty.suspended_exposure': `dealing was allowed when the last deal started${when}; the suspension came later`,
      'counterparty.not_approved_exposure': `dealing was allowed when the last deal started${when}; the counterparty lost its approval later`,
      'counterparty.over_duration': 'within the maximum term when the deals were placed; the maximum shortened later',
    }[b.kind] || `within the limit in force when the last deal started${when}; the limit fell later`);
  }
  return s + '.';
}

/* ---- deal entry ----------------------------------------------------------------------------- */

async function dealPage() {
  const limits = await view('limits');
  const canDeal = ['dealer', 'approver', 'admin'].includes(state.me.role);
  const field = (id, label, input, help) => h('div', { class: 'field' }, h('label', { for: id }, label), input,
    help ? h('p', { class: 'help', id: `${id}-help` }, help) : null);
  const cp = h('select', { id: 'deal-counterparty', name: 'counterparty', required: true },
    h('option', { value: '' }, 'Choose…'),
    limits.counterparties.map((c) => h('option', { value: c.code }, `${c.name} (${c.code})${c.status !== 'approved' ? ' – ' + c.status.replace('_', ' ') : ''}`)));
  const type = h('select', { id: 'deal-type', name: 'type' },
    ['fixed', 'notice', 'call', 'mmf', 'pooled', 'cd', 'tbill', 'gilt', 'bond', 'loan_out'].map((t) => h('option', { value: t }, TYPE_NAMES[t])));
  const amount = h('input', { id: 'deal-amount', name: 'amount', inputmode: 'decimal', required: true, 'aria-describedby': 'deal-amount-help', autocomplete: 'off' });
  const rate = h('input', { id: 'deal-rate', name: 'rate', inputmode: 'decimal', required: true, 'aria-describedby': 'deal-rate-help', autocomplete: 'off' });
  const startD = h('input', { id: 'deal-start', name: 'start_date', placeholder: 'dd/mm/yyyy', autocomplete: 'off', 'aria-describedby': 'deal-start-help' });
  const maturity = h('input', { id: 'deal-maturity', name: 'maturity_date', placeholder: 'dd/mm/yyyy', autocomplete: 'off' });
  const notice = h('input', { id: 'deal-notice', name: 'notice_days', inputmode: 'numeric', 'aria-describedby': 'deal-notice-help', autocomplete: 'off' });
  const ref = h('input', { id: 'deal-ref', name: 'ref', 'aria-describedby': 'deal-ref-help', autocomplete: 'off' });
  const check = h('section', { class: 'check', id: 'check', 'aria-live': 'polite', 'aria-label': 'Pre-deal check' },
    h('p', { class: 'check-idle' }, 'The pre-deal check runs as you type: choose a counterparty and enter an amount.'));
  const result = h('div', { id: 'deal-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'deal-book', disabled: !canDeal }, 'Book deal');
  let prefilled = null;
  if (state.prefill) { /* the surplus placed from the Today page (cash.js) */
    amount.value = money(state.prefill.amount, false); startD.value = ukDate(state.prefill.start_date);
    prefilled = h('p', { class: 'ok', id: 'deal-prefilled' }, `Prefilled from Today: the surplus above the minimum balance, starting ${ukDate(state.prefill.start_date)}. Choose the counterparty, type, rate and maturity.`);
    state.prefill = null;
  }
  const body = () => {
    const b = { counterparty: cp.value, type: type.value, amount: amount.value.trim() };
    const s = isoDate(startD.value), m = isoDate(maturity.value);
    if (s) b.start_date = s;
    if (m) b.maturity_date = m;
    return b;
  };
  let timer = null;
  const runCheck = async () => {
    const seq = ++state.checkSeq, b = body();
    if (!b.counterparty || !b.amount) { check.replaceChildren(h('p', { class: 'check-idle' }, 'Choose a counterparty and enter an amount to check the deal.')); return; }
    if (startD.value.trim() && !b.start_date) { check.replaceChildren(h('p', { class: 'check-idle' }, 'Start date: use dd/mm/yyyy.')); return; }
    if (maturity.value.trim() && !b.maturity_date) { check.replaceChildren(h('p', { class: 'check-idle' }, 'Maturity date: use dd/mm/yyyy.')); return; }
    check.classList.add('busy');
    const r = await api('POST', `${base()}/check`, b);
    if (seq !== state.checkSeq) return; /* a newer check is on its way */
    check.classList.remove('busy');
    check.replaceChildren(...checkAnswer(r));
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(runCheck, 250); };
  for (const e of [cp, type, amount, startD, maturity]) { e.addEventListener('input', schedule); e.addEventListener('change', schedule); }
  const form = h('form', { id: 'deal-form', class: 'deal-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    const b = body();
    b.principal = b.amount; delete b.amount;
    b.rate = rate.value.trim();
    if (ref.value.trim()) b.ref = ref.value.trim();
    if (notice.value.trim()) b.notice_days = Number(notice.value.trim());
    submit.disabled = true;
    const r = await api('POST', `${base()}/deals`, b);
    submit.disabled = !canDeal;
    if (r.status === 201) {
      result.replaceChildren(h('div', { class: 'ok', role: 'status' }, `Deal ${r.data.ref} booked: ${r.data.status}. A second officer must approve it on the `,
        h('a', { href: `#/${state.code}/approvals` }, 'approvals page'), '.'));
      form.reset(); runCheck();
    } else if (r.status === 409 && r.data && r.data.reasons) {
      result.replaceChildren(errorBox('Refused: nothing was booked.'));
      check.replaceChildren(...checkAnswer({ status: 200, data: r.data }));
    } else {
      result.replaceChildren(errorBox((r.data && r.data.error && r.data.error.message) || `Booking failed (${r.status}).`));
    }
  } },
  h('fieldset', {}, h('legend', {}, 'The deal'),
    field('deal-counterparty', 'Counterparty', cp),
    field('deal-type', 'Type', type),
    field('deal-amount', 'Amount (£)', amount, 'in pounds, e.g. 5,000,000 (commas and pence optional)'),
    field('deal-rate', 'Rate (%)', rate, 'a year, e.g. 0.55'),
    field('deal-start', 'Start date', startD, 'dd/mm/yyyy; blank for today'),
    field('deal-maturity', 'Maturity date', maturity, 'dd/mm/yyyy; blank for notice, call and funds'),
    field('deal-notice', 'Notice days', notice, 'notice accounts only'),
    field('deal-ref', 'Reference', ref, 'blank for the next DL- number')),
  h('div', { class: 'actions' }, submit, canDeal ? null : h('span', { class: 'help' }, ' Booking needs the dealer role.')),
  result);
  if (prefilled) form.prepend(prefilled);
  show(pageTitle('Deal entry', 'checked against the lending list as you type'), h('div', { class: 'deal-layout' }, form, check));
}

function checkAnswer(r) {
  if (r.status !== 200 || !r.data) {
    const e = r.data && r.data.error;
    return [h('p', { class: 'check-refused' }, e ? e.message : `The check failed (${r.status}).`)];
  }
  const d = r.data;
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Status'), h('dd', {}, d.status ? badge(d.status) : '—'),
    h('dt', {}, 'Limit'), h('dd', {}, d.limit === null ? 'no limit' : money(d.limit)),
    h('dt', {}, 'Exposure now'), h('dd', {}, money(d.exposure)),
    h('dt', {}, 'Maximum term'), h('dd', {}, d.max_days === null || d.max_days === undefined ? 'no maximum' : daysText(d.max_days)),
    h('dt', {}, 'Basis'), h('dd', {}, d.basis ? basisText(d.basis) : '—'));
  if (d.allowed) return [h('p', { class: 'check-allowed', id: 'check-verdict' }, '✓ Within the lending list: this deal may be booked.'), facts];
  return [h('p', { class: 'check-refused', id: 'check-verdict' }, `✗ Refused: ${d.reasons.length} reason${d.reasons.length === 1 ? '' : 's'}`),
    h('ul', { class: 'reasons', id: 'check-reasons' }, d.reasons.map((x) => h('li', { 'data-kind': x.kind }, sentence(ukText(x.message || x.kind))))), facts];
}

/* ---- approvals ------------------------------------------------------------------------------ */

async function approvalsPage() {
  const d = await api('GET', `${base()}/deals?status=pending`);
  if (d.status !== 200) throw new Error(d.data.error.message);
  const canApprove = ['approver', 'admin'].includes(state.me.role);
  const canDeal = ['dealer', 'approver', 'admin'].includes(state.me.role);
  const msg = h('div', { id: 'approval-result', 'aria-live': 'polite' });
  const done = { approve: 'approved: it is now confirmed', reject: 'rejected: it is cancelled', withdraw: 'withdrawn: it is cancelled' };
  const act = async (deal, verb, reasonInput) => {
    let body;
    if (reasonInput) {
      const why = reasonInput.value.trim();
      if (!why) {
        msg.replaceChildren(errorBox(`Give a reason for ${verb === 'reject' ? 'rejecting' : 'withdrawing'} deal ${deal.ref} first: it is kept in the audit trail.`));
        reasonInput.focus(); return;
      }
      body = { reason: why };
    }
    const r = await api('POST', `${base()}/deals/${encodeURIComponent(deal.ref)}/${verb}`, body);
    if (r.status === 200) {
      await approvalsPage();
      $('#approval-result').replaceChildren(h('div', { class: 'ok', role: 'status' }, `Deal ${deal.ref} ${done[verb]}.`));
    } else msg.replaceChildren(errorBox((r.data && r.data.error && r.data.error.message) || `${verb} failed (${r.status})`));
  };
  const reasonField = (x, verb) => {
    const id = `${verb}-reason-${x.ref}`;
    const label = verb === 'reject' ? `Reason for rejecting ${x.ref}` : `Reason for withdrawing ${x.ref}`;
    const input = h('input', { id, class: 'reason', autocomplete: 'off', required: true,
      placeholder: verb === 'reject' ? 'reason for rejecting' : 'reason for withdrawing' });
    return [h('label', { for: id, class: 'visually-hidden' }, label), input];
  };
  const rows = d.data.deals.map((x) => {
    const mine = x.booked_by === state.me.name;
    let actions;
    if (mine && canDeal) {
      const [lab, input] = reasonField(x, 'withdraw');
      actions = [h('span', { class: 'help own' }, 'Booked by you: another officer approves it.'),
        h('span', { class: 'act' }, lab, input, h('button', { type: 'button', class: 'secondary', onclick: () => act(x, 'withdraw', input) }, 'Withdraw my deal'))];
    } else if (!canApprove) {
      actions = h('span', { class: 'help' }, 'Needs the approver role.');
    } else {
      const [lab, input] = reasonField(x, 'reject');
      actions = [h('button', { type: 'button', class: 'primary', onclick: () => act(x, 'approve') }, 'Approve'),
        h('span', { class: 'act' }, lab, input, h('button', { type: 'button', class: 'danger', onclick: () => act(x, 'reject', input) }, 'Reject'))];
    }
    return h('tr', { 'data-ref': x.ref }, td(x.ref, 'nowrap'), td(x.counterparty_name), td(TYPE_NAMES[x.type] || x.type), td(money(x.principal), 'num'),
      td(rateText(x.rate), 'num'), td(ukDate(x.start_date)), td(ukDate(x.maturity_date)), td(x.booked_by || '—'),
      h('td', { class: 'row-actions' }, actions));
  });
  show(pageTitle('Approvals', 'deals booked and waiting for a second officer'),
    h('p', { class: 'intro' }, 'A deal counts against the lending list from the moment it is booked. A second officer with the approver role approves it, or rejects it with a reason; the officer who booked it may withdraw it. Every decision is kept in the audit trail.'),
    msg,
    table(null, ['Ref', 'Counterparty', 'Type', 'Principal', 'Rate', 'Start', 'Maturity', 'Booked by', 'Decision'], rows,
      { cls: 'data approvals', empty: 'No deals are waiting for approval. Deals booked on the Deal entry page appear here until a second officer approves them.' }));
}

/* ---- lending list --------------------------------------------------------------------------- */

async function lendingPage() {
  const l = await view('limits');
  const breached = new Set(l.breaches.map((b) => b.subject));
  const rows = l.counterparties.map((c) => {
    const pct = c.limit === null ? null : percentOf(c.exposure, c.limit);
    const over = breached.has(c.code) || (pence(c.exposure) > 0n && c.limit !== null && pence(c.exposure) > pence(c.limit));
    const use = c.limit === null ? h('span', { class: 'help' }, 'no limit')
      : pence(c.limit) === 0n ? (pence(c.exposure) > 0n ? h('span', { class: 'breach-text' }, 'exposure, no limit') : h('span', { class: 'help' }, '—'))
        : [h('span', { class: 'meter' }, h('span', { class: `bar ${pct >= 100 ? 'bar-over' : pct >= 90 ? 'bar-warn' : ''}`, 'data-pct': pct })), h('span', { class: 'bar-label' }, `${pct}%`)];
    return h('tr', { class: over ? 'breach' : null, 'data-code': c.code },
      h('td', {}, h('strong', {}, c.name), h('div', { class: 'help' }, `${c.code} · ${c.sector.replace(/_/g, ' ')} · ${c.country}`)),
      h('td', {}, badge(c.status), over ? h('span', { class: 'badge badge-breach' }, 'breach') : null),
      td(c.rating || '—'), td(c.limit === null ? 'no limit' : money(c.limit), 'num'), td(money(c.exposure), 'num'),
      h('td', { class: 'bar-cell' }, use),
      td(c.status === 'suspended' || c.status === 'not_approved' ? 'no new deals' : c.max_days === null ? 'no maximum' : daysText(c.max_days), 'num'),
      h('td', { class: 'basis' }, basisText(c.basis)));
  });
  show(pageTitle('Lending list', `as at ${ukDate(l.as_of)}`),
    l.breaches.length ? h('section', { class: 'breaches', 'aria-label': 'Breaches' }, h('h2', {}, `Breaches (${l.breaches.length})`),
      h('ul', { class: 'breach-list' }, l.breaches.map((b) => h('li', { 'data-kind': b.kind, 'data-subject': b.subject }, badge('breach'), ' ', breachText(b, l.counterparties))))) : h('p', { class: 'ok' }, 'No breaches: every counterparty is within its limit and maximum term.'),
    table(null, ['Counterparty', 'Status', 'Rating', 'Limit', 'Exposure', 'Limit used', 'Max term', 'Basis'], rows, { cls: 'data lending' }));
  paintBars();
}

/* ---- alerts --------------------------------------------------------------------------------- */

async function alertsPage() {
  const a = await view('alerts', '?all=true');
  const canAck = ['dealer', 'approver', 'admin'].includes(state.me.role);
  const msg = h('div', { id: 'alert-result', 'aria-live': 'polite' });
  const rows = a.alerts.map((x) => h('tr', { 'data-id': x.id, class: `state-${x.state}` },
    td(String(x.id), 'num'), h('td', {}, badge(x.state)), h('td', {}, badge(alertSeverity(x.kind)), ' ', alertText(x)), td(ukDateTime(x.raised_at), 'nowrap'),
    td(x.acknowledged_by ? `${x.acknowledged_by}, ${ukDateTime(x.acknowledged_at)}` : '—'),
    h('td', {}, x.state === 'open' && canAck ? h('button', { type: 'button', class: 'secondary small', 'aria-label': `Acknowledge alert ${x.id}`, onclick: async () => {
      const r = await api('POST', `${base()}/alerts/${x.id}/acknowledge`);
      if (r.status === 200) { await alertsPage(); $('#alert-result').replaceChildren(h('div', { class: 'ok', role: 'status' }, `Alert ${x.id} acknowledged.`)); }
      else msg.replaceChildren(errorBox((r.data && r.data.error && r.data.error.message) || `failed (${r.status})`));
    } }, 'Acknowledge') : null)));
  show(pageTitle('Alerts', 'breaches and warnings, open ones first'), msg,
    h('p', { class: 'intro' }, 'Acknowledging an alert records that you have seen it; it stays listed until the cause goes away (then it is resolved).'),
    table(null, ['#', 'State', 'What', 'Raised', 'Acknowledged', 'Action'], rows, { cls: 'data alerts-table', empty: 'No alerts: nothing has breached or come near a limit, and the rate feeds are up to date.' }));
}
function ukDateTime(ts) {
  if (!ts) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(ts);
  return m ? `${ukDate(m[1])} ${m[2]}` : ts;
}

/* ---- reports -------------------------------------------------------------------------------- */

/* Financial-year quarters, newest first: "2026-Q2" is July to September 2026 (Q1 ends 30 June). */
function recentQuarters(todayIso, n) {
  const [y, m] = todayIso.split('-').map(Number);
  let fy = m >= 4 ? y : y - 1, q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  const names = ['April to June', 'July to September', 'October to December', 'January to March'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const endYear = q === 4 ? fy + 1 : fy;
    out.push([`${fy}-Q${q}`, `${fy}/${String((fy + 1) % 100).padStart(2, '0')} Q${q}: ${names[q - 1]} ${endYear}`]);
    if (--q === 0) { q = 4; fy--; }
  }
  return out;
}

async function reportsPage() {
  const kinds = { pi: 'Prudential indicators (monthly)', quarterly: 'Quarterly prudential indicators pack', portfolio: 'Investment portfolio', outturn: 'Annual outturn' };
  const formats = { pdf: 'PDF (committee paper, tagged)', html: 'Web page (HTML, printable)', xlsx: 'Spreadsheet (Excel)', csv: 'CSV', md: 'Markdown', json: 'JSON' };
  const me = await api('GET', base()); /* the service's today (PRUDENT_TODAY in tests), else the browser's */
  const today = (me.status === 200 && me.data.today) || new Date().toISOString().slice(0, 10);
  const quarters = recentQuarters(today, 9);
  const kind = h('select', { id: 'report-kind' }, Object.entries(kinds).map(([k, v]) => h('option', { value: k }, v)));
  const fmt = h('select', { id: 'report-format' }, Object.entries(formats).map(([k, v]) => h('option', { value: k }, v)));
  const quarter = h('select', { id: 'report-quarter', 'aria-describedby': 'report-quarter-help' },
    quarters.map(([k, v], i) => h('option', { value: k, selected: i === 1 }, v))); /* default: the last complete quarter */
  const asOf = h('input', { id: 'report-as-of', placeholder: 'dd/mm/yyyy', autocomplete: 'off', 'aria-describedby': 'report-as-of-help' });
  const link = h('a', { id: 'report-link', class: 'button primary', download: '' }, 'Download');
  const note = h('p', { class: 'help', id: 'report-note', 'aria-live': 'polite' });
  const quarterField = h('div', { class: 'field', id: 'report-quarter-field' }, h('label', { for: 'report-quarter' }, 'Quarter'), quarter,
    h('p', { class: 'help', id: 'report-quarter-help' }, 'Financial-year quarters: Q1 ends 30 June.'));
  const asOfField = h('div', { class: 'field', id: 'report-as-of-field' }, h('label', { for: 'report-as-of' }, 'As at'), asOf,
    h('p', { class: 'help', id: 'report-as-of-help' }, 'dd/mm/yyyy; blank for today. The outturn covers the financial year to this date.'));
  const update = () => {
    const q = new URLSearchParams({ format: fmt.value });
    const isQuarter = kind.value === 'quarterly';
    quarterField.hidden = !isQuarter;
    asOfField.hidden = isQuarter;
    const d = isoDate(asOf.value);
    if (isQuarter) q.set('quarter', quarter.value);
    else if (d) q.set('as_of', d);
    link.href = `${base()}/reports/${kind.value}?${q}`;
    note.textContent = !isQuarter && asOf.value.trim() && !d ? 'As-of date: use dd/mm/yyyy (today is used meanwhile).' : '';
  };
  for (const e of [kind, fmt, asOf, quarter]) { e.addEventListener('input', update); e.addEventListener('change', update); }
  update();
  show(pageTitle('Reports', 'committee reports from the same figures as these pages'),
    h('form', { class: 'report-form', onsubmit: (ev) => { ev.preventDefault(); link.click(); } },
      h('div', { class: 'field' }, h('label', { for: 'report-kind' }, 'Report'), kind),
      h('div', { class: 'field' }, h('label', { for: 'report-format' }, 'Format'), fmt),
      quarterField, asOfField,
      h('div', { class: 'actions' }, link), note),
    h('dl', { class: 'report-kinds' },
      h('dt', {}, kinds.pi), h('dd', {}, 'Every prudential indicator against its limit, the lending list breaches and the alerts of the month, with the liability benchmark when a capital plan is in force: for the monthly return to the section 151 officer.'),
      h('dt', {}, kinds.quarterly), h('dd', {}, 'For committee each quarter (Prudential Code 2021): every indicator at the quarter end beside the year\'s limit and forecast, the liability benchmark and its chart, borrowing and investment activity, lending list changes and the breaches with their explanations.'),
      h('dt', {}, kinds.portfolio), h('dd', {}, 'Every investment held at the date, by type and counterparty, with the weighted average maturity.'),
      h('dt', {}, kinds.outturn), h('dd', {}, "The annual report's annexes: debt financing, maturing debt, lending list changes, the investment portfolio and the indicators' outturn."),
      h('dt', {}, 'PDF'), h('dd', {}, 'Every report is offered as a paginated, tagged PDF (PDF/UA) on A4, ready to attach to committee papers.')));
}

/* ---- start ---------------------------------------------------------------------------------- */

document.addEventListener('DOMContentLoaded', () => {
  $('#authority-switch').addEventListener('change', (ev) => { location.hash = `#/${ev.target.value}/${state.page}`; });
  $('#sign-out').addEventListener('click', async () => { await api('DELETE', '/api/v1/session'); signInPage('You have signed out.'); });
  window.addEventListener('hashchange', route);
  start();
});
