/* strategy_json.c: reading and validating the strategy JSON into struct strategy, and writing
 * its canonical form (see core/strategy_json.h and docs/strategy.md for every field). Each check
 * reports the dotted path of the bad field. Pure: no I/O. */
#include "core/strategy_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rating.h"

#define PATH_MAX_ 160

/* ---- error collection and paths ---- */

static void err(struct strategy_errors *e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void err(struct strategy_errors *e, const char *path, const char *fmt, ...)
{
    if (e->n >= STRATEGY_MAX_ERRORS) {
        e->dropped++;
        return;
    }
    char msg[STRATEGY_ERROR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int n = snprintf(e->text[e->n], STRATEGY_ERROR_LEN, "%s: %s", path[0] ? path : "(document)", msg);
    if (n >= STRATEGY_ERROR_LEN)
        memcpy(e->text[e->n] + STRATEGY_ERROR_LEN - 4, "...", 4); /* cut short, visibly */
    e->n++;
}

static const char *key_path(char *buf, const char *parent, const char *key)
{
    int n = snprintf(buf, PATH_MAX_, "%s%s%s", parent, parent[0] ? "." : "", key);
    if (n >= PATH_MAX_)
        memcpy(buf + PATH_MAX_ - 4, "...", 4);
    return buf;
}

static const char *index_path(char *buf, const char *parent, int i)
{
    int n = snprintf(buf, PATH_MAX_, "%s[%d]", parent, i);
    if (n >= PATH_MAX_)
        memcpy(buf + PATH_MAX_ - 4, "...", 4);
    return buf;
}

/* Refuse keys that are not in allowed (NULL-terminated) and keys given twice. */
static void check_keys(struct strategy_errors *e, const cJSON *obj, const char *path,
                       const char *const *allowed)
{
    char p[PATH_MAX_];
    for (const cJSON *it = obj->child; it; it = it->next) {
        key_path(p, path, it->string);
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, it->string) == 0;
        if (!known) {
            char list[200] = "";
            for (const char *const *a = allowed; *a; a++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", *a);
            err(e, p, "unknown field (known here: %s)", list);
            continue;
        }
        for (const cJSON *prev = obj->child; prev != it; prev = prev->next)
            if (strcmp(prev->string, it->string) == 0) {
                err(e, p, "given twice");
                break;
            }
    }
}

/* ---- typed fields ---- */

/* An amount: a string money_parse accepts, or a whole number. */
static bool amount_of(struct strategy_errors *e, const cJSON *v, const char *path, money_t *out)
{
    const char *why = NULL;
    if (cJSON_IsString(v)) {
        if (money_parse(v->valuestring, out, &why))
            return true;
        err(e, path, "\"%s\" is not an amount: %s", v->valuestring, why ? why : "bad format");
        return false;
    }
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 1e15) {
            *out = (money_t)d * 100;
            return true;
        }
        err(e, path, "write amounts with pence as strings, e.g. \"2500000.50\"");
        return false;
    }
    err(e, path, "must be an amount such as \"25000000\"");
    return false;
}

/* A limit: an amount, or null for no limit (when allow_null). Missing is an error when
 * required, else unlimited. */
static void limit_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                        const char *key, bool required, bool allow_null, bool allow_negative,
                        struct opt_money *out)
{
    char p[PATH_MAX_];
    key_path(p, parent, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    out->unlimited = true;
    out->amount = 0;
    if (!v) {
        if (required)
            err(e, p, "required: an amount%s", allow_null ? ", or null for no limit" : "");
        return;
    }
    if (cJSON_IsNull(v)) {
        if (!allow_null)
            err(e, p, "must be an amount, not null");
        return;
    }
    money_t m;
    if (!amount_of(e, v, p, &m))
        return;
    if (m < 0 && !allow_negative) {
        err(e, p, "must not be negative");
        return;
    }
    out->unlimited = false;
    out->amount = m;
}

static void days_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                       const char *key, struct opt_days *out)
{
    char p[PATH_MAX_];
    key_path(p, parent, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    out->unbounded = true;
    out->days = 0;
    if (!v) {
        err(e, p, "required: a number of days, or null for no time limit");
        return;
    }
    if (cJSON_IsNull(v))
        return;
    double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
    if (!cJSON_IsNumber(v) || d != floor(d) || d < 0 || d > 36500) {
        err(e, p, "must be a whole number of days between 0 and 36500, or null");
        return;
    }
    out->unbounded = false;
    out->days = (int)d;
}

/* A string field; returns NULL (after an error when required) if absent or not a string. */
static const char *string_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                                const char *key, bool required)
{
    char p[PATH_MAX_];
    key_path(p, parent, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            err(e, p, "required");
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        err(e, p, "must be a string");
        return NULL;
    }
    return v->valuestring;
}

static void date_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                       const char *key, bool required, date_t *out)
{
    char p[PATH_MAX_];
    *out = DATE_NONE;
    const char *s = string_field(e, obj, parent, key, required);
    if (!s)
        return;
    const char *why = NULL;
    if (!date_parse(s, out, &why)) {
        *out = DATE_NONE;
        err(e, key_path(p, parent, key), "\"%s\" is not a date: %s", s, why ? why : "bad format");
    }
}

/* A long-term rating threshold ("AA-" or "Aa3"); 0 when absent or bad. */
static int rating_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                        const char *key, bool required)
{
    char p[PATH_MAX_];
    const char *s = string_field(e, obj, parent, key, required);
    if (!s)
        return 0;
    int n = rating_long_notch_any(s);
    if (!n)
        err(e, key_path(p, parent, key), "\"%s\" is not a long-term rating (e.g. AA-, Aa3)", s);
    return n;
}

/* A percentage 0..100 with at most 2 decimals, in hundredths; -1 when absent or bad. */
static int percent_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                         const char *key)
{
    char p[PATH_MAX_];
    key_path(p, parent, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        err(e, p, "required: a percentage between 0 and 100");
        return -1;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 100) {
        err(e, p, "must be between 0 and 100");
        return -1;
    }
    double h = v->valuedouble * 100.0;
    if (fabs(h - round(h)) > 1e-6) {
        err(e, p, "at most 2 decimals");
        return -1;
    }
    return (int)round(h);
}

/* Whole months >= 0; -2 when absent, -3 when bad, -1 for null (open-ended). */
static int months_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                        const char *key)
{
    char p[PATH_MAX_];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return -2;
    if (cJSON_IsNull(v))
        return -1;
    double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
    if (!cJSON_IsNumber(v) || d != floor(d) || d < 0 || d > 1200) {
        err(e, key_path(p, parent, key), "must be a whole number of months between 0 and 1200");
        return -3;
    }
    return (int)d;
}

static const cJSON *object_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                                 const char *key)
{
    char p[PATH_MAX_];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsObject(v)) {
        err(e, key_path(p, parent, key), "must be an object");
        return NULL;
    }
    return v;
}

static const cJSON *array_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                                const char *key)
{
    char p[PATH_MAX_];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsArray(v)) {
        err(e, key_path(p, parent, key), "must be an array");
        return NULL;
    }
    return v;
}

/* ---- sections ---- */

static void parse_approved(struct strategy_errors *e, const cJSON *doc, struct strategy *s)
{
    static const char *const keys[] = {"by", "on", "reference", NULL};
    const cJSON *a = object_field(e, doc, "", "approved");
    if (!a)
        return;
    check_keys(e, a, "approved", keys);
    const char *by = string_field(e, a, "approved", "by", false);
    const char *ref = string_field(e, a, "approved", "reference", false);
    char p[PATH_MAX_];
    if (by && strlen(by) >= STRATEGY_TEXT_MAX)
        err(e, key_path(p, "approved", "by"), "longer than %d characters", STRATEGY_TEXT_MAX - 1);
    else if (by)
        snprintf(s->approved_by, sizeof s->approved_by, "%s", by);
    if (ref && strlen(ref) >= STRATEGY_TEXT_MAX)
        err(e, key_path(p, "approved", "reference"), "longer than %d characters",
            STRATEGY_TEXT_MAX - 1);
    else if (ref)
        snprintf(s->approved_reference, sizeof s->approved_reference, "%s", ref);
    date_field(e, a, "approved", "on", false, &s->approved_on);
}

static void parse_criteria(struct strategy_errors *e, const cJSON *doc, struct strategy *s)
{
    static const char *const keys[] = {"min_long", "limit", "max_days", NULL};
    const cJSON *arr = array_field(e, doc, "", "criteria");
    if (!arr)
        return;
    int i = 0;
    char p[PATH_MAX_];
    for (const cJSON *row = arr->child; row; row = row->next, i++) {
        index_path(p, "criteria", i);
        if (i >= STRATEGY_MAX_CRITERIA) {
            err(e, p, "at most %d rows of criteria", STRATEGY_MAX_CRITERIA);
            break;
        }
        if (!cJSON_IsObject(row)) {
            err(e, p, "must be an object");
            continue;
        }
        check_keys(e, row, p, keys);
        struct strategy_criterion *c = &s->criteria[s->ncriteria++];
        c->min_long_notch = rating_field(e, row, p, "min_long", true);
        limit_field(e, row, p, "limit", true, true, false, &c->limit);
        days_field(e, row, p, "max_days", &c->max_days);
        if (s->ncriteria > 1 && c->min_long_notch) {
            const struct strategy_criterion *prev = &s->criteria[s->ncriteria - 2];
            if (prev->min_long_notch && c->min_long_notch <= prev->min_long_notch) {
                char q[PATH_MAX_];
                err(e, key_path(q, p, "min_long"),
                    "must be a lower rating than the row before (%s): rows go best rating first",
                    rating_long_symbol(prev->min_long_notch));
            }
        }
    }
}

static void parse_sectors(struct strategy_errors *e, const cJSON *doc, struct strategy *s)
{
    static const char *const keys[] = {"limit", "max_days", "needs_rating", NULL};
    const cJSON *obj = object_field(e, doc, "", "sectors");
    if (!obj)
        return;
    char p[PATH_MAX_];
    for (const cJSON *it = obj->child; it; it = it->next) {
        key_path(p, "sectors", it->string);
        enum sector sec;
        if (!sector_parse(it->string, &sec)) {
            err(e, p, "unknown sector (sectors: bank, building_society, local_authority, "
                      "central_government, mmf, pooled_fund, housing_association, corporate, other)");
            continue;
        }
        if (s->sectors[sec].present) {
            err(e, p, "given twice");
            continue;
        }
        if (!cJSON_IsObject(it)) {
            err(e, p, "must be an object");
            continue;
        }
        check_keys(e, it, p, keys);
        struct strategy_sector *r = &s->sectors[sec];
        r->present = true;
        limit_field(e, it, p, "limit", true, true, false, &r->limit);
        days_field(e, it, p, "max_days", &r->max_days);
        const cJSON *nr = cJSON_GetObjectItemCaseSensitive(it, "needs_rating");
        char q[PATH_MAX_];
        if (nr && !cJSON_IsBool(nr))
            err(e, key_path(q, p, "needs_rating"), "must be true or false");
        r->needs_rating = nr && cJSON_IsTrue(nr);
    }
}

static void parse_sector_limits(struct strategy_errors *e, const cJSON *doc, struct strategy *s)
{
    const cJSON *obj = object_field(e, doc, "", "sector_limits");
    if (!obj)
        return;
    char p[PATH_MAX_];
    bool seen[SECTOR_COUNT] = {false};
    for (const cJSON *it = obj->child; it; it = it->next) {
        key_path(p, "sector_limits", it->string);
        enum sector sec;
        if (!sector_parse(it->string, &sec)) {
            err(e, p, "unknown sector");
            continue;
        }
        if (seen[sec]) {
            err(e, p, "given twice");
            continue;
        }
        seen[sec] = true;
        limit_field(e, obj, "sector_limits", it->string, true, true, false, &s->sector_totals[sec]);
    }
}

static bool group_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= CODE_MAX)
        return false;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              (c != s && strchr("_.&-", *c))))
            return false;
    return true;
}

static bool country_code_ok(const char *s)
{
    return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* {"default": LIMIT, LISTKEY: {CODE: LIMIT}} for group_limits and country_limits. */
static void parse_named_limits(struct strategy_errors *e, const cJSON *doc, const char *key,
                               const char *listkey, bool (*code_ok)(const char *),
                               const char *what, struct opt_money *def,
                               struct strategy_named_limit *v, int *n, int cap)
{
    const cJSON *obj = object_field(e, doc, "", key);
    if (!obj)
        return;
    const char *const keys[] = {"default", listkey, NULL};
    check_keys(e, obj, key, keys);
    limit_field(e, obj, key, "default", false, true, false, def);
    char lp[PATH_MAX_], p[PATH_MAX_];
    const cJSON *list = object_field(e, obj, key, listkey);
    if (!list)
        return;
    key_path(lp, key, listkey);
    for (const cJSON *it = list->child; it; it = it->next) {
        key_path(p, lp, it->string);
        if (!code_ok(it->string)) {
            err(e, p, "\"%s\" is not a %s", it->string, what);
            continue;
        }
        bool dup = false;
        for (int i = 0; i < *n && !dup; i++)
            dup = strcmp(v[i].code, it->string) == 0;
        if (dup) {
            err(e, p, "given twice");
            continue;
        }
        if (*n >= cap) {
            err(e, p, "at most %d entries", cap);
            return;
        }
        struct strategy_named_limit *l = &v[(*n)++];
        snprintf(l->code, sizeof l->code, "%s", it->string);
        limit_field(e, list, lp, it->string, true, true, false, &l->limit);
    }
}

static void parse_band(struct strategy_errors *e, const cJSON *row, const char *p,
                       struct maturity_band *b)
{
    static const char *const keys[] = {"band", "lower", "upper", "from_months", "to_months", NULL};
    check_keys(e, row, p, keys);
    char q[PATH_MAX_];
    const char *code = string_field(e, row, p, "band", true);
    bool code_ok = code && strlen(code) > 0 && strlen(code) < sizeof b->code;
    for (const char *c = code; code_ok && *c; c++)
        code_ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (code && !code_ok)
        err(e, key_path(q, p, "band"), "\"%s\" is not a band code: use 1-31 of a-z, 0-9 and _",
            code);
    if (code_ok)
        snprintf(b->code, sizeof b->code, "%s", code);
    b->lower_bp = percent_field(e, row, p, "lower");
    b->upper_bp = percent_field(e, row, p, "upper");
    if (b->lower_bp >= 0 && b->upper_bp >= 0 && b->lower_bp > b->upper_bp)
        err(e, key_path(q, p, "lower"), "must not be above upper");
    int from = months_field(e, row, p, "from_months");
    int to = months_field(e, row, p, "to_months");
    int sfrom, sto;
    bool standard = code_ok && strategy_standard_band(code, &sfrom, &sto);
    if (from == -2 && to == -2 && standard) {
        from = sfrom;
        to = sto;
    } else if (from == -2 && to == -2) {
        if (code_ok)
            err(e, key_path(q, p, "from_months"),
                "required for a band other than under_12m, 12m_24m, 24m_5y, 5y_10y, 10y_plus");
        from = -3;
    } else if (from == -2) {
        err(e, key_path(q, p, "from_months"), "required with to_months");
        from = -3;
    } else if (from == -1) {
        err(e, key_path(q, p, "from_months"), "must be a whole number of months");
        from = -3;
    } else if (to == -2) {
        to = -1; /* open-ended */
    }
    b->from_months = from;
    b->to_months = to;
    if (from >= 0 && to >= 0 && to <= from)
        err(e, key_path(q, p, "to_months"), "must be after from_months (%d)", from);
}

static void parse_bands(struct strategy_errors *e, const cJSON *ind, struct strategy *s)
{
    const char *path = "indicators.maturity_bands";
    const cJSON *arr = array_field(e, ind, "indicators", "maturity_bands");
    if (!arr)
        return; /* the defaults stay */
    if (!arr->child) {
        err(e, path, "must list at least one band");
        return;
    }
    s->nbands = 0;
    int i = 0, lower_sum = 0, upper_sum = 0;
    bool all_ok = true;
    char p[PATH_MAX_], q[PATH_MAX_];
    for (const cJSON *row = arr->child; row; row = row->next, i++) {
        index_path(p, path, i);
        if (i >= STRATEGY_MAX_BANDS) {
            err(e, p, "at most %d bands", STRATEGY_MAX_BANDS);
            return;
        }
        if (!cJSON_IsObject(row)) {
            err(e, p, "must be an object");
            all_ok = false;
            continue;
        }
        struct maturity_band *b = &s->bands[s->nbands++];
        int before = e->n + e->dropped;
        parse_band(e, row, p, b);
        if (e->n + e->dropped != before) {
            all_ok = false;
            continue;
        }
        for (int j = 0; j < s->nbands - 1; j++)
            if (strcmp(s->bands[j].code, b->code) == 0)
                err(e, key_path(q, p, "band"), "\"%s\" given twice", b->code);
        lower_sum += b->lower_bp;
        upper_sum += b->upper_bp;
    }
    if (!all_ok)
        return;
    /* the bands must cover every time to maturity once: from 0, contiguous, open-ended last */
    for (i = 0; i < s->nbands; i++) {
        const struct maturity_band *b = &s->bands[i];
        index_path(p, path, i);
        int want = i == 0 ? 0 : s->bands[i - 1].to_months;
        if (want >= 0 && b->from_months != want)
            err(e, key_path(q, p, "from_months"),
                i == 0 ? "must be %d: the first band starts at no time to maturity"
                       : "must be %d, where the band before ends",
                want);
        if (i < s->nbands - 1 && b->to_months < 0)
            err(e, key_path(q, p, "to_months"), "only the last band may be open-ended");
        if (i == s->nbands - 1 && b->to_months >= 0)
            err(e, key_path(q, p, "to_months"),
                "the last band must be open-ended (leave to_months out) so every loan falls in a band");
    }
    if (lower_sum > 10000)
        err(e, path, "the lower limits add up to %.2f%%, more than 100%%", lower_sum / 100.0);
    if (upper_sum < 10000)
        err(e, path, "the upper limits add up to %.2f%%, less than 100%%", upper_sum / 100.0);
}

static void parse_indicators(struct strategy_errors *e, const cJSON *doc, struct strategy *s)
{
    static const char *const keys[] = {
        "authorised_limit", "operational_boundary", "invested_over_364_days", "maturity_bands",
        "other_long_term_liabilities", "fixed_rate_exposure", "variable_rate_exposure",
        "liquidity_minimum", "credit_score_max", NULL};
    const char *P = "indicators";
    const cJSON *ind = object_field(e, doc, "", P);
    if (!ind)
        return;
    check_keys(e, ind, P, keys);
    limit_field(e, ind, P, "authorised_limit", false, true, false, &s->authorised_limit);
    limit_field(e, ind, P, "operational_boundary", false, true, false, &s->operational_boundary);
    limit_field(e, ind, P, "invested_over_364_days", false, true, false, &s->invested_over_364_days);
    limit_field(e, ind, P, "fixed_rate_exposure", false, true, true, &s->fixed_rate_exposure);
    limit_field(e, ind, P, "variable_rate_exposure", false, true, true, &s->variable_rate_exposure);
    limit_field(e, ind, P, "liquidity_minimum", false, true, false, &s->liquidity_minimum);
    struct opt_money oltl;
    limit_field(e, ind, P, "other_long_term_liabilities", false, false, false, &oltl);
    s->other_long_term_liabilities = oltl.unlimited ? 0 : oltl.amount;
    s->credit_score_max_notch = rating_field(e, ind, P, "credit_score_max", false);
    if (!s->authorised_limit.unlimited && !s->operational_boundary.unlimited &&
        s->operational_boundary.amount > s->authorised_limit.amount)
        err(e, "indicators.operational_boundary", "must not be above the authorised limit");
    parse_bands(e, ind, s);
}

static void parse_policy(struct strategy_errors *e, const cJSON *doc, struct strategy *s)
{
    const char *basis = string_field(e, doc, "", "rating_basis", false);
    if (basis && !rating_basis_parse(basis, &s->rating_basis))
        err(e, "rating_basis", "\"%s\" is not one of lowest, highest, second_lowest", basis);
    const char *watch = string_field(e, doc, "", "watch_negative", false);
    if (watch && !watch_rule_parse(watch, &s->watch_negative))
        err(e, "watch_negative", "\"%s\" is not one of ignore, overnight_only, suspend", watch);
    s->non_uk_min_sovereign_notch = rating_field(e, doc, "", "non_uk_min_sovereign", false);
    const cJSON *wr = cJSON_GetObjectItemCaseSensitive(doc, "warning_ratio");
    if (wr && !cJSON_IsNull(wr)) {
        double r = cJSON_IsNumber(wr) ? wr->valuedouble : -1;
        if (!cJSON_IsNumber(wr) || r <= 0 || r > 1)
            err(e, "warning_ratio", "must be a number above 0 and at most 1 (0.9 warns at 90%% of a limit)");
        else if (fabs(r * 10000 - round(r * 10000)) > 1e-6)
            err(e, "warning_ratio", "at most 4 decimals");
        else
            s->warning_ratio_bp = (int)round(r * 10000);
    }
}

int strategy_parse(const cJSON *doc, struct strategy *s, struct strategy_errors *e)
{
    static const char *const keys[] = {
        "effective_from", "approved", "rating_basis", "criteria", "sectors", "sector_limits",
        "non_uk_min_sovereign", "watch_negative", "warning_ratio", "group_limits",
        "country_limits", "indicators", "name", "notes", NULL};
    memset(e, 0, sizeof *e);
    strategy_defaults(s);
    if (!cJSON_IsObject(doc)) {
        err(e, "", "a strategy is one JSON object");
        return e->n;
    }
    check_keys(e, doc, "", keys);
    date_field(e, doc, "", "effective_from", true, &s->effective_from);
    parse_approved(e, doc, s);
    parse_policy(e, doc, s);
    parse_criteria(e, doc, s);
    parse_sectors(e, doc, s);
    parse_sector_limits(e, doc, s);
    parse_named_limits(e, doc, "group_limits", "groups", group_code_ok, "counterparty code",
                       &s->group_default, s->groups, &s->ngroups, STRATEGY_MAX_GROUPS);
    parse_named_limits(e, doc, "country_limits", "countries", country_code_ok,
                       "country code (ISO 3166 alpha-2, e.g. DE)", &s->country_default,
                       s->countries, &s->ncountries, STRATEGY_MAX_COUNTRIES);
    parse_indicators(e, doc, s);
    return e->n + e->dropped;
}

/* The line of the character at `at` in text (1-based). */
static int line_of(const char *text, const char *at)
{
    int line = 1;
    for (const char *p = text; p < at && *p; p++)
        line += *p == '\n';
    return line;
}

int strategy_parse_text(const char *text, size_t len, struct strategy *out,
                        struct strategy_errors *e, cJSON **doc_out)
{
    if (doc_out)
        *doc_out = NULL;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!doc) {
        memset(e, 0, sizeof *e);
        strategy_defaults(out);
        char where[32];
        snprintf(where, sizeof where, "line %d", end ? line_of(text, end) : 1);
        err(e, where, "not valid JSON");
        return e->n;
    }
    int n = strategy_parse(doc, out, e);
    if (doc_out)
        *doc_out = doc;
    else
        cJSON_Delete(doc);
    return n;
}

/* ---- the canonical document ---- */

/* prudent's JSON conventions (util/json.h spells them for the layers above core): money a
 * string with two decimals, a date "YYYY-MM-DD" or null. */
static void add_money(cJSON *obj, const char *key, money_t m)
{
    char buf[MONEY_BUFSZ];
    cJSON_AddStringToObject(obj, key, money_format(m, MONEY_PLAIN, buf));
}

static void add_date(cJSON *obj, const char *key, date_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE)
        cJSON_AddNullToObject(obj, key);
    else
        cJSON_AddStringToObject(obj, key, date_format_iso(d, buf));
}

static void add_limit(cJSON *obj, const char *key, struct opt_money m)
{
    if (m.unlimited)
        cJSON_AddNullToObject(obj, key);
    else
        add_money(obj, key, m.amount);
}

static void add_days(cJSON *obj, const char *key, struct opt_days d)
{
    if (d.unbounded)
        cJSON_AddNullToObject(obj, key);
    else
        cJSON_AddNumberToObject(obj, key, d.days);
}

static void add_named(cJSON *doc, const char *key, const char *listkey, struct opt_money def,
                      const struct strategy_named_limit *v, int n)
{
    cJSON *o = cJSON_AddObjectToObject(doc, key);
    add_limit(o, "default", def);
    cJSON *list = cJSON_AddObjectToObject(o, listkey);
    for (int i = 0; i < n; i++)
        add_limit(list, v[i].code, v[i].limit);
}

cJSON *strategy_to_json(const struct strategy *s)
{
    cJSON *doc = cJSON_CreateObject();
    add_date(doc, "effective_from", s->effective_from);
    cJSON *ap = cJSON_AddObjectToObject(doc, "approved");
    cJSON_AddStringToObject(ap, "by", s->approved_by);
    add_date(ap, "on", s->approved_on);
    cJSON_AddStringToObject(ap, "reference", s->approved_reference);
    cJSON_AddStringToObject(doc, "rating_basis", rating_basis_name(s->rating_basis));
    cJSON *crit = cJSON_AddArrayToObject(doc, "criteria");
    for (int i = 0; i < s->ncriteria; i++) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "min_long", rating_long_symbol(s->criteria[i].min_long_notch));
        add_limit(row, "limit", s->criteria[i].limit);
        add_days(row, "max_days", s->criteria[i].max_days);
        cJSON_AddItemToArray(crit, row);
    }
    cJSON *sec = cJSON_AddObjectToObject(doc, "sectors");
    cJSON *totals = cJSON_AddObjectToObject(doc, "sector_limits");
    for (int i = 0; i < SECTOR_COUNT; i++) {
        const struct strategy_sector *r = &s->sectors[i];
        if (r->present) {
            cJSON *o = cJSON_AddObjectToObject(sec, sector_name((enum sector)i));
            add_limit(o, "limit", r->limit);
            add_days(o, "max_days", r->max_days);
            cJSON_AddBoolToObject(o, "needs_rating", r->needs_rating);
        }
        if (!s->sector_totals[i].unlimited)
            add_limit(totals, sector_name((enum sector)i), s->sector_totals[i]);
    }
    if (s->non_uk_min_sovereign_notch)
        cJSON_AddStringToObject(doc, "non_uk_min_sovereign",
                                rating_long_symbol(s->non_uk_min_sovereign_notch));
    else
        cJSON_AddNullToObject(doc, "non_uk_min_sovereign");
    cJSON_AddStringToObject(doc, "watch_negative", watch_rule_name(s->watch_negative));
    cJSON_AddNumberToObject(doc, "warning_ratio", s->warning_ratio_bp / 10000.0);
    add_named(doc, "group_limits", "groups", s->group_default, s->groups, s->ngroups);
    add_named(doc, "country_limits", "countries", s->country_default, s->countries, s->ncountries);
    cJSON *ind = cJSON_AddObjectToObject(doc, "indicators");
    add_limit(ind, "authorised_limit", s->authorised_limit);
    add_limit(ind, "operational_boundary", s->operational_boundary);
    add_limit(ind, "invested_over_364_days", s->invested_over_364_days);
    add_limit(ind, "fixed_rate_exposure", s->fixed_rate_exposure);
    add_limit(ind, "variable_rate_exposure", s->variable_rate_exposure);
    add_limit(ind, "liquidity_minimum", s->liquidity_minimum);
    add_money(ind, "other_long_term_liabilities", s->other_long_term_liabilities);
    if (s->credit_score_max_notch)
        cJSON_AddStringToObject(ind, "credit_score_max", rating_long_symbol(s->credit_score_max_notch));
    else
        cJSON_AddNullToObject(ind, "credit_score_max");
    cJSON *bands = cJSON_AddArrayToObject(ind, "maturity_bands");
    for (int i = 0; i < s->nbands; i++) {
        const struct maturity_band *b = &s->bands[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "band", b->code);
        cJSON_AddNumberToObject(o, "lower", b->lower_bp / 100.0);
        cJSON_AddNumberToObject(o, "upper", b->upper_bp / 100.0);
        cJSON_AddNumberToObject(o, "from_months", b->from_months);
        if (b->to_months >= 0)
            cJSON_AddNumberToObject(o, "to_months", b->to_months);
        else
            cJSON_AddNullToObject(o, "to_months");
        cJSON_AddItemToArray(bands, o);
    }
    return doc;
}
