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

static int check_stale(PGconn *c, const struct feed_def *def, struct poll_outcome *out)
{
    if (def->stale <= 0 || def->format == FEED_GOVUK_BANK_HOLIDAYS)
        return 0;
    int days = (int)((def->stale + 86399) / 86400);
    int n = feed_check_stale(c, def->name, def->cols, def->ncols, days, clock_today());
    if (n < 0)
        return -1;
    out->nstale = n;
    return 0;
}

static int failed(PGconn *c, const struct feed_def *def, struct poll_outcome *out)
{
    out->failed = true;
    if (feed_store_failure(c, def->name, def->url, out->error) < 0)
        return -1;
    return check_stale(c, def, out) < 0 ? -1 : 1;
}

int feed_poll(PGconn *c, const struct feed_def *def, struct poll_outcome *out)
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
        return failed(c, def, out);
    }
    struct feed_result parsed;
    memset(&parsed, 0, sizeof parsed);
    if (resp.not_modified) {
        out->not_modified = true;
    } else if (feed_parse(def->format, resp.body, resp.len, def->cols, def->ncols, &parsed) < 0) {
        snprintf(out->error, sizeof out->error, "%s: %s", def->url, parsed.error);
        fetch_resp_free(&resp);
        return failed(c, def, out);
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
        return failed(c, def, out);
    }
    return check_stale(c, def, out) < 0 ? -1 : 0;
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
        int rc = feed_poll(c, def, &out);
        if (rc < 0) {
            nfailed = -1;
            break;
        }
        if (rc > 0) {
            report_failure(def, &out);
            nfailed++;
        }
    }
    rows_free(r);
    feed_defs_free(&defs);
    return nfailed;
}
