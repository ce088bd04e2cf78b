/* notify.h: hearing the database's change notifications (LISTEN prudent_change, sql/051): each
 * committed change to an authority's book notifies its id ('' for shared data). The service's
 * background thread listens on its own connection. */
#ifndef PRUDENT_STORE_NOTIFY_H
#define PRUDENT_STORE_NOTIFY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#define NOTIFY_IDS_MAX 64

/* Start listening on c. Returns 0, or -1 after printing why. */
int notify_listen(PGconn *c);

/* What notify_wait heard: the distinct authority ids named (at most NOTIFY_IDS_MAX), and
 * whether everything is to be treated as changed (shared data changed, or more ids came than
 * fit). */
struct notify_heard {
    int64_t ids[NOTIFY_IDS_MAX];
    int n;
    bool all;
};

/* Wait up to ms for notifications and collect them into *out (zeroed first). Returns 0, or -1
 * when the connection broke. */
int notify_wait(PGconn *c, int ms, struct notify_heard *out);

#endif
