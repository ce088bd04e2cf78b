/* loan_events.c (store): locking a loan and appending its events (see store/loan_events.h). */
#include "store/loan_events.h"

#include <stdio.h>

#include "store/db.h"

int loan_lock(PGconn *c, int64_t authority_id, const char *ref, int64_t *id)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), ref};
    PGresult *r = db_query(c, "look up loan",
                           "SELECT id FROM loans WHERE authority_id = $1 AND ref = $2 AND status <> 'cancelled'"
                           " FOR UPDATE",
                           2, p);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found)
        *id = db_get_int(r, 0, "id");
    PQclear(r);
    return found ? 0 : 1;
}

int loan_event_insert(PGconn *c, const struct loan_event_row *row, int64_t *id)
{
    char auth[DB_INT_BUFSZ], loan[DB_INT_BUFSZ], date[DATE_BUFSZ], amount[MONEY_BUFSZ], rate[RATE_BUFSZ],
        premium[MONEY_BUFSZ], accrued[MONEY_BUFSZ], settlement[MONEY_BUFSZ];
    money_format(row->e.amount, MONEY_PLAIN, amount);
    rate_format(row->e.rate, 6, rate);
    money_format(row->premium, MONEY_PLAIN, premium);
    money_format(row->accrued, MONEY_PLAIN, accrued);
    money_format(row->settlement, MONEY_PLAIN, settlement);
    const char *p[] = {db_int(row->authority_id, auth), db_int(row->loan_id, loan),
                       loan_event_kind_name(row->e.kind), date_format_iso(row->e.date, date), amount,
                       row->has_rate ? rate : NULL, row->priced ? premium : NULL,
                       row->priced ? accrued : NULL, row->priced ? settlement : NULL, row->by,
                       row->reason};
    PGresult *r = db_query(c, "record loan event",
                           "INSERT INTO loan_events (authority_id, loan_id, kind, event_date, amount, rate,"
                           " premium, accrued_interest, settlement, entered_by, reason)"
                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                           11, p);
    if (!r)
        return -1;
    *id = db_get_int(r, 0, "id");
    PQclear(r);
    return 0;
}
