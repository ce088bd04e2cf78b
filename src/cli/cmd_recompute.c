/* cmd_recompute.c: `prudent recompute [--as-of D] [--authority CODE] [--jobs N] [--json]`:
 * evaluate every rule for every authority (or one) and raise or resolve alerts
 * (service/recompute.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/authority.h"
#include "store/db.h"
#include "service/recompute.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"

const char *const cmd_recompute_usage[] = {
    "usage: prudent recompute [--as-of DATE] [--authority CODE] [--jobs N] [--json]",
    "",
    "Evaluates every rule for every authority (or one) at the as-of date (default today) and",
    "brings the alerts into line, one transaction per authority: each breach raises one alert",
    "per kind and subject (passive ones flagged), however often it runs; an alert whose",
    "condition cleared is resolved. The service does this by itself whenever data changes.",
    "",
    "  --jobs N   database connections working at once (1-16; default: the number of cpus,",
    "             at most 4); each takes at least 64 authorities, so small runs use one",
    "",
    "example: prudent recompute --as-of 2018-03-31",
    NULL,
};

int cmd_recompute(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {"as-of", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"jobs", required_argument, NULL, 'J'},
                                         {0, 0, 0, 0}};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = cpus < 1 ? 1 : cpus > 4 ? 4 : (int)cpus;
    date_t as_of = clock_today();
    const char *authority = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("recompute", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'd': rc = cli_date("--as-of", optarg, &as_of); break;
        case 'j': json = true; break;
        case 'J': rc = cli_int("--jobs", optarg, 1, 16, &jobs); break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (optind < argc)
        return cli_usage("recompute", "unexpected argument \"%s\"", argv[optind]);
    struct rows *r = authority_rows(cli->db, authority);
    if (!r)
        return EXIT_DEP;
    if (authority && rows_count(r) == 0) {
        rows_free(r);
        return fail(EXIT_BAD, "no authority %s", authority);
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", as_of);
    cJSON *arr = cJSON_AddArrayToObject(doc, "authorities");
    int n = rows_count(r);
    int64_t *ids = xcalloc(n ? (unsigned long)n : 1, sizeof *ids);
    struct recompute_stats *all = xcalloc(n ? (unsigned long)n : 1, sizeof *all);
    for (int i = 0; i < n; i++)
        ids[i] = rows_int(r, i, "id");
    /* each authority in its own transaction, the shared counterparties and ratings loaded once
     * per connection */
    if (recompute_list_parallel(cli->db, ids, n, as_of, all, jobs) < 0)
        rc = EXIT_DEP;
    for (int i = 0; i < n && rc == EXIT_OK; i++) {
        const struct recompute_stats st = all[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", rows_get(r, i, "code"));
        cJSON_AddNumberToObject(o, "breaches", st.breaches);
        cJSON_AddNumberToObject(o, "raised", st.raised);
        cJSON_AddNumberToObject(o, "resolved", st.resolved);
        cJSON_AddItemToArray(arr, o);
        if (!json)
            printf("%s: %d breach%s, %d alert%s raised, %d resolved\n", rows_get(r, i, "code"), st.breaches,
                   st.breaches == 1 ? "" : "es", st.raised, st.raised == 1 ? "" : "s", st.resolved);
    }
    rows_free(r);
    free(ids);
    free(all);
    if (json && rc == EXIT_OK)
        json_print(stdout, doc);
    cJSON_Delete(doc);
    return rc;
}
