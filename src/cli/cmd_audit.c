/* cmd_audit.c: `prudent audit verify` (is the hash-chained trail intact?) and `prudent audit log`
 * (the history of a deal, loan, counterparty or anything else, oldest first). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/db.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

static int audit_verify_cmd(struct cli *cli, bool json)
{
    struct audit_check chk;
    if (audit_verify(cli->db, &chk) < 0)
        return EXIT_DEP;
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddBoolToObject(doc, "intact", chk.bad == 0);
        cJSON_AddNumberToObject(doc, "rows", (double)chk.rows);
        cJSON_AddNumberToObject(doc, "bad_rows", (double)chk.bad);
        if (chk.bad) {
            cJSON_AddNumberToObject(doc, "first_bad_seq", (double)chk.first_bad_seq);
            cJSON_AddStringToObject(doc, "problem", chk.first_problem);
        }
        cJSON_AddStringToObject(doc, "head", chk.head_hex);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    }
    if (chk.bad) {
        error("audit trail broken at seq %ld: %s", chk.first_bad_seq, chk.first_problem);
        detail("%ld of %ld rows fail a check", chk.bad, chk.rows);
        return EXIT_NO;
    }
    if (!json)
        printf("audit trail intact: %ld rows, head %s\n", chk.rows, chk.head_hex[0] ? chk.head_hex : "(empty)");
    return EXIT_OK;
}

static int audit_log_cmd(struct cli *cli, const char *key, const char *entity, const char *authority,
                         int limit, bool json)
{
    struct rows *r = audit_entries(cli->db, key, entity, authority, limit);
    if (!r)
        return EXIT_DEP;
    int n = rows_count(r);
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "entries");
        for (int i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "seq", (double)rows_int(r, i, "seq"));
            cJSON_AddStringToObject(o, "at", rows_get(r, i, "at"));
            cJSON_AddStringToObject(o, "actor", rows_get(r, i, "actor"));
            static const char *const texts[] = {"authority", "entity", "entity_key", "action", "reason"};
            for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
                if (rows_isnull(r, i, texts[k]))
                    cJSON_AddNullToObject(o, texts[k]);
                else
                    cJSON_AddStringToObject(o, texts[k], rows_get(r, i, texts[k]));
            cJSON_AddItemToObject(o, "before", rows_isnull(r, i, "before") ? cJSON_CreateNull() : cJSON_Parse(rows_get(r, i, "before")));
            cJSON_AddItemToObject(o, "after", rows_isnull(r, i, "after") ? cJSON_CreateNull() : cJSON_Parse(rows_get(r, i, "after")));
            cJSON_AddItemToArray(arr, o);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else if (n == 0) {
        printf("no audit entries match\n");
    } else {
        struct table *t = table_new(7, "Seq", "When", "Who", "Authority", "What", "Action", "Reason");
        table_align_right(t, 0);
        for (int i = 0; i < n; i++) {
            char what[200];
            snprintf(what, sizeof what, "%s %s", rows_get(r, i, "entity"), rows_get(r, i, "entity_key"));
            table_row(t, rows_get(r, i, "seq"), rows_get(r, i, "at"), rows_get(r, i, "actor"),
                      rows_get(r, i, "authority"), what, rows_get(r, i, "action"), rows_get(r, i, "reason"));
        }
        table_print(t, stdout);
        table_free(t);
    }
    rows_free(r);
    return EXIT_OK;
}

const char *const cmd_audit_usage[] = {
    "usage: prudent audit verify [--json]",
    "       prudent audit log [KEY] [--entity ENTITY] [--authority CODE] [--limit N] [--json]",
    "",
    "Every change (deals, loans, counterparties, ratings, strategies, restrictions, users)",
    "is recorded with who, when, what, before and after, in an append-only table whose",
    "rows are chained by SHA-256: each row's hash covers its contents and the previous",
    "row's hash.",
    "",
    "  verify   recompute the chain; exit 0 when intact, 1 when a row was edited, deleted",
    "           or removed from the end (the first broken row is named)",
    "  log      the history, oldest first (the last N entries; default 200), optionally of",
    "           one KEY (a deal ref or counterparty code) or ENTITY (deal, loan, counterparty,",
    "           rating, strategy, user, authority...)",
    "",
    "example: prudent audit log D2018-041 --entity deal",
    NULL,
};

int cmd_audit(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"entity", required_argument, NULL, 'e'}, {"authority", required_argument, NULL, 'a'},
        {"limit", required_argument, NULL, 'l'},  {"json", no_argument, NULL, 'j'},
        {0, 0, 0, 0}};
    const char *entity = NULL, *authority = NULL;
    int limit = 200, ch, rc = EXIT_OK;
    bool json = false;
    optind = 1;
    while ((ch = cli_getopt("audit", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'e': entity = optarg; break;
        case 'a': authority = optarg; break;
        case 'l': rc = cli_int("--limit", optarg, 1, 1000000, &limit); break;
        case 'j': json = true; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("audit", "say verify or log");
    if (strcmp(sub, "verify") == 0) {
        if (optind + 1 < argc)
            return cli_usage("audit", "unexpected argument \"%s\"", argv[optind + 1]);
        return audit_verify_cmd(cli, json);
    }
    if (strcmp(sub, "log") == 0) {
        if (optind + 2 < argc)
            return cli_usage("audit", "unexpected argument \"%s\"", argv[optind + 2]);
        return audit_log_cmd(cli, optind + 1 < argc ? argv[optind + 1] : NULL, entity, authority, limit, json);
    }
    return cli_usage("audit", "unknown subcommand \"%s\"", sub);
}
