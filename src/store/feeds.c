/* feeds.c: feed answers, state and alerts in PostgreSQL (see feeds.h). */
#include "store/feeds.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/alert.h"
#include "store/db.h"
#include "util/err.h"
#include "util/strbuf.h"

/* ---- PostgreSQL array literals, built in a util/strbuf.h buffer ------------------------------ */

/* Append one element, double-quoted with \ and " escaped, to an array literal being built. */
static void sb_elem(struct strbuf *b, const char *s)
{
    strbuf_append_str(b, b->len > 1 ? ",\"" : "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            strbuf_append_char(b, '\\');
        strbuf_append_char(b, *s);
    }
    strbuf_append_char(b, '"');
}

static void sb_open(struct strbuf *b)
{
    strbuf_reset(b);
    strbuf_append_char(b, '{');
}

/* ---- state ---------------------------------------------------------------------------------- */

int feed_state_validators(PGconn *c, const char *feed, struct feed_validators *out)
{
    memset(out, 0, sizeof *out);
    const char *p[] = {feed};
    PGresult *r = db_query(c, "read the feed's state",
                           "SELECT coalesce(etag, '') AS etag, coalesce(last_modified, '') AS lm"
                           " FROM feed_state WHERE name = $1",
                           1, p);
    if (!r)
        return -1;
    if (PQntuples(r) == 1) {
        snprintf(out->etag, sizeof out->etag, "%s", db_get(r, 0, "etag"));
        snprintf(out->last_modified, sizeof out->last_modified, "%s", db_get(r, 0, "lm"));
    }
    PQclear(r);
    return 0;
}

static int lock_feed(PGconn *c, const char *feed)
{
    const char *p[] = {feed};
    return db_exec(c, "lock the feed", "SELECT pg_advisory_xact_lock(hashtext('prudent.feed.' || $1))",
                   1, p);
}

/* ---- a good answer ----------------------------------------------------------------------- */

struct answer {
    const char *feed, *url, *etag, *last_modified;
    const struct feed_result *r;
    struct feed_store_counts *counts;
};

static int count_of(PGresult *r)
{
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n;
}

static int store_obs(PGconn *c, const struct answer *a)
{
    const struct feed_result *r = a->r;
    if (!r || r->nobs == 0)
        return 0;
    struct strbuf series = STRBUF_INIT, dates = STRBUF_INIT, values = STRBUF_INIT;
    sb_open(&series);
    sb_open(&dates);
    sb_open(&values);
    for (int i = 0; i < r->nobs; i++) {
        char d[DATE_BUFSZ], v[RATE_BUFSZ];
        sb_elem(&series, r->obs[i].series);
        sb_elem(&dates, date_format_iso(r->obs[i].date, d));
        sb_elem(&values, rate_format(r->obs[i].value, 6, v));
    }
    strbuf_append_char(&series, '}');
    strbuf_append_char(&dates, '}');
    strbuf_append_char(&values, '}');
    const char *p[] = {series.buf, dates.buf, values.buf, a->feed};
    int rc = -1;
    PGresult *res;
    /* 1. a changed value: keep the old and new values as a revision, then take the new one */
    res = db_query(c, "keep revised observations",
                   "INSERT INTO rate_revisions (series, date, old_value, new_value, feed)"
                   " SELECT o.series, o.date, o.value, i.value, $4"
                   " FROM unnest($1::text[], $2::date[], $3::numeric[]) AS i(series, date, value)"
                   " JOIN rate_observations o ON o.series = i.series AND o.date = i.date"
                   " WHERE o.value <> i.value",
                   4, p);
    if (!res)
        goto out;
    a->counts->revised = count_of(res);
    res = db_query(c, "revise observations",
                   "UPDATE rate_observations o SET value = i.value, feed = $4, revised_at = now()"
                   " FROM unnest($1::text[], $2::date[], $3::numeric[]) AS i(series, date, value)"
                   " WHERE o.series = i.series AND o.date = i.date AND o.value <> i.value",
                   4, p);
    if (!res)
        goto out;
    PQclear(res);
    /* 2. new dates */
    res = db_query(c, "store observations",
                   "INSERT INTO rate_observations (series, date, value, feed)"
                   " SELECT series, date, value, $4"
                   " FROM unnest($1::text[], $2::date[], $3::numeric[]) AS i(series, date, value)"
                   " ON CONFLICT (series, date) DO NOTHING",
                   4, p);
    if (!res)
        goto out;
    a->counts->inserted = count_of(res);
    rc = 0;
out:
    strbuf_free(&series);
    strbuf_free(&dates);
    strbuf_free(&values);
    return rc;
}

/* One division's holidays: the answer is authoritative between its first and last date. */
static int store_division(PGconn *c, const struct answer *a, int from, int to)
{
    const struct feed_result *r = a->r;
    struct strbuf dates = STRBUF_INIT, titles = STRBUF_INIT;
    sb_open(&dates);
    sb_open(&titles);
    for (int i = from; i < to; i++) {
        char d[DATE_BUFSZ];
        sb_elem(&dates, date_format_iso(r->hols[i].h.date, d));
        sb_elem(&titles, r->hols[i].h.title);
    }
    strbuf_append_char(&dates, '}');
    strbuf_append_char(&titles, '}');
    char first[DATE_BUFSZ], last[DATE_BUFSZ];
    date_format_iso(r->hols[from].h.date, first);
    date_format_iso(r->hols[to - 1].h.date, last);
    const char *p[] = {r->hols[from].division, first, last, dates.buf, titles.buf, a->feed};
    int rc = -1;
    PGresult *res = db_query(c, "remove withdrawn holidays",
                             "DELETE FROM bank_holidays WHERE division = $1"
                             " AND date BETWEEN $2::date AND $3::date AND NOT (date = ANY($4::date[]))",
                             4, p);
    if (!res)
        goto out;
    a->counts->hol_removed += count_of(res);
    const char *q[] = {p[0], p[3], p[4], p[5]};
    res = db_query(c, "store holidays",
                   "INSERT INTO bank_holidays (division, date, title, feed)"
                   " SELECT $1, d, t, $4 FROM unnest($2::date[], $3::text[]) AS u(d, t)"
                   " ON CONFLICT (division, date) DO UPDATE SET title = EXCLUDED.title,"
                   " feed = EXCLUDED.feed WHERE bank_holidays.title <> EXCLUDED.title",
                   4, q);
    if (!res)
        goto out;
    a->counts->hol_added += count_of(res);
    rc = 0;
out:
    strbuf_free(&dates);
    strbuf_free(&titles);
    return rc;
}

static int store_holidays(PGconn *c, const struct answer *a)
{
    const struct feed_result *r = a->r;
    if (!r)
        return 0;
    for (int i = 0; i < r->nhols;) {
        int j = i + 1;
        while (j < r->nhols && strcmp(r->hols[j].division, r->hols[i].division) == 0)
            j++;
        if (store_division(c, a, i, j) < 0)
            return -1;
        i = j;
    }
    return 0;
}

static int answer_body(PGconn *c, void *arg)
{
    struct answer *a = arg;
    memset(a->counts, 0, sizeof *a->counts);
    if (lock_feed(c, a->feed) < 0 || store_obs(c, a) < 0 || store_holidays(c, a) < 0)
        return -1;
    char nobs[24];
    snprintf(nobs, sizeof nobs, "%d", a->r ? a->r->nobs + a->r->nhols : 0);
    const char *p[] = {a->feed, a->url, a->r ? "f" : "t", a->etag, a->last_modified, nobs};
    if (db_exec(c, "record the feed's success",
                "INSERT INTO feed_state AS s (name, url, last_attempt, last_success, etag,"
                " last_modified, observations, first_attempt)"
                " VALUES ($1, $2, now(), now(), nullif($4, ''), nullif($5, ''), $6::int, now())"
                " ON CONFLICT (name) DO UPDATE SET url = $2, last_attempt = now(),"
                " first_attempt = coalesce(s.first_attempt, now()),"
                " last_success = now(), error = NULL,"
                " etag = CASE WHEN $3::boolean THEN s.etag ELSE nullif($4, '') END,"
                " last_modified = CASE WHEN $3::boolean THEN s.last_modified ELSE nullif($5, '') END,"
                " observations = CASE WHEN $3::boolean THEN s.observations ELSE $6::int END",
                6, p) < 0)
        return -1;
    return alert_resolve(c, 0, "feed.failed", a->feed) < 0 ? -1 : 0;
}

int feed_store_answer(PGconn *c, const char *feed, const char *url, const struct feed_result *r,
                      const char *etag, const char *last_modified, struct feed_store_counts *counts)
{
    struct answer a = {feed, url, etag ? etag : "", last_modified ? last_modified : "", r, counts};
    return db_transaction(c, answer_body, &a) == 0 ? 0 : -1;
}

/* ---- failure ----------------------------------------------------------------------------- */

struct failure {
    const char *feed, *url, *why;
    bool raise; /* false: a new feed's failure, recorded only */
};

static int failure_body(PGconn *c, void *arg)
{
    struct failure *f = arg;
    const char *p[] = {f->feed, f->url, f->why};
    if (lock_feed(c, f->feed) < 0 ||
        db_exec(c, "record the feed's failure",
                "INSERT INTO feed_state AS s (name, url, last_attempt, last_failure, error, last_error,"
                " first_attempt)"
                " VALUES ($1, $2, now(), now(), $3, $3, now())"
                " ON CONFLICT (name) DO UPDATE SET url = $2, last_attempt = now(),"
                " first_attempt = coalesce(s.first_attempt, now()),"
                " last_failure = now(), error = $3, last_error = $3",
                3, p) < 0)
        return -1;
    if (!f->raise)
        return 0;
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "feed", f->feed);
    cJSON_AddStringToObject(d, "url", f->url);
    cJSON_AddStringToObject(d, "error", f->why);
    int rc = alert_raise(c, 0, "feed.failed", f->feed, d, false, NULL, NULL);
    cJSON_Delete(d);
    return rc;
}

int feed_store_failure(PGconn *c, const char *feed, const char *url, const char *why, bool raise)
{
    struct failure f = {feed, url, why, raise};
    return db_transaction(c, failure_body, &f) == 0 ? 0 : -1;
}

/* ---- staleness --------------------------------------------------------------------------- */

struct stale {
    const char *feed;
    const struct feed_column *cols;
    int ncols, days;
    date_t today;
    bool fresh;
    int nstale;
};

static int stale_body(PGconn *c, void *arg)
{
    struct stale *s = arg;
    s->nstale = 0;
    char today[DATE_BUFSZ], days[16];
    date_format_iso(s->today, today);
    snprintf(days, sizeof days, "%d", s->days);
    for (int i = 0; i < s->ncols; i++) {
        const char *p[] = {s->cols[i].series, today, days};
        PGresult *r = db_query(c, "check the series is fresh",
                               "SELECT max(date) AS latest,"
                               " coalesce(max(date) < $2::date - $3::int, true) AS stale"
                               " FROM rate_observations WHERE series = $1",
                               3, p);
        if (!r)
            return -1;
        /* an optional series never observed is one this file does not carry: not stale */
        /* nor is a series a new feed has not delivered yet (its first day: feed/poll.h) */
        bool stale = strcmp(db_get(r, 0, "stale"), "t") == 0 &&
                     !((s->cols[i].optional || s->fresh) && db_isnull(r, 0, "latest"));
        int rc;
        if (stale) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "feed", s->feed);
            cJSON_AddStringToObject(d, "series", s->cols[i].series);
            if (db_isnull(r, 0, "latest"))
                cJSON_AddNullToObject(d, "latest");
            else
                cJSON_AddStringToObject(d, "latest", db_get(r, 0, "latest"));
            cJSON_AddStringToObject(d, "as_of", today);
            cJSON_AddNumberToObject(d, "stale_after_days", s->days);
            rc = alert_raise(c, 0, "feed.stale", s->cols[i].series, d, false, NULL, NULL);
            cJSON_Delete(d);
            s->nstale++;
        } else {
            rc = alert_resolve(c, 0, "feed.stale", s->cols[i].series);
        }
        PQclear(r);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int feed_check_stale(PGconn *c, const char *feed, const struct feed_column *cols, int ncols,
                     int stale_days, date_t today, bool fresh)
{
    struct stale s = {feed, cols, ncols, stale_days, today, fresh, 0};
    if (db_transaction(c, stale_body, &s) != 0)
        return -1;
    return s.nstale;
}

struct rows *feed_states(PGconn *c)
{
    return rows_of(db_query(
        c, "read feed states",
        "SELECT name, observations,"
        " to_char(last_attempt AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS last_attempt,"
        " to_char(last_success AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS last_success,"
        " to_char(last_failure AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS last_failure,"
        " error, last_error FROM feed_state",
        0, NULL));
}

struct rows *feed_poll_states(PGconn *c)
{
    return rows_of(db_query(c, "read feed states",
                            "SELECT name, extract(epoch FROM now() - last_attempt)::bigint AS age,"
                            " (last_failure IS NOT NULL AND (last_success IS NULL"
                            " OR last_failure > last_success)) AS failing,"
                            " last_success IS NOT NULL AS succeeded,"
                            " coalesce(extract(epoch FROM now() - first_attempt)::bigint, 0) AS tried_for"
                            " FROM feed_state WHERE last_attempt IS NOT NULL",
                            0, NULL));
}
