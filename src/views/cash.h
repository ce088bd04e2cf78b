/* cash.h: the JSON documents of `prudent cashflow`, `prudent position` and `prudent accounts`
 * (interfaces.md "Cash"; docs/cash.md), built from the book (store/book.h), the forecast items
 * and statements (store/cash.h) and the calendar (store/rates.h holidays_load) with
 * core/cashflow.h, and their text renderings. They take options of their own (--by, --account),
 * so they are not rows of views[] (views/registry.c) yet: the HTTP routes can call these
 * builders directly.
 *
 * cashflow: {"from", "to", "by", "account", "opening_balance", "minimum_balance",
 *            "periods": [{"start", "end", "receipts", "payments", "net", "closing_balance",
 *            "below_minimum"}], "items": [{"date", "source", "ref", "account", "description",
 *            "amount"}], "low_point": LOW}; payments are a positive amount, net = receipts -
 *            payments. LOW is the low point of the period's daily balance (core/cash_low.h):
 *            {"from", "to", "opening_balance", "minimum_balance", "lowest_balance",
 *            "lowest_date", "days_below_minimum", "days_covered", "shortfall"}.
 * position: {"date", "opening_balance", "receipts", "payments", "maturities": [items],
 *            "surplus", "items": [items]}; surplus = opening + receipts - payments.
 * accounts: {"accounts": [{"code", "name", "bank", "sort_code", "account_number",
 *            "min_balance", "default"}]}; an account a merger moved out (sql/270) adds "ends" (the
 *            day before the vesting day), "moved_to", "moved_as" (its code there) and "moved_on". */
#ifndef PRUDENT_VIEWS_CASH_H
#define PRUDENT_VIEWS_CASH_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdio.h>

#include "core/cashflow.h"
#include "store/authority.h"
#include "store/book.h"
#include "store/partnership.h"
#include "util/strbuf.h"

struct cash_args {
    date_t from, to;
    enum cash_by by;
    const char *account; /* NULL: every account, consolidated */
};

/* Each returns a new document the caller owns (cJSON_Delete), or NULL with *code set to
 * EXIT_BAD (an unknown account, a bad period) or EXIT_DEP after printing why. */
cJSON *cash_forecast_view(PGconn *c, const struct authority *a, const struct cash_args *args, int *code);
/* The same document appended to out as the text cJSON_PrintUnformatted prints of it, written
 * without building the tree (views/cash_json.h: the API's answer). EXIT_OK, or EXIT_BAD / EXIT_DEP
 * after printing why (out may hold part of a document then). */
int cash_forecast_view_write(PGconn *c, const struct authority *a, const struct cash_args *args, struct strbuf *out);
/* The document of a forecast over args from its opening and minimum balances and its flows fs
 * (sorted by date; borrowed), no I/O: as a new tree the caller owns (NULL with *code set on
 * failure), or appended to out as text (EXIT_OK or the failure's code). cash_forecast_view and
 * cash_forecast_view_write give these of the forecast they compute. */
cJSON *cash_forecast_doc(const struct cash_args *args, money_t opening, money_t minimum, const struct cash_flows *fs,
                         int *code);
int cash_forecast_doc_write(const struct cash_args *args, money_t opening, money_t minimum,
                            const struct cash_flows *fs, struct strbuf *out);
/* The combined forecast of partnership p's members (docs/shared-services.md): the document of
 * cashflow with the members' opening and minimum balances and flows summed, less the book flows
 * between members (a member's deal with another, its loan from another: principal and
 * interest), plus {"partnership", "name", "members", "by_member": {MEMBER: {"opening_balance",
 * "minimum_balance"}}, "eliminated": [ITEM + "member", "with"]}; each item has its "member".
 * args->account must be NULL. */
cJSON *cash_forecast_partnership(PGconn *c, const struct partnership *p, const struct cash_args *args, int *code);
cJSON *cash_position_view(PGconn *c, const struct authority *a, date_t date, int *code);
cJSON *cash_accounts_view(PGconn *c, const struct authority *a, int *code);
/* The forecast-based liquidity at as_of: LOW of every account consolidated over the 13 weeks
 * from as_of (as_of .. as_of + 90). NULL with *code EXIT_OK when the authority has no bank
 * account (so no forecast), else NULL with *code set on failure. */
cJSON *cash_liquidity_json(PGconn *c, const struct authority *a, date_t as_of, int *code);
/* The flows from..to of book b (store/book.h, with its merger windows) appended to out
 * (core/cashflow.h cash_book_flows, def the default account): a holding a merger moved in or out
 * only while b's authority held it. Returns 0 or -1 (out of memory, an overflow). */
int cash_held_book_flows(const struct book *b, const char *def, const struct calendar *cal, date_t from, date_t to,
                         struct cash_flows *out);

void cash_forecast_text(const cJSON *doc, FILE *out);
void cash_partnership_text(const cJSON *doc, FILE *out); /* cash_forecast_partnership's */
void cash_position_text(const cJSON *doc, FILE *out);
void cash_accounts_text(const cJSON *doc, FILE *out);

#endif
