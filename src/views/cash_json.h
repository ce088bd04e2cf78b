/* cash_json.h: the cash-flow forecast's document (views/cash.h, "cashflow") written straight into
 * a string buffer, without building a cJSON tree: the API's answer of one forecast is about
 * 2,400 items and 365 periods (544 KB), and building, printing and freeing that tree was half
 * the service's instructions of a forecast (docs/performance.md, "Every authority's forecast").
 * The text is byte for byte what cJSON_PrintUnformatted prints of the tree views/cash.c builds
 * from the same parts (the same keys in the same order, strings escaped as cJSON escapes them),
 * which tests/unit/test_cash_json.c checks. No I/O. */
#ifndef PRUDENT_VIEWS_CASH_JSON_H
#define PRUDENT_VIEWS_CASH_JSON_H

#include "core/cash_low.h"
#include "core/cashflow.h"
#include "util/strbuf.h"

/* A forecast's parts, borrowed: its period (from, to, by, account: NULL for every account), its
 * opening and minimum balances, its periods, its flows (only those dated from..to are items) and
 * its low point. */
struct cash_json_parts {
    date_t from, to;
    enum cash_by by;
    const char *account;
    money_t opening, minimum;
    const struct cash_period *periods;
    int nperiods;
    const struct cash_flows *flows;
    const struct cash_low *low;
};

/* Append the document of p to sb (no trailing newline). */
void cash_json_write(struct strbuf *sb, const struct cash_json_parts *p);

#endif
