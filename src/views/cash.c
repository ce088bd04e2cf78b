/* cash.c: the cash-flow forecast, the morning position and the bank accounts as documents (see
 * cash.h). */
#include "views/cash.h"

#include <stdlib.h>
#include <string.h>

#include "core/cash_low.h"
#include "store/book.h"
#include "store/cash.h"
#include "store/rates.h"
#include "util/err.h"
#include "util/json.h"
#include "views/cash_json.h"
#include "util/table.h"

#define CASH_DAYS_MAX (366 * 50)

/* A holding of a member of a partnership with another member: its ref and that member. */
struct between_ref {
    char ref[REF_MAX];
    int with; /* the other member's index in the partnership */
};

/* Everything a forecast is computed from and what it computes. For one member of a
 * partnership (p set), refs names its deals with other members and its loans from them: their
 * book flows are the flows between members (between_with). */
struct forecast {
    struct cash_args args;
    money_t opening, minimum;
    struct cash_flows flows;
    struct cash_period *periods;
    int nperiods;
    const struct partnership *p;
    int self; /* this member's index in p */
    struct between_ref *refs;
    int nrefs;
};

static void forecast_free(struct forecast *f)
{
    cash_flows_free(&f->flows);
    free(f->periods);
    free(f->refs);
}

/* The accounts in scope of a forecast from `from`: their minimum (not of an account a merger moved
 * out before it: that is the successor's) and the default account's code (into def, "" none). */
static int scope(PGconn *c, const struct authority *a, const char *account, date_t from, money_t *minimum,
                 char *def)
{
    struct bank_account *v;
    int n = cash_accounts_load(c, a->id, &v);
    if (n < 0)
        return EXIT_DEP;
    bool found = account == NULL;
    *minimum = 0;
    def[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (v[i].is_default)
            snprintf(def, CODE_MAX, "%s", v[i].code);
        if (!account || strcmp(v[i].code, account) == 0) {
            found = true;
            if (!v[i].moved_out || v[i].moved_on > from)
                money_accumulate(minimum, v[i].min_balance);
        }
    }
    free(v);
    if (!found)
        return fail(EXIT_BAD, "--account \"%s\": not a bank account of %s (prudent accounts lists them)", account,
                    a->code);
    return EXIT_OK;
}

/* A book a merger moved holdings into or out of (sql/215): each holding's flows only while the
 * authority held it (book_held_within: the predecessor's to the day before the vesting day, the
 * successor's from it). */
static int merged_book_flows(const struct book *b, const char *def, const struct calendar *cal, date_t first,
                             date_t last, struct cash_flows *out)
{
    int rc = 0;
    for (int k = 0; k < b->ninv + b->nloans && rc == 0; k++) {
        bool loan = k >= b->ninv;
        date_t from = first, to = last;
        book_held_within(b, loan, loan ? b->loans[k - b->ninv].id : b->inv[k].id, &from, &to);
        if (from <= to)
            rc = loan ? cash_book_flows(NULL, 0, &b->loans[k - b->ninv], 1, NULL, 0, def, cal, from, to, out)
                      : cash_book_flows(&b->inv[k], 1, NULL, 0, b->moves, b->nmoves, def, cal, from, to, out);
    }
    return rc;
}

int cash_held_book_flows(const struct book *b, const char *def, const struct calendar *cal, date_t from, date_t to,
                         struct cash_flows *out)
{
    return b->nwindows ? merged_book_flows(b, def, cal, from, to, out)
                       : cash_book_flows(b->inv, b->ninv, b->loans, b->nloans, b->moves, b->nmoves, def, cal, from, to,
                                         out);
}

/* The member of f's partnership that counterparty cp_id is, or NULL (an outside one, or no
 * partnership). */
static int member_with(const struct forecast *f, int64_t cp_id)
{
    for (int i = 0; f->p && i < f->p->nmembers; i++)
        if (f->p->members[i].counterparty_id == cp_id)
            return i;
    return -1;
}

static void add_ref(struct forecast *f, const char *ref, int with)
{
    f->refs = xrealloc(f->refs, (size_t)(f->nrefs + 1) * sizeof *f->refs);
    snprintf(f->refs[f->nrefs].ref, sizeof f->refs[f->nrefs].ref, "%s", ref);
    f->refs[f->nrefs++].with = with;
}

/* Record in f->refs b's deals with other members of f's partnership and its loans from them. */
static void find_between(struct forecast *f, const struct book *b)
{
    for (int k = 0; f->p && k < b->ninv; k++) {
        int with = member_with(f, b->inv[k].counterparty_id);
        if (with >= 0)
            add_ref(f, b->inv[k].ref, with);
    }
    for (int k = 0; f->p && k < b->nloans; k++) {
        int with = member_with(f, b->loans[k].lender_id);
        if (with >= 0)
            add_ref(f, b->loans[k].ref, with);
    }
}

/* The book's flows, each in its settlement account (the default when it names none); with
 * --account, only that account's. */
static int book_flows(PGconn *c, const struct authority *a, const char *def, const struct calendar *cal,
                      struct forecast *f)
{
    struct book b;
    if (book_load_forecast(c, a->id, f->args.from, f->args.to, &b) < 0)
        return EXIT_DEP;
    find_between(f, &b);
    int rc = cash_held_book_flows(&b, def, cal, f->args.from, f->args.to, &f->flows);
    book_free(&b);
    if (rc < 0)
        return fail(EXIT_DEP, "the book's cash flows overflow");
    if (f->args.account)
        cash_flows_only(&f->flows, f->args.account);
    return EXIT_OK;
}

static int forecast_flows(PGconn *c, const struct authority *a, const struct calendar *cal, struct forecast *f)
{
    struct cash_item *items;
    int n = cash_items_load(c, a->id, f->args.account, &items);
    if (n < 0)
        return EXIT_DEP;
    int rc = EXIT_OK;
    for (int i = 0; i < n && rc == EXIT_OK; i++)
        if (cash_item_flows(&items[i], cal, f->args.from, f->args.to, &f->flows) < 0)
            rc = fail(EXIT_DEP, "out of memory");
    free(items);
    return rc;
}

/* The accounts' balances before the forecast's first day, read once (cash_statements_load). */
struct openings {
    struct cash_balance *v;
    int n;
};

/* An account's balance before the forecast's first day (cash_rebase's callback). */
static int opening_of(const char *account, void *arg, money_t *out)
{
    const struct openings *o = arg;
    return cash_balances_sum(o->v, o->n, account, out);
}

/* The statements' flows (their lines, the days they cover: cash_use_actuals, cash_rebase) and the
 * accounts' opening balances (f->opening: the account's or, without --account, their sum), read
 * in one statement. */
static int actual_flows(PGconn *c, const struct authority *a, struct forecast *f)
{
    struct cash_cover *covers;
    struct openings o;
    int ncovers;
    if (cash_statements_load(c, a->id, f->args.account, f->args.from, f->args.to, &f->flows, &covers, &ncovers, &o.v,
                             &o.n) < 0)
        return EXIT_DEP;
    int rc = cash_balances_sum(o.v, o.n, f->args.account, &f->opening) < 0 ? EXIT_DEP : EXIT_OK;
    if (rc == EXIT_OK) {
        cash_use_actuals(&f->flows, covers, ncovers);
        rc = cash_rebase(&f->flows, covers, ncovers, f->args.from, opening_of, &o) < 0 ? EXIT_DEP : EXIT_OK;
    }
    free(covers);
    free(o.v);
    return rc;
}

static int flows(PGconn *c, const struct authority *a, struct forecast *f)
{
    char def[CODE_MAX];
    int rc = scope(c, a, f->args.account, f->args.from, &f->minimum, def);
    if (rc != EXIT_OK)
        return rc;
    struct holiday *feed;
    int nfeed = holidays_load(c, &feed);
    if (nfeed < 0)
        return EXIT_DEP;
    struct calendar cal = {feed, nfeed};
    rc = book_flows(c, a, def, &cal, f);
    if (rc == EXIT_OK)
        rc = forecast_flows(c, a, &cal, f);
    free(feed);
    if (rc == EXIT_OK)
        rc = actual_flows(c, a, f);
    cash_flows_sort(&f->flows);
    return rc;
}

static int period_ok(const struct cash_args *args)
{
    if (args->from > args->to)
        return fail(EXIT_BAD, "--from is after --to");
    if (args->to - args->from > CASH_DAYS_MAX)
        return fail(EXIT_BAD, "the period is longer than 50 years");
    return EXIT_OK;
}

/* f's periods from its opening, minimum and flows. */
static int periods_of(struct forecast *f)
{
    const struct cash_args *args = &f->args;
    int cap = cash_period_count(args->from, args->to, args->by);
    f->periods = xcalloc((unsigned long)cap + 1, sizeof *f->periods);
    f->nperiods = cash_periods(args->from, args->to, args->by, f->opening, f->minimum, &f->flows, f->periods, cap);
    return f->nperiods < 0 ? fail(EXIT_DEP, "the forecast's balance overflows") : EXIT_OK;
}

static int compute(PGconn *c, const struct authority *a, const struct cash_args *args, struct forecast *f)
{
    memset(f, 0, sizeof *f);
    f->args = *args;
    int rc = period_ok(args);
    if (rc == EXIT_OK)
        rc = flows(c, a, f);
    return rc == EXIT_OK ? periods_of(f) : rc;
}

static cJSON *item_json(const struct cash_flow *fl)
{
    cJSON *o = cJSON_CreateObject();
    json_add_date(o, "date", fl->date);
    cJSON_AddStringToObject(o, "source", cash_source_name(fl->source));
    cJSON_AddStringToObject(o, "ref", fl->ref);
    cJSON_AddStringToObject(o, "account", fl->account);
    cJSON_AddStringToObject(o, "description", fl->description);
    json_add_money(o, "amount", fl->amount);
    return o;
}

/* {"from", "to", "opening_balance", "minimum_balance", "lowest_balance", "lowest_date",
 * "days_below_minimum", "days_covered", "shortfall"}: the forecast's low point (core/cash_low.h),
 * or NULL with *code set when it overflows. */
static cJSON *low_point_json(const struct forecast *f, int *code)
{
    struct cash_low low;
    if (cash_low_point(f->args.from, f->args.to, f->opening, f->minimum, &f->flows, &low) < 0) {
        *code = fail(EXIT_DEP, "the forecast's balance overflows");
        return NULL;
    }
    cJSON *o = cJSON_CreateObject();
    json_add_date(o, "from", low.from);
    json_add_date(o, "to", low.to);
    json_add_money(o, "opening_balance", f->opening);
    json_add_money(o, "minimum_balance", f->minimum);
    json_add_money(o, "lowest_balance", low.lowest);
    json_add_date(o, "lowest_date", low.lowest_date);
    cJSON_AddNumberToObject(o, "days_below_minimum", low.days_below);
    cJSON_AddNumberToObject(o, "days_covered", low.days_covered);
    json_add_money(o, "shortfall", low.shortfall);
    return o;
}

/* The document of forecast f with its "items" empty (*items, borrowed from it, for the caller
 * to fill), or NULL with *code set. */
static cJSON *forecast_doc(const struct forecast *f, cJSON **items, int *code)
{
    const struct cash_args *args = &f->args;
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "from", args->from);
    json_add_date(doc, "to", args->to);
    cJSON_AddStringToObject(doc, "by", cash_by_name(args->by));
    if (args->account)
        cJSON_AddStringToObject(doc, "account", args->account);
    else
        cJSON_AddNullToObject(doc, "account");
    json_add_money(doc, "opening_balance", f->opening);
    json_add_money(doc, "minimum_balance", f->minimum);
    cJSON *periods = cJSON_AddArrayToObject(doc, "periods");
    *items = cJSON_AddArrayToObject(doc, "items");
    for (int i = 0; i < f->nperiods; i++) {
        const struct cash_period *p = &f->periods[i];
        cJSON *o = cJSON_CreateObject();
        json_add_date(o, "start", p->start);
        json_add_date(o, "end", p->end);
        json_add_money(o, "receipts", p->receipts);
        json_add_money(o, "payments", p->payments);
        json_add_money(o, "net", p->net);
        json_add_money(o, "closing_balance", p->closing);
        cJSON_AddBoolToObject(o, "below_minimum", p->below_minimum);
        cJSON_AddItemToArray(periods, o);
    }
    cJSON *low = low_point_json(f, code);
    if (!low) {
        cJSON_Delete(doc);
        return NULL;
    }
    cJSON_AddItemToObject(doc, "low_point", low);
    return doc;
}

static bool in_period(const struct cash_args *args, const struct cash_flow *fl)
{
    return fl->date >= args->from && fl->date <= args->to;
}

/* The document of computed forecast f as a tree, or NULL with *code set. */
static cJSON *forecast_tree(const struct forecast *f, int *code)
{
    cJSON *items, *doc = forecast_doc(f, &items, code);
    for (int i = 0; doc && i < f->flows.n; i++)
        if (in_period(&f->args, &f->flows.v[i]))
            cJSON_AddItemToArray(items, item_json(&f->flows.v[i]));
    return doc;
}

/* The same document of f appended to out as text (views/cash_json.h). EXIT_OK, or the code after
 * saying why. */
static int forecast_write(const struct forecast *f, struct strbuf *out)
{
    struct cash_low low;
    if (cash_low_point(f->args.from, f->args.to, f->opening, f->minimum, &f->flows, &low) < 0)
        return fail(EXIT_DEP, "the forecast's balance overflows");
    struct cash_json_parts parts = {f->args.from, f->args.to, f->args.by, f->args.account, f->opening, f->minimum,
                                    f->periods, f->nperiods, &f->flows, &low};
    cash_json_write(out, &parts);
    return EXIT_OK;
}

cJSON *cash_forecast_view(PGconn *c, const struct authority *a, const struct cash_args *args, int *code)
{
    struct forecast f;
    *code = compute(c, a, args, &f);
    cJSON *doc = *code == EXIT_OK ? forecast_tree(&f, code) : NULL;
    forecast_free(&f);
    return doc;
}

int cash_forecast_view_write(PGconn *c, const struct authority *a, const struct cash_args *args, struct strbuf *out)
{
    struct forecast f;
    int code = compute(c, a, args, &f);
    if (code == EXIT_OK)
        code = forecast_write(&f, out);
    forecast_free(&f);
    return code;
}

/* A forecast of the given parts, its flows borrowed (not to be freed: forecast_parts_free), with
 * its periods; *code set. */
static struct forecast forecast_of(const struct cash_args *args, money_t opening, money_t minimum,
                                   const struct cash_flows *fs, int *code)
{
    struct forecast f = {.args = *args, .opening = opening, .minimum = minimum, .flows = *fs};
    *code = period_ok(args);
    if (*code == EXIT_OK)
        *code = periods_of(&f);
    return f;
}

static void forecast_parts_free(struct forecast *f)
{
    free(f->periods);
}

cJSON *cash_forecast_doc(const struct cash_args *args, money_t opening, money_t minimum, const struct cash_flows *fs,
                         int *code)
{
    struct forecast f = forecast_of(args, opening, minimum, fs, code);
    cJSON *doc = *code == EXIT_OK ? forecast_tree(&f, code) : NULL;
    forecast_parts_free(&f);
    return doc;
}

int cash_forecast_doc_write(const struct cash_args *args, money_t opening, money_t minimum,
                            const struct cash_flows *fs, struct strbuf *out)
{
    int code;
    struct forecast f = forecast_of(args, opening, minimum, fs, &code);
    if (code == EXIT_OK)
        code = forecast_write(&f, out);
    forecast_parts_free(&f);
    return code;
}

/* ---- a partnership's combined forecast ---------------------------------------------------------- */

/* The member a book flow of f is with, when it is one between members (its ref names a deal
 * with another member or a loan from one, and both are members on its date), else NULL. */
static const char *between_with(const struct forecast *f, const struct cash_flow *fl)
{
    for (int k = 0; fl->source == CASH_BOOK && k < f->nrefs; k++)
        if (strcmp(f->refs[k].ref, fl->ref) == 0)
            return partnership_member_on(f->p, f->self, fl->date) && partnership_member_on(f->p, f->refs[k].with, fl->date)
                       ? f->p->members[f->refs[k].with].a.code
                       : NULL;
    return NULL;
}

/* Whether flow fl of f counts in the partnership's: on a day f's member is a member (its balance
 * joining or leaving always). */
static bool counts(const struct forecast *f, const struct cash_flow *fl)
{
    return fl->source == CASH_MEMBER || partnership_member_on(f->p, f->self, fl->date);
}

/* f's balance at the end of the day before d: its opening and its flows from --from to then. */
static bool balance_before(const struct forecast *f, date_t d, money_t *out)
{
    *out = f->opening;
    for (int k = 0; k < f->flows.n; k++)
        if (f->flows.v[k].source != CASH_MEMBER && in_period(&f->args, &f->flows.v[k]) && f->flows.v[k].date < d &&
            !money_accumulate(out, f->flows.v[k].amount))
            return false;
    return true;
}

/* Into f's flows, on each day inside the period its member joins the partnership, its balance
 * of the day before coming in, and on each day it leaves, that balance going out: the combined
 * balance is the members' of each day. */
static int membership_flows(struct forecast *f)
{
    const struct partnership *p = f->p;
    for (int k = 1; k < p->nsegs; k++) {
        bool was = p->in[(k - 1) * p->nmembers + f->self], is = p->in[k * p->nmembers + f->self];
        money_t bal;
        if (was == is || p->starts[k] > f->args.to)
            continue;
        if (!balance_before(f, p->starts[k], &bal))
            return fail(EXIT_DEP, "the combined balance overflows");
        struct cash_flow fl = {.date = p->starts[k], .source = CASH_MEMBER, .amount = is ? bal : -bal};
        snprintf(fl.description, sizeof fl.description, "%s %s the partnership: its balance %s", p->members[f->self].a.code,
                 is ? "joins" : "leaves", is ? "brought in" : "taken out");
        if (cash_flows_add(&f->flows, &fl) < 0)
            return fail(EXIT_DEP, "out of memory");
    }
    return EXIT_OK;
}

/* Each member's forecast into parts[i] (as alone, refs found), and into all the openings and
 * minimums summed and every flow not between members, with the combined periods. */
static int combine(PGconn *c, const struct partnership *p, const struct cash_args *args, struct forecast *parts,
                   struct forecast *all)
{
    memset(all, 0, sizeof *all);
    all->args = *args;
    int rc = period_ok(args);
    for (int i = 0; rc == EXIT_OK && i < p->nmembers; i++) {
        parts[i].args = *args;
        parts[i].p = p;
        parts[i].self = i;
        rc = flows(c, &p->members[i].a, &parts[i]);
        if (rc == EXIT_OK)
            rc = membership_flows(&parts[i]);
        bool in = partnership_member_on(p, i, args->from); /* its opening counts; else its balance on joining */
        if (rc == EXIT_OK && ((in && !money_accumulate(&all->opening, parts[i].opening)) ||
                              !money_accumulate(&all->minimum, parts[i].minimum)))
            rc = fail(EXIT_DEP, "the combined balance overflows");
        for (int k = 0; rc == EXIT_OK && k < parts[i].flows.n; k++)
            if (counts(&parts[i], &parts[i].flows.v[k]) && !between_with(&parts[i], &parts[i].flows.v[k]) &&
                cash_flows_add(&all->flows, &parts[i].flows.v[k]) < 0)
                rc = fail(EXIT_DEP, "out of memory");
    }
    cash_flows_sort(&all->flows);
    return rc == EXIT_OK ? periods_of(all) : rc;
}

/* A member's flow in the combined lists, ordered by date, then member, then the member's order. */
struct tagged {
    const struct cash_flow *fl;
    int member, seq;
};

static int tagged_cmp(const void *pa, const void *pb)
{
    const struct tagged *a = pa, *b = pb;
    if (a->fl->date != b->fl->date)
        return a->fl->date < b->fl->date ? -1 : 1;
    return a->member != b->member ? a->member - b->member : a->seq - b->seq;
}

/* Into items (between false) or eliminated (true) every flow of the period of parts, each with
 * its "member" and, eliminated, the member it is "with". */
static void tagged_items(const struct partnership *p, const struct forecast *parts, bool between, cJSON *arr)
{
    int n = 0;
    for (int i = 0; i < p->nmembers; i++)
        n += parts[i].flows.n;
    struct tagged *v = xmalloc((unsigned long)(n ? n : 1) * sizeof *v);
    n = 0;
    for (int i = 0; i < p->nmembers; i++)
        for (int k = 0; k < parts[i].flows.n; k++) {
            const struct cash_flow *fl = &parts[i].flows.v[k];
            if (in_period(&parts[i].args, fl) && counts(&parts[i], fl) && (between_with(&parts[i], fl) != NULL) == between)
                v[n++] = (struct tagged){fl, i, k};
        }
    qsort(v, (size_t)n, sizeof *v, tagged_cmp);
    for (int k = 0; k < n; k++) {
        cJSON *o = item_json(v[k].fl);
        cJSON_AddStringToObject(o, "member", p->members[v[k].member].a.code);
        if (between)
            cJSON_AddStringToObject(o, "with", between_with(&parts[v[k].member], v[k].fl));
        cJSON_AddItemToArray(arr, o);
    }
    free(v);
}

/* The members' openings and minimums: {"MEMBER": {"opening_balance", "minimum_balance"}}. */
static cJSON *members_json(const struct partnership *p, const struct forecast *parts)
{
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < p->nmembers; i++) {
        cJSON *m = cJSON_AddObjectToObject(o, p->members[i].a.code);
        json_add_money(m, "opening_balance", parts[i].opening);
        json_add_money(m, "minimum_balance", parts[i].minimum);
    }
    return o;
}

cJSON *cash_forecast_partnership(PGconn *c, const struct partnership *p, const struct cash_args *args, int *code)
{
    struct forecast all;
    memset(&all, 0, sizeof all);
    struct forecast *parts = xcalloc((unsigned long)(p->nmembers ? p->nmembers : 1), sizeof *parts);
    *code = args->account ? fail(EXIT_BAD, "--account: a partnership's forecast is of every account of its members")
                          : combine(c, p, args, parts, &all);
    cJSON *items, *doc = *code == EXIT_OK ? forecast_doc(&all, &items, code) : NULL;
    if (doc) {
        tagged_items(p, parts, false, items);
        cJSON_AddStringToObject(doc, "partnership", p->code);
        cJSON_AddStringToObject(doc, "name", p->name);
        cJSON *ms = cJSON_AddArrayToObject(doc, "members");
        for (int i = 0; i < p->nmembers; i++)
            cJSON_AddItemToArray(ms, cJSON_CreateString(p->members[i].a.code));
        cJSON_AddItemToObject(doc, "by_member", members_json(p, parts));
        tagged_items(p, parts, true, cJSON_AddArrayToObject(doc, "eliminated"));
    }
    for (int i = 0; i < p->nmembers; i++)
        forecast_free(&parts[i]);
    free(parts);
    forecast_free(&all);
    return doc;
}

cJSON *cash_liquidity_json(PGconn *c, const struct authority *a, date_t as_of, int *code)
{
    struct bank_account *v = NULL;
    int n = cash_accounts_load(c, a->id, &v);
    free(v);
    *code = n < 0 ? EXIT_DEP : EXIT_OK;
    if (n <= 0)
        return NULL;
    struct cash_args args = {as_of, as_of + CASH_LOW_DAYS - 1, CASH_BY_DAY, NULL};
    struct forecast f;
    *code = compute(c, a, &args, &f);
    cJSON *low = *code == EXIT_OK ? low_point_json(&f, code) : NULL;
    forecast_free(&f);
    return low;
}

cJSON *cash_position_view(PGconn *c, const struct authority *a, date_t date, int *code)
{
    struct cash_args args = {date, date, CASH_BY_DAY, NULL};
    struct forecast f;
    *code = compute(c, a, &args, &f);
    if (*code != EXIT_OK) {
        forecast_free(&f);
        return NULL;
    }
    const struct cash_period *p = &f.periods[0];
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "date", date);
    json_add_money(doc, "opening_balance", f.opening);
    json_add_money(doc, "receipts", p->receipts);
    json_add_money(doc, "payments", p->payments);
    cJSON *mat = cJSON_AddArrayToObject(doc, "maturities");
    for (int i = 0; i < f.flows.n; i++)
        if (f.flows.v[i].maturity)
            cJSON_AddItemToArray(mat, item_json(&f.flows.v[i]));
    json_add_money(doc, "surplus", p->closing);
    json_add_money(doc, "minimum_balance", f.minimum);
    cJSON_AddBoolToObject(doc, "below_minimum", p->below_minimum);
    cJSON *items = cJSON_AddArrayToObject(doc, "items");
    for (int i = 0; i < f.flows.n; i++)
        cJSON_AddItemToArray(items, item_json(&f.flows.v[i]));
    forecast_free(&f);
    return doc;
}

cJSON *cash_accounts_view(PGconn *c, const struct authority *a, int *code)
{
    struct bank_account *v;
    int n = cash_accounts_load(c, a->id, &v);
    if (n < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    *code = EXIT_OK;
    cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "accounts");
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", v[i].code);
        cJSON_AddStringToObject(o, "name", v[i].name);
        cJSON_AddStringToObject(o, "bank", v[i].bank);
        cJSON_AddStringToObject(o, "sort_code", v[i].sort_code);
        cJSON_AddStringToObject(o, "account_number", v[i].account_number);
        json_add_money(o, "min_balance", v[i].min_balance);
        cJSON_AddBoolToObject(o, "default", v[i].is_default);
        if (v[i].moved_out) { /* only then: the list of a book without a merger is as before */
            json_add_date(o, "ends", v[i].moved_on - 1);
            cJSON_AddStringToObject(o, "moved_to", v[i].moved_to);
            cJSON_AddStringToObject(o, "moved_as", v[i].moved_as);
            json_add_date(o, "moved_on", v[i].moved_on);
        }
        cJSON_AddItemToArray(arr, o);
    }
    free(v);
    return doc;
}

/* ---- text ------------------------------------------------------------------------------------------ */

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* A money string of a document grouped for reading ("1234567.89" -> "1,234,567.89"). */
static const char *grouped(const cJSON *o, const char *k, char *buf)
{
    money_t m;
    return money_parse(str(o, k), &m, NULL) ? money_format(m, MONEY_GROUPED, buf) : str(o, k);
}

static void items_text(const cJSON *items, FILE *out)
{
    struct table *t = table_new(5, "Date", "Source", "Ref", "Description", "Amount");
    table_align_right(t, 4);
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        char b[MONEY_BUFSZ];
        table_row(t, str(it, "date"), str(it, "source"), str(it, "ref"), str(it, "description"),
                  grouped(it, "amount", b));
    }
    if (cJSON_GetArraySize(items))
        table_print(t, out);
    table_free(t);
}

/* A partnership's items: the member's beside each (and the other member, with). */
static void member_items_text(const cJSON *items, bool with, FILE *out)
{
    struct table *t = with ? table_new(7, "Date", "Member", "With", "Source", "Ref", "Description", "Amount")
                           : table_new(6, "Date", "Member", "Source", "Ref", "Description", "Amount");
    table_align_right(t, with ? 6 : 5);
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        char b[MONEY_BUFSZ];
        if (with)
            table_row(t, str(it, "date"), str(it, "member"), str(it, "with"), str(it, "source"), str(it, "ref"),
                      str(it, "description"), grouped(it, "amount", b));
        else
            table_row(t, str(it, "date"), str(it, "member"), str(it, "source"), str(it, "ref"),
                      str(it, "description"), grouped(it, "amount", b));
    }
    if (cJSON_GetArraySize(items))
        table_print(t, out);
    table_free(t);
}

static void periods_text(const cJSON *doc, FILE *out)
{
    struct table *t = table_new(7, "Start", "End", "Receipts", "Payments", "Net", "Closing", "Below min");
    for (int k = 2; k <= 5; k++)
        table_align_right(t, k);
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "periods")) {
        char r[MONEY_BUFSZ], y[MONEY_BUFSZ], n[MONEY_BUFSZ], c[MONEY_BUFSZ];
        table_row(t, str(p, "start"), str(p, "end"), grouped(p, "receipts", r), grouped(p, "payments", y),
                  grouped(p, "net", n), grouped(p, "closing_balance", c),
                  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "below_minimum")) ? "BELOW" : "");
    }
    table_print(t, out);
    table_free(t);
    fputc('\n', out);
}

void cash_forecast_text(const cJSON *doc, FILE *out)
{
    char b[MONEY_BUFSZ];
    fprintf(out, "Cash-flow forecast %s to %s by %s, %s: opening balance %s\n", str(doc, "from"), str(doc, "to"),
            str(doc, "by"), *str(doc, "account") ? str(doc, "account") : "all accounts",
            grouped(doc, "opening_balance", b));
    periods_text(doc, out);
    items_text(cJSON_GetObjectItemCaseSensitive(doc, "items"), out);
}

void cash_partnership_text(const cJSON *doc, FILE *out)
{
    char b[MONEY_BUFSZ];
    fprintf(out, "Partnership %s (%s): combined cash-flow forecast %s to %s by %s, between members eliminated:"
                 " opening balance %s\n",
            str(doc, "partnership"), str(doc, "name"), str(doc, "from"), str(doc, "to"), str(doc, "by"),
            grouped(doc, "opening_balance", b));
    periods_text(doc, out);
    member_items_text(cJSON_GetObjectItemCaseSensitive(doc, "items"), false, out);
    const cJSON *el = cJSON_GetObjectItemCaseSensitive(doc, "eliminated");
    fprintf(out, "\n%d flow%s between members eliminated\n", cJSON_GetArraySize(el), cJSON_GetArraySize(el) == 1 ? "" : "s");
    member_items_text(el, true, out);
}

void cash_position_text(const cJSON *doc, FILE *out)
{
    char o[MONEY_BUFSZ], r[MONEY_BUFSZ], p[MONEY_BUFSZ], s[MONEY_BUFSZ];
    fprintf(out, "Position on %s\n  opening balance  %s\n  + receipts       %s\n  - payments       %s\n"
                 "  = surplus        %s%s\n\n",
            str(doc, "date"), grouped(doc, "opening_balance", o), grouped(doc, "receipts", r),
            grouped(doc, "payments", p), grouped(doc, "surplus", s),
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "below_minimum")) ? " (below the minimum balance)" : "");
    items_text(cJSON_GetObjectItemCaseSensitive(doc, "items"), out);
}

void cash_accounts_text(const cJSON *doc, FILE *out)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "accounts"), *a;
    if (!cJSON_GetArraySize(arr)) {
        fprintf(out, "no bank accounts (prudent import accounts FILE adds them)\n");
        return;
    }
    bool moved = false; /* a column "Ends" only when a merger moved an account out */
    cJSON_ArrayForEach(a, arr)
        moved = moved || *str(a, "moved_on");
    struct table *t = moved ? table_new(8, "Code", "Name", "Bank", "Sort code", "Account", "Minimum", "Default", "Ends")
                            : table_new(7, "Code", "Name", "Bank", "Sort code", "Account", "Minimum", "Default");
    table_align_right(t, 5);
    cJSON_ArrayForEach(a, arr) {
        char m[MONEY_BUFSZ], ends[160] = "";
        if (*str(a, "moved_on"))
            snprintf(ends, sizeof ends, "%s (moved to %s as %s on %s)", str(a, "ends"), str(a, "moved_to"),
                     str(a, "moved_as"), str(a, "moved_on"));
        const char *def = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "default")) ? "yes" : "";
        if (moved)
            table_row(t, str(a, "code"), str(a, "name"), str(a, "bank"), str(a, "sort_code"), str(a, "account_number"),
                      grouped(a, "min_balance", m), def, ends);
        else
            table_row(t, str(a, "code"), str(a, "name"), str(a, "bank"), str(a, "sort_code"), str(a, "account_number"),
                      grouped(a, "min_balance", m), def);
    }
    table_print(t, out);
    table_free(t);
}
