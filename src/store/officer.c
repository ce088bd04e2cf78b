/* officer.c (store): the counterparty_actions statements (see store/officer.h). */
#include "store/officer.h"

#include <stdio.h>

#include "store/db.h"

int officer_find_counterparty(PGconn *c, const char *code_or_name, int64_t *id, char code[CODE_MAX])
{
    const char *q[] = {code_or_name};
    PGresult *res = db_query(c, "look up counterparty",
                             "SELECT id, code FROM counterparties WHERE code = $1 OR name = $1"
                             " ORDER BY (code = $1) DESC LIMIT 1",
                             1, q);
    if (!res)
        return -1;
    int found = PQntuples(res) > 0;
    if (found) {
        *id = db_get_int(res, 0, "id");
        snprintf(code, CODE_MAX, "%s", db_get(res, 0, "code"));
    }
    PQclear(res);
    return found ? 0 : 1;
}

int officer_action_insert(PGconn *c, int64_t authority_id, int64_t counterparty_id, const char *action,
                          struct opt_money limit, struct opt_days max_days, date_t from, const char *reason,
                          const char *by)
{
    char auth[DB_INT_BUFSZ], cp[24], amount[MONEY_BUFSZ], days[16], fd[DATE_BUFSZ];
    db_int(authority_id, auth);
    db_int(counterparty_id, cp);
    money_format(limit.amount, MONEY_PLAIN, amount);
    snprintf(days, sizeof days, "%d", max_days.days);
    date_format_iso(from, fd);
    const char *p[] = {auth, cp, action, limit.unlimited ? NULL : amount, max_days.unbounded ? NULL : days, fd,
                       reason, by};
    return db_exec(c, "record officer action",
                   "INSERT INTO counterparty_actions (authority_id, counterparty_id, action, limit_amount,"
                   " max_days, from_date, reason, by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   8, p);
}
