/* build_parts.c: what the report builders share (build_parts.h): fetching view documents (or
 * noting that a view is not available), reading typed fields from documents, display names. */
#include "report/build_parts.h"

#include <stdio.h>
#include <string.h>

#include "util/err.h"

const cJSON *rb_view(struct rbuild *b, struct rsection *s, const char *view, const char *what,
                     const struct view_args *args)
{
    if (b->code != EXIT_OK)
        return NULL;
    int code = EXIT_OK;
    cJSON *doc = b->src->fetch(b->src->ctx, view, args ? args : &b->args, &code);
    if (!doc) {
        char why[128];
        if (code == EXIT_OK) {
            snprintf(why, sizeof why, "this build has no %s view", view);
            report_unavailable(b->r, s, what, why);
        } else if (code == EXIT_BAD) {
            /* The view refused this authority or date (e.g. no strategy in force): the report
             * goes on without it; the view's own message was printed above. */
            snprintf(why, sizeof why, "the %s view cannot be built for this authority and date", view);
            report_unavailable(b->r, s, what, why);
        } else {
            b->code = code;
        }
        return NULL;
    }
    if (b->ndocs == (int)(sizeof b->docs / sizeof b->docs[0])) {
        cJSON_Delete(doc);
        b->code = fail(EXIT_DEP, "report: too many view documents");
        return NULL;
    }
    b->docs[b->ndocs++] = doc;
    return doc;
}

/* ---- typed fields ---- */

const cJSON *rj_obj(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

bool rj_money(const cJSON *o, const char *key, money_t *out)
{
    const cJSON *i = rj_obj(o, key);
    return cJSON_IsString(i) && money_parse(i->valuestring, out, NULL);
}

bool rj_rate(const cJSON *o, const char *key, rate_t *out)
{
    const cJSON *i = rj_obj(o, key);
    return cJSON_IsString(i) && rate_parse(i->valuestring, out, NULL);
}

bool rj_date(const cJSON *o, const char *key, date_t *out)
{
    const cJSON *i = rj_obj(o, key);
    return cJSON_IsString(i) && date_parse(i->valuestring, out, NULL);
}

bool rj_num(const cJSON *o, const char *key, double *out)
{
    const cJSON *i = rj_obj(o, key);
    if (!cJSON_IsNumber(i))
        return false;
    *out = i->valuedouble;
    return true;
}

const char *rj_str(const cJSON *o, const char *key)
{
    const cJSON *i = rj_obj(o, key);
    return cJSON_IsString(i) ? i->valuestring : NULL;
}

/* The object holding the last key of a path into nested objects ("after.status": "after"). */
static const cJSON *rj_parent(const cJSON *o, const char *path)
{
    const char *dot;
    while (o && (dot = strchr(path, '.'))) {
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(dot - path), path);
        o = rj_obj(o, key);
        path = dot + 1;
    }
    return o;
}

/* The last key of a path: "status" of "after.status". */
static const char *rj_last(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : path;
}

const cJSON *rj_field(const cJSON *o, const char *path)
{
    return rj_obj(rj_parent(o, path), rj_last(path));
}

struct rvalue rjv(const cJSON *o, const char *key, enum rtype t)
{
    o = rj_parent(o, key);
    key = rj_last(key);
    money_t m;
    rate_t r;
    date_t d;
    double x;
    switch (t) {
    case RT_TEXT: return rv_text(rj_str(o, key));
    case RT_MONEY: return rj_money(o, key, &m) ? rv_money(m) : rv_null(t);
    case RT_RATE: return rj_rate(o, key, &r) ? rv_rate(r) : rv_null(t);
    case RT_DATE: return rj_date(o, key, &d) ? rv_date(d) : rv_null(t);
    case RT_DAYS: return rj_num(o, key, &x) ? rv_days(x) : rv_null(t);
    case RT_PERCENT: return rj_num(o, key, &x) ? rv_percent(x) : rv_null(t);
    case RT_COUNT: return rj_num(o, key, &x) ? rv_count((int64_t)x) : rv_null(t);
    case RT_NUMBER: return rj_num(o, key, &x) ? rv_stat(x) : rv_null(t);
    }
    return rv_null(t);
}

/* ---- display names ---- */

const char *title_lookup(const char *const (*tab)[2], const char *key)
{
    for (; (*tab)[0]; tab++)
        if (strcmp((*tab)[0], key) == 0)
            return (*tab)[1];
    return key;
}

const char *inv_type_title(const char *type)
{
    static const char *const tab[][2] = {
        {"fixed", "Fixed-term deposits"}, {"notice", "Notice accounts"},
        {"call", "Call accounts"},        {"mmf", "Money market funds"},
        {"pooled", "Pooled funds"},       {"cd", "Certificates of deposit"},
        {"tbill", "Treasury bills"},      {"gilt", "Gilts"},
        {"bond", "Bonds"},                {"loan_out", "Loans to third parties"},
        {NULL, NULL}};
    return title_lookup(tab, type);
}

const char *loan_type_title(const char *type)
{
    static const char *const tab[][2] = {{"pwlb", "PWLB"},
                                         {"lobo", "Money market LOBO loans"},
                                         {"market", "Money market fixed-rate loans"},
                                         {"temporary", "Temporary loans"},
                                         {"other", "Other borrowing"},
                                         {NULL, NULL}};
    return title_lookup(tab, type);
}

const char *band_title(const char *band)
{
    static const char *const tab[][2] = {{"under_12m", "Under 12 months"},
                                         {"12m_24m", "12 to 24 months"},
                                         {"24m_5y", "24 months to 5 years"},
                                         {"5y_10y", "5 to 10 years"},
                                         {"10y_plus", "10 years and over"},
                                         {NULL, NULL}};
    return title_lookup(tab, band);
}

const char *indicator_title(const char *code, char *buf, size_t n)
{
    static const char *const tab[][2] = {
        {"authorised_limit", "Authorised limit for external debt"},
        {"operational_boundary", "Operational boundary for external debt"},
        {"invested_over_364_days", "Principal invested for over 364 days"},
        {"fixed_rate_exposure", "Fixed-rate net borrowing"},
        {"variable_rate_exposure", "Variable-rate net borrowing"},
        {"liquidity", "Liquidity: cash available within 3 months"},
        {"capital_financing_requirement", "Capital financing requirement (CFR)"},
        {"gross_debt_vs_cfr", "Gross debt against the CFR"},
        {"financing_costs_ratio", "Financing costs to net revenue stream"},
        {"net_income_ratio", "Net commercial and service income to net revenue stream"},
        {"liability_benchmark", "Loans against the liability benchmark"},
        {NULL, NULL}};
    const char *prefix = "maturity_structure.";
    if (strncmp(code, prefix, strlen(prefix)) == 0) {
        snprintf(buf, n, "Maturity structure of borrowing: %s", band_title(code + strlen(prefix)));
        return buf;
    }
    return title_lookup(tab, code);
}
