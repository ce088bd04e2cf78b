/* cmd_strategy.c: `prudent strategy list|show`: the versions of an authority's strategy, and the
 * one in force at a date as its canonical document (core/strategy_json.h). Importing is
 * `prudent import strategy`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/strategy_json.h"
#include "store/strategy.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

static int list(struct cli *cli, const struct authority *a, bool json)
{
    struct strategy_version *v;
    int n = strategy_versions(cli->db, a->id, &v);
    if (n < 0)
        return EXIT_DEP;
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ];
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON *arr = cJSON_AddArrayToObject(doc, "strategies");
        for (int i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            json_add_date(o, "effective_from", v[i].effective_from);
            cJSON_AddStringToObject(o, "approved_by", v[i].approved_by);
            json_add_date(o, "approved_on", v[i].approved_on);
            cJSON_AddStringToObject(o, "reference", v[i].reference);
            cJSON_AddItemToArray(arr, o);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else if (n == 0) {
        printf("%s has no strategy yet (prudent import strategy FILE.json)\n", a->code);
    } else {
        struct table *t = table_new(4, "Effective from", "Approved by", "On", "Reference");
        for (int i = 0; i < n; i++)
            table_row(t, date_format_iso(v[i].effective_from, d1), v[i].approved_by,
                      v[i].approved_on == DATE_NONE ? "" : date_format_iso(v[i].approved_on, d2),
                      v[i].reference);
        table_print(t, stdout);
        table_free(t);
    }
    free(v);
    return EXIT_OK;
}

static int show(struct cli *cli, const struct authority *a, date_t as_of)
{
    struct strategy *s = xmalloc(sizeof *s);
    int found = strategy_load_at(cli->db, a->id, as_of, s);
    int rc = EXIT_OK;
    char d[DATE_BUFSZ];
    if (found < 0) {
        rc = EXIT_DEP;
    } else if (found == 0) {
        rc = fail(EXIT_BAD, "%s has no strategy in force at %s", a->code, date_format_iso(as_of, d));
    } else {
        cJSON *doc = strategy_to_json(s);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    }
    free(s);
    return rc;
}

const char *const cmd_strategy_usage[] = {
    "usage: prudent strategy list [--authority CODE] [--json]",
    "       prudent strategy show [--as-of DATE] [--authority CODE]",
    "",
    "A strategy is imported with `prudent import strategy FILE.json` and is in force from its",
    "effective_from until the next version's (docs/strategy.md).",
    "",
    "  list              every version: effective from, approved by, on, reference",
    "                    (--json: {\"strategies\": [{\"effective_from\", \"approved_by\",",
    "                    \"approved_on\", \"reference\"}]})",
    "  show              the version in force at --as-of (default today), as its canonical",
    "                    JSON document with every default spelled out",
    "",
    "example: prudent strategy show --as-of 2018-03-31 --authority BORSET",
    NULL,
};

int cmd_strategy(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {"as-of", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {0, 0, 0, 0}};
    const char *authority = NULL;
    date_t as_of = clock_today();
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("strategy", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'd': rc = cli_date("--as-of", optarg, &as_of); break;
        case 'j': json = true; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (argc - optind != 1 || (strcmp(argv[optind], "list") != 0 && strcmp(argv[optind], "show") != 0))
        return cli_usage("strategy", "say list or show");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    return strcmp(argv[optind], "list") == 0 ? list(cli, &a, json) : show(cli, &a, as_of);
}
