/* history.c (store): reading an account's history (see store/history.h). */
#include "store/history.h"

#include "store/db.h"

#define UTC(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

struct rows *history_holding(PGconn *c, int64_t authority_id, const char *ref)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), ref};
    return rows_of(db_query(c, "read the holding",
                            "SELECT i.id, i.ref, i.type, c.code AS counterparty, c.name AS counterparty_name,"
                            " i.principal::text AS principal, coalesce(i.rate::text, '') AS rate,"
                            " i.start_date::text AS start_date, coalesce(i.maturity_date::text, '') AS maturity_date,"
                            " i.status, coalesce(i.booked_by, '') AS booked_by, " UTC("i.booked_at") " AS booked_at,"
                            " coalesce(i.settlement_account, '') AS account"
                            " FROM investments i JOIN counterparties c ON c.id = i.counterparty_id"
                            " WHERE i.authority_id = $1::bigint AND i.ref = $2",
                            2, p));
}

struct rows *history_movements(PGconn *c, int64_t id)
{
    char s[DB_INT_BUFSZ];
    const char *p[] = {db_int(id, s)};
    /* an account's current movements (a top-up of source 'deal' no second officer has approved
     * is pending), then a dated deal's current early repayments as kind 'repayment' */
    return rows_of(db_query(c, "read the holding's movements",
                            "SELECT date::text AS date, kind, amount::text AS amount, note, entered_by, "
                            UTC("entered_at") " AS entered_at, pending, coalesce(break_cost::text, '') AS break_cost,"
                            " rejected, rejected_by, CASE WHEN rejected = '' THEN '' ELSE " UTC("rejected_at")
                            " END AS rejected_at, rejection_reason FROM ("
                            " SELECT m.date, m.kind, m.amount, m.note, m.entered_by, m.entered_at, m.id, 0 AS src,"
                            " (m.source = 'deal' AND m.kind = 'deposit' AND NOT EXISTS"
                            "  (SELECT 1 FROM movement_approvals a WHERE a.movement_id = m.id)) AS pending, NULL::numeric AS break_cost,"
                            " '' AS rejected, '' AS rejected_by, NULL::timestamptz AS rejected_at, '' AS rejection_reason"
                            " FROM current_movements m WHERE m.investment_id = $1::bigint"
                            " UNION ALL" /* a rejected or withdrawn top-up (sql/180): shown, counted in nothing */
                            " SELECT m.date, m.kind, m.amount, m.note, m.entered_by, m.entered_at, m.id, 0, false, NULL,"
                            " j.action, j.rejected_by, j.rejected_at, j.reason"
                            " FROM movements m JOIN movement_rejections j ON j.movement_id = m.id WHERE m.investment_id = $1::bigint"
                            " AND NOT EXISTS (SELECT 1 FROM movements s WHERE s.supersedes = m.id)"
                            " UNION ALL"
                            " SELECT r.date, 'repayment', r.amount, r.reason, r.entered_by, r.entered_at, r.id, 1, false, r.break_cost,"
                            " '', '', NULL, ''"
                            " FROM deal_repayments r WHERE r.investment_id = $1::bigint"
                            " AND NOT EXISTS (SELECT 1 FROM deal_repayments s WHERE s.supersedes = r.id)"
                            ") x ORDER BY date, src, id",
                            1, p));
}

struct rows *history_rolls(PGconn *c, int64_t id)
{
    char s[DB_INT_BUFSZ];
    const char *p[] = {db_int(id, s)};
    return rows_of(db_query(c, "read the holding's rolls",
                            "SELECT CASE WHEN l.investment_id = $1::bigint THEN 'from' ELSE 'to' END AS direction,"
                            " o.ref, o.start_date::text AS start_date, coalesce(o.maturity_date::text, '') AS maturity_date,"
                            " o.principal::text AS principal, o.status, l.entered_by, " UTC("l.entered_at") " AS entered_at"
                            " FROM deal_rolls l JOIN investments o"
                            " ON o.id = CASE WHEN l.investment_id = $1::bigint THEN l.rolled_from ELSE l.investment_id END"
                            " WHERE l.investment_id = $1::bigint OR l.rolled_from = $1::bigint ORDER BY l.id",
                            1, p));
}
