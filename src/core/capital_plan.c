/* capital_plan.c: reading and validating the capital plan JSON into struct capital_plan, and its
 * canonical form (see core/capital_plan.h; fields in docs/import-formats.md). Each check reports
 * the path of the bad field. Pure: no I/O. */
#include "core/capital_plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_LEN 96

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
    snprintf(e->text[e->n++], STRATEGY_ERROR_LEN, "%s: %.200s", path[0] ? path : "(document)", msg);
}

static const char *key_path(char *buf, const char *parent, const char *key)
{
    snprintf(buf, PATH_LEN, "%.50s%s%.40s", parent, parent[0] ? "." : "", key);
    return buf;
}

/* Refuse keys not in allowed (NULL-terminated). */
static void check_keys(struct strategy_errors *e, const cJSON *obj, const char *path,
                       const char *const *allowed)
{
    char p[PATH_LEN];
    for (const cJSON *it = obj->child; it; it = it->next) {
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, it->string) == 0;
        if (!known)
            err(e, key_path(p, path, it->string), "unknown field");
    }
}

bool capital_plan_year_parse(const char *s, int *out)
{
    int y, yy, used = 0;
    if (strlen(s) != 7 || sscanf(s, "%4d/%2d%n", &y, &yy, &used) != 2 || used != 7)
        return false;
    if (y < 1900 || y > 2200 || yy != (y + 1) % 100)
        return false;
    *out = y;
    return true;
}

char *capital_plan_year_format(int year, char *buf)
{
    snprintf(buf, 8, "%04u/%02u", (unsigned)year % 10000u, ((unsigned)year + 1u) % 100u);
    return buf;
}

/* An amount given as a string ("1250000.00"); *present says whether the field was there. */
static bool amount_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                         const char *key, bool negative_ok, money_t *out, bool *present)
{
    char p[PATH_LEN];
    key_path(p, parent, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = 0;
    *present = v != NULL;
    if (!v)
        return false;
    const char *why = NULL;
    if (!cJSON_IsString(v)) {
        err(e, p, "must be an amount as a string, e.g. \"2500000.00\"");
        return false;
    }
    if (!money_parse(v->valuestring, out, &why)) {
        err(e, p, "\"%.60s\" is not an amount: %s", v->valuestring, why ? why : "bad format");
        return false;
    }
    if (*out < 0 && !negative_ok) {
        err(e, p, "must not be negative");
        return false;
    }
    return true;
}

static void required_amount(struct strategy_errors *e, const cJSON *obj, const char *parent,
                            const char *key, bool negative_ok, money_t *out)
{
    bool present;
    char p[PATH_LEN];
    if (!amount_field(e, obj, parent, key, negative_ok, out, &present) && !present)
        err(e, key_path(p, parent, key), "required: an amount such as \"25000000.00\"");
}

static const char *string_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                                const char *key)
{
    char p[PATH_LEN];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v)) {
        err(e, key_path(p, parent, key), "must be a string");
        return NULL;
    }
    if (strlen(v->valuestring) >= CAPITAL_PLAN_TEXT_MAX) {
        err(e, key_path(p, parent, key), "longer than %d characters", CAPITAL_PLAN_TEXT_MAX - 1);
        return NULL;
    }
    return v->valuestring;
}

static void date_field(struct strategy_errors *e, const cJSON *obj, const char *parent,
                       const char *key, bool required, date_t *out)
{
    char p[PATH_LEN];
    key_path(p, parent, key);
    const char *s = string_field(e, obj, parent, key);
    *out = DATE_NONE;
    const char *why = NULL;
    if (!s) {
        if (required && !cJSON_GetObjectItemCaseSensitive(obj, key))
            err(e, p, "required: a date such as \"2026-04-01\"");
        return;
    }
    if (!date_parse(s, out, &why))
        err(e, p, "\"%.40s\" is not a date: %s", s, why ? why : "bad format");
}

/* "year": "2024/25" */
static bool year_field(struct strategy_errors *e, const cJSON *obj, const char *parent, int *out)
{
    char p[PATH_LEN];
    key_path(p, parent, "year");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "year");
    if (!v) {
        err(e, p, "required: a financial year such as \"2024/25\"");
        return false;
    }
    if (!cJSON_IsString(v) || !capital_plan_year_parse(v->valuestring, out)) {
        err(e, p, "must be a financial year such as \"2024/25\"");
        return false;
    }
    return true;
}

static void parse_approved(struct strategy_errors *e, const cJSON *doc, struct capital_plan *p)
{
    p->approved_on = DATE_NONE;
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, "approved");
    if (!a || cJSON_IsNull(a))
        return;
    if (!cJSON_IsObject(a)) {
        err(e, "approved", "must be an object {\"by\", \"on\", \"reference\"}");
        return;
    }
    static const char *const keys[] = {"by", "on", "reference", NULL};
    check_keys(e, a, "approved", keys);
    const char *by = string_field(e, a, "approved", "by");
    const char *ref = string_field(e, a, "approved", "reference");
    snprintf(p->approved_by, sizeof p->approved_by, "%s", by ? by : "");
    snprintf(p->approved_reference, sizeof p->approved_reference, "%s", ref ? ref : "");
    date_field(e, a, "approved", "on", false, &p->approved_on);
}

static void parse_year(struct strategy_errors *e, const cJSON *y, int i, struct capital_plan *p)
{
    char path[PATH_LEN], q[PATH_LEN];
    snprintf(path, sizeof path, "years[%d]", i);
    if (!cJSON_IsObject(y)) {
        err(e, path, "must be an object");
        return;
    }
    static const char *const keys[] = {
        "year", "opening_cfr", "capital_expenditure", "financed_by_borrowing", "mrp",
        "other_long_term_liabilities", "usable_reserves", "working_capital", "liquidity_allowance",
        "net_revenue_stream", "financing_costs", "net_commercial_income", NULL};
    check_keys(e, y, path, keys);
    struct capital_plan_year *py = &p->years[i];
    memset(py, 0, sizeof *py);
    if (year_field(e, y, path, &py->year) && i > 0 && p->years[i - 1].year &&
        py->year != p->years[i - 1].year + 1) {
        char want[8];
        err(e, key_path(q, path, "year"), "the years must follow one another: expected \"%s\"",
            capital_plan_year_format(p->years[i - 1].year + 1, want));
    }
    bool present;
    if (i == 0)
        required_amount(e, y, path, "opening_cfr", false, &py->opening_cfr);
    else if (cJSON_GetObjectItemCaseSensitive(y, "opening_cfr"))
        err(e, key_path(q, path, "opening_cfr"), "only the first year has an opening CFR");
    required_amount(e, y, path, "capital_expenditure", false, &py->capital_expenditure);
    required_amount(e, y, path, "financed_by_borrowing", false, &py->financed_by_borrowing);
    if (py->financed_by_borrowing > py->capital_expenditure)
        err(e, key_path(q, path, "financed_by_borrowing"), "more than the capital expenditure");
    py->mrp_given = amount_field(e, y, path, "mrp", false, &py->mrp, &present) || present;
    required_amount(e, y, path, "other_long_term_liabilities", false, &py->other_long_term_liabilities);
    required_amount(e, y, path, "usable_reserves", false, &py->usable_reserves);
    required_amount(e, y, path, "working_capital", true, &py->working_capital);
    required_amount(e, y, path, "liquidity_allowance", false, &py->liquidity_allowance);
    required_amount(e, y, path, "net_revenue_stream", false, &py->net_revenue_stream);
    if (py->net_revenue_stream == 0 && cJSON_GetObjectItemCaseSensitive(y, "net_revenue_stream"))
        err(e, key_path(q, path, "net_revenue_stream"), "must be more than zero (the ratios divide by it)");
    required_amount(e, y, path, "financing_costs", true, &py->financing_costs);
    required_amount(e, y, path, "net_commercial_income", true, &py->net_commercial_income);
}

static void parse_tranche(struct strategy_errors *e, const cJSON *t, int i, struct capital_plan *p)
{
    char path[PATH_LEN], q[PATH_LEN];
    snprintf(path, sizeof path, "mrp_tranches[%d]", i);
    if (!cJSON_IsObject(t)) {
        err(e, path, "must be an object");
        return;
    }
    static const char *const keys[] = {"year", "amount", "method", "life", "rate", NULL};
    check_keys(e, t, path, keys);
    struct mrp_tranche *pt = &p->tranches[i];
    memset(pt, 0, sizeof *pt);
    year_field(e, t, path, &pt->year);
    required_amount(e, t, path, "amount", false, &pt->amount);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(t, "method");
    if (!cJSON_IsString(m) || !mrp_method_parse(m->valuestring, &pt->method))
        err(e, key_path(q, path, "method"), "must be \"equal\", \"annuity\" or \"reducing_4pct\"");
    const cJSON *life = cJSON_GetObjectItemCaseSensitive(t, "life");
    if (life && (!cJSON_IsNumber(life) || life->valuedouble != (double)life->valueint ||
                 life->valueint < 1 || life->valueint > MRP_MAX_LIFE))
        err(e, key_path(q, path, "life"), "must be a whole number of years from 1 to %d", MRP_MAX_LIFE);
    else if (life)
        pt->life = life->valueint;
    else if (pt->method != MRP_REDUCING_4PCT)
        err(e, key_path(q, path, "life"), "required: the asset's life in years");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(t, "rate");
    const char *why = NULL;
    if (r && (!cJSON_IsString(r) || !rate_parse(r->valuestring, &pt->rate, &why) || pt->rate < 0))
        err(e, key_path(q, path, "rate"), "must be a percentage as a string, e.g. \"4.50\"");
    else if (!r && pt->method == MRP_ANNUITY)
        err(e, key_path(q, path, "rate"), "required for the annuity method: a percentage such as \"4.50\"");
}

/* Years whose mrp is left out take it from the tranches. */
static void fill_mrp(struct strategy_errors *e, struct capital_plan *p)
{
    char path[PATH_LEN];
    for (int i = 0; i < p->nyears; i++) {
        struct capital_plan_year *y = &p->years[i];
        if (y->mrp_given)
            continue;
        snprintf(path, sizeof path, "years[%d].mrp", i);
        if (p->ntranches == 0)
            err(e, path, "required: an amount, or give mrp_tranches to compute it from");
        else if (mrp_for_year(p->tranches, p->ntranches, y->year, &y->mrp) < 0)
            err(e, path, "cannot be computed from mrp_tranches (an amount overflowed)");
    }
}

static const cJSON *array_of(struct strategy_errors *e, const cJSON *doc, const char *key,
                             bool required, int max)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, key);
    if (!a) {
        if (required)
            err(e, key, "required: an array");
        return NULL;
    }
    if (!cJSON_IsArray(a)) {
        err(e, key, "must be an array");
        return NULL;
    }
    if (cJSON_GetArraySize(a) > max) {
        err(e, key, "more than %d entries", max);
        return NULL;
    }
    return a;
}

int capital_plan_parse(const cJSON *doc, struct capital_plan *p, struct strategy_errors *e)
{
    memset(e, 0, sizeof *e);
    memset(p, 0, sizeof *p);
    p->effective_from = DATE_NONE;
    p->approved_on = DATE_NONE;
    if (!cJSON_IsObject(doc)) {
        err(e, "", "must be a JSON object");
        return e->n;
    }
    static const char *const keys[] = {"effective_from", "approved", "years", "mrp_tranches", NULL};
    check_keys(e, doc, "", keys);
    date_field(e, doc, "", "effective_from", true, &p->effective_from);
    parse_approved(e, doc, p);
    const cJSON *it, *years = array_of(e, doc, "years", true, CAPITAL_PLAN_MAX_YEARS);
    const cJSON *tranches = array_of(e, doc, "mrp_tranches", false, CAPITAL_PLAN_MAX_TRANCHES);
    int i = 0;
    cJSON_ArrayForEach(it, tranches) parse_tranche(e, it, i++, p);
    p->ntranches = i;
    i = 0;
    cJSON_ArrayForEach(it, years) parse_year(e, it, i++, p);
    p->nyears = i;
    if (years && i == 0)
        err(e, "years", "must have at least one year");
    if (e->n == 0)
        fill_mrp(e, p);
    return e->n;
}

static int line_of(const char *text, const char *at)
{
    int line = 1;
    for (const char *c = text; c < at && *c; c++)
        line += *c == '\n';
    return line;
}

int capital_plan_parse_text(const char *text, size_t len, struct capital_plan *out,
                            struct strategy_errors *e, cJSON **doc_out)
{
    if (doc_out)
        *doc_out = NULL;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!doc) {
        memset(e, 0, sizeof *e);
        char where[32];
        snprintf(where, sizeof where, "line %d", end ? line_of(text, end) : 1);
        err(e, where, "not valid JSON");
        return e->n;
    }
    int n = capital_plan_parse(doc, out, e);
    if (doc_out)
        *doc_out = doc;
    else
        cJSON_Delete(doc);
    return n;
}

/* ---- the canonical document ---- */

static void add_money(cJSON *o, const char *key, money_t m)
{
    char buf[MONEY_BUFSZ];
    cJSON_AddStringToObject(o, key, money_format(m, MONEY_PLAIN, buf));
}

static void add_date(cJSON *o, const char *key, date_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE)
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddStringToObject(o, key, date_format_iso(d, buf));
}

static cJSON *year_json(const struct capital_plan_year *y, bool first)
{
    char buf[8];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "year", capital_plan_year_format(y->year, buf));
    if (first)
        add_money(o, "opening_cfr", y->opening_cfr);
    add_money(o, "capital_expenditure", y->capital_expenditure);
    add_money(o, "financed_by_borrowing", y->financed_by_borrowing);
    if (y->mrp_given)
        add_money(o, "mrp", y->mrp);
    add_money(o, "other_long_term_liabilities", y->other_long_term_liabilities);
    add_money(o, "usable_reserves", y->usable_reserves);
    add_money(o, "working_capital", y->working_capital);
    add_money(o, "liquidity_allowance", y->liquidity_allowance);
    add_money(o, "net_revenue_stream", y->net_revenue_stream);
    add_money(o, "financing_costs", y->financing_costs);
    add_money(o, "net_commercial_income", y->net_commercial_income);
    return o;
}

static cJSON *tranche_json(const struct mrp_tranche *t)
{
    char buf[8], r[RATE_BUFSZ];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "year", capital_plan_year_format(t->year, buf));
    add_money(o, "amount", t->amount);
    cJSON_AddStringToObject(o, "method", mrp_method_name(t->method));
    if (t->life > 0)
        cJSON_AddNumberToObject(o, "life", t->life);
    if (t->method == MRP_ANNUITY || t->rate != 0)
        cJSON_AddStringToObject(o, "rate", rate_format(t->rate, 6, r));
    return o;
}

cJSON *capital_plan_to_json(const struct capital_plan *p)
{
    cJSON *doc = cJSON_CreateObject();
    add_date(doc, "effective_from", p->effective_from);
    cJSON *ap = cJSON_AddObjectToObject(doc, "approved");
    cJSON_AddStringToObject(ap, "by", p->approved_by);
    add_date(ap, "on", p->approved_on);
    cJSON_AddStringToObject(ap, "reference", p->approved_reference);
    cJSON *ys = cJSON_AddArrayToObject(doc, "years");
    for (int i = 0; i < p->nyears; i++)
        cJSON_AddItemToArray(ys, year_json(&p->years[i], i == 0));
    cJSON *ts = cJSON_AddArrayToObject(doc, "mrp_tranches");
    for (int i = 0; i < p->ntranches; i++)
        cJSON_AddItemToArray(ts, tranche_json(&p->tranches[i]));
    return doc;
}

const struct capital_plan_year *capital_plan_find_year(const struct capital_plan *p, int year)
{
    for (int i = 0; i < p->nyears; i++)
        if (p->years[i].year == year)
            return &p->years[i];
    return NULL;
}
