/* cmd_authority.c: `prudent authority add|list|link|merge`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/date.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/authority.h"
#include "store/partnership.h"
#include "service/merger.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

static int authority_list(struct cli *cli, bool json)
{
    struct rows *r = authority_rows(cli->db, NULL);
    if (!r)
        return EXIT_DEP;
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "authorities");
        for (int i = 0; i < rows_count(r); i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "code", rows_get(r, i, "code"));
            cJSON_AddStringToObject(o, "name", rows_get(r, i, "name"));
            cJSON_AddItemToArray(arr, o);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else if (rows_count(r) == 0) {
        printf("no authorities yet: add one with `prudent authority add CODE --name NAME`\n");
    } else {
        struct table *t = table_new(2, "Code", "Name");
        for (int i = 0; i < rows_count(r); i++)
            table_row(t, rows_get(r, i, "code"), rows_get(r, i, "name"));
        table_print(t, stdout);
        table_free(t);
    }
    rows_free(r);
    return EXIT_OK;
}

static int authority_add_cmd(struct cli *cli, const char *code, const char *name)
{
    if (!code)
        return cli_usage("authority", "add needs a CODE");
    if (!authority_code_valid(code))
        return fail(EXIT_BAD, "authority code \"%s\" is not valid: use 2-16 of A-Z, 0-9 and '-'", code);
    if (!name || !*name)
        return cli_usage("authority", "add needs --name NAME");
    if (strlen(name) > 200)
        return fail(EXIT_BAD, "--name is longer than 200 characters");
    int rc = authority_add(cli->db, code, name, audit_cli_actor());
    if (rc < 0)
        return EXIT_DEP;
    if (rc == 1)
        return fail(EXIT_BAD, "authority %s exists already", code);
    printf("added authority %s (%s)\n", code, name);
    return EXIT_OK;
}

/* `authority link CODE --counterparty CP`: the authority is counterparty CP (partnerships). */
static int authority_link_cmd(struct cli *cli, const char *code, const char *cp)
{
    if (!code)
        return cli_usage("authority", "link needs a CODE");
    if (!cp || !*cp)
        return cli_usage("authority", "link needs --counterparty CP");
    struct authority a;
    int found = authority_find(cli->db, code, &a, NULL);
    if (found < 0)
        return EXIT_DEP;
    if (found == 0)
        return fail(EXIT_BAD, "unknown authority \"%s\" (see `prudent authority list`)", code);
    int rc = authority_link_counterparty(cli->db, &a, cp, audit_cli_actor());
    if (rc < 0)
        return EXIT_DEP;
    if (rc == 1)
        return fail(EXIT_BAD, "--counterparty: no counterparty with code \"%s\"", cp);
    printf("authority %s is counterparty %s\n", code, cp);
    return EXIT_OK;
}

/* --from A,B,...: each predecessor, known, named once, not the successor. */
static int merger_predecessors(struct cli *cli, const char *list, struct merger_request *rq)
{
    char *copy = xstrdup(list), *save = NULL;
    int rc = EXIT_OK;
    for (char *code = strtok_r(copy, ",", &save); code && rc == EXIT_OK; code = strtok_r(NULL, ",", &save)) {
        struct authority a;
        int found = authority_find(cli->db, code, &a, NULL);
        if (found < 0)
            rc = EXIT_DEP;
        else if (found == 0)
            rc = fail(EXIT_BAD, "--from: unknown authority \"%s\" (see `prudent authority list`)", code);
        else if (a.id == rq->into.id)
            rc = fail(EXIT_BAD, "--from: %s is the successor (--into)", code);
        else if (rq->nfrom == MERGER_MAX_PREDECESSORS)
            rc = fail(EXIT_BAD, "--from: more than %d authorities", MERGER_MAX_PREDECESSORS);
        for (int i = 0; rc == EXIT_OK && i < rq->nfrom; i++)
            if (rq->from[i].id == a.id)
                rc = fail(EXIT_BAD, "--from: %s is named twice", code);
        if (rc == EXIT_OK)
            rq->from[rq->nfrom++] = a;
    }
    free(copy);
    if (rc == EXIT_OK && rq->nfrom == 0)
        rc = fail(EXIT_BAD, "--from: name at least one predecessor");
    return rc;
}

static void merger_print(const cJSON *doc)
{
    const cJSON *p, *h;
    printf("merged into %s on %s:\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "successor")),
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "vesting_date")));
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "predecessors")) {
        printf("  %s: %d investments and %d loans moved", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "code")),
               cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "investments")),
               cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "loans")));
        const char *kinds[] = {"investments", "loans"};
        for (int k = 0; k < 2; k++)
            cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(p, kinds[k])) {
                const char *ref = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "ref"));
                const char *was = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "was"));
                if (strcmp(ref, was) != 0)
                    printf("; %s now %s", was, ref);
            }
        printf("\n");
    }
    const cJSON *bs = cJSON_GetObjectItemCaseSensitive(doc, "inherited_breaches");
    printf("%d inherited breach%s raised as passive alerts\n", cJSON_GetArraySize(bs),
           cJSON_GetArraySize(bs) == 1 ? "" : "es");
    cJSON_ArrayForEach(h, bs)
        printf("  %s %s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "kind")),
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "subject")));
}

/* `authority merge --into NEW --from A,B --on DATE --by NAME`. */
static int authority_merge_cmd(struct cli *cli, const char *into, const char *from, const char *on,
                               const char *by, bool json)
{
    if (!into || !from || !on)
        return cli_usage("authority", "merge needs --into NEW, --from A,B,... and --on DATE");
    struct merger_request rq = {0};
    int found = authority_find(cli->db, into, &rq.into, NULL), rc;
    if (found < 0)
        return EXIT_DEP;
    if (found == 0)
        return fail(EXIT_BAD, "--into: unknown authority \"%s\" (add the successor first: `prudent authority add`)",
                    into);
    if ((rc = cli_date("--on", on, &rq.on)) != EXIT_OK || (rc = merger_predecessors(cli, from, &rq)) != EXIT_OK)
        return rc;
    struct actor who;
    for (int i = -1; i < rq.nfrom; i++) /* an admin covering the successor and every predecessor */
        if ((rc = cli_actor(cli, i < 0 ? &rq.into : &rq.from[i], by, ROLE_ADMIN, "authority merge", &who)) != EXIT_OK)
            return rc;
    rq.by = who.name;
    cJSON *doc;
    if ((rc = merger_run(cli->db, &rq, &doc)) != EXIT_OK) {
        cJSON_Delete(doc); /* the refusal's answer: printed already */
        return rc;
    }
    if (json)
        json_print(stdout, doc);
    else
        merger_print(doc);
    cJSON_Delete(doc);
    return EXIT_OK;
}

const char *const cmd_authority_usage[] = {
    "usage: prudent authority add CODE --name NAME",
    "       prudent authority list [--json]",
    "       prudent authority link CODE --counterparty CP",
    "       prudent authority merge --into NEW --from A,B,... --on DATE --by NAME [--json]",
    "",
    "An authority is one council's book: its strategy, lending list, deals and loans.",
    "CODE is 2-16 characters of A-Z, 0-9 and '-' (e.g. OXON, WESTSHIRE-CC).",
    "",
    "  --name NAME   the authority's full name (required for add)",
    "  --json        print {\"authorities\": [{\"code\", \"name\"}]}",
    "  --counterparty CP  link: the authority is counterparty CP when other authorities lend",
    "                to it (default: the counterparty with the authority's own code); used by",
    "                partnership views to eliminate exposure between members",
    "  --into NEW    merge: the successor, added beforehand with its strategy in force on DATE",
    "  --from A,B    merge: the predecessors; everything they hold on DATE (deals, accounts,",
    "                loans) moves to NEW from DATE, keeping its ref (A-REF when NEW uses REF) and",
    "                history; their books end the day before and stay readable. Refused when a",
    "                predecessor has a booking dated on or after DATE. Breaches of NEW's lending",
    "                list on DATE are raised as passive (inherited) alerts, not refused",
    "  --on DATE     merge: the vesting day (YYYY-MM-DD)",
    "  --by NAME     merge: who merges (an admin covering every authority named)",
    "",
    "example: prudent authority add WSX --name \"Wessex County Council\"",
    "         prudent authority merge --into WSX --from ADUR,ARUN --on 2020-04-01 --by admin",
    NULL,
};

int cmd_authority(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'}, {"json", no_argument, NULL, 'j'},
        {"counterparty", required_argument, NULL, 'c'}, {"into", required_argument, NULL, 'i'},
        {"from", required_argument, NULL, 'f'}, {"on", required_argument, NULL, 'o'},
        {"by", required_argument, NULL, 'b'}, {0, 0, 0, 0}};
    const char *name = NULL, *cp = NULL, *into = NULL, *from = NULL, *on = NULL, *by = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("authority", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'n': name = optarg; break;
        case 'j': json = true; break;
        case 'c': cp = optarg; break;
        case 'i': into = optarg; break;
        case 'f': from = optarg; break;
        case 'o': on = optarg; break;
        case 'b': by = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("authority", "say add, list, link or merge");
    if (strcmp(sub, "list") == 0)
        return authority_list(cli, json);
    if (strcmp(sub, "add") == 0) {
        if (optind + 2 < argc)
            return cli_usage("authority", "unexpected argument \"%s\"", argv[optind + 2]);
        return authority_add_cmd(cli, optind + 1 < argc ? argv[optind + 1] : NULL, name);
    }
    if (strcmp(sub, "link") == 0) {
        if (optind + 2 < argc)
            return cli_usage("authority", "unexpected argument \"%s\"", argv[optind + 2]);
        return authority_link_cmd(cli, optind + 1 < argc ? argv[optind + 1] : NULL, cp);
    }
    if (strcmp(sub, "merge") == 0) {
        if (optind + 1 < argc)
            return cli_usage("authority", "unexpected argument \"%s\"", argv[optind + 1]);
        return authority_merge_cmd(cli, into, from, on, by, json);
    }
    return cli_usage("authority", "unknown subcommand \"%s\"", sub);
}
