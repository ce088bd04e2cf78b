/* poll.c: one feed's fetch-parse-store, and the due-feeds scheduler (see poll.h). */
#include "feed/poll.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/fetch.h"
#include "store/db.h"
#include "store/feeds.h"
#include "util/clock.h"
#include "util/err.h"

/* How a poll treats a feed: a new one (first tried less than PRUDENT_FEED_GRACE ago, or never)
 * that has never succeeded has its failures recorded without feed.failed, and a new feed's
 * series not delivered yet are not stale. An explicit `feeds poll` is never quiet. */
struct poll_mode {
    bool is_new, succeeded;
};

static int check_stale(PGconn *c, const struct feed_def *def, const struct poll_mode *m, struct poll_outcome *out)
{
    if (def->stale <= 0 || def->format == FEED_GOVUK_BANK_HOLIDAYS)
        return 0;
    int days = (int)((def->stale + 86399) / 86400);
    int n = feed_check_stale(c, def->name, def->cols, def->ncols, days, clock_today(), m->is_new);
    if (n < 0)
        return -1;
    out->nstale = n;
    return 0;
}

static bool quiet(const struct poll_mode *m)
{
    return m->is_new && !m->succeeded;
}

static int failed(PGconn *c, const struct feed_def *def, const struct poll_mode *m, struct poll_outcome *out)
{
    out->failed = true;
    if (feed_store_failure(c, def->name, def->url, out->error, !quiet(m)) < 0)
        return -1;
    return check_stale(c, def, m, out) < 0 ? -1 : 1;
}

static int poll_one(PGconn *c, const struct feed_def *def, const struct poll_mode *m, struct poll_outcome *out)
{
    memset(out, 0, sizeof *out);
    struct feed_validators v;
    if (feed_state_validators(c, def->name, &v) < 0)
        return -1;
    struct fetch_req req = {def->url, v.etag, v.last_modified, def->timeout, def->max_bytes};
    struct fetch_resp resp;
    if (fetch_url(&req, &resp) < 0) {
        snprintf(out->error, sizeof out->error, "%s: %s", def->url, resp.error);
        fetch_resp_free(&resp);
        return failed(c, def, m, out);
    }
    struct feed_result parsed;
    memset(&parsed, 0, sizeof parsed);
    if (resp.not_modified) {
        out->not_modified = true;
    } else if (feed_parse(def->format, resp.body, resp.len, def->cols, def->ncols, &parsed) < 0) {
        snprintf(out->error, sizeof out->error, "%s: %s", def->url, parsed.error);
        fetch_resp_free(&resp);
        return failed(c, def, m, out);
    }
    out->nobs = parsed.nobs;
    out->nhols = parsed.nhols;
    int rc = feed_store_answer(c, def->name, def->url, resp.not_modified ? NULL : &parsed, resp.etag,
                               resp.last_modified, &out->counts);
    fetch_resp_free(&resp);
    feed_result_free(&parsed);
    if (rc < 0) {
        if (PQstatus(c) != CONNECTION_OK)
            return -1;
        snprintf(out->error, sizeof out->error, "%s: the database refused the answer", def->url);
        return failed(c, def, m, out);
    }
    return check_stale(c, def, m, out) < 0 ? -1 : 0;
}

int feed_poll(PGconn *c, const struct feed_def *def, struct poll_outcome *out)
{
    struct poll_mode m = {false, true};
    return poll_one(c, def, &m, out);
}

/* PRUDENT_FEED_GRACE: seconds a new feed is polled quietly (default a day). */
static long grace_seconds(void)
{
    const char *v = getenv("PRUDENT_FEED_GRACE");
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : -1;
    return v && *v && *end == '\0' && n >= 0 ? n : 86400;
}

/* The mode of the feed named def->name from feed_poll_states' rows: new when it has no row. */
static struct poll_mode mode_of(const struct rows *r, const char *name)
{
    struct poll_mode m = {true, false};
    for (int k = 0; k < rows_count(r); k++)
        if (strcmp(rows_get(r, k, "name"), name) == 0) {
            m.is_new = rows_int(r, k, "tried_for") < grace_seconds();
            m.succeeded = strcmp(rows_get(r, k, "succeeded"), "t") == 0;
        }
    return m;
}

int feeds_not_fetched(PGconn *c, char *names, size_t size)
{
    struct feed_defs defs;
    if (feed_defs_load(&defs) < 0)
        return -1;
    struct rows *r = feed_poll_states(c);
    if (!r) {
        feed_defs_free(&defs);
        return -1;
    }
    int n = 0;
    names[0] = '\0';
    for (int i = 0; i < defs.n; i++) {
        struct poll_mode m = mode_of(r, defs.v[i].name);
        if (m.succeeded)
            continue;
        size_t len = strlen(names);
        snprintf(names + len, size - len, "%s%s", n ? ", " : "", defs.v[i].name);
        n++;
    }
    rows_free(r);
    feed_defs_free(&defs);
    return n;
}

/* A feed whose host has no address (a machine without a network, as a newcomer's first `make
 * run` may be) is said calmly, as what it is; any other failure as a failure. */
static void report_failure(const struct feed_def *def, const struct poll_outcome *out)
{
    if (strstr(out->error, "could not resolve host"))
        warning("feed %s not reached: no network? (%s); it is tried again every 15 minutes, and figures use the "
                "rates stored so far", def->name, out->error);
    else
        error("feed %s failed: %s", def->name, out->error);
}

int feeds_poll_due(PGconn *c)
{
    struct feed_defs defs;
    if (feed_defs_load(&defs) < 0)
        return -1;
    struct rows *r = feed_poll_states(c);
    if (!r) {
        feed_defs_free(&defs);
        return -1;
    }
    int nfailed = 0;
    for (int i = 0; i < defs.n; i++) {
        const struct feed_def *def = &defs.v[i];
        bool due = true;
        for (int k = 0; k < rows_count(r); k++) {
            if (strcmp(rows_get(r, k, "name"), def->name) != 0)
                continue;
            long age = (long)rows_int(r, k, "age");
            long wait = def->every;
            if (strcmp(rows_get(r, k, "failing"), "t") == 0 && wait > 900)
                wait = 900;
            due = age >= wait;
        }
        if (!due)
            continue;
        struct poll_outcome out;
        struct poll_mode m = mode_of(r, def->name);
        int rc = poll_one(c, def, &m, &out);
        if (rc < 0) {
            nfailed = -1;
            break;
        }
        if (rc > 0 && !quiet(&m)) { /* a new feed's failure: in feed_state, said once at start */
            report_failure(def, &out);
            nfailed++;
        }
    }
    rows_free(r);
    feed_defs_free(&defs);
    return nfailed;
}
