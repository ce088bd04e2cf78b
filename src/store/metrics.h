/* metrics.h: the figures /metrics reads from the database (http/metrics.c renders them). Each
 * figure is read on its own: one that fails (printed) leaves the others. */
#ifndef PRUDENT_STORE_METRICS_H
#define PRUDENT_STORE_METRICS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

struct metric_deals {
    char status[16]; /* pending, confirmed, cancelled */
    int64_t n;
};

struct metric_feed_age {
    char *name;      /* owned by the figures */
    int64_t seconds; /* since the feed's last successful poll */
};

struct metric_figures {
    bool have_alerts;
    int64_t alerts_open; /* alerts in state open */
    bool have_deals;
    struct metric_deals deals[3]; /* investments by status, all authorities, ordered by status */
    int ndeals;
    bool have_feeds;              /* the feeds tables exist and their ages were read */
    struct metric_feed_age *feeds; /* feeds ever polled successfully, ordered by name */
    int nfeeds;
};

/* Read the figures into *out (zeroed first; release with metric_figures_free). */
void metric_figures_read(PGconn *c, struct metric_figures *out);
void metric_figures_free(struct metric_figures *f);

#endif
