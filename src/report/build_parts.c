/* build.c: what the report builders share: choosing the kind, fetching view documents (or noting
 * that a view is not available), reading typed fields from documents, display names. */
#include "report/build.h"

#include <stdio.h>
#include <string.h>

#include "util/err.h"

const char *const report_kinds[] = {"pi", "portfolio", "outturn", NULL};

bool report_kind_valid(const char *kind)
{
    for (const char *const *k = report_kinds; *k; k++)
        if (strcmp(*k, kind) == 0)
            return true;
    return false;
}

cJSON *report_fetch_view(void *ctx, const char *view, const struct view_args *args, int *code)
{
    const struct view_source_ctx *c = ctx;
    const struct view *v = view_find(view);
    if (!v) {
        *code = EXIT_OK;
        return NULL;
    }
    *code = EXIT_DEP;
    return v->build(c->conn, c->authority, args, code);
}

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

bool rj_money(const cJSON *o, const char *key, money_t *out)
{
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(i) && money_parse(i->valuestring, out, NULL);
}

bool rj_rate(const cJSON *o, const char *key, rate_t *out)
{
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(i) && rate_parse(i->valuestring, out, NULL);
}

bool rj_date(const cJSON *o, const char *key, date_t *out)
{
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(i) && date_parse(i->valuestring, out, NULL);
}

bool rj_num(const cJSON *o, const char *key, double *out)
{
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(i))
        return false;
    *out = i->valuedouble;
    return true;
}

const char *rj_str(const cJSON *o, const char *key)
{
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(i) ? i->valuestring : NULL;
}

struct rvalue rjv_money(const cJSON *o, const char *key)
{
    money_t m;
    return rj_money(o, key, &m) ? rv_money(m) : rv_null(RT_MONEY);
}

struct rvalue rjv_rate(const cJSON *o, const char *key)
{
    rate_t r;
    return rj_rate(o, key, &r) ? rv_rate(r) : rv_null(RT_RATE);
}

struct rvalue rjv_date(const cJSON *o, const char *key)
{
    date_t d;
    return rj_date(o, key, &d) ? rv_date(d) : rv_null(RT_DATE);
}

struct rvalue rjv_days(const cJSON *o, const char *key)
{
    double x;
    return rj_num(o, key, &x) ? rv_days(x) : rv_null(RT_DAYS);
}

struct rvalue rjv_percent(const cJSON *o, const char *key)
{
    double x;
    return rj_num(o, key, &x) ? rv_percent(x) : rv_null(RT_PERCENT);
}

struct rvalue rjv_count(const cJSON *o, const char *key)
{
    double x;
    return rj_num(o, key, &x) ? rv_count((int64_t)x) : rv_null(RT_COUNT);
}

struct rvalue rjv_number(const cJSON *o, const char *key)
{
    double x;
    return rj_num(o, key, &x) ? rv_stat(x) : rv_null(RT_NUMBER);
}

struct rvalue rjv_text(const cJSON *o, const char *key)
{
    return rv_text(rj_str(o, key));
}

/* ---- display names ---- */

static const char *lookup(const char *const (*tab)[2], const char *key)
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
    return lookup(tab, type);
}

const char *loan_type_title(const char *type)
{
    static const char *const tab[][2] = {{"pwlb", "PWLB"},
                                         {"lobo", "Money market LOBO loans"},
                                         {"market", "Money market fixed-rate loans"},
                                         {"temporary", "Temporary loans"},
                                         {"other", "Other borrowing"},
                                         {NULL, NULL}};
    return lookup(tab, type);
}

const char *band_title(const char *band)
{
    static const char *const tab[][2] = {{"under_12m", "Under 12 months"},
                                         {"12m_24m", "12 to 24 months"},
                                         {"24m_5y", "24 months to 5 years"},
                                         {"5y_10y", "5 to 10 years"},
                                         {"10y_plus", "10 years and over"},
                                         {NULL, NULL}};
    return lookup(tab, band);
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
        {NULL, NULL}};
    const char *prefix = "maturity_structure.";
    if (strncmp(code, prefix, strlen(prefix)) == 0) {
        snprintf(buf, n, "Maturity structure of borrowing: %s", band_title(code + strlen(prefix)));
        return buf;
    }
    return lookup(tab, code);
}

/* ---- the entry point ---- */

struct report *report_build(const char *kind, const struct report_source *src,
                            const char *authority_code, const char *authority_name,
                            const struct view_args *args, int *code)
{
    if (!report_kind_valid(kind)) {
        *code = fail(EXIT_BAD, "unknown report \"%s\" (reports: pi, portfolio, outturn)", kind);
        return NULL;
    }
    static const char *const titles[][2] = {
        {"pi", "Treasury management: prudential indicators"},
        {"portfolio", "Investment portfolio"},
        {"outturn", "Treasury management outturn"},
        {NULL, NULL}};
    struct rbuild b = {.src = src, .args = *args, .code = EXIT_OK};
    b.r = report_new(kind, lookup(titles, kind));
    report_set_authority(b.r, authority_code, authority_name);
    if (strcmp(kind, "outturn") == 0) {
        b.r->from = args->from;
        b.r->to = args->to;
        b.r->as_of = args->to;
        report_build_outturn(&b);
    } else {
        b.r->as_of = args->as_of;
        if (strcmp(kind, "pi") == 0)
            report_build_pi(&b);
        else
            report_build_portfolio(&b);
    }
    for (int i = 0; i < b.ndocs; i++)
        cJSON_Delete(b.docs[i]);
    if (b.code != EXIT_OK) {
        report_free(b.r);
        *code = b.code;
        return NULL;
    }
    *code = EXIT_OK;
    return b.r;
}
