/* background.c: the service's work of its own, on one thread with its own database connection
 * (as the owner: background jobs act for every authority):
 *   - a table of periodic jobs {name, interval, fn(PGconn*)}: feed polls, the daily recompute of
 *     every authority, alert delivery, a database check, signed anchors of the audit trail;
 *   - LISTEN prudent_change (sql/051_tenancy.sql): each committed change to an authority's book
 *     notifies its id ('' for shared data), and the affected authorities are recomputed,
 *     except those whose alerts are already in line with what is committed (sql/071: a ratings
 *     import recomputes the authorities it moves in its own transaction).
 * The thread reconnects after the database went away (and then treats every authority as
 * changed, since notifications may have been missed), and stops within a second when asked.
 *
 * Several instances on one database (docs/scaling.md): the jobs marked `leader` run on one
 * instance at a time, the one whose background connection holds the session advisory lock
 * LEASE_BACKGROUND_KEY (store/lease.h). The others try again every LEASE_RETRY_S seconds; the
 * server releases the lock when the holder's connection ends (the instance died, or lost the
 * database), so another instance takes over within that time. A new leader recomputes every
 * authority first (the notifications of the meantime were heard by nobody).
 *
 * Adding a job: write `int fn(PGconn *c)` (0 on success, -1 after printing why; it runs its own
 * transactions), declare it in its module's header, and add a row to jobs[] below. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert/deliver.h"
#include "feed/poll.h"
#include "http/background.h"
#include "http/log.h"
#include "http/metrics.h"
#include "http/pool.h"
#include "service/recompute.h"
#include "util/clock.h"
#include "store/audit_anchor.h"
#include "store/db.h"
#include "store/lease.h"
#include "store/notify.h"
#include "util/err.h"

struct bg_job {
    const char *name;
    int every; /* seconds between runs; the first run is at start-up */
    int (*run)(PGconn *c);
    bool leader; /* only on the instance holding the lease (every job but the instance's own check) */
};

static int database_check(PGconn *c)
{
    bool up = db_alive(c, "check the database");
    metrics_set_database_up(up);
    return up ? 0 : -1;
}

/* Recompute one authority (id > 0) or every authority (id 0): raise and resolve its alerts as
 * at today (service/recompute.h); with only_stale, skipping those whose alerts are in line with
 * what is committed (a ratings import recomputed them itself). Returns 0, or -1 if any failed
 * (printed). */
static int recompute_as(PGconn *c, int64_t authority_id, bool only_stale)
{
    metrics_count_change();
    cJSON *f = cJSON_CreateObject();
    if (authority_id)
        cJSON_AddNumberToObject(f, "authority_id", (double)authority_id);
    else
        cJSON_AddStringToObject(f, "authority_id", "all");
    http_log("info", "change", cJSON_Duplicate(f, true));
    /* 0: every authority, each in its own transaction, the universe loaded once */
    int rc = only_stale ? recompute_stale(c, authority_id, clock_today())
                        : recompute_authority(c, authority_id, clock_today());
    cJSON_AddBoolToObject(f, "ok", rc == 0);
    http_log(rc == 0 ? "info" : "error", "recomputed", f);
    return rc;
}

/* What a change calls for: the authorities it names whose alerts are not in line already. */
static int recompute(PGconn *c, int64_t authority_id)
{
    return recompute_as(c, authority_id, true);
}

/* At start-up and daily: everything, marks or not (a new release may judge differently). */
static int recompute_all(PGconn *c)
{
    return recompute_as(c, 0, false);
}

/* Before the first poll, one calm line about the feeds never fetched (a fresh install, perhaps
 * offline): where to read their state, and when they would be alerted (feed/poll.h). */
static void say_new_feeds(PGconn *c)
{
    char names[512];
    if (feeds_not_fetched(c, names, sizeof names) <= 0)
        return;
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "feeds", names);
    cJSON_AddStringToObject(f, "state", "prudent feeds list");
    http_log("info",
             "feeds not fetched yet: they are tried in the background (every 15 minutes while failing); "
             "`prudent feeds list` shows each one's state; feed alerts start if one still fails a day after "
             "its first try",
             f);
}

/* feeds_poll_due answers the number of failed polls (recorded, alerted): only -1 is a failure
 * of the job itself. */
static int poll_feeds(PGconn *c)
{
    static bool said;
    if (!said) {
        say_new_feeds(c);
        said = true;
    }
    return feeds_poll_due(c) < 0 ? -1 : 0;
}

/* A whole number of seconds from the variable env (>= 0), else dflt. */
static long env_seconds(const char *env, long dflt)
{
    const char *v = getenv(env);
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : -1;
    return v && *v && *end == '\0' && n >= 0 ? n : dflt;
}

/* Anchor the audit trail (store/audit_anchor.h; docs/operations.md "Audit trail anchors"): at
 * start-up, every PRUDENT_AUDIT_ANCHOR_EVERY seconds (default 3600), and after a batch of changes
 * once the head has moved and PRUDENT_AUDIT_ANCHOR_AFTER seconds (default 60) have passed since
 * the last anchor. EVERY=0 turns anchoring off. The key and the file: PRUDENT_AUDIT_KEY,
 * PRUDENT_AUDIT_ANCHORS or their defaults under PRUDENT_HOME. */
static int anchor_audit(PGconn *c)
{
    static time_t last_at;
    static long last_seq = -1;
    long every = env_seconds("PRUDENT_AUDIT_ANCHOR_EVERY", 3600);
    long after = env_seconds("PRUDENT_AUDIT_ANCHOR_AFTER", 60), seq;
    time_t now = time(NULL);
    if (every == 0 || audit_head_seq(c, &seq) < 0)
        return every == 0 ? 0 : -1;
    bool scheduled = last_seq < 0 || now - last_at >= every;
    bool batch = seq != last_seq && now - last_at >= after;
    if (!scheduled && !batch)
        return 0;
    last_at = now; /* a failure is retried after the same gap, not every tick */
    char key[ANCHOR_PATH], anchors[ANCHOR_PATH], line[800];
    if (audit_anchor_paths(NULL, NULL, key, anchors, NULL) < 0 ||
        audit_anchor_write(c, key, anchors, line, sizeof line) < 0)
        return -1;
    last_seq = seq;
    cJSON *f = cJSON_CreateObject();
    cJSON_AddNumberToObject(f, "seq", (double)seq);
    cJSON_AddStringToObject(f, "file", anchors);
    http_log("info", "audit anchored", f);
    return 0;
}

static const struct bg_job jobs[] = {
    {"database-check", 10, database_check, false},
    {"recompute-daily", 86400, recompute_all, true},
    {"feeds-poll", 30, poll_feeds, true},            /* each feed whose `every` has come round */
    {"alerts-deliver", 5, alerts_deliver_due, true}, /* the outbox (alert/deliver.h): >= 0 is success */
    {"audit-anchor", 1, anchor_audit, true},         /* decides itself when (anchor_audit) */
    {NULL, 0, NULL, false},
};

#define NJOBS (sizeof jobs / sizeof jobs[0] - 1)

enum { LEASE_RETRY_S = 2 };

static pthread_t thread;
static atomic_bool stopping;
static bool started;
static atomic_bool leading; /* this instance runs the leader jobs (background_leading) */

static void log_job(const char *msg, const char *name)
{
    cJSON *f = cJSON_CreateObject();
    if (name)
        cJSON_AddStringToObject(f, "job", name);
    http_log(strcmp(msg, "job failed") == 0 ? "error" : "info", msg, f);
}

/* Wait up to ms for notifications; recompute what they name. Returns -1 if the connection broke. */
static int listen_wait(PGconn *c, int ms)
{
    struct notify_heard h;
    if (notify_wait(c, ms, &h) < 0)
        return -1;
    if (!atomic_load(&leading))
        return PQstatus(c) == CONNECTION_OK ? 0 : -1; /* the leader recomputes */
    if (h.all)
        recompute(c, 0); /* a failure is logged; the next change or the daily run tries again */
    for (int i = 0; !h.all && i < h.n; i++)
        recompute(c, h.ids[i]);
    return PQstatus(c) == CONNECTION_OK ? 0 : -1;
}

/* Try to take the lease on c; *standing: "standing by" was logged since the last lead; *led:
 * this instance led before. A first lead runs the leader jobs at once (their due times are still
 * 0: recompute-daily recomputes everything); a lead taken again (after the connection went)
 * recomputes what is not in line, since changes made meanwhile were not heard. Returns
 * lease_try's answer. */
static int take_lease(PGconn *c, bool *standing, bool *led)
{
    int got = lease_try(c, LEASE_BACKGROUND_KEY);
    if (got == 0 && !*standing) {
        log_job("background jobs standing by: another instance holds the lease", NULL);
        *standing = true;
    }
    if (got != 1)
        return got;
    atomic_store(&leading, true);
    log_job("background jobs leading: this instance holds the lease", NULL);
    if (*led)
        recompute(c, 0);
    *led = true;
    *standing = false;
    return 1;
}

static void *loop(void *arg)
{
    (void)arg;
    PGconn *c = NULL;
    time_t due[NJOBS + 1];
    for (size_t i = 0; i < NJOBS; i++)
        due[i] = 0;
    /* lost: a connection went away (or the first one could not be made) since the last good
     * one; waiting: that has been logged. A lost connection missed notifications, however soon
     * the next one is made: it recomputes what is not in line. */
    bool lost = false, waiting = false, standing = false, led = false;
    time_t lease_due = 0;
    while (!atomic_load(&stopping)) {
        if (!c) {
            c = pool_connect_new();
            if (!c || notify_listen(c) < 0) {
                PQfinish(c);
                c = NULL;
                if (!waiting)
                    log_job("background jobs waiting for the database", NULL);
                waiting = lost = true;
                metrics_set_database_up(false);
                for (int i = 0; i < 10 && !atomic_load(&stopping); i++)
                    nanosleep(&(struct timespec){0, 100000000}, NULL);
                continue;
            }
            if (lost)
                log_job("background jobs reconnected", NULL);
            atomic_store(&leading, false); /* a new connection holds no lock */
            lease_due = 0;
            lost = waiting = false;
        }
        time_t now = time(NULL);
        if (!atomic_load(&leading) && now >= lease_due) {
            lease_due = now + LEASE_RETRY_S;
            take_lease(c, &standing, &led);
        }
        for (size_t i = 0; i < NJOBS && !atomic_load(&stopping); i++) {
            if (now < due[i] || (jobs[i].leader && !atomic_load(&leading)))
                continue;
            if (jobs[i].run(c) < 0)
                log_job("job failed", jobs[i].name);
            due[i] = now + jobs[i].every;
        }
        if (PQstatus(c) != CONNECTION_OK || listen_wait(c, 500) < 0) {
            PQfinish(c);
            c = NULL;
            lost = true;
            if (atomic_exchange(&leading, false))
                log_job("background jobs lease lost with the connection", NULL);
        }
    }
    PQfinish(c);
    atomic_store(&leading, false);
    return NULL;
}

bool background_leading(void)
{
    return atomic_load(&leading);
}

int background_start(void)
{
    atomic_store(&stopping, false);
    if (pthread_create(&thread, NULL, loop, NULL) != 0)
        return -1;
    started = true;
    return 0;
}

void background_stop(void)
{
    if (!started)
        return;
    atomic_store(&stopping, true);
    pthread_join(thread, NULL);
    started = false;
}
