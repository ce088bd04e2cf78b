/* lending.c: loading the lending list's input (book, ratings, officer actions, strategies) and
 * reading a strategy document's lending rules (see store/lending.h). Values are read as exact
 * text and parsed with the core parsers: no floating point on the way. */
#include "store/lending.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

static void whyf(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void whyf(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
}

/* ---- the strategy document ------------------------------------------------------------------ */

/* A limit: a string amount ("25000000", "£25,000,000") or a bare JSON number; null or absent is
 * unlimited. */
static int parse_limit(const cJSON *v, const char *name, struct opt_money *out, char *why, size_t n)
{
    out->unlimited = true;
    out->amount = 0;
    if (!v || cJSON_IsNull(v))
        return 0;
    char *text = cJSON_IsString(v) ? NULL : cJSON_PrintUnformatted(v);
    const char *s = cJSON_IsString(v) ? v->valuestring : cJSON_IsNumber(v) ? text : NULL;
    const char *reason = "is not an amount";
    money_t m;
    bool ok = s && money_parse(s, &m, &reason) && m >= 0;
    if (ok) {
        out->unlimited = false;
        out->amount = m;
    } else {
        whyf(why, n, "%s %s", name, reason);
    }
    free(text);
    return ok ? 0 : -1;
}

static int parse_days(const cJSON *v, const char *name, struct opt_days *out, char *why, size_t n)
{
    out->unbounded = true;
    out->days = 0;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v) || v->valueint < 0 || v->valueint > 36500 || (double)v->valueint != v->valuedouble) {
        whyf(why, n, "%s is not a whole number of days", name);
        return -1;
    }
    out->unbounded = false;
    out->days = v->valueint;
    return 0;
}

static int parse_notch(const cJSON *v, const char *name, int *out, char *why, size_t n)
{
    *out = cJSON_IsString(v) ? rating_long_notch_any(v->valuestring) : 0;
    if (!*out) {
        whyf(why, n, "%s \"%s\" is not a long-term rating", name, cJSON_IsString(v) ? v->valuestring : "?");
        return -1;
    }
    return 0;
}

/* {"default": LIMIT, "<list>": {CODE: LIMIT}} (group_limits, country_limits). */
static int parse_named(const cJSON *v, const char *name, const char *list, struct opt_money *def,
                       struct lending_named_limit *out, int *nout, char *why, size_t n)
{
    char path[96];
    *nout = 0;
    def->unlimited = true;
    if (!v || cJSON_IsNull(v))
        return 0;
    snprintf(path, sizeof path, "%s.default", name);
    if (parse_limit(cJSON_GetObjectItemCaseSensitive(v, "default"), path, def, why, n))
        return -1;
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(v, list))
    {
        if (*nout == LENDING_MAX_NAMED) {
            whyf(why, n, "%s.%s: more than %d", name, list, LENDING_MAX_NAMED);
            return -1;
        }
        snprintf(path, sizeof path, "%s.%s.%.32s", name, list, row->string);
        snprintf(out[*nout].code, sizeof out[*nout].code, "%s", row->string);
        if (parse_limit(row, path, &out[*nout].limit, why, n))
            return -1;
        (*nout)++;
    }
    return 0;
}

int lending_strategy_parse(const cJSON *doc, struct lending_strategy *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    struct strategy *s = &out->s;
    struct lending_policy *p = &out->p;
    const char *reason;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "effective_from");
    if (!cJSON_IsString(v) || !date_parse(v->valuestring, &s->effective_from, &reason)) {
        whyf(why, n, "effective_from is missing or not a date");
        return -1;
    }
    v = cJSON_GetObjectItemCaseSensitive(doc, "rating_basis");
    s->rating_basis = BASIS_LOWEST;
    if (cJSON_IsString(v)) {
        if (strcmp(v->valuestring, "highest") == 0)
            s->rating_basis = BASIS_HIGHEST;
        else if (strcmp(v->valuestring, "second_lowest") == 0)
            s->rating_basis = BASIS_SECOND_LOWEST;
        else if (strcmp(v->valuestring, "lowest") != 0) {
            whyf(why, n, "rating_basis \"%s\" is not lowest, second_lowest or highest", v->valuestring);
            return -1;
        }
    }
    const cJSON *row;
    char name[64];
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(doc, "criteria"))
    {
        if (s->ncriteria == STRATEGY_MAX_CRITERIA) {
            whyf(why, n, "more than %d criteria", STRATEGY_MAX_CRITERIA);
            return -1;
        }
        struct strategy_criterion *c = &s->criteria[s->ncriteria];
        snprintf(name, sizeof name, "criteria[%d]", s->ncriteria);
        if (parse_notch(cJSON_GetObjectItemCaseSensitive(row, "min_long"), name, &c->min_long_notch, why, n) ||
            parse_limit(cJSON_GetObjectItemCaseSensitive(row, "limit"), name, &c->limit, why, n) ||
            parse_days(cJSON_GetObjectItemCaseSensitive(row, "max_days"), name, &c->max_days, why, n))
            return -1;
        s->ncriteria++;
    }
    /* best rating first, as the lending list takes the first row met */
    for (int i = 1; i < s->ncriteria; i++)
        for (int j = i; j > 0 && s->criteria[j].min_long_notch < s->criteria[j - 1].min_long_notch; j--) {
            struct strategy_criterion t = s->criteria[j];
            s->criteria[j] = s->criteria[j - 1];
            s->criteria[j - 1] = t;
        }
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(doc, "sectors"))
    {
        enum sector sec;
        if (!sector_parse(row->string, &sec)) {
            whyf(why, n, "sectors: \"%s\" is not a sector", row->string);
            return -1;
        }
        struct strategy_sector *ss = &s->sectors[sec];
        snprintf(name, sizeof name, "sectors.%s", row->string);
        if (parse_limit(cJSON_GetObjectItemCaseSensitive(row, "limit"), name, &ss->limit, why, n) ||
            parse_days(cJSON_GetObjectItemCaseSensitive(row, "max_days"), name, &ss->max_days, why, n))
            return -1;
        ss->present = true;
        ss->needs_rating = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row, "needs_rating"));
    }
    v = cJSON_GetObjectItemCaseSensitive(doc, "non_uk_min_sovereign");
    if (v && !cJSON_IsNull(v) && parse_notch(v, "non_uk_min_sovereign", &s->non_uk_min_sovereign_notch, why, n))
        return -1;
    v = cJSON_GetObjectItemCaseSensitive(doc, "watch_negative");
    s->watch_negative = WATCH_IGNORE;
    if (cJSON_IsString(v)) {
        if (strcmp(v->valuestring, "overnight_only") == 0)
            s->watch_negative = WATCH_OVERNIGHT_ONLY;
        else if (strcmp(v->valuestring, "suspend") == 0 || strcmp(v->valuestring, "not_approved") == 0)
            s->watch_negative = WATCH_SUSPEND;
        else if (strcmp(v->valuestring, "ignore") != 0 && strcmp(v->valuestring, "none") != 0) {
            whyf(why, n, "watch_negative \"%s\" is not overnight_only, suspend or ignore", v->valuestring);
            return -1;
        }
    }
    s->warning_ratio_bp = 9000;
    if (parse_named(cJSON_GetObjectItemCaseSensitive(doc, "group_limits"), "group_limits", "groups",
                    &p->group_default, p->groups, &p->ngroups, why, n) ||
        parse_named(cJSON_GetObjectItemCaseSensitive(doc, "country_limits"), "country_limits", "countries",
                    &p->country_default, p->countries, &p->ncountries, why, n))
        return -1;
    for (int i = 0; i < SECTOR_COUNT; i++)
        p->sector_limit[i].unlimited = true;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(doc, "sector_limits"))
    {
        enum sector sec;
        if (!sector_parse(row->string, &sec)) {
            whyf(why, n, "sector_limits: \"%s\" is not a sector", row->string);
            return -1;
        }
        snprintf(name, sizeof name, "sector_limits.%s", row->string);
        if (parse_limit(row, name, &p->sector_limit[sec], why, n))
            return -1;
    }
    return 0;
}

/* ---- loading -------------------------------------------------------------------------------- */

static int load_ratings(PGconn *c, struct lending_book *b)
{
    PGresult *r = db_query(c, "load ratings",
                           "SELECT counterparty_id, agency, term, rating, coalesce(outlook, '') AS outlook,"
                           " coalesce(watch, '') AS watch, effective_date::text AS effective_date"
                           " FROM ratings ORDER BY counterparty_id, agency, term, effective_date, id",
                           0, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    b->ratings = xcalloc(n ? (unsigned long)n : 1, sizeof *b->ratings);
    for (int i = 0; i < n; i++) {
        struct rating_action *a = &b->ratings[b->nratings];
        a->counterparty_id = db_get_int(r, i, "counterparty_id");
        if (!agency_parse(db_get(r, i, "agency"), &a->agency) || !term_parse(db_get(r, i, "term"), &a->term) ||
            !date_parse(db_get(r, i, "effective_date"), &a->effective, NULL))
            continue;
        snprintf(a->text, sizeof a->text, "%s", db_get(r, i, "rating"));
        a->notch = rating_notch(a->agency, a->term, a->text);
        a->watch_negative = strcmp(db_get(r, i, "watch"), "negative") == 0;
        a->outlook_negative = strcmp(db_get(r, i, "outlook"), "negative") == 0;
        b->nratings++;
    }
    PQclear(r);
    return 0;
}

static int load_actions(PGconn *c, const char *auth, struct lending_book *b)
{
    const char *p[] = {auth};
    PGresult *r = db_query(c, "load officer actions",
                           "SELECT counterparty_id, action, limit_amount::text AS limit_amount, max_days,"
                           " from_date::text AS from_date, coalesce(reason, '') AS reason"
                           " FROM counterparty_actions WHERE authority_id = $1 ORDER BY from_date, id",
                           1, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    b->actions = xcalloc(n ? (unsigned long)n : 1, sizeof *b->actions);
    for (int i = 0; i < n; i++) {
        struct officer_action *a = &b->actions[b->nactions];
        const char *kind = db_get(r, i, "action");
        a->counterparty_id = db_get_int(r, i, "counterparty_id");
        a->kind = strcmp(kind, "suspend") == 0 ? OFFICER_SUSPEND
                  : strcmp(kind, "restrict") == 0 ? OFFICER_RESTRICT : OFFICER_REINSTATE;
        a->limit.unlimited = db_isnull(r, i, "limit_amount") ||
                             !money_parse(db_get(r, i, "limit_amount"), &a->limit.amount, NULL);
        a->max_days.unbounded = db_isnull(r, i, "max_days");
        a->max_days.days = a->max_days.unbounded ? 0 : (int)db_get_int(r, i, "max_days");
        if (!date_parse(db_get(r, i, "from_date"), &a->from, NULL))
            continue;
        snprintf(a->reason, sizeof a->reason, "%s", db_get(r, i, "reason"));
        b->nactions++;
    }
    PQclear(r);
    return 0;
}

static int load_strategies(PGconn *c, const char *auth, struct lending_book *b)
{
    const char *p[] = {auth};
    PGresult *r = db_query(c, "load strategies",
                           "SELECT effective_from::text AS effective_from, document::text AS document"
                           " FROM strategies WHERE authority_id = $1 ORDER BY effective_from",
                           1, p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = 0;
    b->strategies = xcalloc(n ? (unsigned long)n : 1, sizeof *b->strategies);
    for (int i = 0; i < n && rc == 0; i++) {
        char why[200];
        cJSON *doc = cJSON_Parse(db_get(r, i, "document"));
        if (!doc || lending_strategy_parse(doc, &b->strategies[b->nstrategies], why, sizeof why) < 0)
            rc = error("the strategy in force from %s cannot be read: %s", db_get(r, i, "effective_from"),
                       doc ? why : "not JSON");
        else
            b->nstrategies++;
        cJSON_Delete(doc);
    }
    PQclear(r);
    return rc;
}

int lending_load(PGconn *c, int64_t authority_id, struct lending_book *out)
{
    memset(out, 0, sizeof *out);
    char auth[24];
    snprintf(auth, sizeof auth, "%lld", (long long)authority_id);
    if (book_load(c, authority_id, &out->book) < 0 || load_ratings(c, out) < 0 ||
        load_actions(c, auth, out) < 0 || load_strategies(c, auth, out) < 0) {
        lending_book_free(out);
        return -1;
    }
    out->in = (struct lending_input){
        .cps = out->book.cps, .ncps = out->book.ncps, .inv = out->book.inv, .ninv = out->book.ninv,
        .ratings = out->ratings, .nratings = out->nratings, .ratings_by_counterparty = true, /* ORDER BY */
        .actions = out->actions,
        .nactions = out->nactions, .strategies = out->strategies, .nstrategies = out->nstrategies};
    return 0;
}

void lending_book_free(struct lending_book *b)
{
    book_free(&b->book);
    free(b->ratings);
    free(b->actions);
    free(b->strategies);
    memset(b, 0, sizeof *b);
}


const struct counterparty *lending_find_counterparty(const struct lending_book *b, const char *code)
{
    for (int i = 0; i < b->book.ncps; i++)
        if (strcmp(b->book.cps[i].code, code) == 0)
            return &b->book.cps[i];
    for (int i = 0; i < b->book.ncps; i++)
        if (strcmp(b->book.cps[i].name, code) == 0)
            return &b->book.cps[i];
    return NULL;
}
