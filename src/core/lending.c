/* lending.c: the lending list at a date, exposure, breaches (passive ones flagged), the pre-deal
 * check and the list's changes between two dates (see lending.h, docs/lending-list.md). */
#include "core/lending.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/balance.h"

#define FOREVER INT32_MAX

static const char *const statuses[] = {"approved", "restricted", "suspended", "not_approved"};

const char *lend_status_name(enum lend_status s)
{
    return (unsigned)s <= LEND_NOT_APPROVED ? statuses[s] : "?";
}

static bool usable(enum lend_status s)
{
    return s == LEND_APPROVED || s == LEND_RESTRICTED;
}

static void appendf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void appendf(char *buf, size_t n, const char *fmt, ...)
{
    if (n == 0) /* no text wanted (entries judged without their basis) */
        return;
    size_t used = strlen(buf);
    if (used + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, n - used, fmt, ap);
    va_end(ap);
}

/* Replace buf's text (truncating quietly, like appendf). */
static void setf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void setf(char *buf, size_t n, const char *fmt, ...)
{
    if (n == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

/* Append the NULL-terminated list of strings to buf's text, truncating quietly at n - 1 bytes
 * (exactly what snprintf of their concatenation would keep). n == 0: no text wanted (entries
 * judged without their basis). Plain copies: the basis of 3,000 entries a limits request went
 * through vsnprintf, more than half of the list's evaluation (docs/performance.md). */
static void appends_v(char *buf, size_t n, va_list ap)
{
    size_t used = strlen(buf);
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
        size_t l = strlen(s), room = n - 1 - used;
        if (l > room)
            l = room;
        memcpy(buf + used, s, l);
        used += l;
    }
    buf[used] = '\0';
}

static void appends_(char *buf, size_t n, ...)
{
    if (n == 0)
        return;
    va_list ap;
    va_start(ap, n);
    appends_v(buf, n, ap);
    va_end(ap);
}

/* Replace buf's text with the strings' concatenation (truncating quietly, like appends). */
static void sets_(char *buf, size_t n, ...)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    va_list ap;
    va_start(ap, n);
    appends_v(buf, n, ap);
    va_end(ap);
}

/* A text written piece by piece into buf of n bytes (n > 0), its length kept: the same bytes as
 * APPENDS of the same pieces (each cut at n - 1 bytes in all), without measuring the text so far
 * at each append or going through a list of arguments; inline, so a literal piece's length is
 * known when compiled (the rating descriptions of 1,890 counterparties a list). */
struct text_out {
    char *buf;
    size_t n, len;
};

static inline void text_put(struct text_out *t, const char *s)
{
    size_t l = strlen(s), room = t->n - 1 - t->len;
    if (l > room)
        l = room;
    memcpy(t->buf + t->len, s, l);
    t->len += l;
    t->buf[t->len] = '\0';
}

#define APPENDS(buf, n, ...) appends_((buf), (n), __VA_ARGS__, (const char *)NULL)
#define SETS(buf, n, ...) sets_((buf), (n), __VA_ARGS__, (const char *)NULL)

static const char *pounds(money_t m, char *buf)
{
    return money_format(m, MONEY_GROUPED | MONEY_POUND, buf);
}

/* ---- look-ups over the counterparties ------------------------------------------------------ */

/* qsort context: the counterparties being sorted by id (qsort has no argument for it). The
 * index is built before any thread shares it, and each build finishes before the next. */
static _Thread_local const struct counterparty *sort_cps;

static int by_id_cmp(const void *a, const void *b)
{
    int64_t x = sort_cps[*(const int *)a].id, y = sort_cps[*(const int *)b].id;
    return (x > y) - (x < y);
}

static int by_code_cmp(const void *a, const void *b)
{
    return strcmp(sort_cps[*(const int *)a].code, sort_cps[*(const int *)b].code);
}

static void index_total_keys(const struct lending_input *in, struct lending_index *ix);

void lending_index_build(const struct lending_input *in, struct lending_index *ix)
{
    size_t n = (size_t)(in->ncps > 0 ? in->ncps : 1);
    ix->n = in->ncps;
    ix->by_id = malloc(n * sizeof *ix->by_id);
    ix->parent = calloc(n, sizeof *ix->parent);
    ix->sovereign = malloc(n * sizeof *ix->sovereign);
    int *by_code = malloc(n * sizeof *by_code);
    if (!ix->by_id || !ix->parent || !ix->sovereign || !by_code)
        abort();
    for (int i = 0; i < in->ncps; i++)
        ix->by_id[i] = by_code[i] = i;
    sort_cps = in->cps;
    qsort(ix->by_id, (size_t)in->ncps, sizeof *ix->by_id, by_id_cmp);
    qsort(by_code, (size_t)in->ncps, sizeof *by_code, by_code_cmp);
    /* a group parent: some counterparty's group_code names it (codes are unique; should two
     * share a code, every one of them counts, as a scan by code would find each) */
    for (int i = 0; i < in->ncps; i++) {
        const char *g = in->cps[i].group_code;
        if (!g[0])
            continue;
        int lo = 0, hi = in->ncps;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (strcmp(in->cps[by_code[mid]].code, g) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int j = lo; j < in->ncps && strcmp(in->cps[by_code[j]].code, g) == 0; j++)
            ix->parent[by_code[j]] = 1;
    }
    free(by_code);
    /* ids are usually dense (a database's identity column): then a table finds them directly */
    ix->dense = NULL;
    ix->min_id = in->ncps ? in->cps[ix->by_id[0]].id : 0;
    int64_t span = in->ncps ? in->cps[ix->by_id[in->ncps - 1]].id - ix->min_id + 1 : 0;
    if (in->ncps && span > 0 && span <= 4 * (int64_t)in->ncps + 64) {
        ix->span = (int)span;
        ix->dense = malloc(sizeof *ix->dense * (size_t)span);
        if (!ix->dense)
            abort();
        for (int64_t k = 0; k < span; k++)
            ix->dense[k] = -1;
        for (int i = 0; i < in->ncps; i++) { /* the first in input order, as a scan finds it */
            int64_t k = in->cps[i].id - ix->min_id;
            if (ix->dense[k] < 0)
                ix->dense[k] = i;
        }
    }
    /* the sovereign of each counterparty's country: the first central government of that
     * country in input order, as a scan finds it */
    for (int i = 0; i < in->ncps; i++)
        ix->sovereign[i] = -1;
    for (int i = 0; i < in->ncps; i++) {
        if (in->cps[i].sector != SECTOR_CENTRAL_GOVERNMENT)
            continue;
        for (int j = 0; j < in->ncps; j++)
            if (ix->sovereign[j] < 0 && strcmp(in->cps[j].country, in->cps[i].country) == 0)
                ix->sovereign[j] = i;
    }
    index_total_keys(in, ix);
}

static int rating_key_cmp(const void *a, const void *b)
{
    const struct rating_action *x = a, *y = b;
    if (x->counterparty_id != y->counterparty_id)
        return x->counterparty_id < y->counterparty_id ? -1 : 1;
    if (x->agency != y->agency)
        return x->agency < y->agency ? -1 : 1;
    if (x->term != y->term)
        return x->term < y->term ? -1 : 1;
    return (x->effective > y->effective) - (x->effective < y->effective);
}

void lending_ratings_sort(struct rating_action *ratings, int n)
{
    if (n > 1)
        qsort(ratings, (size_t)n, sizeof *ratings, rating_key_cmp);
}

void lending_index_free(struct lending_index *ix)
{
    for (int k = 0; k < 3; k++)
        free(ix->key[k]);
    free(ix->dense);
    free(ix->by_id);
    free(ix->parent);
    free(ix->sovereign);
    memset(ix, 0, sizeof *ix);
}

/* The input with an index: in itself when it has one, else *copy with one built in *ix (then
 * *built is set and the caller frees *ix). */
static const struct lending_input *indexed(const struct lending_input *in, struct lending_input *copy,
                                           struct lending_index *ix, bool *built)
{
    *built = false;
    if (in->index && in->index->n == in->ncps)
        return in;
    lending_index_build(in, ix);
    *copy = *in;
    copy->index = ix;
    *built = true;
    return copy;
}

/* The index of cp in in->cps when it points into that array and an index exists, else -1. */
static int cp_slot(const struct lending_input *in, const struct counterparty *cp)
{
    if (!in->index || in->index->n != in->ncps || cp < in->cps || cp >= in->cps + in->ncps)
        return -1;
    return (int)(cp - in->cps);
}

/* The index in in->cps of counterparty id, or -1 (by binary search when indexed). */
static int cp_index_of(const struct lending_input *in, int64_t id)
{
    if (!in->index || in->index->n != in->ncps) {
        for (int i = 0; i < in->ncps; i++)
            if (in->cps[i].id == id)
                return i;
        return -1;
    }
    const struct lending_index *ix = in->index;
    if (ix->dense) {
        int64_t k = id - ix->min_id;
        return k >= 0 && k < ix->span ? ix->dense[k] : -1;
    }
    const int *o = ix->by_id;
    int lo = 0, hi = in->ncps;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (in->cps[o[mid]].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* several entries with one id: the first in input order, as a scan finds it */
    int best = -1;
    for (int j = lo; j < in->ncps && in->cps[o[j]].id == id; j++)
        if (best < 0 || o[j] < best)
            best = o[j];
    return best;
}

/* ---- the pieces of history in force at a date ------------------------------------------- */

static const struct strategy *strategy_at(const struct lending_input *in, date_t a)
{
    const struct strategy *best = NULL;
    for (int i = 0; i < in->nstrategies; i++) {
        const struct strategy *s = &in->strategies[i];
        if (s->effective_from <= a && (!best || s->effective_from >= best->effective_from))
            best = s;
    }
    return best;
}

/* The index of the first rating of cp_id (or where it would be) in ratings sorted by
 * counterparty: the lower bound found by binary search. */
static int first_rating_of(const struct lending_input *in, int64_t cp_id)
{
    int lo = 0, hi = in->nratings;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (in->ratings[mid].counterparty_id < cp_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The long-term rating the strategy's basis picks, from the latest action of each agency on or
 * before A. Returns the notch (0: unrated); describes it in desc ("AA- (lowest of fitch AA-,
 * moodys Aa3)") and sets *watch when any agency has the counterparty on negative watch. */
static int rating_at(const struct lending_input *in, int64_t cp_id, date_t a, enum rating_basis basis,
                     char *desc, size_t n, bool *watch)
{
    const struct rating_action *latest[AGENCY_COUNT] = {NULL};
    int from = in->ratings_by_counterparty ? first_rating_of(in, cp_id) : 0;
    for (int i = from; i < in->nratings; i++) {
        const struct rating_action *r = &in->ratings[i];
        if (r->counterparty_id != cp_id && in->ratings_by_counterparty)
            break; /* past this counterparty's block */
        if (r->counterparty_id != cp_id || r->term != TERM_LONG || r->effective > a)
            continue;
        const struct rating_action **l = &latest[r->agency];
        if (!*l || r->effective >= (*l)->effective)
            *l = r;
    }
    int notches[AGENCY_COUNT], k = 0;
    *watch = false;
    desc[0] = '\0';
    for (int g = 0; g < AGENCY_COUNT; g++) {
        if (!latest[g] || latest[g]->notch <= 0)
            continue;
        notches[k++] = latest[g]->notch;
        *watch = *watch || latest[g]->watch_negative;
    }
    if (k == 0)
        return 0;
    /* sort worst (highest notch) first */
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && notches[j] > notches[j - 1]; j--) {
            int t = notches[j];
            notches[j] = notches[j - 1];
            notches[j - 1] = t;
        }
    int pick;
    const char *word;
    switch (basis) {
    case BASIS_HIGHEST: pick = notches[k - 1]; word = "highest"; break;
    case BASIS_SECOND_LOWEST: pick = k >= 3 ? notches[1] : notches[0]; word = "second lowest"; break;
    default: pick = notches[0]; word = "lowest"; break;
    }
    if (n == 0) /* no text wanted */
        return pick;
    struct text_out t = {desc, n, 0};
    text_put(&t, rating_long_symbol(pick));
    text_put(&t, " (");
    if (k == 1) {
        text_put(&t, "only ");
    } else {
        text_put(&t, word);
        text_put(&t, " of ");
    }
    bool first = true;
    for (int g = 0; g < AGENCY_COUNT; g++) {
        if (!latest[g] || latest[g]->notch <= 0)
            continue;
        if (!first)
            text_put(&t, ", ");
        text_put(&t, agency_name((enum agency)g));
        text_put(&t, " ");
        text_put(&t, latest[g]->text);
        if (latest[g]->watch_negative)
            text_put(&t, " watch negative");
        first = false;
    }
    text_put(&t, ")");
    return pick;
}

/* The sovereign of cp's country: its central_government counterparty, or NULL. */
static const struct counterparty *sovereign_of(const struct lending_input *in, const struct counterparty *cp)
{
    int slot = cp_slot(in, cp);
    if (slot >= 0)
        return in->index->sovereign[slot] >= 0 ? &in->cps[in->index->sovereign[slot]] : NULL;
    const char *country = cp->country;
    for (int i = 0; i < in->ncps; i++)
        if (in->cps[i].sector == SECTOR_CENTRAL_GOVERNMENT && strcmp(in->cps[i].country, country) == 0)
            return &in->cps[i];
    return NULL;
}

static struct opt_money money_min(struct opt_money a, struct opt_money b)
{
    if (a.unlimited)
        return b;
    if (b.unlimited)
        return a;
    return a.amount <= b.amount ? a : b;
}

static struct opt_days days_min(struct opt_days a, struct opt_days b)
{
    if (a.unbounded)
        return b;
    if (b.unbounded)
        return a;
    return a.days <= b.days ? a : b;
}

static void not_approved(struct lending_entry *e)
{
    e->status = LEND_NOT_APPROVED;
    e->limit = (struct opt_money){false, 0};
    e->max_days = (struct opt_days){false, 0};
    e->rule_limit = e->limit;
}

/* The strategy's verdict on one counterparty at A, before officer actions. */
static void rule_entry(const struct lending_input *in, const struct strategy *s,
                       const struct counterparty *cp, date_t a, struct lending_entry *e, size_t bn)
{
    char rdesc[200];
    e->notch = 0;
    e->watch_negative = false;
    if (!s) {
        not_approved(e);
        SETS(e->basis, bn, "no strategy in force");
        return;
    }
    const struct strategy_sector *sec = &s->sectors[cp->sector];
    bool rated_rule = false;
    e->notch = rating_at(in, cp->id, a, s->rating_basis, rdesc, bn ? sizeof rdesc : 0, &e->watch_negative);
    if (sec->present) {
        if (sec->needs_rating) {
            int worst_ok = s->ncriteria ? s->criteria[s->ncriteria - 1].min_long_notch : NOTCH_INVESTMENT_GRADE;
            if (!e->notch) {
                not_approved(e);
                SETS(e->basis, bn, "sector ", sector_name(cp->sector), " needs a rating: unrated");
                return;
            }
            if (e->notch > worst_ok) {
                not_approved(e);
                SETS(e->basis, bn, "sector ", sector_name(cp->sector), " needs a rating: ", rdesc,
                     " below the minimum ", rating_long_symbol(worst_ok));
                return;
            }
            rated_rule = true;
        }
        e->status = LEND_APPROVED;
        e->limit = sec->limit;
        e->max_days = sec->max_days;
        SETS(e->basis, bn, "sector ", sector_name(cp->sector));
        if (rated_rule)
            APPENDS(e->basis, bn, ", rating ", rdesc);
    } else if (cp->sector == SECTOR_BANK || cp->sector == SECTOR_BUILDING_SOCIETY) {
        if (!e->notch) {
            not_approved(e);
            SETS(e->basis, bn, "unrated ", sector_name(cp->sector));
            return;
        }
        if (s->non_uk_min_sovereign_notch > 0 && strcmp(cp->country, "GB") != 0) {
            const struct counterparty *sov = sovereign_of(in, cp);
            char sdesc[200];
            bool sw;
            int sn = sov ? rating_at(in, sov->id, a, s->rating_basis, sdesc, bn ? sizeof sdesc : 0, &sw) : 0;
            if (!sn) {
                not_approved(e);
                SETS(e->basis, bn, "no sovereign rating for ", cp->country,
                     ": non-UK banks need a sovereign rated ",
                     rating_long_symbol(s->non_uk_min_sovereign_notch), " or better");
                return;
            }
            if (sn > s->non_uk_min_sovereign_notch) {
                not_approved(e);
                SETS(e->basis, bn, "sovereign ", cp->country, " rated ", sdesc, " below the minimum ",
                     rating_long_symbol(s->non_uk_min_sovereign_notch), " for non-UK banks");
                return;
            }
        }
        int i = 0;
        while (i < s->ncriteria && e->notch > s->criteria[i].min_long_notch)
            i++;
        if (i == s->ncriteria) {
            not_approved(e);
            SETS(e->basis, bn, "rating ", rdesc, " below every criterion");
            if (s->ncriteria)
                APPENDS(e->basis, bn, " (lowest ",
                        rating_long_symbol(s->criteria[s->ncriteria - 1].min_long_notch), ")");
            return;
        }
        e->status = LEND_APPROVED;
        e->limit = s->criteria[i].limit;
        e->max_days = s->criteria[i].max_days;
        SETS(e->basis, bn, "rating ", rdesc, " meets criterion ",
             rating_long_symbol(s->criteria[i].min_long_notch));
        rated_rule = true;
    } else {
        not_approved(e);
        SETS(e->basis, bn, "sector ", sector_name(cp->sector), " is not in the strategy");
        return;
    }
    e->rule_limit = e->limit;
    if (rated_rule && e->watch_negative) {
        if (s->watch_negative == WATCH_SUSPEND) {
            not_approved(e);
            APPENDS(e->basis, bn, "; on negative watch: not approved");
        } else if (s->watch_negative == WATCH_OVERNIGHT_ONLY) {
            e->max_days = days_min(e->max_days, (struct opt_days){false, 1});
            APPENDS(e->basis, bn, "; on negative watch: overnight only");
        }
    }
}

/* Officer actions on or before A tighten (never loosen) the strategy's verdict. */
static void apply_officer(const struct lending_input *in, const struct counterparty *cp, date_t a,
                          struct lending_entry *e, size_t bn)
{
    /* The state is the last action on or before A, by date, then by recording order. */
    const struct officer_action *state = NULL;
    date_t state_from = INT32_MIN;
    int state_idx = -1;
    for (int i = 0; i < in->nactions; i++) {
        const struct officer_action *o = &in->actions[i];
        if (o->counterparty_id != cp->id || o->from > a)
            continue;
        if (o->from > state_from || (o->from == state_from && i > state_idx)) {
            state_from = o->from;
            state_idx = i;
            state = o;
        }
    }
    if (!state || state->kind == OFFICER_REINSTATE)
        return;
    char d[DATE_BUFSZ], rule[sizeof e->basis];
    SETS(rule, bn ? sizeof rule : 0, e->basis);
    if (bn)
        date_format_iso(state->from, d);
    if (state->kind == OFFICER_SUSPEND) {
        struct opt_money keep = e->rule_limit;
        not_approved(e);
        e->rule_limit = keep;
        e->status = LEND_SUSPENDED;
        SETS(e->basis, bn, "suspended by officers from ", d, ": ", state->reason);
        return;
    }
    if (!usable(e->status)) {
        APPENDS(e->basis, bn, " (an officer restriction from ", d, " cannot approve it)");
        return;
    }
    e->status = LEND_RESTRICTED;
    e->limit = money_min(e->limit, state->limit);
    e->max_days = days_min(e->max_days, state->max_days);
    SETS(e->basis, bn, "restricted by officers from ", d, ": ", state->reason, "; strategy: ", rule);
}

bool lending_outstanding(const struct investment *d, date_t a)
{
    if (d->status == DEAL_CANCELLED || d->start > a)
        return false;
    return d->maturity == DATE_NONE || d->maturity > a;
}

int lending_term_days(const struct investment *d, date_t from)
{
    if (d->maturity != DATE_NONE)
        return d->maturity - from;
    if (d->type == INV_NOTICE || d->type == INV_POOLED)
        return d->notice_days > 0 ? d->notice_days : 0;
    return 0;
}

/* One counterparty's entry at A, without exposure; with text, its basis too (else "": the
 * verdict alone costs a fraction of the sentence that explains it). */
static void judge_at(const struct lending_input *in, const struct counterparty *cp, date_t a,
                     struct lending_entry *e, bool text)
{
    memset(e, 0, sizeof *e);
    e->cp = cp;
    e->last_start = DATE_NONE;
    size_t bn = text ? sizeof e->basis : 0;
    rule_entry(in, strategy_at(in, a), cp, a, e, bn);
    apply_officer(in, cp, a, e, bn);
}

static void entry_at(const struct lending_input *in, const struct counterparty *cp, date_t a,
                     struct lending_entry *e)
{
    judge_at(in, cp, a, e, true);
}

/* The verdict alone (status, limits, notch): what the passive tests and total limits read. */
static void verdict_at(const struct lending_input *in, const struct counterparty *cp, date_t a,
                       struct lending_entry *e)
{
    judge_at(in, cp, a, e, false);
}

/* The exposure of counterparty cp_id at a over in's deals (the check over in->spans sums it in
 * add_hits instead: the same deals, the spans leaving out only those never outstanding, and,
 * principals being positive, the same sum). */
static int exposure_of(const struct lending_input *in, int64_t cp_id, date_t a, money_t *sum,
                       date_t *last_start)
{
    *sum = 0;
    *last_start = DATE_NONE;
    for (int i = 0; i < in->ninv; i++) {
        const struct investment *d = &in->inv[i];
        if (d->counterparty_id != cp_id || !lending_outstanding(d, a))
            continue;
        if (!money_add(*sum, d->principal, sum))
            return -1;
        if (*last_start == DATE_NONE || d->start > *last_start)
            *last_start = d->start;
    }
    return 0;
}

/* ---- groups, countries, sectors --------------------------------------------------------- */

/* The banking group a counterparty belongs to: its group parent's code, its own code when it is
 * a parent, "" when in no group. */
static const char *group_of(const struct lending_input *in, const struct counterparty *cp)
{
    if (cp->group_code[0])
        return cp->group_code;
    int slot = cp_slot(in, cp);
    if (slot >= 0)
        return in->index->parent[slot] ? cp->code : "";
    for (int i = 0; i < in->ncps; i++)
        if (strcmp(in->cps[i].group_code, cp->code) == 0)
            return cp->code;
    return "";
}

enum total_kind { TOTAL_GROUP, TOTAL_COUNTRY, TOTAL_SECTOR };

/* Country limits apply to banks and building societies. */
static bool country_limited(const struct counterparty *cp)
{
    return cp->sector == SECTOR_BANK || cp->sector == SECTOR_BUILDING_SOCIETY;
}

/* Whether a counterparty's exposure counts against the total's limit. */
static bool in_total(const struct lending_input *in, enum total_kind k, const char *key,
                     const struct counterparty *cp)
{
    switch (k) {
    case TOTAL_GROUP: return key[0] && strcmp(group_of(in, cp), key) == 0;
    case TOTAL_COUNTRY: return country_limited(cp) && strcmp(cp->country, key) == 0;
    default: return strcmp(sector_name(cp->sector), key) == 0;
    }
}

/* The limit of a total at A: the strategy's group_limits, country_limits (GB unlimited unless
 * listed) and sector_limits. A strategy with no group limits at all gives a banking group the
 * largest strategy limit among its members approved at A: banks in one group share one limit. */
static struct opt_money total_limit(const struct lending_input *in, enum total_kind k, const char *key,
                                    date_t a)
{
    const struct strategy *s = strategy_at(in, a);
    struct opt_money none = {true, 0};
    if (!s)
        return none;
    if (k == TOTAL_COUNTRY)
        return strategy_country_limit(s, key);
    if (k == TOTAL_SECTOR) {
        enum sector sec;
        return sector_parse(key, &sec) ? s->sector_totals[sec] : none;
    }
    if (s->ngroups > 0 || !s->group_default.unlimited)
        return strategy_group_limit(s, key);
    bool any = false;
    struct opt_money best = {false, 0};
    for (int i = 0; i < in->ncps; i++) {
        if (!in_total(in, k, key, &in->cps[i]))
            continue;
        struct lending_entry e;
        verdict_at(in, &in->cps[i], a, &e);
        if (!usable(e.status))
            continue;
        any = true;
        if (e.rule_limit.unlimited)
            return none;
        if (e.rule_limit.amount > best.amount)
            best = e.rule_limit;
    }
    return any ? best : none;
}

/* Add one counterparty's exposure to a total; counted: whether it counts against the limit. */
/* The totals of one kind (groups, countries or sectors) being added up, in the order their keys
 * first appear, with an open-addressing index of them by key: the list's 3,000 counterparties
 * found their group among 161 by a linear strcmp before (docs/performance.md). */
struct totals {
    struct lending_total **arr;
    int *n;
    int cap;
    int *ix;       /* slot -> index + 1 (0: empty) */
    unsigned mask; /* slots - 1, a power of two, kept at least twice the keys */
};

static void totals_index(struct totals *t, unsigned slots)
{
    free(t->ix);
    t->ix = calloc(slots, sizeof(int));
    if (!t->ix)
        abort();
    t->mask = slots - 1;
}

static void totals_init(struct totals *t, struct lending_total **arr, int *n)
{
    *t = (struct totals){arr, n, 0, NULL, 0};
    totals_index(t, 64);
}

static void totals_done(struct totals *t)
{
    free(t->ix);
    t->ix = NULL;
}

static unsigned key_hash(const char *k)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 16777619u;
    return h;
}

/* A new total of key, with nothing in it yet. */
static void total_start(struct lending_total *t, const char *key)
{
    memset(t, 0, sizeof *t);
    snprintf(t->key, sizeof t->key, "%s", key);
    t->last_start = DATE_NONE;
}

/* Add an exposure to total t: to all_exposure always, and when counted to exposure and to the
 * latest start (last). Returns 0, or -1 on overflow. */
static int total_put(struct lending_total *t, money_t exposure, bool counted, date_t last)
{
    if (!money_add(t->all_exposure, exposure, &t->all_exposure))
        return -1;
    if (!counted)
        return 0;
    if (!money_add(t->exposure, exposure, &t->exposure))
        return -1;
    if (last != DATE_NONE && (t->last_start == DATE_NONE || last > t->last_start))
        t->last_start = last;
    return 0;
}

static int add_total(struct totals *ts, const char *key, money_t exposure, bool counted, date_t last)
{
    struct lending_total *t = NULL;
    if (2u * (unsigned)*ts->n + 2u > ts->mask) { /* index the totals again in twice the slots */
        totals_index(ts, 2 * (ts->mask + 1));
        for (int i = 0; i < *ts->n; i++) { /* into the first free slot: keys never match here */
            unsigned slot = key_hash((*ts->arr)[i].key) & ts->mask;
            while (ts->ix[slot])
                slot = (slot + 1) & ts->mask;
            ts->ix[slot] = i + 1;
        }
    }
    unsigned slot = key_hash(key) & ts->mask;
    for (; ts->ix[slot]; slot = (slot + 1) & ts->mask)
        if (strcmp((*ts->arr)[ts->ix[slot] - 1].key, key) == 0) {
            t = &(*ts->arr)[ts->ix[slot] - 1];
            break;
        }
    if (!t) {
        if (*ts->n == ts->cap) {
            ts->cap = ts->cap ? ts->cap * 2 : 16;
            *ts->arr = realloc(*ts->arr, sizeof **ts->arr * (size_t)ts->cap);
            if (!*ts->arr)
                abort();
        }
        t = &(*ts->arr)[(*ts->n)++];
        ts->ix[slot] = *ts->n;
        total_start(t, key);
    }
    return total_put(t, exposure, counted, last);
}

/* Number the distinct keys of each kind of total over the counterparties (lending_index.key):
 * the group (group_of, through the index being built), the country and the sector name. */
static void index_total_keys(const struct lending_input *in, struct lending_index *ix)
{
    struct lending_input with = *in;
    with.index = ix; /* group_of's look-up of the parents just built */
    size_t n = (size_t)(in->ncps > 0 ? in->ncps : 1);
    unsigned slots = 64;
    while (slots < 2u * (unsigned)n + 2u)
        slots *= 2;
    int *table = malloc(slots * sizeof *table); /* slot -> cps index of the key's first + 1 */
    const char **name = malloc(n * sizeof *name); /* per cps index: its key of the kind at hand */
    if (!table || !name)
        abort();
    for (int k = 0; k < 3; k++) {
        ix->key[k] = malloc(n * sizeof *ix->key[k]);
        if (!ix->key[k])
            abort();
        ix->nkeys[k] = 0;
        memset(table, 0, slots * sizeof *table);
        for (int i = 0; i < in->ncps; i++) {
            const struct counterparty *cp = &in->cps[i];
            name[i] = k == 0 ? group_of(&with, cp) : k == 1 ? cp->country : sector_name(cp->sector);
            if (k == 0 && !name[i][0]) {
                ix->key[k][i] = -1;
                continue;
            }
            unsigned slot = key_hash(name[i]) & (slots - 1);
            while (table[slot] && strcmp(name[table[slot] - 1], name[i]) != 0)
                slot = (slot + 1) & (slots - 1);
            if (table[slot]) {
                ix->key[k][i] = ix->key[k][table[slot] - 1];
            } else {
                table[slot] = i + 1;
                ix->key[k][i] = ix->nkeys[k]++;
            }
        }
    }
    free(table);
    free(name);
}

/* Add e's exposure to the total numbered id of one kind: the totals of the kind are *arr[0..*n)
 * in the order first added; pos[id] is the total's index there, or -1 before its first. The
 * array is allocated whole (nkeys) when the first is added. What add_total does by key. */
static int add_keyed(struct lending_total **arr, int *n, int nkeys, int *pos, int id, const char *key,
                     money_t exposure, bool counted, date_t last)
{
    if (pos[id] < 0) {
        if (!*arr) {
            *arr = malloc(sizeof **arr * (size_t)nkeys);
            if (!*arr)
                abort();
        }
        total_start(&(*arr)[*n], key);
        pos[id] = (*n)++;
    }
    return total_put(&(*arr)[pos[id]], exposure, counted, last);
}

/* The group, country and sector totals of out's entries through the index's key numbers: the
 * same totals in the same order with the same sums as add_total finds by key. Returns 0 or -1 on
 * overflow. */
static int totals_keyed(const struct lending_input *in, struct lending_list *out)
{
    const struct lending_index *ix = in->index;
    struct lending_total **arr[3] = {&out->groups, &out->countries, &out->sectors};
    int *cnt[3] = {&out->ngroups, &out->ncountries, &out->nsectors};
    int total = ix->nkeys[0] + ix->nkeys[1] + ix->nkeys[2];
    int *pos = malloc(sizeof *pos * (size_t)(total > 0 ? total : 1)), *p[3];
    if (!pos)
        abort();
    for (int i = 0; i < total; i++)
        pos[i] = -1;
    p[0] = pos;
    p[1] = pos + ix->nkeys[0];
    p[2] = p[1] + ix->nkeys[1];
    int rc = 0;
    for (int j = 0; j < out->n && rc == 0; j++) {
        const struct lending_entry *e = &out->e[j];
        const struct counterparty *cp = e->cp;
        int c = (int)(cp - in->cps);
        int g = ix->key[0][c];
        const char *gkey = g >= 0 && p[0][g] < 0 ? group_of(in, cp) : NULL; /* its text: on the first only */
        rc = (g >= 0 && add_keyed(arr[0], cnt[0], ix->nkeys[0], p[0], g, gkey, e->exposure, true, e->last_start) < 0) ||
                     add_keyed(arr[1], cnt[1], ix->nkeys[1], p[1], ix->key[1][c], cp->country, e->exposure,
                               country_limited(cp), e->last_start) < 0 ||
                     add_keyed(arr[2], cnt[2], ix->nkeys[2], p[2], ix->key[2][c], sector_name(cp->sector),
                               e->exposure, true, e->last_start) < 0
                 ? -1
                 : 0;
    }
    free(pos);
    return rc;
}

/* ---- breaches ----------------------------------------------------------------------------- */

static struct lending_breach *new_breach(struct lending_list *l, const char *kind, const char *subject)
{
    l->b = realloc(l->b, sizeof *l->b * (size_t)(l->nb + 1));
    if (!l->b)
        abort();
    struct lending_breach *b = &l->b[l->nb++];
    memset(b, 0, sizeof *b);
    snprintf(b->kind, sizeof b->kind, "%s", kind);
    snprintf(b->subject, sizeof b->subject, "%s", subject);
    return b;
}

static bool over(money_t exposure, struct opt_money limit)
{
    return !limit.unlimited && exposure > limit.amount;
}

/* The outstanding deals at A of each counterparty, as chains in input order: first[k] is the
 * first deal (an index into in->inv) of in->cps[k], next[i] the one after deal i; -1 ends. */
struct deal_chains {
    int *first, *next;
};

/* The verdict when e's last outstanding deal started (*then), read only for a breach: whether
 * it is passive. false when there is no such deal. */
static bool verdict_then(const struct lending_input *in, const struct lending_entry *e, struct lending_entry *then,
                         char *d)
{
    if (e->last_start == DATE_NONE)
        return false;
    verdict_at(in, e->cp, e->last_start, then);
    date_format_iso(e->last_start, d);
    return true;
}

static void counterparty_breaches(const struct lending_input *in, struct lending_list *l,
                                  struct lending_entry *e, const struct deal_chains *ch, int k)
{
    char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ], d[DATE_BUFSZ];
    if (e->exposure <= 0)
        return;
    struct lending_entry then;
    bool has_then;
    if (e->status == LEND_SUSPENDED || e->status == LEND_NOT_APPROVED) {
        has_then = verdict_then(in, e, &then, d);
        if (!e->basis[0]) { /* judged without its text (lending_evaluate_held): the why needs it */
            struct lending_entry full;
            entry_at(in, e->cp, l->as_of, &full);
            memcpy(e->basis, full.basis, sizeof e->basis);
        }
        bool susp = e->status == LEND_SUSPENDED;
        struct lending_breach *b = new_breach(l, susp ? "counterparty.suspended_exposure"
                                                      : "counterparty.not_approved_exposure",
                                              e->cp->code);
        b->exposure = e->exposure;
        b->limit = (struct opt_money){false, 0};
        b->passive = has_then && usable(then.status);
        setf(b->why, sizeof b->why, "%s of exposure to a %s counterparty (%s)", pounds(e->exposure, m1),
                 susp ? "suspended" : "not approved", e->basis);
        if (b->passive)
            appendf(b->why, sizeof b->why, "; passive: it was %s when the last deal started on %s",
                    lend_status_name(then.status), d);
        return;
    }
    if (over(e->exposure, e->limit)) {
        has_then = verdict_then(in, e, &then, d);
        struct lending_breach *b = new_breach(l, "counterparty.over_limit", e->cp->code);
        b->exposure = e->exposure;
        b->limit = e->limit;
        b->passive = has_then && usable(then.status) && !over(e->exposure, then.limit);
        setf(b->why, sizeof b->why, "exposure %s above the limit %s", pounds(e->exposure, m1),
                 pounds(e->limit.amount, m2));
        if (b->passive)
            appendf(b->why, sizeof b->why, "; passive: within the limit in force when the last deal started on %s", d);
    }
    if (e->max_days.unbounded)
        return;
    struct lending_breach *b = NULL;
    bool all_passive = true;
    for (int i = ch->first[k]; i >= 0; i = ch->next[i]) {
        const struct investment *deal = &in->inv[i];
        int rem = lending_term_days(deal, l->as_of);
        if (rem <= e->max_days.days)
            continue;
        if (!b) {
            b = new_breach(l, "counterparty.over_duration", e->cp->code);
            b->limit = e->limit;
            b->max_days = e->max_days.days;
        }
        if (!money_add(b->exposure, deal->principal, &b->exposure))
            b->exposure = MONEY_MAX;
        if (rem > b->days)
            b->days = rem;
        appendf(b->refs, sizeof b->refs, "%s%s", b->refs[0] ? "," : "", deal->ref);
        struct lending_entry at_start;
        verdict_at(in, e->cp, deal->start, &at_start);
        bool was_ok = usable(at_start.status) &&
                      (at_start.max_days.unbounded || lending_term_days(deal, deal->start) <= at_start.max_days.days);
        all_passive = all_passive && was_ok;
    }
    if (b) {
        b->passive = all_passive;
        setf(b->why, sizeof b->why, "deals %s run %d days, beyond the maximum %d", b->refs, b->days,
                 b->max_days);
        if (b->passive)
            appendf(b->why, sizeof b->why, "; passive: within the maximum when they were placed");
    }
}

static void total_breaches(const struct lending_input *in, struct lending_list *l, enum total_kind k,
                           const struct lending_total *t)
{
    static const char *const kinds[] = {"group.over_limit", "country.over_limit", "sector.over_limit"};
    char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];
    if (!over(t->exposure, t->limit))
        return;
    struct lending_breach *b = new_breach(l, kinds[k], t->key);
    b->exposure = t->exposure;
    b->limit = t->limit;
    if (t->last_start != DATE_NONE)
        b->passive = !over(t->exposure, total_limit(in, k, t->key, t->last_start));
    setf(b->why, sizeof b->why, "%s %s exposure %s above the limit %s",
             k == TOTAL_GROUP ? "group" : k == TOTAL_COUNTRY ? "country" : "sector", t->key,
             pounds(t->exposure, m1), pounds(t->limit.amount, m2));
    if (b->passive)
        appendf(b->why, sizeof b->why, "; passive: within the limit when the last deal started");
}

/* Every counterparty's exposure at A and latest start among its outstanding deals, in one pass
 * over the deals (per in->cps index, which must be indexed), and the chains of those deals.
 * Everything in *ch is allocated here (chains_free). Returns 0 or -1 on overflow. */
struct held {
    struct deal_chains ch;
    money_t *exposure;
    date_t *last_start;
};

static int exposures_at(const struct lending_input *in, date_t a, struct held *h)
{
    size_t ncps = (size_t)(in->ncps ? in->ncps : 1);
    h->ch.first = malloc(sizeof *h->ch.first * ncps);
    h->ch.next = malloc(sizeof *h->ch.next * (size_t)(in->ninv ? in->ninv : 1));
    h->exposure = calloc(ncps, sizeof *h->exposure);
    h->last_start = malloc(sizeof *h->last_start * ncps);
    if (!h->ch.first || !h->ch.next || !h->exposure || !h->last_start)
        abort();
    for (int k = 0; k < in->ncps; k++) {
        h->ch.first[k] = -1;
        h->last_start[k] = DATE_NONE;
    }
    for (int i = in->ninv - 1; i >= 0; i--) { /* backwards: each chain comes out in input order */
        const struct investment *d = &in->inv[i];
        if (!lending_outstanding(d, a))
            continue;
        int k = cp_index_of(in, d->counterparty_id);
        if (k < 0)
            continue;
        h->ch.next[i] = h->ch.first[k];
        h->ch.first[k] = i;
        if (!money_add(h->exposure[k], d->principal, &h->exposure[k]))
            return -1;
        if (h->last_start[k] == DATE_NONE || d->start > h->last_start[k])
            h->last_start[k] = d->start;
    }
    return 0;
}

static void held_free(struct held *h)
{
    free(h->ch.first);
    free(h->ch.next);
    free(h->exposure);
    free(h->last_start);
}

/* The list at A; with held_only, only the counterparties with an outstanding deal have an entry
 * (see lending_evaluate_held). */
static int evaluate(const struct lending_input *in0, date_t a, bool held_only, struct lending_list *out)
{
    struct lending_input copy;
    struct lending_index ix;
    bool built;
    const struct lending_input *in = indexed(in0, &copy, &ix, &built);
    memset(out, 0, sizeof *out);
    out->as_of = a;
    out->has_strategy = strategy_at(in, a) != NULL;
    struct held h;
    if (exposures_at(in, a, &h) < 0)
        goto overflow;
    int count = 0;
    for (int i = 0; i < in->ncps; i++)
        count += !held_only || h.ch.first[i] >= 0;
    out->e = malloc(sizeof *out->e * (size_t)(count ? count : 1));
    if (held_only)
        out->slot = malloc(sizeof *out->slot * (size_t)(in->ncps ? in->ncps : 1));
    if (!out->e || (held_only && !out->slot))
        abort();
    for (int i = 0; i < in->ncps; i++) {
        if (held_only && h.ch.first[i] < 0) {
            out->slot[i] = -1;
            continue;
        }
        struct lending_entry *e = &out->e[out->n];
        judge_at(in, &in->cps[i], a, e, !held_only);
        e->exposure = h.exposure[i];
        e->last_start = h.last_start[i];
        if (held_only)
            out->slot[i] = out->n;
        out->n++;
    }
    bool over = false;
    if (in->index->key[0]) { /* the keys numbered once with the index */
        over = totals_keyed(in, out) < 0;
    } else {
        struct totals tg, tc, ts;
        totals_init(&tg, &out->groups, &out->ngroups);
        totals_init(&tc, &out->countries, &out->ncountries);
        totals_init(&ts, &out->sectors, &out->nsectors);
        for (int j = 0; j < out->n && !over; j++) {
            const struct lending_entry *e = &out->e[j];
            const struct counterparty *cp = e->cp;
            const char *g = group_of(in, cp);
            over = (g[0] && add_total(&tg, g, e->exposure, true, e->last_start) < 0) ||
                   add_total(&tc, cp->country, e->exposure, country_limited(cp), e->last_start) < 0 ||
                   add_total(&ts, sector_name(cp->sector), e->exposure, true, e->last_start) < 0;
        }
        totals_done(&tg);
        totals_done(&tc);
        totals_done(&ts);
    }
    if (over)
        goto overflow;
    for (int i = 0; i < out->ngroups; i++)
        out->groups[i].limit = total_limit(in, TOTAL_GROUP, out->groups[i].key, a);
    for (int i = 0; i < out->ncountries; i++)
        out->countries[i].limit = total_limit(in, TOTAL_COUNTRY, out->countries[i].key, a);
    for (int i = 0; i < out->nsectors; i++)
        out->sectors[i].limit = total_limit(in, TOTAL_SECTOR, out->sectors[i].key, a);
    /* Without a strategy in force there is nothing to judge exposure against: every entry is
     * not approved (and the check refuses), but no breach is reported. */
    for (int j = 0; out->has_strategy && j < out->n; j++)
        counterparty_breaches(in, out, &out->e[j], &h.ch, (int)(out->e[j].cp - in->cps));
    for (int i = 0; i < out->ngroups; i++)
        total_breaches(in, out, TOTAL_GROUP, &out->groups[i]);
    for (int i = 0; i < out->ncountries; i++)
        total_breaches(in, out, TOTAL_COUNTRY, &out->countries[i]);
    for (int i = 0; i < out->nsectors; i++)
        total_breaches(in, out, TOTAL_SECTOR, &out->sectors[i]);
    held_free(&h);
    if (built)
        lending_index_free(&ix);
    return 0;
overflow:
    held_free(&h);
    lending_list_free(out);
    if (built)
        lending_index_free(&ix);
    return -1;
}

int lending_evaluate(const struct lending_input *in, date_t as_of, struct lending_list *out)
{
    return evaluate(in, as_of, false, out);
}

int lending_evaluate_held(const struct lending_input *in, date_t as_of, struct lending_list *out)
{
    return evaluate(in, as_of, true, out);
}

void lending_list_free(struct lending_list *l)
{
    free(l->e);
    free(l->slot);
    free(l->groups);
    free(l->countries);
    free(l->sectors);
    free(l->b);
    memset(l, 0, sizeof *l);
}

const struct lending_entry *lending_find(const struct lending_input *in, const struct lending_list *l, int64_t id)
{
    int k = cp_index_of(in, id); /* the list's entries e[i] belong to in->cps[i] */
    if (k >= 0 && l->slot) { /* held only: through the slots */
        int j = l->slot[k];
        if (j < 0)
            return NULL;
        if (j < l->n && l->e[j].cp == &in->cps[k])
            return &l->e[j];
    } else if (k >= 0 && k < l->n && l->e[k].cp == &in->cps[k]) {
        return &l->e[k];
    }
    for (int i = 0; i < l->n; i++)
        if (l->e[i].cp->id == id)
            return &l->e[i];
    return NULL;
}

/* ---- the pre-deal check ------------------------------------------------------------------- */

static const struct counterparty *cp_by_id(const struct lending_input *in, int64_t id)
{
    int i = cp_index_of(in, id);
    return i >= 0 ? &in->cps[i] : NULL;
}

/* A deal's start or maturity with its principal: the peak exposure's events. */
struct event {
    date_t at;
    money_t principal;
};

static int by_date(const void *a, const void *b)
{
    date_t x = ((const struct event *)a)->at, y = ((const struct event *)b)->at;
    return (x > y) - (x < y);
}

/* The deals' events of one peak: their starts and their maturities. */
struct events {
    struct event *starts, *ends;
    int ns, ne;
};

/* The highest exposure on any day from `from` on of the deals whose events are in *ev. Exposure
 * only rises when a deal starts, so the peak is at `from` or at one of their starts: one sweep
 * over the starts and maturities in date order finds it. Returns 0 or -1 on overflow. */
static int sweep(struct events *ev, date_t from, bool ends_sorted, money_t *peak)
{
    *peak = 0;
    /* The starts on or before `from` all count at `from`, summed in any order (principals are
     * positive: the sum overflows in every order or in none), so only the later ones need their
     * order: those first in place, unsorted, then the later ones sorted (most deals of a check
     * started before it, so this sorts a few instead of all). */
    int early = 0;
    for (int i = 0; i < ev->ns; i++)
        if (ev->starts[i].at <= from) {
            struct event t = ev->starts[early];
            ev->starts[early++] = ev->starts[i];
            ev->starts[i] = t;
        }
    qsort(ev->starts + early, (size_t)(ev->ns - early), sizeof *ev->starts, by_date);
    if (!ends_sorted)
        qsort(ev->ends, (size_t)ev->ne, sizeof *ev->ends, by_date);
    /* at each candidate day t: what started on or before t less what matured on or before t */
    money_t added = 0, removed = 0;
    int si = 0, ei = 0;
    for (int c = -1; c < ev->ns; c++) {
        date_t t = c < 0 ? from : ev->starts[c].at;
        if (t < from)
            continue;
        for (; si < ev->ns && ev->starts[si].at <= t; si++)
            if (!money_add(added, ev->starts[si].principal, &added))
                return -1;
        for (; ei < ev->ne && ev->ends[ei].at <= t; ei++)
            if (!money_add(removed, ev->ends[ei].principal, &removed))
                return -1;
        if (added - removed > *peak)
            *peak = added - removed;
    }
    return 0;
}

/* What the pre-deal check sums over the new deal's life: the counterparty itself and its group,
 * country and sector totals. */
enum { PEAK_GROUP = TOTAL_GROUP, PEAK_COUNTRY = TOTAL_COUNTRY, PEAK_SECTOR = TOTAL_SECTOR, PEAK_SELF, PEAKS };

/* The peaks a deal with this counterparty counts in: bit k for peak k (most deals count in none,
 * and then nothing more is done for them). Inline: it runs for every deal alive over the new
 * deal's life. */
static inline unsigned peak_mask(const struct lending_input *in, const struct counterparty *cp,
                                 const char *const key[3], int64_t counterparty_id)
{
    unsigned m = counterparty_id == cp->id ? 1u << PEAK_SELF : 0;
    if (!key[TOTAL_GROUP] && !key[TOTAL_COUNTRY] && !key[TOTAL_SECTOR])
        return m;
    int j = cp_index_of(in, counterparty_id);
    if (j < 0)
        return m;
    const struct counterparty *dc = &in->cps[j];
    if (key[TOTAL_SECTOR] && dc->sector == cp->sector)
        m |= 1u << PEAK_SECTOR;
    if (key[TOTAL_COUNTRY] && country_limited(dc) && strcmp(dc->country, key[TOTAL_COUNTRY]) == 0)
        m |= 1u << PEAK_COUNTRY;
    if (key[TOTAL_GROUP] && strcmp(group_of(in, dc), key[TOTAL_GROUP]) == 0)
        m |= 1u << PEAK_GROUP;
    return m;
}

/* The index in in->cps of counterparty id (cp_index_of), its common case inline: the dense
 * table of an index that fits. */
static inline int slot_of_id(const struct lending_input *in, int64_t id)
{
    const struct lending_index *ix = in->index;
    if (ix && ix->n == in->ncps && ix->dense) {
        int64_t k = id - ix->min_id;
        return k >= 0 && k < ix->span ? ix->dense[k] : -1;
    }
    return cp_index_of(in, id);
}

/* What peak_mask tests, as the numbers of in->classes: the new deal's counterparty, and the
 * group, country and sector numbers of the totals checked (-2, which no counterparty has, for a
 * total not checked). */
struct class_keys {
    const struct lending_class *c;
    int64_t self;
    int32_t group, country, sector;
    bool any; /* some total is checked */
};

/* Whether in->classes was built over in's counterparties (lending_classes_build). */
static bool classes_fit(const struct lending_input *in)
{
    return in->classes && in->classes->cps == in->cps && in->classes->n == in->ncps;
}

/* The class_keys of a check of cp (in in->cps) with the totals key[] (total_to_check), when
 * in->classes fits: else false. */
static bool class_keys_of(const struct lending_input *in, const struct counterparty *cp, const char *const key[3],
                          struct class_keys *k)
{
    if (!classes_fit(in) || cp < in->cps || cp >= in->cps + in->ncps)
        return false;
    const struct lending_class *mine = &in->classes->c[cp - in->cps];
    *k = (struct class_keys){in->classes->c, cp->id, key[TOTAL_GROUP] ? mine->group : -2,
                             key[TOTAL_COUNTRY] ? mine->country : -2, key[TOTAL_SECTOR] ? mine->sector : -2,
                             key[TOTAL_GROUP] || key[TOTAL_COUNTRY] || key[TOTAL_SECTOR]};
    return true;
}

/* peak_mask by numbers: the same bits (tests/unit/test_lending.c checks both ways). */
static inline unsigned class_mask(const struct lending_input *in, const struct class_keys *k, int64_t counterparty_id)
{
    unsigned m = counterparty_id == k->self ? 1u << PEAK_SELF : 0;
    if (!k->any)
        return m;
    int j = slot_of_id(in, counterparty_id);
    if (j < 0)
        return m;
    const struct lending_class *c = &k->c[j];
    return m | (unsigned)(c->group == k->group) << PEAK_GROUP | (unsigned)(c->country == k->country) << PEAK_COUNTRY |
           (unsigned)(c->sector == k->sector) << PEAK_SECTOR;
}

/* A deal counting in the peaks of mask m: its start and maturity among their events. */
static void add_deal(struct events ev[PEAKS], unsigned m, date_t start, date_t maturity, money_t principal)
{
    for (int k = 0; k < PEAKS; k++) {
        if (!(m & (1u << k)))
            continue;
        ev[k].starts[ev[k].ns++] = (struct event){start, principal};
        if (maturity != DATE_NONE)
            ev[k].ends[ev[k].ne++] = (struct event){maturity, principal};
    }
}

/* The check's counterparty's exposure at a date (exposure_of), found by peaks_of on its way. */
struct exposure_at {
    date_t at;
    money_t sum;
    date_t last_start; /* DATE_NONE: none */
};

/* Whether sp was built over in's deals (lending_spans_build). */
static bool spans_fit(const struct lending_input *in)
{
    return in->spans && in->spans->inv == in->inv && in->spans->ninv == in->ninv;
}

/* A span the walk must look at again (add_spans): its index and the peaks it counts in. */
struct hit {
    int i;
    unsigned m;
};

/* The hot loop of a check with in->classes by id: the spans s[0..n) until the first that matured
 * by `stop`, those of the counterparty ck->self, or alive in [from, to) and counting in a total
 * (class_mask's bits), into hits, kept apart from everything else the walk does so that its
 * values stay in registers. Returns the number of hits. */
static int scan_spans(const struct lending_span *s, int n, date_t stop, date_t from, date_t to,
                      const struct class_keys *ck, const struct lending_classes *cl, struct hit *hits)
{
    const struct lending_class *by_id = cl->by_id;
    const int64_t self = ck->self, min_id = cl->min_id, width = cl->width;
    const int32_t kg = ck->group, kc = ck->country, ks = ck->sector;
    int nh = 0;
    if (!ck->any) { /* no total checked: only cp's own deals */
        for (int i = 0; i < n; i++) {
            if (s[i].maturity != DATE_NONE && s[i].maturity <= stop)
                break;
            if (s[i].counterparty_id == self)
                hits[nh++] = (struct hit){i, 1u << PEAK_SELF};
        }
        return nh;
    }
    for (int i = 0; i < n; i++) {
        date_t end = s[i].maturity == DATE_NONE ? INT32_MAX : s[i].maturity; /* open-ended: never */
        if (end <= stop)
            break;
        int64_t id = s[i].counterparty_id, k = id - min_id;
        unsigned m = id == self ? 1u << PEAK_SELF : 0;
        if (s[i].start < to && end > from && k >= 0 && k < width) {
            const struct lending_class *c = &by_id[k];
            m |= (unsigned)(c->group == kg) << PEAK_GROUP | (unsigned)(c->country == kc) << PEAK_COUNTRY |
                 (unsigned)(c->sector == ks) << PEAK_SECTOR;
        }
        if (m)
            hits[nh++] = (struct hit){i, m};
    }
    return nh;
}

/* The spans the check must look at (scan_spans, or its slow way without in->classes): those
 * before the first that matured by both `from` and `at` (latest maturity first) of cp itself or
 * counting in a total checked, into hits (room for in->spans->n). Returns their number. */
static int span_hits(const struct lending_input *in, const struct counterparty *cp, const char *const key[3],
                     const struct class_keys *ck, date_t from, date_t at, date_t to, struct hit *hits)
{
    const struct lending_spans *sp = in->spans;
    const date_t stop = at < from ? at : from;
    if (ck && in->classes->by_id)
        return scan_spans(sp->s, sp->n, stop, from, to, ck, in->classes, hits);
    int nh = 0;
    for (int i = 0; i < sp->n; i++) {
        const struct lending_span *d = &sp->s[i];
        if (d->maturity != DATE_NONE && d->maturity <= stop)
            break;
        unsigned m = ck ? class_mask(in, ck, d->counterparty_id) : peak_mask(in, cp, key, d->counterparty_id);
        if (m)
            hits[nh++] = (struct hit){i, m};
    }
    return nh;
}

/* The hits' deals alive at some time in [from, to) into the events of their peaks, and cp's own
 * alive at x->at into its exposure then (exposure_of's deals, latest maturity first).
 * The spans come latest maturity first, so each peak's maturities come in descending order
 * (reversed here: ascending, as the sweep reads them). Returns 0, or -1 on overflow. */
static int add_hits(const struct lending_spans *sp, const struct hit *hits, int nh, date_t from, date_t to,
                    struct events ev[PEAKS], struct exposure_at *x)
{
    for (int h = 0; h < nh; h++) {
        const struct lending_span *d = &sp->s[hits[h].i];
        date_t end = d->maturity == DATE_NONE ? INT32_MAX : d->maturity; /* open-ended: never */
        if ((hits[h].m & 1u << PEAK_SELF) && end > x->at && d->start <= x->at) { /* cp's own deal */
            if (!money_add(x->sum, d->principal, &x->sum))
                return -1;
            if (x->last_start == DATE_NONE || d->start > x->last_start)
                x->last_start = d->start;
        }
        if (d->start < to && end > from)
            add_deal(ev, hits[h].m, d->start, d->maturity, d->principal);
    }
    for (int k = 0; k < PEAKS; k++)
        for (int a = 0, b = ev[k].ne - 1; a < b; a++, b--) {
            struct event t = ev[k].ends[a];
            ev[k].ends[a] = ev[k].ends[b];
            ev[k].ends[b] = t;
        }
    return 0;
}

/* The peak exposure, on any day from `from` to before `to`, of the deals of cp (peak[PEAK_SELF])
 * and of each total k with key[k] set (peak[k]; key[k] NULL: not wanted), in one pass over the
 * deals (over in->spans when built for them), and cp's exposure at x->at (exposure_of: x->sum,
 * x->last_start), in the same pass over the spans. Returns 0 or -1 on overflow. */
static int peaks_of(const struct lending_input *in, const struct counterparty *cp, const char *const key[3],
                    date_t from, date_t to, money_t peak[PEAKS], struct exposure_at *x)
{
    struct events ev[PEAKS];
    bool by_spans = spans_fit(in);
    struct class_keys ck;
    const struct class_keys *ckp = class_keys_of(in, cp, key, &ck) ? &ck : NULL;
    x->sum = 0;
    x->last_start = DATE_NONE;
    /* over the spans, first the few deals that count anywhere (on the stack when the spans are
     * not many), and then room for their events only */
    enum { FEW = 4096 };
    struct hit few[FEW], *hits = few;
    int nh = 0, rc = 0;
    if (by_spans) {
        if (in->spans->n > FEW && !(hits = malloc(sizeof *hits * (size_t)in->spans->n)))
            abort();
        nh = span_hits(in, cp, key, ckp, from, x->at, to, hits);
    } else {
        rc = exposure_of(in, cp->id, x->at, &x->sum, &x->last_start);
    }
    int most = by_spans ? nh : in->ninv; /* the deals that can count */
    size_t cap = (size_t)(most ? most : 1);
    /* one block for the peaks wanted (the counterparty's, and each total checked: no deal is
     * added to another), two arrays of cap events each */
    bool wanted[PEAKS];
    size_t nwanted = 0;
    for (int k = 0; k < PEAKS; k++) {
        wanted[k] = k == PEAK_SELF || key[k];
        nwanted += wanted[k];
        peak[k] = 0;
    }
    struct event *block = malloc(sizeof *block * cap * 2 * nwanted), *next = block;
    if (!block)
        abort();
    for (int k = 0; k < PEAKS; k++) {
        ev[k] = (struct events){NULL, NULL, 0, 0};
        if (wanted[k]) {
            ev[k].starts = next;
            ev[k].ends = next + cap;
            next += 2 * cap;
        }
    }
    if (by_spans)
        rc = add_hits(in->spans, hits, nh, from, to, ev, x);
    for (int i = 0; rc == 0 && !by_spans && i < in->ninv; i++) { /* the deals alive at some time in [from, to) */
        const struct investment *d = &in->inv[i];
        if (d->status == DEAL_CANCELLED || d->start >= to || (d->maturity != DATE_NONE && d->maturity <= from) ||
            (d->maturity != DATE_NONE && d->maturity <= d->start)) /* never outstanding */
            continue;
        unsigned m = ckp ? class_mask(in, ckp, d->counterparty_id) : peak_mask(in, cp, key, d->counterparty_id);
        if (m)
            add_deal(ev, m, d->start, d->maturity, d->principal);
    }
    for (int k = 0; k < PEAKS && rc == 0; k++)
        if (wanted[k])
            rc = sweep(&ev[k], from, by_spans, &peak[k]);
    free(block);
    if (hits != few)
        free(hits);
    return rc;
}

/* Latest maturity first, open-ended (DATE_NONE) before any date. */
static int by_maturity_desc(const void *a, const void *b)
{
    date_t x = ((const struct lending_span *)a)->maturity, y = ((const struct lending_span *)b)->maturity;
    if (x == y)
        return 0;
    if (x == DATE_NONE || y == DATE_NONE)
        return x == DATE_NONE ? -1 : 1;
    return (x < y) - (x > y);
}

void lending_spans_build(const struct investment *inv, int ninv, struct lending_spans *out)
{
    *out = (struct lending_spans){malloc(sizeof *out->s * (size_t)(ninv ? ninv : 1)), 0, inv, ninv};
    if (!out->s)
        abort();
    for (int i = 0; i < ninv; i++) {
        const struct investment *d = &inv[i];
        if (d->status == DEAL_CANCELLED || (d->maturity != DATE_NONE && d->maturity <= d->start))
            continue; /* never outstanding */
        out->s[out->n++] = (struct lending_span){d->start, d->maturity, d->principal, d->counterparty_id};
    }
    qsort(out->s, (size_t)out->n, sizeof *out->s, by_maturity_desc);
}

void lending_spans_free(struct lending_spans *sp)
{
    free(sp->s);
    *sp = (struct lending_spans){0};
}

/* A text to number (lending_classes_build): which counterparty and which of its numbers. */
struct keyed {
    const char *text; /* NULL: none (numbered -1) */
    int slot;
};

static int by_text(const void *a, const void *b)
{
    return strcmp(((const struct keyed *)a)->text, ((const struct keyed *)b)->text);
}

/* Number the texts k[0..n) (each slot's once): equal texts one number, from 0, NULL -1; the
 * number of slot k[i].slot goes to *(int32_t *)(base + k[i].slot * stride). k is reordered. */
static void number_texts(struct keyed *k, int n, char *base, size_t stride)
{
    int m = 0;
    for (int i = 0; i < n; i++) { /* the NULLs first out of the sort */
        if (!k[i].text) {
            *(int32_t *)(void *)(base + (size_t)k[i].slot * stride) = -1;
            continue;
        }
        k[m++] = k[i];
    }
    qsort(k, (size_t)m, sizeof *k, by_text);
    int32_t id = -1;
    for (int i = 0; i < m; i++) {
        if (i == 0 || strcmp(k[i].text, k[i - 1].text) != 0)
            id++;
        *(int32_t *)(void *)(base + (size_t)k[i].slot * stride) = id;
    }
}

void lending_classes_build(const struct lending_input *in0, struct lending_classes *out)
{
    struct lending_input copy;
    struct lending_index ix;
    bool built;
    const struct lending_input *in = indexed(in0, &copy, &ix, &built);
    size_t n = (size_t)(in->ncps > 0 ? in->ncps : 1);
    *out = (struct lending_classes){.c = malloc(sizeof *out->c * n), .cps = in->cps, .n = in->ncps};
    struct keyed *k = malloc(sizeof *k * n);
    if (!out->c || !k)
        abort();
    for (int i = 0; i < in->ncps; i++) {
        const char *g = group_of(in, &in->cps[i]);
        k[i] = (struct keyed){g[0] ? g : NULL, i};
    }
    number_texts(k, in->ncps, (char *)&out->c[0].group, sizeof *out->c);
    for (int i = 0; i < in->ncps; i++)
        k[i] = (struct keyed){country_limited(&in->cps[i]) ? in->cps[i].country : NULL, i};
    number_texts(k, in->ncps, (char *)&out->c[0].country, sizeof *out->c);
    for (int i = 0; i < in->ncps; i++)
        out->c[i].sector = (int32_t)in->cps[i].sector;
    free(k);
    const struct lending_index *dx = in->index;
    if (dx->dense) {
        out->by_id = malloc(sizeof *out->by_id * (size_t)(dx->span ? dx->span : 1));
        if (!out->by_id)
            abort();
        out->min_id = dx->min_id;
        out->width = dx->span;
        for (int j = 0; j < dx->span; j++)
            out->by_id[j] = dx->dense[j] >= 0 ? out->c[dx->dense[j]] : (struct lending_class){-1, -1, -1};
    }
    if (built)
        lending_index_free(&ix);
}

void lending_classes_free(struct lending_classes *cl)
{
    free(cl->c);
    free(cl->by_id);
    *cl = (struct lending_classes){0};
}

void lending_deals_of(const struct investment *inv, int n, struct lending_deal *out)
{
    for (int i = 0; i < n; i++)
        out[i] = (struct lending_deal){inv[i].id, inv[i].counterparty_id, inv[i].principal, inv[i].start,
                                       inv[i].maturity, inv[i].status};
}

/* investments_at's order (core/balance.c by_account_date): account, then date. */
static int by_account_date(const void *pa, const void *pb)
{
    const struct movement *a = pa, *b = pb;
    if (a->investment_id != b->investment_id)
        return a->investment_id < b->investment_id ? -1 : 1;
    return (a->date > b->date) - (a->date < b->date);
}

void lending_moves_sort(struct movement *m, int n)
{
    if (n > 0)
        qsort(m, (size_t)n, sizeof *m, by_account_date);
}

void lending_balances_build(const struct lending_deal *d, int n, const struct movement *m, int nm,
                            struct lending_balances *out)
{
    *out = (struct lending_balances){malloc(sizeof *out->run * (size_t)(n ? n : 1)), NULL, NULL, n, 0};
    if (!out->run)
        abort();
    int total = 0;
    for (int i = 0; i < n; i++) {
        int len;
        movements_run(d[i].id, m, nm, &len);
        out->run[i] = (struct lending_run){total, len, len};
        total += len;
    }
    out->date = malloc(sizeof *out->date * (size_t)(total ? total : 1));
    out->bal = malloc(sizeof *out->bal * (size_t)(total ? total : 1));
    if (!out->date || !out->bal)
        abort();
    out->n = total;
    for (int i = 0; i < n; i++) {
        struct lending_run *r = &out->run[i];
        int len, from = movements_run(d[i].id, m, nm, &len);
        money_t b = d[i].principal;
        for (int j = 0; j < len; j++) {
            out->date[r->first + j] = m[from + j].date;
            if (r->bad == len && !money_add(b, movement_change(&m[from + j]), &b))
                r->bad = j;
            out->bal[r->first + j] = r->bad == len ? b : 0;
        }
    }
}

void lending_balances_free(struct lending_balances *b)
{
    free(b->run);
    free(b->date);
    free(b->bal);
    *b = (struct lending_balances){0};
}

/* The principal of deal i at `at` as investments_at finds it (core/balance.c principal_at, then
 * account_balance_at: the run's movements dated on or before `at` are a prefix of it, summed in
 * order): *held false when the account is empty then. Returns 0, or -1 when the sum overflows. */
static int deal_principal_at(const struct lending_deal *d, const struct lending_balances *b, int i, date_t at,
                             money_t *out, bool *held)
{
    const struct lending_run *r = &b->run[i];
    *out = d->principal;
    *held = true;
    if (r->n == 0 || at < d->start)
        return 0;
    int k = r->n; /* DATE_NONE: every movement */
    if (at != DATE_NONE) {
        int lo = 0, hi = r->n; /* the first entry dated after `at` */
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (b->date[r->first + mid] <= at)
                lo = mid + 1;
            else
                hi = mid;
        }
        k = lo;
    }
    if (r->bad < k)
        return -1;
    if (k > 0)
        *out = b->bal[r->first + k - 1];
    *held = *out > 0;
    return 0;
}

int lending_spans_at(const struct lending_deal *d, int n, const struct lending_balances *b, date_t at,
                     struct lending_spans *out)
{
    *out = (struct lending_spans){malloc(sizeof *out->s * (size_t)(n ? n : 1)), 0, NULL, 0};
    if (!out->s)
        abort();
    for (int i = 0; i < n; i++) {
        money_t p;
        bool held;
        if (deal_principal_at(&d[i], b, i, at, &p, &held) < 0) {
            lending_spans_free(out);
            return -1;
        }
        if (!held || d[i].status == DEAL_CANCELLED || (d[i].maturity != DATE_NONE && d[i].maturity <= d[i].start))
            continue; /* emptied at the date, or never outstanding (lending_spans_build) */
        out->s[out->n++] = (struct lending_span){d[i].start, d[i].maturity, p, d[i].counterparty_id};
    }
    qsort(out->s, (size_t)out->n, sizeof *out->s, by_maturity_desc);
    return 0;
}

static struct lending_reason *add_reason(struct lending_check *c, const char *kind, const char *subject)
{
    if (c->nr >= (int)(sizeof c->r / sizeof c->r[0]))
        return &c->r[c->nr - 1];
    struct lending_reason *r = &c->r[c->nr++];
    memset(r, 0, sizeof *r);
    snprintf(r->kind, sizeof r->kind, "%s", kind);
    snprintf(r->subject, sizeof r->subject, "%s", subject);
    c->allowed = false;
    return r;
}

/* The key of cp's total k and its limit at A, when the check must test it: key NULL otherwise
 * (no group, a country total that does not count cp, or no limit). */
static const char *total_to_check(const struct lending_input *in, date_t a, int k, const struct counterparty *cp,
                                  struct opt_money *limit)
{
    const char *key = k == TOTAL_GROUP ? group_of(in, cp) : k == TOTAL_COUNTRY ? cp->country : sector_name(cp->sector);
    if (!key[0] || (k == TOTAL_COUNTRY && !country_limited(cp)))
        return NULL;
    /* The whole list would hold this total (cp itself is in it) with this limit: only the limit
     * is needed, so the list is not evaluated. */
    *limit = total_limit(in, (enum total_kind)k, key, a);
    return limit->unlimited ? NULL : key;
}

static int check_total(int k, const char *key, struct opt_money limit, money_t peak, const struct investment *deal,
                       struct lending_check *c)
{
    static const char *const kinds[] = {"group.over_limit", "country.over_limit", "sector.over_limit"};
    static const char *const words[] = {"group", "country", "sector"};
    money_t total;
    if (!money_add(peak, deal->principal, &total))
        return -1;
    if (total <= limit.amount)
        return 0;
    char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ], m3[MONEY_BUFSZ];
    struct lending_reason *r = add_reason(c, kinds[k], key);
    r->exposure = total;
    r->limit = limit;
    setf(r->message, sizeof r->message, "%s %s exposure would be %s, above its limit %s (headroom %s)",
             words[k], key, pounds(total, m1), pounds(limit.amount, m2),
             pounds(limit.amount > peak ? limit.amount - peak : 0, m3));
    return 0;
}

int lending_check_deal(const struct lending_input *in0, date_t a, const struct investment *deal,
                       struct lending_check *c)
{
    memset(c, 0, sizeof *c);
    c->allowed = true;
    struct lending_input copy;
    struct lending_index ix;
    bool built;
    const struct lending_input *in = indexed(in0, &copy, &ix, &built);
    const struct counterparty *cp = cp_by_id(in, deal->counterparty_id);
    if (!cp)
        goto overflow;
    /* Only this counterparty's entry and its totals' limits are needed: the same figures the
     * whole list at A would give, without evaluating every counterparty. */
    entry_at(in, cp, a, &c->entry);
    /* the totals to test, then one walk over the deals for them and cp's exposure at A */
    date_t to = deal->maturity != DATE_NONE ? deal->maturity : FOREVER;
    const char *key[3];
    struct opt_money limit[3];
    for (int k = TOTAL_GROUP; k <= TOTAL_SECTOR; k++)
        key[k] = total_to_check(in, a, k, cp, &limit[k]);
    money_t peaks[PEAKS], total;
    struct exposure_at x = {.at = a};
    if (peaks_of(in, cp, key, deal->start, to, peaks, &x) < 0)
        goto overflow;
    c->entry.exposure = x.sum;
    c->entry.last_start = x.last_start;
    const struct lending_entry *e = &c->entry;
    char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ], m3[MONEY_BUFSZ];
    if (e->status == LEND_SUSPENDED || e->status == LEND_NOT_APPROVED) {
        bool susp = e->status == LEND_SUSPENDED;
        struct lending_reason *r = add_reason(c, susp ? "counterparty.suspended" : "counterparty.not_approved", cp->code);
        r->limit = e->limit;
        setf(r->message, sizeof r->message, "%s is %s: %s", cp->code, susp ? "suspended" : "not approved",
                 e->basis);
    }
    int term = lending_term_days(deal, deal->start);
    if (usable(e->status) && !e->max_days.unbounded && term > e->max_days.days) {
        struct lending_reason *r = add_reason(c, "counterparty.over_duration", cp->code);
        r->days = term;
        r->max_days = e->max_days.days;
        r->limit = e->limit;
        setf(r->message, sizeof r->message, "%d days is beyond the maximum %d days for %s (%s)", term,
                 e->max_days.days, cp->code, e->basis);
    }
    if (!money_add(peaks[PEAK_SELF], deal->principal, &total))
        goto overflow;
    money_t peak = peaks[PEAK_SELF];
    if (usable(e->status) && over(total, e->limit)) {
        struct lending_reason *r = add_reason(c, "counterparty.over_limit", cp->code);
        r->exposure = total;
        r->limit = e->limit;
        setf(r->message, sizeof r->message, "exposure to %s would be %s, above its limit %s (headroom %s)",
                 cp->code, pounds(total, m1), pounds(e->limit.amount, m2),
                 pounds(e->limit.amount > peak ? e->limit.amount - peak : 0, m3));
    }
    for (int k = TOTAL_GROUP; k <= TOTAL_SECTOR; k++)
        if (key[k] && check_total(k, key[k], limit[k], peaks[k], deal, c) < 0)
            goto overflow;
    if (built)
        lending_index_free(&ix);
    return 0;
overflow:
    if (built)
        lending_index_free(&ix);
    return -1;
}

/* ---- changes ------------------------------------------------------------------------------ */

static bool same_entry(const struct lending_entry *a, const struct lending_entry *b)
{
    return a->status == b->status && a->limit.unlimited == b->limit.unlimited &&
           (a->limit.unlimited || a->limit.amount == b->limit.amount) &&
           a->max_days.unbounded == b->max_days.unbounded &&
           (a->max_days.unbounded || a->max_days.days == b->max_days.days);
}

int lending_changes(const struct lending_input *in, date_t from, date_t to, struct lending_change **out)
{
    *out = NULL;
    int n = 0;
    for (int i = 0; i < in->ncps; i++) {
        struct lending_entry b, a;
        /* the verdicts alone first (what same_entry compares; the text never changes them): most
         * counterparties do not change, and only a change needs the sentences that explain it */
        verdict_at(in, &in->cps[i], from, &b);
        verdict_at(in, &in->cps[i], to, &a);
        if (same_entry(&b, &a))
            continue;
        entry_at(in, &in->cps[i], from, &b);
        entry_at(in, &in->cps[i], to, &a);
        *out = realloc(*out, sizeof **out * (size_t)(n + 1));
        if (!*out)
            abort();
        (*out)[n].cp = &in->cps[i];
        (*out)[n].before = b;
        (*out)[n].after = a;
        n++;
    }
    return n;
}

/* ---- what a rating change reaches -------------------------------------------------------- */

/* Whether key is one of keys[0..n). */
static bool key_in(const char *const *keys, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return true;
    return false;
}

int lending_reach(const struct lending_input *in0, const int64_t *changed, int n, unsigned char *reach,
                  const char ***groups)
{
    struct lending_input copy;
    struct lending_index ix;
    bool built;
    const struct lending_input *in = indexed(in0, &copy, &ix, &built);
    unsigned char *rated = calloc((size_t)(in->ncps ? in->ncps : 1), 1);
    if (!rated)
        abort();
    memset(reach, 0, (size_t)in->ncps);
    for (int j = 0; j < n; j++) {
        int k = cp_index_of(in, changed[j]);
        if (k >= 0)
            rated[k] = reach[k] = LENDING_REACHED | LENDING_RATING_READ;
    }
    /* a non-UK bank's verdict reads its sovereign's rating (rule_entry) */
    for (int i = 0; i < in->ncps; i++) {
        const struct counterparty *cp = &in->cps[i];
        if (reach[i] || !country_limited(cp) || strcmp(cp->country, "GB") == 0)
            continue;
        const struct counterparty *sov = sovereign_of(in, cp);
        if (sov && rated[sov - in->cps])
            reach[i] = LENDING_REACHED | LENDING_RATING_READ;
    }
    /* a group's limit may be its best rated member's, its total every member's (total_limit) */
    const char **g = malloc(sizeof *g * (size_t)(in->ncps ? in->ncps : 1));
    if (!g)
        abort();
    int ng = 0;
    for (int i = 0; i < in->ncps; i++) {
        const char *key = (reach[i] & LENDING_REACHED) ? group_of(in, &in->cps[i]) : "";
        if (key[0] && !key_in(g, ng, key))
            g[ng++] = key;
    }
    for (int i = 0; i < in->ncps && ng; i++) {
        const char *key = group_of(in, &in->cps[i]);
        if (!reach[i] && key[0] && key_in(g, ng, key))
            reach[i] = LENDING_REACHED | LENDING_RATING_READ;
    }
    /* the sovereigns whose rating a reached bank's verdict reads */
    for (int i = 0; i < in->ncps; i++) {
        const struct counterparty *sov = reach[i] && country_limited(&in->cps[i]) ? sovereign_of(in, &in->cps[i]) : NULL;
        if (sov)
            reach[sov - in->cps] |= LENDING_RATING_READ;
    }
    free(rated);
    if (built)
        lending_index_free(&ix);
    *groups = g;
    return ng;
}
