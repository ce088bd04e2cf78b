/* cmd_rates.c: `prudent rates SERIES [--from D] [--to D] [--json]`: stored observations of a
 * series, their average over the period (core/series.h's rule), and the revisions of values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h> /* optind */

#include "cli/cli.h"
#include "feed/defs.h"
#include "store/rates.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

/* Whether a feed definition names the series (so an empty answer is not an unknown name). */
static bool defined_series(const char *series)
{
    struct feed_defs defs;
    if (feed_defs_load(&defs) < 0)
        return false;
    bool found = false;
    for (int i = 0; i < defs.n; i++)
        for (int k = 0; k < defs.v[i].ncols; k++)
            found = found || strcmp(defs.v[i].cols[k].series, series) == 0;
    feed_defs_free(&defs);
    return found;
}

const char *const cmd_rates_usage[] = {
    "usage: prudent rates SERIES [--from DATE] [--to DATE] [--json]",
    "",
    "SERIES is a series name from a feed definition (bank_rate, sonia, pwlb_...).",
    "Prints the observations dated from..to and the period's average: each calendar",
    "day takes the latest observation on or before it (docs/feeds.md).",
    "",
    "  --from DATE   first date (default: 30 days before --to)",
    "  --to DATE     last date (default: today)",
    "  --json        print {\"series\", \"from\", \"to\", \"observations\": [{\"date\", \"value\"}],",
    "                \"average\", \"revisions\": [{\"date\", \"old_value\", \"new_value\",",
    "                \"revised_at\"}]} with rates as strings of percent with four decimals",
    "",
    "example: prudent rates sonia --from 2026-01-01 --to 2026-01-31 --json",
    NULL,
};

int cmd_rates(struct cli *cli, int argc, char **argv)
{
    struct period_opts po = {DATE_NONE, clock_today(), false};
    if (cli_period_opts("rates", argc, argv, &po) != EXIT_OK)
        return EXIT_BAD;
    date_t from = po.from, to = po.to;
    bool json = po.json;
    if (optind >= argc)
        return cli_usage("rates", "name a SERIES, e.g. bank_rate");
    if (optind + 1 < argc)
        return cli_usage("rates", "unexpected argument \"%s\"", argv[optind + 1]);
    const char *series = argv[optind];
    if (from == DATE_NONE)
        from = to - 30;
    if (from > to)
        return fail(EXIT_BAD, "--from is after --to");
    int known = rates_series_known(cli->db, series);
    if (known < 0)
        return EXIT_DEP;
    if (!known && !defined_series(series)) {
        error("no series \"%s\": no observations stored and no feed defines it", series);
        detail("see `prudent feeds list` for the series each feed brings");
        return EXIT_BAD;
    }
    struct rate_obs *obs;
    int n = rates_load(cli->db, series, from, to, &obs);
    if (n < 0)
        return EXIT_DEP;
    rate_t avg;
    int arc = rates_average(cli->db, series, from, to, &avg);
    if (arc < 0) {
        free(obs);
        return EXIT_DEP;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "series", series);
        json_add_date(doc, "from", from);
        json_add_date(doc, "to", to);
        cJSON *arr = cJSON_AddArrayToObject(doc, "observations");
        for (int i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            json_add_date(o, "date", obs[i].date);
            json_add_rate(o, "value", obs[i].value);
            cJSON_AddItemToArray(arr, o);
        }
        if (arc == 0)
            json_add_rate(doc, "average", avg);
        else
            cJSON_AddNullToObject(doc, "average");
        cJSON *revs = rates_revisions_json(cli->db, series, from, to);
        if (!revs) {
            cJSON_Delete(doc);
            free(obs);
            return EXIT_DEP;
        }
        cJSON_AddItemToObject(doc, "revisions", revs);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        struct table *t = table_new(2, "Date", "Rate %");
        table_align_right(t, 1);
        for (int i = 0; i < n; i++) {
            char d[DATE_BUFSZ], v[RATE_BUFSZ];
            table_row(t, date_format_iso(obs[i].date, d), rate_format(obs[i].value, 4, v));
        }
        if (n)
            table_print(t, stdout);
        else
            printf("no observations of %s in the period\n", series);
        table_free(t);
        char v[RATE_BUFSZ], f[DATE_BUFSZ], e[DATE_BUFSZ];
        if (arc == 0)
            printf("average %s to %s: %s%%\n", date_format_iso(from, f), date_format_iso(to, e),
                   rate_format(avg, 4, v));
    }
    free(obs);
    return EXIT_OK;
}
