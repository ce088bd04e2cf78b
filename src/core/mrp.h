/* mrp.h: minimum revenue provision from tranches of capital expenditure financed by borrowing
 * (domain.md "Capital plans, CFR and the liability benchmark", docs/computations.md "MRP").
 * A tranche spent in financial year Y is provided for from Y+1:
 *   equal          amount / life each year, the last year taking what is left;
 *   annuity        payment A = amount x r / (1 - (1+r)^-life); MRP(t) = A - r x balance(t-1),
 *                  the last year taking what is left;
 *   reducing_4pct  4% of the opening balance each year (the regulatory and CFR methods: the
 *                  tranche is the supported-borrowing CFR, or the whole CFR), for life years
 *                  when life is given, else for as many years as asked.
 * Money in int64 pence; every amount rounded to the penny half away from zero (money_muldiv);
 * the annuity factor r(1+r)^n/((1+r)^n-1) is carried in fixed point to 18 decimal places before
 * that one rounding. Pure: no I/O. */
#ifndef PRUDENT_CORE_MRP_H
#define PRUDENT_CORE_MRP_H

#include <stdbool.h>

#include "core/money.h"
#include "core/rate.h"

enum mrp_method { MRP_EQUAL, MRP_ANNUITY, MRP_REDUCING_4PCT };
const char *mrp_method_name(enum mrp_method m); /* "equal", "annuity", "reducing_4pct" */
/* The method named s; false when none is. */
bool mrp_method_parse(const char *s, enum mrp_method *out);

#define MRP_MAX_LIFE 100

struct mrp_tranche {
    int year;  /* financial year of the spend: 2024 is 2024/25 */
    money_t amount;
    enum mrp_method method;
    int life;  /* years; 0 only for reducing_4pct (then as many years as asked) */
    rate_t rate; /* annuity only */
};

/* One year of a tranche's schedule. */
struct mrp_line {
    int year;        /* financial year provided for */
    money_t opening; /* balance at the start of the year */
    money_t mrp;
    money_t closing;
};

/* The schedule of t from t->year + 1, at most `years` lines (the tranche's life when shorter)
 * into out (cap at least that). Returns the number of lines, or -1 on overflow or a bad tranche
 * (life out of 1..MRP_MAX_LIFE where it is needed, a negative amount or rate). */
int mrp_schedule(const struct mrp_tranche *t, int years, struct mrp_line *out, int cap);

/* The MRP of financial year `year` summed over n tranches into *out. Returns 0 or -1 as above. */
int mrp_for_year(const struct mrp_tranche *t, int n, int year, money_t *out);

#endif
