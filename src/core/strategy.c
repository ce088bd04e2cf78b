/* strategy.c: defaults of a strategy, the standard maturity bands, and lookups (see strategy.h). */
#include "core/strategy.h"

#include <string.h>

static const struct maturity_band standard_bands[] = {
    {"under_12m", 0, 12, 0, 10000},  {"12m_24m", 12, 24, 0, 10000}, {"24m_5y", 24, 60, 0, 10000},
    {"5y_10y", 60, 120, 0, 10000},   {"10y_plus", 120, -1, 0, 10000},
};
#define NSTANDARD ((int)(sizeof standard_bands / sizeof standard_bands[0]))

void strategy_default_bands(struct maturity_band *bands, int *nbands)
{
    memcpy(bands, standard_bands, sizeof standard_bands);
    *nbands = NSTANDARD;
}

bool strategy_standard_band(const char *code, int *from_months, int *to_months)
{
    for (int i = 0; i < NSTANDARD; i++)
        if (strcmp(standard_bands[i].code, code) == 0) {
            *from_months = standard_bands[i].from_months;
            *to_months = standard_bands[i].to_months;
            return true;
        }
    return false;
}

static const struct opt_money unlimited = {true, 0};

void strategy_defaults(struct strategy *s)
{
    memset(s, 0, sizeof *s);
    s->effective_from = DATE_NONE;
    s->approved_on = DATE_NONE;
    s->rating_basis = BASIS_LOWEST;
    s->watch_negative = WATCH_IGNORE;
    s->warning_ratio_bp = 9000;
    for (int i = 0; i < SECTOR_COUNT; i++)
        s->sector_totals[i] = unlimited;
    s->group_default = unlimited;
    s->country_default = unlimited;
    s->authorised_limit = unlimited;
    s->operational_boundary = unlimited;
    s->invested_over_364_days = unlimited;
    s->fixed_rate_exposure = unlimited;
    s->variable_rate_exposure = unlimited;
    s->liquidity_minimum = unlimited;
    strategy_default_bands(s->bands, &s->nbands);
}

int strategy_band_index(const struct strategy *s, int months)
{
    if (months < 0)
        months = 0;
    for (int i = 0; i < s->nbands; i++) {
        const struct maturity_band *b = &s->bands[i];
        if (months >= b->from_months && (b->to_months < 0 || months < b->to_months))
            return i;
    }
    return -1;
}

static const struct strategy_named_limit *find_named(const struct strategy_named_limit *v, int n,
                                                     const char *code)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0)
            return &v[i];
    return NULL;
}

struct opt_money strategy_group_limit(const struct strategy *s, const char *group)
{
    const struct strategy_named_limit *g = find_named(s->groups, s->ngroups, group);
    return g ? g->limit : s->group_default;
}

struct opt_money strategy_country_limit(const struct strategy *s, const char *country)
{
    const struct strategy_named_limit *c = find_named(s->countries, s->ncountries, country);
    if (c)
        return c->limit;
    return strcmp(country, "GB") == 0 ? unlimited : s->country_default;
}

static const char *const basis_names[] = {"lowest", "highest", "second_lowest"};
static const char *const watch_names[] = {"ignore", "overnight_only", "suspend"};

const char *rating_basis_name(enum rating_basis b)
{
    return (unsigned)b < 3 ? basis_names[b] : "?";
}

bool rating_basis_parse(const char *s, enum rating_basis *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(basis_names[i], s) == 0) {
            *out = (enum rating_basis)i;
            return true;
        }
    return false;
}

const char *watch_rule_name(enum watch_rule w)
{
    return (unsigned)w < 3 ? watch_names[w] : "?";
}

bool watch_rule_parse(const char *s, enum watch_rule *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(watch_names[i], s) == 0) {
            *out = (enum watch_rule)i;
            return true;
        }
    return false;
}
