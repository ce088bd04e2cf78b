/* rates.c: stored rate observations and holidays, and the period average (see rates.h). */
#include "store/rates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pwlb_repay.h"
#include "core/series.h"
#include "store/db.h"
#include "util/err.h"
#include "util/json.h"

static int load_rows(PGresult *r, struct rate_obs **out)
{
    int n = PQntuples(r);
    *out = n ? xcalloc((unsigned long)n, sizeof **out) : NULL;
    for (int i = 0; i < n; i++) {
        const char *why;
        if (!date_parse(db_get(r, i, "date"), &(*out)[i].date, &why) ||
            !rate_parse(db_get(r, i, "value"), &(*out)[i].value, &why)) {
            free(*out);
            *out = NULL;
            return error("stored observation %s is unreadable: %s", db_get(r, i, "date"), why);
        }
    }
    return n;
}

int rates_load(PGconn *c, const char *series, date_t from, date_t to, struct rate_obs **out)
{
    char f[DATE_BUFSZ], t[DATE_BUFSZ];
    const char *p[] = {series, date_format_iso(from, f), date_format_iso(to, t)};
    PGresult *r = db_query(c, "read rate observations",
                           "SELECT date::text AS date, value::text AS value FROM rate_observations"
                           " WHERE series = $1 AND date BETWEEN $2::date AND $3::date ORDER BY date",
                           3, p);
    *out = NULL;
    if (!r)
        return -1;
    int n = load_rows(r, out);
    PQclear(r);
    return n;
}

int rates_on_or_before(PGconn *c, const char *series, date_t on, struct rate_obs *out)
{
    char d[DATE_BUFSZ];
    const char *p[] = {series, date_format_iso(on, d)};
    PGresult *r = db_query(c, "read a rate observation",
                           "SELECT date::text AS date, value::text AS value FROM rate_observations"
                           " WHERE series = $1 AND date <= $2::date ORDER BY date DESC LIMIT 1",
                           2, p);
    if (!r)
        return -1;
    struct rate_obs *obs;
    int n = load_rows(r, &obs);
    PQclear(r);
    if (n < 0)
        return -1;
    if (n == 1)
        *out = obs[0];
    free(obs);
    return n == 1 ? 0 : 1;
}

int rates_pwlb_curves(PGconn *c, date_t on, struct pwlb_curves *out)
{
    memset(out, 0, sizeof *out);
    out->date = DATE_NONE;
    char d[DATE_BUFSZ];
    const char *p[] = {date_format_iso(on, d)};
    PGresult *r = db_query(c, "read the PWLB repayment rates",
                           "SELECT series, date::text AS date, value::text AS value FROM rate_observations"
                           " WHERE series LIKE 'pwlb\\_repayment\\_%' AND date = (SELECT max(date) FROM"
                           " rate_observations WHERE series LIKE 'pwlb\\_repayment\\_%' AND date <= $1::date)"
                           " ORDER BY series",
                           1, p);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        rate_t v;
        const char *why;
        if (!date_parse(db_get(r, i, "date"), &out->date, &why) || !rate_parse(db_get(r, i, "value"), &v, &why)) {
            PQclear(r);
            return error("stored observation %s of %s is unreadable: %s", db_get(r, i, "date"),
                         db_get(r, i, "series"), why);
        }
        pwlb_curves_add(out, db_get(r, i, "series"), v);
    }
    PQclear(r);
    return 0;
}

cJSON *rates_revisions_json(PGconn *c, const char *series, date_t from, date_t to)
{
    char f[DATE_BUFSZ], t[DATE_BUFSZ];
    const char *p[] = {series, date_format_iso(from, f), date_format_iso(to, t)};
    PGresult *r = db_query(
        c, "read rate revisions",
        "SELECT date::text AS date, old_value::text AS old_value, new_value::text AS new_value,"
        " to_char(revised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS revised_at"
        " FROM rate_revisions WHERE series = $1 AND date BETWEEN $2::date AND $3::date ORDER BY id",
        3, p);
    if (!r)
        return NULL;
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < PQntuples(r); i++) {
        rate_t oldv = 0, newv = 0;
        rate_parse(db_get(r, i, "old_value"), &oldv, NULL);
        rate_parse(db_get(r, i, "new_value"), &newv, NULL);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "date", db_get(r, i, "date"));
        json_add_rate(o, "old_value", oldv);
        json_add_rate(o, "new_value", newv);
        cJSON_AddStringToObject(o, "revised_at", db_get(r, i, "revised_at"));
        cJSON_AddItemToArray(arr, o);
    }
    PQclear(r);
    return arr;
}

int rates_series_known(PGconn *c, const char *series)
{
    const char *p[] = {series};
    PGresult *r = db_query(c, "look up the series",
                           "SELECT EXISTS (SELECT 1 FROM rate_observations WHERE series = $1) AS k",
                           1, p);
    if (!r)
        return -1;
    int k = strcmp(db_get(r, 0, "k"), "t") == 0;
    PQclear(r);
    return k;
}

int rates_average(PGconn *c, const char *series, date_t from, date_t to, rate_t *out)
{
    if (from > to)
        return 1;
    char f[DATE_BUFSZ], t[DATE_BUFSZ];
    const char *p[] = {series, date_format_iso(from, f), date_format_iso(to, t)};
    /* the latest observation on or before `from`, then every one up to `to` */
    PGresult *r = db_query(c, "read rate observations",
                           "SELECT date::text AS date, value::text AS value FROM rate_observations"
                           " WHERE series = $1 AND date <= $3::date AND date >= coalesce("
                           "(SELECT max(date) FROM rate_observations WHERE series = $1"
                           " AND date <= $2::date), $2::date) ORDER BY date",
                           3, p);
    if (!r)
        return -1;
    struct rate_obs *obs;
    int n = load_rows(r, &obs);
    PQclear(r);
    if (n < 0)
        return -1;
    date_t *dates = xcalloc((unsigned long)(n ? n : 1), sizeof *dates);
    rate_t *values = xcalloc((unsigned long)(n ? n : 1), sizeof *values);
    for (int i = 0; i < n; i++) {
        dates[i] = obs[i].date;
        values[i] = obs[i].value;
    }
    bool ok = series_average(dates, values, n, from, to, out);
    free(dates);
    free(values);
    free(obs);
    return ok ? 0 : 1;
}

int holidays_load(PGconn *c, struct holiday **out)
{
    *out = NULL;
    PGresult *r = db_query(c, "read bank holidays",
                           "SELECT date::text AS date, title FROM bank_holidays"
                           " WHERE division = 'england-and-wales' ORDER BY date",
                           0, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *out = n ? xcalloc((unsigned long)n, sizeof **out) : NULL;
    for (int i = 0; i < n; i++) {
        if (!date_parse(db_get(r, i, "date"), &(*out)[i].date, NULL)) {
            PQclear(r);
            free(*out);
            *out = NULL;
            return error("stored holiday %s is unreadable", db_get(r, i, "date"));
        }
        snprintf((*out)[i].title, sizeof (*out)[i].title, "%s", db_get(r, i, "title"));
        (*out)[i].builtin = false;
    }
    PQclear(r);
    return n;
}
