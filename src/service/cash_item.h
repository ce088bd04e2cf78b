/* cash_item.h (service): forecast items one at a time (interfaces.md "Cash"; docs/cash.md "One
 * item at a time"), for `prudent cashflow add|amend|cancel` and POST .../cashflow/items alike.
 * Nothing is updated in place (sql/195): an amendment or a cancellation is a new cash_items row
 * superseding the item's latest, with who (by) and when, and the item keeps its number (its ref
 * CF<n> in the forecast). Each runs in one transaction with its audit row.
 *
 * Exit codes and *result (a new cJSON the caller owns), as service/result.h: EXIT_OK with
 *   {"ref": "CF<n>", "id": n, "status": "added"|"amended"|"cancelled", "item": {"account",
 *    "date", "amount", "category", "description", "repeat", "until"}, "entered_by", "reason"}
 * EXIT_BAD {"error": {"code": "invalid" (field says which) | "not_found" | "exists" (an item
 * said exactly this already: "id" names it) | "cancelled"}}, EXIT_DEP {"error": {"code":
 * "database"}}. Nothing printed on stdout. */
#ifndef PRUDENT_SERVICE_CASH_ITEM_H
#define PRUDENT_SERVICE_CASH_ITEM_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>

#include "core/cashflow.h"
#include "store/authority.h"

/* What a change says. For add every term is taken (account, date and amount required); for
 * amend only those set: a NULL text, DATE_NONE date, has_amount false or repeat < 0 keeps the
 * item's term, and clear_until takes its end date away. */
struct cash_item_change {
    long long id;            /* amend, cancel: the item's number (CF<n>) */
    const char *account;     /* a bank account of the authority */
    date_t date;             /* the first (or only) date */
    money_t amount;          /* + receipt, - payment; never 0 */
    bool has_amount;
    const char *category;    /* council tax, payroll, ... */
    const char *description;
    int repeat;              /* enum cash_repeat, or -1: not given */
    date_t until;            /* the last date a repeat may fall on */
    bool clear_until;
    const char *reason;      /* why (amend, cancel); NULL: none */
    const char *by;          /* who (the actor's name) */
};

int forecast_item_add(PGconn *c, const struct authority *a, const struct cash_item_change *r, cJSON **result);
int forecast_item_amend(PGconn *c, const struct authority *a, const struct cash_item_change *r, cJSON **result);
int forecast_item_cancel(PGconn *c, const struct authority *a, const struct cash_item_change *r, cJSON **result);

#endif
