/* capital_plan.h: an authority's capital plan (interfaces.md "Capital plans and the Prudential
 * Code 2021", docs/import-formats.md "Capital plan"): the JSON to and from struct capital_plan,
 * every error reported with the path of the bad field ("years[2].mrp: ..."). Pure (no I/O): the
 * import (ingest/capital_plan.h) and the store, which reads saved documents back through
 * capital_plan_parse, both use it, so what was accepted once loads the same way. */
#ifndef PRUDENT_CORE_CAPITAL_PLAN_H
#define PRUDENT_CORE_CAPITAL_PLAN_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/money.h"
#include "core/mrp.h"
#include "core/strategy_json.h" /* struct strategy_errors: "PATH: message" each */

#define CAPITAL_PLAN_MAX_YEARS 60
#define CAPITAL_PLAN_MAX_TRANCHES 200
#define CAPITAL_PLAN_TEXT_MAX 201

/* One financial year of the plan (closing 31 March). */
struct capital_plan_year {
    int year;               /* 2024 is "2024/25" */
    money_t opening_cfr;    /* first year only */
    money_t capital_expenditure;
    money_t financed_by_borrowing;
    bool mrp_given;         /* false: computed from the plan's mrp_tranches */
    money_t mrp;            /* given, or filled in by capital_plan_parse from the tranches */
    money_t other_long_term_liabilities;
    money_t usable_reserves;
    money_t working_capital;
    money_t liquidity_allowance;
    money_t net_revenue_stream;
    money_t financing_costs;
    money_t net_commercial_income;
};

struct capital_plan {
    date_t effective_from;
    char approved_by[CAPITAL_PLAN_TEXT_MAX];
    date_t approved_on; /* DATE_NONE when not given */
    char approved_reference[CAPITAL_PLAN_TEXT_MAX];
    int nyears;
    struct capital_plan_year years[CAPITAL_PLAN_MAX_YEARS]; /* consecutive, oldest first */
    int ntranches;
    struct mrp_tranche tranches[CAPITAL_PLAN_MAX_TRANCHES];
};

/* "2024/25" -> 2024; false unless the second part is the year after the first. */
bool capital_plan_year_parse(const char *s, int *out);
/* 2024 -> "2024/25" into buf (at least 8 bytes). */
char *capital_plan_year_format(int year, char *buf);

/* Validate doc and fill *out. Returns the number of errors; *out is meaningful only when 0. */
int capital_plan_parse(const cJSON *doc, struct capital_plan *out, struct strategy_errors *errs);
/* The same from JSON text (text that is not JSON is one error); *doc_out as strategy_parse_text. */
int capital_plan_parse_text(const char *text, size_t len, struct capital_plan *out,
                            struct strategy_errors *errs, cJSON **doc_out);
/* The canonical document: every field spelled out (mrp only where given). Two documents mean the
 * same plan exactly when their canonical documents are equal. A new cJSON the caller owns. */
cJSON *capital_plan_to_json(const struct capital_plan *p);
/* The plan's year `year`, or NULL. */
const struct capital_plan_year *capital_plan_find_year(const struct capital_plan *p, int year);

#endif
