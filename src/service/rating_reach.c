/* rating_reach.c (service): the alerts a ratings import causes, on an O(affected deals) path
 * (see service/rating_reach.h and docs/performance.md, "Downgrade to alert"). */
#include "service/rating_reach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lending.h"
#include "service/recompute.h"
#include "store/alert.h"
#include "store/lending.h"
#include "store/rating_reach.h"
#include "store/recompute.h"
#include "util/err.h"
#include "util/json.h"
#include "views/lending_json.h"

/* The alert kinds a rating can move: a counterparty's own (its verdict) and its group's (the
 * group's limit may be its best rated member's). Country and sector totals read no rating. */
static const char *const cp_kinds[] = {"counterparty.over_limit", "counterparty.over_duration",
                                       "counterparty.suspended_exposure", "counterparty.not_approved_exposure", NULL};
static const char *const group_kind = "group.over_limit";

/* What the change reaches: the counterparties (reach[] over u's), their codes, the groups. */
struct scope {
    unsigned char *reach;
    const char **groups;
    int ngroups;
    int64_t *ids; /* the reached counterparties' ids */
    int nids;
    const struct universe *u;
};

static bool is_cp_kind(const char *kind)
{
    for (int i = 0; cp_kinds[i]; i++)
        if (strcmp(cp_kinds[i], kind) == 0)
            return true;
    return false;
}

/* Whether the alert (kind, subject) is one this path judges: the full recompute would decide it
 * from exactly what was loaded. */
static bool in_scope(const struct scope *s, const char *kind, const char *subject)
{
    if (strcmp(kind, group_kind) == 0) {
        for (int g = 0; g < s->ngroups; g++)
            if (strcmp(s->groups[g], subject) == 0)
                return true;
        return false;
    }
    if (!is_cp_kind(kind))
        return false;
    for (int k = 0; k < s->u->ncps; k++)
        if ((s->reach[k] & LENDING_REACHED) && strcmp(s->u->cps[k].code, subject) == 0)
            return true;
    return false;
}

static void scope_build(const struct universe *u, const int64_t *changed, int n, struct scope *s)
{
    memset(s, 0, sizeof *s);
    s->u = u;
    s->reach = xcalloc((size_t)u->ncps + 1, 1);
    struct lending_input in = {.cps = u->cps, .ncps = u->ncps, .index = &u->index};
    s->ngroups = lending_reach(&in, changed, n, s->reach, &s->groups);
    s->ids = xcalloc((size_t)u->ncps + 1, sizeof *s->ids);
    for (int k = 0; k < u->ncps; k++)
        if (s->reach[k] & LENDING_REACHED)
            s->ids[s->nids++] = u->cps[k].id;
}

static void scope_free(struct scope *s)
{
    free(s->reach);
    free(s->groups);
    free(s->ids);
}

/* JSON arrays (new strings, free()) of the kinds and of the subjects in scope. */
static void scope_json(const struct scope *s, char **kinds, char **subjects)
{
    cJSON *k = cJSON_CreateArray(), *j = cJSON_CreateArray();
    for (int i = 0; cp_kinds[i]; i++)
        cJSON_AddItemToArray(k, cJSON_CreateString(cp_kinds[i]));
    cJSON_AddItemToArray(k, cJSON_CreateString(group_kind));
    for (int i = 0; i < s->u->ncps; i++)
        if (s->reach[i] & LENDING_REACHED)
            cJSON_AddItemToArray(j, cJSON_CreateString(s->u->cps[i].code));
    for (int g = 0; g < s->ngroups; g++)
        cJSON_AddItemToArray(j, cJSON_CreateString(s->groups[g]));
    *kinds = cJSON_PrintUnformatted(k);
    *subjects = cJSON_PrintUnformatted(j);
    cJSON_Delete(k);
    cJSON_Delete(j);
}

/* The strategy in force at a (lending.c's strategy_at), or NULL. */
static const struct strategy *strategy_in_force(const struct lending_book *b, date_t a)
{
    const struct strategy *best = NULL;
    for (int i = 0; i < b->nstrategies; i++)
        if (b->strategies[i].effective_from <= a && (!best || b->strategies[i].effective_from >= best->effective_from))
            best = &b->strategies[i];
    return best;
}

/* Raise the breaches in scope of one authority's reached deals and resolve its live alerts in
 * scope (live[0..nlive)) that they no longer say: what lending_rules (service/recompute.c) does
 * with the same breaches, which the reached deals alone decide. */
static int judge_one(PGconn *c, int64_t authority_id, date_t as_of, const struct lending_book *lb,
                     const struct scope *s, const struct alert_key *live, int nlive)
{
    struct lending_list l;
    if (lending_evaluate_held(&lb->in, as_of, &l) < 0)
        return error("authority %lld: an amount overflows judging the rating change", (long long)authority_id);
    int rc = 0;
    for (int i = 0; i < l.nb && rc == 0; i++) {
        if (!in_scope(s, l.b[i].kind, l.b[i].subject))
            continue; /* a partial total (country, sector): not this path's to judge */
        cJSON *details = lending_breach_json(&l.b[i]);
        json_add_date(details, "as_of", as_of);
        rc = alert_raise(c, authority_id, l.b[i].kind, l.b[i].subject, details, l.b[i].passive, NULL, NULL);
        cJSON_Delete(details);
    }
    for (int i = 0; i < nlive && rc == 0; i++) {
        if (!in_scope(s, live[i].kind, live[i].subject))
            continue;
        bool current = false;
        for (int b = 0; b < l.nb && !current; b++)
            current = strcmp(l.b[b].kind, live[i].kind) == 0 && strcmp(l.b[b].subject, live[i].subject) == 0;
        if (!current && alert_resolve(c, authority_id, live[i].kind, live[i].subject) < 0)
            rc = -1;
    }
    lending_list_free(&l);
    return rc;
}

/* The affected authorities: the holders and those with a live alert in scope, ascending. */
static int affected(const int64_t *holders, int nh, const int64_t *alerted, int na, int64_t **ids)
{
    *ids = xcalloc((size_t)(nh + na) + 1, sizeof **ids);
    int n = 0, i = 0, j = 0;
    while (i < nh || j < na) { /* both ascending: merge */
        int64_t v = j >= na || (i < nh && holders[i] <= alerted[j]) ? holders[i] : alerted[j];
        while (i < nh && holders[i] == v)
            i++;
        while (j < na && alerted[j] == v)
            j++;
        (*ids)[n++] = v;
    }
    return n;
}

/* The loaded inputs of one run. */
struct run {
    struct scope s;
    int64_t *holders;
    struct book *books;
    int nh;
    int64_t *alerted;
    struct alert_key *live;
    int na;
};

static void run_free(struct run *r)
{
    for (int k = 0; k < r->nh; k++)
        book_free(&r->books[k]);
    free(r->books);
    free(r->holders);
    alert_keys_free(r->live, r->na);
    free(r->alerted);
    scope_free(&r->s);
}

static int run_load(PGconn *c, struct universe *u, const int64_t *changed, int n, date_t as_of, struct run *r)
{
    memset(r, 0, sizeof *r);
    scope_build(u, changed, n, &r->s);
    int64_t *read = xcalloc((size_t)u->ncps + 1, sizeof *read);
    int nread = 0;
    for (int k = 0; k < u->ncps; k++)
        if (r->s.reach[k] & LENDING_RATING_READ)
            read[nread++] = u->cps[k].id;
    int rc = universe_load_part(c, read, nread, u);
    free(read);
    if (rc < 0)
        return -1;
    char *kinds, *subjects;
    scope_json(&r->s, &kinds, &subjects);
    r->nh = r->s.nids ? reach_load_books(c, r->s.ids, r->s.nids, as_of, u->cps, u->ncps, &r->holders, &r->books) : 0;
    r->na = r->nh >= 0 ? reach_live_alerts(c, kinds, subjects, &r->alerted, &r->live) : -1;
    free(kinds);
    free(subjects);
    if (r->nh < 0 || r->na < 0) {
        r->nh = r->nh < 0 ? 0 : r->nh;
        r->na = r->na < 0 ? 0 : r->na;
        return -1;
    }
    return 0;
}

/* Judge the authorities ids[0..n) whose alerts were in line before the change (their books moved
 * into lending books); those whose strategy has a credit score limit (the indicator reads every
 * deal's rating) are put in full[] instead. Returns 0 or -1. */
static int judge_in_line(PGconn *c, struct run *r, const int64_t *ids, int n, date_t as_of, int64_t *full,
                         int *nfull, bool *judged)
{
    struct book *books = xcalloc((size_t)n + 1, sizeof *books);
    for (int k = 0; k < n; k++) { /* the holder's reached deals, or none */
        books[k] = (struct book){.cps = r->s.u->cps, .ncps = r->s.u->ncps, .cps_borrowed = true};
        for (int h = 0; h < r->nh; h++)
            if (r->holders[h] == ids[k]) {
                books[k] = r->books[h];
                memset(&r->books[h], 0, sizeof r->books[h]);
            }
    }
    struct lending_book *lb = xcalloc((size_t)n + 1, sizeof *lb);
    int rc = lending_load_rules(c, ids, n, r->s.u, books, lb);
    free(books);
    for (int k = 0; k < n && rc == 0; k++) {
        const struct strategy *st = strategy_in_force(&lb[k], as_of);
        judged[k] = !st || st->credit_score_max_notch <= 0;
        if (!judged[k]) {
            full[(*nfull)++] = ids[k];
            continue;
        }
        int from = 0;
        while (from < r->na && r->alerted[from] != ids[k])
            from++;
        int to = from;
        while (to < r->na && r->alerted[to] == ids[k])
            to++;
        rc = judge_one(c, ids[k], as_of, &lb[k], &r->s, r->live + from, to - from);
    }
    for (int k = 0; k < n && lb[k].in.cps; k++) /* lending_load_rules freed them on failure */
        lending_book_free(&lb[k]);
    free(lb);
    return rc;
}

/* The ids (in u) of the counterparties codes[0..n), into changed (n entries); returns how many. */
static int ids_of(const struct universe *u, const char *const *codes, int n, int64_t *changed)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < u->ncps; k++)
            if (strcmp(u->cps[k].code, codes[i]) == 0) {
                changed[m++] = u->cps[k].id;
                break;
            }
    return m;
}

int rating_reach_recompute(PGconn *c, const char *const *codes, int ncodes, date_t as_of, int64_t universe_before,
                           struct rating_reach_stats *stats)
{
    struct rating_reach_stats dummy;
    struct rating_reach_stats *st = stats ? stats : &dummy;
    memset(st, 0, sizeof *st);
    struct universe u; /* the counterparties, and the ratings of those the change reaches */
    if (universe_load_counterparties(c, &u) < 0)
        return -1;
    struct run r;
    int64_t *ids = NULL, *changed = xcalloc((size_t)ncodes + 1, sizeof *changed);
    int rc = run_load(c, &u, changed, ids_of(&u, codes, ncodes, changed), as_of, &r);
    free(changed);
    int m = rc == 0 ? affected(r.holders, r.nh, r.alerted, r.na, &ids) : 0;
    int64_t uv = 0, *av = xcalloc((size_t)m + 1, sizeof *av), *in_line = xcalloc((size_t)m + 1, sizeof *in_line),
            *full = xcalloc((size_t)m + 1, sizeof *full), *marks = xcalloc((size_t)m + 1, sizeof *marks);
    bool *was = xcalloc((size_t)m + 1, sizeof *was), *judged = xcalloc((size_t)m + 1, sizeof *judged);
    int nin = 0, nfull = 0;
    if (rc == 0 && m > 0)
        rc = recompute_lock(c, ids, m, as_of, &uv, av, NULL) < 0 || reach_marks_were(c, ids, av, m, as_of, universe_before, was) < 0 ? -1 : 0;
    for (int k = 0; rc == 0 && k < m; k++) {
        if (was[k])
            in_line[nin++] = ids[k];
        else /* out of line before: other rules may be due too; the whole book is judged */
            full[nfull++] = ids[k];
    }
    if (rc == 0 && nin > 0)
        rc = judge_in_line(c, &r, in_line, nin, as_of, full, &nfull, judged);
    int nmarks = 0;
    for (int k = 0, j = 0; rc == 0 && k < m; k++)
        if (was[k]) {
            if (judged[j]) {
                marks[nmarks] = av[k];
                in_line[nmarks++] = ids[k];
            }
            j++;
        }
    st->reached_counterparties = r.s.nids;
    st->authorities = m;
    st->judged = nmarks;
    st->full = nfull;
    if (rc == 0 && nfull > 0)
        rc = recompute_many_in_tx(c, full, nfull, as_of);
    if (rc == 0 && nmarks > 0) /* the reached rules judged, the others as in line as they were */
        rc = recompute_write_marks(c, in_line, marks, nmarks, uv, as_of);
    if (rc == 0) /* the authorities not reached: as in line as they were */
        rc = recompute_carry_marks(c, universe_before, ids, m);
    free(was);
    free(judged);
    free(marks);
    free(full);
    free(in_line);
    free(av);
    free(ids);
    run_free(&r);
    universe_free(&u);
    return rc;
}
