/* rating_actions.c: the ratings import's statements (see rating_actions.h). */
#include "store/rating_actions.h"

#include <stdio.h>

#include "store/db.h"
#include "util/err.h"

int rating_action_find(PGconn *c, const char *cp, const char *agency, const char *term, const char *date,
                       struct rating_in_book *out)
{
    const char *p[] = {cp, agency, term, date};
    PGresult *r = db_query(c, "compare with the book",
                           "SELECT r.rating, r.outlook, r.watch FROM ratings r"
                           " JOIN counterparties c ON c.id = r.counterparty_id"
                           " WHERE c.code = $1 AND r.agency = $2 AND r.term = $3 AND r.effective_date = $4",
                           4, p);
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found) {
        snprintf(out->rating, sizeof out->rating, "%s", db_get(r, 0, "rating"));
        snprintf(out->outlook_buf, sizeof out->outlook_buf, "%s", db_get(r, 0, "outlook"));
        snprintf(out->watch_buf, sizeof out->watch_buf, "%s", db_get(r, 0, "watch"));
        out->outlook = db_isnull(r, 0, "outlook") ? NULL : out->outlook_buf;
        out->watch = db_isnull(r, 0, "watch") ? NULL : out->watch_buf;
    }
    PQclear(r);
    return found;
}

int rating_action_insert(PGconn *c, const char *cp, const char *agency, const char *term, const char *rating,
                         const char *outlook, const char *watch, const char *date)
{
    const char *p[] = {cp, agency, term, rating, outlook, watch, date};
    return db_exec(c, "record rating",
                   "INSERT INTO ratings (counterparty_id, agency, term, rating, outlook, watch, effective_date)"
                   " SELECT id, $2, $3, $4, $5, $6, $7 FROM counterparties WHERE code = $1",
                   7, p);
}

int rating_moved_authorities(PGconn *c, const char *codes_json, date_t as_of, int64_t **ids)
{
    char day[DATE_BUFSZ];
    const char *p[] = {codes_json, date_format_iso(as_of, day)};
    PGresult *r = db_query(c, "find the authorities the ratings move",
                           "WITH changed AS ("
                           "  SELECT id, coalesce(group_code, code) AS grp, country, sector FROM counterparties"
                           "  WHERE code IN (SELECT jsonb_array_elements_text($1::jsonb))),"
                           " moved AS ("
                           "  SELECT c.id, c.code, coalesce(c.group_code, c.code) AS grp FROM counterparties c"
                           "  WHERE EXISTS (SELECT 1 FROM changed x WHERE c.id = x.id"
                           "   OR coalesce(c.group_code, c.code) = x.grp OR c.group_code = x.grp OR c.code = x.grp"
                           "   OR (x.sector = 'central_government' AND c.country = x.country)))"
                           /* each authority probed once (sql/070's index), not every deal read */
                           " SELECT a.id FROM authorities a"
                           " WHERE EXISTS (SELECT 1 FROM moved m JOIN investments i ON i.counterparty_id = m.id"
                           "   AND i.authority_id = a.id WHERE i.status <> 'cancelled'"
                           "   AND i.start_date <= $2::date"
                           "   AND (i.maturity_date IS NULL OR i.maturity_date > $2::date))"
                           /* a deal a merger moved in to it by then (sql/215) */
                           "  OR EXISTS (SELECT 1 FROM holding_transfers t JOIN investments i ON i.id = t.holding_id"
                           "   JOIN moved m ON m.id = i.counterparty_id WHERE t.kind = 'investment'"
                           "   AND t.authority_id = a.id AND t.transfer_date <= $2::date AND i.status <> 'cancelled'"
                           "   AND i.start_date <= $2::date"
                           "   AND (i.maturity_date IS NULL OR i.maturity_date > $2::date))"
                           "  OR EXISTS (SELECT 1 FROM alerts l WHERE l.authority_id = a.id AND l.state <> 'resolved'"
                           "   AND l.subject IN (SELECT code FROM moved UNION SELECT grp FROM moved))"
                           " ORDER BY 1",
                           2, p);
    if (!r)
        return -1;
    int m = PQntuples(r);
    *ids = xcalloc(m ? (unsigned long)m : 1, sizeof **ids);
    for (int i = 0; i < m; i++)
        (*ids)[i] = db_get_int(r, i, "id");
    PQclear(r);
    return m;
}
