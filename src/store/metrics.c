/* metrics.c: the database's figures for /metrics (see metrics.h). */
#include "store/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

static void read_alerts(PGconn *c, struct metric_figures *out)
{
    PGresult *r = db_query(c, "count open alerts",
                           "SELECT count(*) AS n FROM alerts WHERE state = 'open'", 0, NULL);
    if (!r)
        return;
    out->have_alerts = true;
    out->alerts_open = db_get_int(r, 0, "n");
    PQclear(r);
}

static void read_deals(PGconn *c, struct metric_figures *out)
{
    PGresult *r = db_query(c, "count deals",
                           "SELECT s.status, count(i.id) AS n FROM (VALUES ('pending'), ('confirmed'),"
                           " ('cancelled')) s(status) LEFT JOIN investments i ON i.status = s.status"
                           " GROUP BY s.status ORDER BY s.status", 0, NULL);
    if (!r)
        return;
    out->have_deals = true;
    for (int i = 0; i < PQntuples(r) && out->ndeals < 3; i++) {
        struct metric_deals *d = &out->deals[out->ndeals++];
        snprintf(d->status, sizeof d->status, "%s", db_get(r, i, "status"));
        d->n = db_get_int(r, i, "n");
    }
    PQclear(r);
}

/* Feed ages: only once the feeds tables exist (sql/040_feeds.sql: feed_state). */
static void read_feeds(PGconn *c, struct metric_figures *out)
{
    PGresult *r = db_query(c, "look for feeds",
                           "SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'public'"
                           " AND table_name = 'feed_state' AND column_name IN ('name', 'last_success')", 0, NULL);
    bool have_feeds = r && db_get_int(r, 0, "n") == 2;
    PQclear(r);
    if (!have_feeds || !(r = db_query(c, "read feed ages",
                                      "SELECT name, extract(epoch FROM now() - last_success)::bigint AS age"
                                      " FROM feed_state WHERE last_success IS NOT NULL ORDER BY name", 0, NULL)))
        return;
    out->have_feeds = true;
    out->nfeeds = PQntuples(r);
    out->feeds = xcalloc(out->nfeeds ? (unsigned long)out->nfeeds : 1, sizeof *out->feeds);
    for (int i = 0; i < out->nfeeds; i++)
        out->feeds[i] = (struct metric_feed_age){xstrdup(db_get(r, i, "name")), db_get_int(r, i, "age")};
    PQclear(r);
}

void metric_figures_read(PGconn *c, struct metric_figures *out)
{
    memset(out, 0, sizeof *out);
    read_alerts(c, out);
    read_deals(c, out);
    read_feeds(c, out);
}

void metric_figures_free(struct metric_figures *f)
{
    for (int i = 0; i < f->nfeeds; i++)
        free(f->feeds[i].name);
    free(f->feeds);
    f->feeds = NULL;
    f->nfeeds = 0;
}
