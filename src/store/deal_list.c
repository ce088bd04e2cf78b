/* deal_list.c: the approvals queue's listing of deals (see deal_list.h). */
#include "store/deal_list.h"

#include "store/db.h"

cJSON *deal_list_json(PGconn *c, int64_t authority_id, const char *status)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, id), status ? status : ""};
    PGresult *r = db_query(c, "list deals",
                           "SELECT i.ref, i.type, c.code AS counterparty, c.name AS counterparty_name,"
                           " i.principal::text AS principal, round(i.rate, 4)::text AS rate,"
                           " i.start_date::text AS start_date, coalesce(i.maturity_date::text, '') AS maturity_date,"
                           " i.status, coalesce(i.booked_by, '') AS booked_by,"
                           " to_char(i.booked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS booked_at,"
                           " coalesce((SELECT o.ref FROM deal_rolls l JOIN investments o ON o.id = l.rolled_from"
                           " WHERE l.investment_id = i.id), '') AS rolled_from,"
                           " coalesce(i.late_reason, '') AS late_reason, coalesce(i.amended_by, '') AS amended_by,"
                           " coalesce(i.settlement_account, '') AS account"
                           " FROM investments i JOIN counterparties c ON c.id = i.counterparty_id"
                           " WHERE i.authority_id = $1::bigint AND ($2 = '' OR i.status = $2)"
                           " ORDER BY i.booked_at DESC, i.ref LIMIT 500",
                           2, p);
    if (!r)
        return NULL;
    cJSON *arr = cJSON_CreateArray();
    static const char *const cols[] = {"ref", "type", "counterparty", "counterparty_name", "principal", "rate",
                                       "start_date", "maturity_date", "status", "booked_by", "booked_at"};
    for (int i = 0; i < PQntuples(r); i++) {
        cJSON *o = cJSON_CreateObject();
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            const char *v = db_get(r, i, cols[k]);
            if (*v)
                cJSON_AddStringToObject(o, cols[k], v);
            else
                cJSON_AddNullToObject(o, cols[k]);
        }
        const char *from = db_get(r, i, "rolled_from"); /* only on a roll-over's new deal */
        if (*from)
            cJSON_AddStringToObject(o, "rolled_from", from);
        /* shown to the approver only when there is something to show (sql/125) */
        const char *late = db_get(r, i, "late_reason"), *amended = db_get(r, i, "amended_by");
        if (*late) {
            cJSON_AddBoolToObject(o, "late", true);
            cJSON_AddStringToObject(o, "late_reason", late);
        }
        if (*amended)
            cJSON_AddStringToObject(o, "amended_by", amended);
        const char *account = db_get(r, i, "account"); /* a named settlement account (sql/235) */
        if (*account)
            cJSON_AddStringToObject(o, "account", account);
        cJSON_AddItemToArray(arr, o);
    }
    PQclear(r);
    return arr;
}
