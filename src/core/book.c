/* book.c: names of the book's enums, both ways (see book.h). */
#include "core/book.h"

#include <string.h>

static const char *const sectors[SECTOR_COUNT] = {
    "bank", "building_society", "local_authority", "central_government", "mmf",
    "pooled_fund", "housing_association", "corporate", "other"};
static const char *const inv_types[INV_TYPE_COUNT] = {
    "fixed", "notice", "call", "mmf", "pooled", "cd", "tbill", "gilt", "bond", "loan_out"};
static const char *const loan_types[LOAN_TYPE_COUNT] = {"pwlb", "lobo", "market", "temporary", "other"};
static const char *const repayments[REPAY_COUNT] = {"maturity", "eip", "annuity"};
static const char *const statuses[DEAL_STATUS_COUNT] = {"pending", "confirmed", "cancelled"};
static const char *const event_kinds[LOAN_EV_KIND_COUNT] = {"repaid", "rate_change", "repaid_at_par"};

static int lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *sector_name(enum sector s) { return (unsigned)s < SECTOR_COUNT ? sectors[s] : "?"; }
const char *inv_type_name(enum inv_type t) { return (unsigned)t < INV_TYPE_COUNT ? inv_types[t] : "?"; }
const char *loan_type_name(enum loan_type t) { return (unsigned)t < LOAN_TYPE_COUNT ? loan_types[t] : "?"; }
const char *repayment_name(enum repayment r) { return (unsigned)r < REPAY_COUNT ? repayments[r] : "?"; }
const char *deal_status_name(enum deal_status s) { return (unsigned)s < DEAL_STATUS_COUNT ? statuses[s] : "?"; }

const char *loan_event_kind_name(enum loan_event_kind k)
{
    return (unsigned)k < LOAN_EV_KIND_COUNT ? event_kinds[k] : "?";
}

#define PARSER(fn, type, table, count)                                                            \
    bool fn(const char *s, type *out)                                                              \
    {                                                                                              \
        int i = lookup(table, count, s);                                                           \
        if (i < 0)                                                                                 \
            return false;                                                                          \
        *out = (type)i;                                                                            \
        return true;                                                                               \
    }

PARSER(sector_parse, enum sector, sectors, SECTOR_COUNT)
PARSER(inv_type_parse, enum inv_type, inv_types, INV_TYPE_COUNT)
PARSER(loan_type_parse, enum loan_type, loan_types, LOAN_TYPE_COUNT)
PARSER(repayment_parse, enum repayment, repayments, REPAY_COUNT)
PARSER(deal_status_parse, enum deal_status, statuses, DEAL_STATUS_COUNT)
PARSER(loan_event_kind_parse, enum loan_event_kind, event_kinds, LOAN_EV_KIND_COUNT)

bool inv_type_is_dated(enum inv_type t)
{
    return !(t == INV_NOTICE || t == INV_CALL || t == INV_MMF || t == INV_POOLED);
}
