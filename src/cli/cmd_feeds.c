/* cmd_feeds.c: `prudent feeds poll [NAME...] [--due]` and `prudent feeds list [--json]`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "feed/defs.h"
#include "feed/poll.h"
#include "service/recompute.h"
#include "store/db.h"
#include "store/feeds.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

static void print_outcome(const struct feed_def *def, const struct poll_outcome *o)
{
    if (o->not_modified)
        printf("%s: not modified since the last poll\n", def->name);
    else if (def->format == FEED_GOVUK_BANK_HOLIDAYS)
        printf("%s: %d holidays (%d added or retitled, %d removed)\n", def->name, o->nhols,
               o->counts.hol_added, o->counts.hol_removed);
    else
        printf("%s: %d observations (%d new, %d revised)\n", def->name, o->nobs, o->counts.inserted,
               o->counts.revised);
    if (o->nstale > 0)
        warning("feed %s: %d series not updated within %s (feed.stale raised)", def->name,
                o->nstale, def->stale_text);
}

/* Whether a feed stores PWLB premature repayment rates (the discount watch reads them). */
static bool carries_repayment_rates(const struct feed_def *def)
{
    for (int i = 0; i < def->ncols; i++)
        if (strncmp(def->cols[i].series, "pwlb_repayment_", 15) == 0)
            return true;
    return false;
}

/* New repayment rates change the discount watch (sql/110 marks every authority changed): bring
 * the alerts into line now, as the service does when it hears of the change. */
static int recompute_after(struct cli *cli)
{
    if (recompute_stale(cli->db, 0, clock_today()) < 0)
        return fail(EXIT_DEP, "the rates were stored, but the alerts could not be recomputed");
    return EXIT_OK;
}

static int feeds_poll(struct cli *cli, const struct feed_defs *defs, char **names, int nnames,
                      bool due)
{
    if (due) {
        int n = feeds_poll_due(cli->db);
        if (n < 0)
            return EXIT_DEP;
        if (recompute_after(cli) != EXIT_OK)
            return EXIT_DEP;
        if (n > 0)
            return EXIT_DEP;
        printf("due feeds polled\n");
        return EXIT_OK;
    }
    for (int i = 0; i < nnames; i++)
        if (!feed_defs_find(defs, names[i])) {
            error("no feed named \"%s\" in %s", names[i], defs->dir);
            detail("see `prudent feeds list`");
            return EXIT_BAD;
        }
    if (defs->n == 0)
        return fail(EXIT_BAD, "no feed definitions in %s", defs->dir);
    int rc = EXIT_OK;
    for (int i = 0; i < defs->n; i++) {
        const struct feed_def *def = &defs->v[i];
        bool wanted = nnames == 0;
        for (int k = 0; k < nnames; k++)
            wanted = wanted || strcmp(names[k], def->name) == 0;
        if (!wanted)
            continue;
        struct poll_outcome o;
        int prc = feed_poll(cli->db, def, &o);
        if (prc < 0)
            return EXIT_DEP;
        if (prc > 0) {
            error("feed %s failed: %s", def->name, o.error);
            detail("nothing from this answer was stored; feed.failed raised");
            rc = EXIT_DEP;
            continue;
        }
        print_outcome(def, &o);
        if (o.counts.inserted + o.counts.revised > 0 && carries_repayment_rates(def) && recompute_after(cli) != EXIT_OK)
            rc = EXIT_DEP;
    }
    return rc;
}

static const char *text_or_null(const struct rows *r, int row, const char *col)
{
    return r && row >= 0 ? rows_text(r, row, col) : NULL;
}

static void add_str_or_null(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static int feeds_list(struct cli *cli, const struct feed_defs *defs, bool json)
{
    struct rows *r = feed_states(cli->db);
    if (!r)
        return EXIT_DEP;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "folder", defs->dir);
    cJSON *arr = cJSON_AddArrayToObject(doc, "feeds");
    struct table *t = table_new(6, "Feed", "Format", "Every", "Last success", "Last failure", "Error");
    for (int i = 0; i < defs->n; i++) {
        const struct feed_def *def = &defs->v[i];
        int row = -1;
        for (int k = 0; k < rows_count(r); k++)
            if (strcmp(rows_get(r, k, "name"), def->name) == 0)
                row = k;
        const char *ok = text_or_null(r, row, "last_success");
        const char *bad = text_or_null(r, row, "last_failure");
        const char *err = text_or_null(r, row, "error");
        const char *status = row < 0 ? "never polled" : err ? "failed" : "ok";
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", def->name);
        cJSON_AddStringToObject(o, "format", feed_format_name(def->format));
        cJSON_AddStringToObject(o, "url", def->url);
        cJSON_AddStringToObject(o, "every", def->every_text);
        add_str_or_null(o, "stale", def->stale_text[0] ? def->stale_text : NULL);
        cJSON *series = cJSON_AddObjectToObject(o, "series");
        for (int k = 0; k < def->ncols; k++)
            cJSON_AddStringToObject(series, def->cols[k].source, def->cols[k].series);
        cJSON_AddStringToObject(o, "status", status);
        add_str_or_null(o, "last_attempt", text_or_null(r, row, "last_attempt"));
        add_str_or_null(o, "last_success", ok);
        add_str_or_null(o, "last_failure", bad);
        add_str_or_null(o, "error", err);
        add_str_or_null(o, "last_error", text_or_null(r, row, "last_error"));
        if (row >= 0)
            cJSON_AddNumberToObject(o, "observations", (double)rows_int(r, row, "observations"));
        cJSON_AddItemToArray(arr, o);
        table_row(t, def->name, feed_format_name(def->format), def->every_text, ok ? ok : "never",
                  bad ? bad : "", err ? err : "");
    }
    rows_free(r);
    if (json)
        json_print(stdout, doc);
    else if (defs->n == 0)
        printf("no feed definitions in %s\n", defs->dir);
    else
        table_print(t, stdout);
    table_free(t);
    cJSON_Delete(doc);
    return EXIT_OK;
}

const char *const cmd_feeds_usage[] = {
    "usage: prudent feeds poll [NAME...] [--due]",
    "       prudent feeds list [--json]",
    "",
    "Feeds are JSON definitions in the feeds folder ($PRUDENT_FEEDS, else feeds/ beside",
    "bin/, else /usr/local/share/prudent/feeds): the Bank of England's Bank Rate and SONIA,",
    "GOV.UK's bank holidays, and PWLB rates saved by hand (docs/feeds.md).",
    "",
    "  poll      poll the named feeds (all when none is named) now. A failed poll (network,",
    "            HTTP error, HTML page, garbled or truncated answer, wrong header) stores",
    "            nothing from that answer, records the error, raises feed.failed and makes",
    "            the exit status 3. Re-polling the same answer changes nothing.",
    "  --due     poll only the feeds whose interval (\"every\") has passed (for cron)",
    "  list      each feed's last success, last failure and current error",
    "  --json    list as {\"folder\", \"feeds\": [{\"name\", \"format\", \"url\", \"every\",",
    "            \"series\", \"status\", \"last_success\", \"last_failure\", \"error\", ...}]}",
    "",
    "example: prudent feeds poll boe && prudent feeds list",
    NULL,
};

int cmd_feeds(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'}, {"due", no_argument, NULL, 'd'}, {0, 0, 0, 0}};
    bool json = false, due = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("feeds", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'j': json = true; break;
        case 'd': due = true; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("feeds", "say poll or list");
    struct feed_defs defs;
    if (strcmp(sub, "poll") != 0 && strcmp(sub, "list") != 0)
        return cli_usage("feeds", "unknown subcommand \"%s\"", sub);
    if (strcmp(sub, "list") == 0 && optind + 1 < argc)
        return cli_usage("feeds", "unexpected argument \"%s\"", argv[optind + 1]);
    if (due && optind + 1 < argc)
        return cli_usage("feeds", "--due polls every due feed: name none");
    if (feed_defs_load(&defs) < 0)
        return EXIT_BAD;
    if (strcmp(sub, "list") == 0)
        rc = feeds_list(cli, &defs, json);
    else
        rc = feeds_poll(cli, &defs, argv + optind + 1, argc - optind - 1, due);
    feed_defs_free(&defs);
    return rc;
}
