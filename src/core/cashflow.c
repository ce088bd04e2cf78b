/* cashflow.c: the cash-flow forecast's computations (see cashflow.h). */
#include "core/cashflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/interest.h"
#include "core/loan_events.h"
#include "core/schedule.h"

static const char *const source_names[CASH_SOURCE_COUNT] = {"book", "forecast", "actual", "member"};
static const char *const repeat_names[REPEAT_COUNT] = {"", "weekly", "monthly", "quarterly", "yearly"};
static const char *const by_names[CASH_BY_COUNT] = {"day", "week", "month", "year"};

const char *cash_source_name(enum cash_source s)
{
    return s < CASH_SOURCE_COUNT ? source_names[s] : "?";
}

const char *cash_repeat_name(enum cash_repeat r)
{
    return r < REPEAT_COUNT ? repeat_names[r] : "?";
}

const char *cash_by_name(enum cash_by b)
{
    return b < CASH_BY_COUNT ? by_names[b] : "?";
}

bool cash_repeat_parse(const char *s, enum cash_repeat *out)
{
    for (int i = 0; i < REPEAT_COUNT; i++)
        if (strcmp(s, repeat_names[i]) == 0) {
            *out = (enum cash_repeat)i;
            return true;
        }
    return false;
}

bool cash_by_parse(const char *s, enum cash_by *out)
{
    for (int i = 0; i < CASH_BY_COUNT; i++)
        if (strcmp(s, by_names[i]) == 0) {
            *out = (enum cash_by)i;
            return true;
        }
    return false;
}

/* ---- the list of flows -------------------------------------------------------------------- */

int cash_flows_add(struct cash_flows *fs, const struct cash_flow *f)
{
    if (fs->n == fs->cap) {
        int cap = fs->cap ? fs->cap * 2 : 64;
        struct cash_flow *v = realloc(fs->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        fs->v = v;
        fs->cap = cap;
    }
    fs->v[fs->n++] = *f;
    return 0;
}

void cash_flows_free(struct cash_flows *fs)
{
    free(fs->v);
    *fs = (struct cash_flows){0};
}

static int flow_cmp(const void *pa, const void *pb)
{
    const struct cash_flow *a = pa, *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->source != b->source)
        return a->source < b->source ? -1 : 1;
    int c = strcmp(a->account, b->account);
    return c ? c : strcmp(a->ref, b->ref);
}

void cash_flows_sort(struct cash_flows *fs)
{
    if (fs->n > 1)
        qsort(fs->v, (size_t)fs->n, sizeof *fs->v, flow_cmp);
}

/* ---- forecast items ------------------------------------------------------------------------ */

date_t cash_repeat_nth(date_t first, enum cash_repeat r, int k)
{
    switch (r) {
    case REPEAT_WEEKLY: return first + 7 * k;
    case REPEAT_MONTHLY: return date_add_months(first, k);
    case REPEAT_QUARTERLY: return date_add_months(first, 3 * k);
    case REPEAT_YEARLY: return date_add_months(first, 12 * k);
    default: return first;
    }
}

/* The modified-following rule moves a date at most this many days either way (a weekend and a
 * run of holidays such as Christmas, Boxing Day and their substitutes). */
#define CASH_SHIFT_MAX 7

int cash_item_flows(const struct cash_item *it, const struct calendar *cal, date_t from, date_t to,
                    struct cash_flows *out)
{
    for (int k = 0;; k++) {
        date_t nominal = cash_repeat_nth(it->date, it->repeat, k);
        if ((k > 0 && it->repeat == REPEAT_NONE) || nominal > to + CASH_SHIFT_MAX ||
            (it->until != DATE_NONE && nominal > it->until))
            return 0;
        if (nominal < from - CASH_SHIFT_MAX || (it->held && ((it->held_from != DATE_NONE && nominal < it->held_from) ||
                                                             (it->held_to != DATE_NONE && nominal >= it->held_to))))
            continue;
        date_t d = calendar_modified_following(cal, nominal);
        if (d < from || d > to)
            continue;
        struct cash_flow f = {.date = d, .source = CASH_FORECAST, .amount = it->amount};
        snprintf(f.account, sizeof f.account, "%s", it->account);
        snprintf(f.ref, sizeof f.ref, "CF%lld", (long long)it->id);
        snprintf(f.description, sizeof f.description, "%.32s%s%.126s", it->category,
                 it->category[0] && it->description[0] ? ": " : "", it->description);
        if (cash_flows_add(out, &f) < 0)
            return -1;
    }
}

/* ---- the book -------------------------------------------------------------------------------- */

struct sink {
    const char *account; /* the default account */
    const char *own;      /* the holding's own settlement account ("": the default) */
    const struct calendar *cal;
    date_t from, to;
    struct cash_flows *out;
    /* the business day of each nominal day from `from` - 31 on (settled[k]: of from - 31 + k),
     * DATE_NONE until asked; NULL for a sink of a few holdings (each day asked of the calendar) */
    date_t *settled;
    int nsettled;
};

/* The modified-following business day of d, from the sink's table when d is in it: a book's
 * thousands of maturities fall on a few hundred days of the window. */
static date_t settle_day(const struct sink *s, date_t d)
{
    int64_t k = (int64_t)d - ((int64_t)s->from - 31);
    if (!s->settled || k < 0 || k >= s->nsettled)
        return calendar_modified_following(s->cal, d);
    if (s->settled[k] == DATE_NONE)
        s->settled[k] = calendar_modified_following(s->cal, d);
    return s->settled[k];
}

/* Copy src into dst of size bytes, cut to size - 1 bytes as snprintf("%s") cuts it. */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Append the n strings parts to dst of size bytes (cut to size - 1 bytes as snprintf cuts): a
 * description of fixed words and amounts without printf's cost. */
static void join(char *dst, size_t size, const char *const *parts, int n)
{
    size_t len = 0;
    for (int k = 0; k < n && len < size - 1; k++) {
        size_t m = strnlen(parts[k], size - 1 - len);
        memcpy(dst + len, parts[k], m);
        len += m;
    }
    dst[len] = '\0';
}

/* Whether a book flow of amount on nominal date *d falls in the sink's window, with *d moved to a
 * business day when settle. Only then is the flow built (its description formatted): a deal's
 * start years before the window is dropped here. A day more than 31 days before the window need
 * not be moved: the modified-following day is in its own month or before it, so still before the
 * window. */
static bool book_due(const struct sink *s, date_t *d, bool settle, money_t amount)
{
    if (amount == 0 || *d < s->from - 31)
        return false;
    if (settle)
        *d = settle_day(s, *d);
    return *d >= s->from && *d <= s->to;
}

/* Append a book flow on day d (book_due's) in the holding's settlement account, described by the
 * n strings parts joined. */
static int book_flow(const struct sink *s, date_t d, const char *ref, money_t amount, bool maturity,
                     const char *const *parts, int n)
{
    struct cash_flow f = {.date = d, .source = CASH_BOOK, .amount = amount, .maturity = maturity};
    copy_text(f.account, sizeof f.account, s->own && s->own[0] ? s->own : s->account);
    copy_text(f.ref, sizeof f.ref, ref);
    join(f.description, sizeof f.description, parts, n);
    return cash_flows_add(s->out, &f);
}

static int dated_deal(const struct sink *s, const struct investment *i)
{
    const char *type = inv_type_name(i->type);
    date_t d = i->start;
    if (book_due(s, &d, true, -i->principal) &&
        book_flow(s, d, i->ref, -i->principal, false, (const char *const[]){type, " placed"}, 2) < 0)
        return -1;
    money_t interest, back;
    if (interest_receivable(i, i->maturity, i->maturity, &interest) < 0 ||
        !money_add(i->principal, interest, &back))
        return -1;
    d = i->maturity;
    if (!book_due(s, &d, true, back))
        return 0;
    char p[MONEY_BUFSZ], n[MONEY_BUFSZ];
    const char *parts[] = {type, " matures: principal ", money_format(i->principal, MONEY_PLAIN, p), " + interest ",
                           money_format(interest, MONEY_PLAIN, n)};
    return book_flow(s, d, i->ref, back, true, parts, 5);
}

static int account_flows(const struct sink *s, const struct investment *i, const struct movement *m, int n)
{
    const char *type = inv_type_name(i->type);
    date_t d = i->start;
    if (book_due(s, &d, true, -i->principal) &&
        book_flow(s, d, i->ref, -i->principal, false, (const char *const[]){type, " opened"}, 2) < 0)
        return -1;
    int len, first = movements_run(i->id, m, n, &len);
    for (int k = first; k < first + len; k++) {
        money_t amount = m[k].kind == MOVE_DEPOSIT ? -m[k].amount : m[k].kind == MOVE_WITHDRAWAL ? m[k].amount : 0;
        d = m[k].date;
        if (book_due(s, &d, false, amount) &&
            book_flow(s, d, i->ref, amount, false, (const char *const[]){type, " ", move_kind_name(m[k].kind)}, 3) < 0)
            return -1;
    }
    return 0;
}

/* The cash of the loan's early repayments (repaid: the settlement recorded, outstanding +
 * accrued + premium or less a discount; repaid_at_par: the principal), out on their dates
 * (business-day adjusted). The instalments they replace are gone from the schedule already. */
static int loan_repayments(const struct sink *s, const struct loan *l)
{
    for (int k = 0; k < l->nevents; k++) {
        const struct loan_event *e = &l->events[k];
        if (e->kind == LOAN_EV_RATE_CHANGE)
            continue;
        char p[MONEY_BUFSZ], x[MONEY_BUFSZ];
        money_t extra;
        if (!money_sub(e->settlement, e->amount, &extra))
            return -1;
        date_t d = e->date;
        if (!book_due(s, &d, true, -e->settlement))
            continue;
        const char *at_par[] = {"loan repaid at par: principal ", money_format(e->amount, MONEY_PLAIN, p)};
        const char *early[] = {"loan repaid early: principal ", money_format(e->amount, MONEY_PLAIN, p),
                               " + accrued interest and premium ", money_format(extra, MONEY_PLAIN, x)};
        int rc = e->kind == LOAN_EV_REPAID_AT_PAR ? book_flow(s, d, l->ref, -e->settlement, true, at_par, 2)
                                                  : book_flow(s, d, l->ref, -e->settlement, true, early, 4);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int loan_flows(const struct sink *s, const struct loan *l)
{
    date_t d = l->start;
    if (book_due(s, &d, true, l->principal) &&
        book_flow(s, d, l->ref, l->principal, false, (const char *const[]){"loan drawn"}, 1) < 0)
        return -1;
    int cap = schedule_count(l);
    struct instalment *v = malloc((size_t)(cap > 0 ? cap : 1) * sizeof *v);
    if (!v)
        return -1;
    int n = loan_schedule_build(l, v, cap), rc = n < 0 ? -1 : 0;
    for (int k = 0; k < n && rc == 0; k++) {
        money_t pay;
        char p[MONEY_BUFSZ], i[MONEY_BUFSZ];
        if (!money_add(v[k].principal, v[k].interest, &pay)) {
            rc = -1;
            break;
        }
        d = v[k].date;
        if (!book_due(s, &d, true, -pay))
            continue;
        const char *parts[] = {"loan instalment: principal ", money_format(v[k].principal, MONEY_PLAIN, p),
                               " + interest ", money_format(v[k].interest, MONEY_PLAIN, i)};
        rc = book_flow(s, d, l->ref, -pay, true, parts, 4);
    }
    free(v);
    return rc < 0 ? rc : loan_repayments(s, l);
}

int cash_book_flows(const struct investment *inv, int ninv, const struct loan *loans, int nloans,
                    const struct movement *moves, int nmoves, const char *account,
                    const struct calendar *cal, date_t from, date_t to, struct cash_flows *out)
{
    struct sink s = {account, "", cal, from, to, out, NULL, 0};
    if (ninv + nloans >= 32 && to >= from && (int64_t)to - from < 366 * 60) { /* a table of the window's days */
        s.nsettled = (int)(to - from) + 63;
        if (!(s.settled = malloc((size_t)s.nsettled * sizeof *s.settled)))
            return -1;
        for (int k = 0; k < s.nsettled; k++)
            s.settled[k] = DATE_NONE;
    }
    int rc = 0;
    for (int k = 0; k < ninv && rc == 0; k++) {
        const struct investment *i = &inv[k];
        s.own = i->account;
        rc = i->maturity != DATE_NONE ? dated_deal(&s, i) : account_flows(&s, i, moves, nmoves);
    }
    for (int k = 0; k < nloans && rc == 0; k++) {
        s.own = loans[k].account;
        rc = loan_flows(&s, &loans[k]);
    }
    free(s.settled);
    return rc < 0 ? -1 : 0;
}

void cash_flows_only(struct cash_flows *fs, const char *account)
{
    int k = 0;
    for (int i = 0; i < fs->n; i++)
        if (strcmp(fs->v[i].account, account) == 0)
            fs->v[k++] = fs->v[i];
    fs->n = k;
}

/* ---- actuals ---------------------------------------------------------------------------------- */

static bool covered(const struct cash_flow *f, const struct cash_cover *c, int n)
{
    for (int k = 0; k < n; k++)
        if (f->date >= c[k].from && f->date <= c[k].to && strcmp(f->account, c[k].account) == 0)
            return true;
    return false;
}

void cash_use_actuals(struct cash_flows *fs, const struct cash_cover *covers, int n)
{
    int k = 0;
    for (int i = 0; i < fs->n; i++)
        if (fs->v[i].source == CASH_ACTUAL || !covered(&fs->v[i], covers, n))
            fs->v[k++] = fs->v[i];
    fs->n = k;
}

static int cover_cmp(const void *pa, const void *pb)
{
    const struct cash_cover *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->statement < b->statement ? -1 : a->statement > b->statement;
}

/* The account's balance at the end of day: opening plus its flows from..day. */
static int balance_on(const struct cash_flows *fs, const char *account, money_t opening, date_t from, date_t day,
                      money_t *out)
{
    *out = opening;
    for (int i = 0; i < fs->n; i++)
        if (fs->v[i].date >= from && fs->v[i].date <= day && strcmp(fs->v[i].account, account) == 0 &&
            !money_add(*out, fs->v[i].amount, out))
            return -1;
    return 0;
}

int cash_rebase(struct cash_flows *fs, const struct cash_cover *covers, int n, date_t from,
                int (*opening_of)(const char *account, void *arg, money_t *out), void *arg)
{
    struct cash_cover *c = malloc((size_t)(n > 0 ? n : 1) * sizeof *c);
    if (!c)
        return -1;
    if (n > 0)
        memcpy(c, covers, (size_t)n * sizeof *c);
    qsort(c, (size_t)n, sizeof *c, cover_cmp);
    int rc = 0;
    for (int k = 0; k < n && rc == 0; k++) {
        if (c[k].from <= from)
            continue;
        money_t opening, forecast, diff;
        if (opening_of(c[k].account, arg, &opening) < 0 ||
            balance_on(fs, c[k].account, opening, from, c[k].from - 1, &forecast) < 0 ||
            !money_sub(c[k].opening, forecast, &diff)) {
            rc = -1;
            break;
        }
        if (diff == 0)
            continue;
        struct cash_flow f = {.date = c[k].from, .source = CASH_ACTUAL, .amount = diff};
        char b[MONEY_BUFSZ];
        snprintf(f.account, sizeof f.account, "%s", c[k].account);
        snprintf(f.ref, sizeof f.ref, "S%lld/opening", (long long)c[k].statement);
        snprintf(f.description, sizeof f.description, "statement opening balance %s: its difference from the forecast",
                 money_format(c[k].opening, MONEY_PLAIN, b));
        rc = cash_flows_add(fs, &f);
    }
    free(c);
    return rc;
}

int cash_statement_check(money_t opening, const money_t *amount, const money_t *balance, int n,
                         money_t *expected)
{
    money_t b = opening;
    for (int i = 0; i < n; i++) {
        if (!money_add(b, amount[i], &b))
            return -2;
        if (b != balance[i]) {
            *expected = b;
            return i;
        }
    }
    return -1;
}

/* ---- periods ------------------------------------------------------------------------------------ */

/* The last day of the period starting on d. */
static date_t period_end(date_t d, date_t to, enum cash_by by)
{
    date_t e = d;
    if (by == CASH_BY_WEEK) {
        e = d + (7 - date_weekday(d));
    } else if (by == CASH_BY_MONTH) {
        int y, m, day;
        date_to_ymd(d, &y, &m, &day);
        e = d + (date_days_in_month(y, m) - day);
    } else if (by == CASH_BY_YEAR) { /* the financial year's end: the 31 March on or after d */
        int y, m, day;
        date_to_ymd(d, &y, &m, &day);
        date_from_ymd(m <= 3 ? y : y + 1, 3, 31, &e);
    }
    return e < to ? e : to;
}

int cash_period_count(date_t from, date_t to, enum cash_by by)
{
    int n = 0;
    for (date_t d = from; d <= to; d = period_end(d, to, by) + 1)
        n++;
    return n;
}

int cash_periods(date_t from, date_t to, enum cash_by by, money_t opening, money_t minimum,
                 const struct cash_flows *fs, struct cash_period *out, int cap)
{
    money_t balance = opening;
    int n = 0, i = 0;
    while (i < fs->n && fs->v[i].date < from)
        i++;
    for (date_t d = from; d <= to; d = out[n - 1].end + 1) {
        if (n == cap)
            return -1;
        struct cash_period *p = &out[n++];
        *p = (struct cash_period){.start = d, .end = period_end(d, to, by)};
        for (date_t day = p->start; day <= p->end; day++) {
            for (; i < fs->n && fs->v[i].date == day; i++) {
                money_t a = fs->v[i].amount;
                if (!money_accumulate(a > 0 ? &p->receipts : &p->payments, a > 0 ? a : -a) ||
                    !money_add(balance, a, &balance))
                    return -1;
            }
            if (balance < minimum)
                p->below_minimum = true;
        }
        if (!money_sub(p->receipts, p->payments, &p->net))
            return -1;
        p->closing = balance;
    }
    return n;
}
