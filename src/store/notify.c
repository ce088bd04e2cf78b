/* notify.c: LISTEN prudent_change and reading its notifications (see notify.h). */
#include "store/notify.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

int notify_listen(PGconn *c)
{
    return db_exec(c, "listen for changes", "LISTEN prudent_change", 0, NULL);
}

/* Add one notification's payload to *out. */
static void heard(struct notify_heard *out, const char *payload)
{
    int64_t id = strtoll(payload, NULL, 10);
    if (id <= 0)
        out->all = true;
    bool seen = false;
    for (int i = 0; i < out->n; i++)
        seen |= out->ids[i] == id;
    if (id > 0 && !seen) {
        if (out->n < NOTIFY_IDS_MAX)
            out->ids[out->n++] = id;
        else
            out->all = true;
    }
}

int notify_wait(PGconn *c, int ms, struct notify_heard *out)
{
    memset(out, 0, sizeof *out);
    struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
    if (pfd.fd < 0)
        return -1;
    if (poll(&pfd, 1, ms) < 0)
        return 0;
    if (!PQconsumeInput(c))
        return -1;
    PGnotify *note;
    while ((note = PQnotifies(c))) {
        heard(out, note->extra);
        PQfreemem(note);
    }
    return 0;
}
