/* cmd_partnership.c: `prudent partnership add|list|show`: authorities sharing services, viewed
 * together by `limits --partnership` and `portfolio --partnership` (docs/shared-services.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/partnership.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

const char *const cmd_partnership_usage[] = {
    "usage: prudent partnership add CODE --name NAME --members A,B,...",
    "       prudent partnership list [--json]",
    "       prudent partnership show CODE [--json]",
    "",
    "A partnership is two or more authorities sharing a treasury team while each keeps its own",
    "book, strategy and limits. `prudent limits --partnership CODE` shows their exposure",
    "combined by counterparty, each member's share beside it, with deposits and loans between",
    "members eliminated; `prudent portfolio --partnership CODE` sums their portfolios. A member",
    "is the counterparty with its own code unless `prudent authority link` says otherwise.",
    "See docs/shared-services.md.",
    "",
    "  --name NAME        the partnership's name (required for add)",
    "  --members A,B,...  the member authorities' codes, at least two (required for add)",
    "  --json             list: {\"partnerships\": [{\"code\", \"name\", \"members\": [...]}]}",
    "                     show: {\"code\", \"name\", \"added_by\", \"added_at\", \"members\": [{\"code\",",
    "                     \"name\", \"counterparty\", \"linked\", \"added_by\", \"added_at\"}]}: each member",
    "                     with the counterparty it is (\"linked\": by `prudent authority link`, else",
    "                     the counterparty of its own code)",
    "",
    "example: prudent partnership add DIST4 --name \"Four Districts\" --members ADUR,WORTHING",
    NULL,
};

#define MAX_MEMBERS 64

/* Resolve each comma-separated code of list into ids[]. Returns EXIT_OK and *n, or EXIT_BAD
 * naming the first unknown or repeated member, or EXIT_DEP. */
static int resolve_members(struct cli *cli, const char *list, int64_t *ids, int *n)
{
    char *copy = xstrdup(list), *save = NULL;
    int rc = EXIT_OK;
    *n = 0;
    for (char *code = strtok_r(copy, ",", &save); code && rc == EXIT_OK; code = strtok_r(NULL, ",", &save)) {
        struct authority a;
        int found = authority_find(cli->db, code, &a, NULL);
        if (found < 0)
            rc = EXIT_DEP;
        else if (found == 0)
            rc = fail(EXIT_BAD, "--members: unknown authority \"%s\" (see `prudent authority list`)", code);
        else if (*n == MAX_MEMBERS)
            rc = fail(EXIT_BAD, "--members: more than %d authorities", MAX_MEMBERS);
        for (int i = 0; rc == EXIT_OK && i < *n; i++)
            if (ids[i] == a.id)
                rc = fail(EXIT_BAD, "--members: %s is named twice", code);
        if (rc == EXIT_OK)
            ids[(*n)++] = a.id;
    }
    free(copy);
    if (rc == EXIT_OK && *n < 2)
        rc = fail(EXIT_BAD, "--members: a partnership needs at least two authorities");
    return rc;
}

static int partnership_add_cmd(struct cli *cli, const char *code, const char *name, const char *members)
{
    if (!code)
        return cli_usage("partnership", "add needs a CODE");
    if (!authority_code_valid(code))
        return fail(EXIT_BAD, "partnership code \"%s\" is not valid: use 2-16 of A-Z, 0-9 and '-'", code);
    if (!name || !*name)
        return cli_usage("partnership", "add needs --name NAME");
    if (strlen(name) > 200)
        return fail(EXIT_BAD, "--name is longer than 200 characters");
    if (!members)
        return cli_usage("partnership", "add needs --members A,B,...");
    int64_t ids[MAX_MEMBERS];
    int n, rc = resolve_members(cli, members, ids, &n);
    if (rc != EXIT_OK)
        return rc;
    rc = partnership_add(cli->db, code, name, ids, n, audit_cli_actor());
    if (rc < 0)
        return EXIT_DEP;
    if (rc == 1)
        return fail(EXIT_BAD, "partnership %s exists already", code);
    printf("added partnership %s (%s) of %d members\n", code, name, n);
    return EXIT_OK;
}

static int partnership_list(struct cli *cli, bool json)
{
    struct rows *r = partnership_rows(cli->db);
    if (!r)
        return EXIT_DEP;
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "partnerships");
        for (int i = 0; i < rows_count(r); i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "code", rows_get(r, i, "code"));
            cJSON_AddStringToObject(o, "name", rows_get(r, i, "name"));
            cJSON *ms = cJSON_AddArrayToObject(o, "members");
            char *copy = xstrdup(rows_get(r, i, "members")), *save = NULL;
            for (char *m = strtok_r(copy, ",", &save); m; m = strtok_r(NULL, ",", &save))
                cJSON_AddItemToArray(ms, cJSON_CreateString(m));
            free(copy);
            cJSON_AddItemToArray(arr, o);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else if (rows_count(r) == 0) {
        printf("no partnerships yet: add one with `prudent partnership add CODE --name NAME --members A,B`\n");
    } else {
        struct table *t = table_new(3, "Code", "Name", "Members");
        for (int i = 0; i < rows_count(r); i++)
            table_row(t, rows_get(r, i, "code"), rows_get(r, i, "name"), rows_get(r, i, "members"));
        table_print(t, stdout);
        table_free(t);
    }
    rows_free(r);
    return EXIT_OK;
}

static cJSON *detail_json(const struct rows *r)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "code", rows_get(r, 0, "partnership"));
    cJSON_AddStringToObject(doc, "name", rows_get(r, 0, "partnership_name"));
    cJSON_AddStringToObject(doc, "added_by", rows_get(r, 0, "added_by"));
    cJSON_AddStringToObject(doc, "added_at", rows_get(r, 0, "added_at"));
    cJSON *ms = cJSON_AddArrayToObject(doc, "members");
    for (int i = 0; i < rows_count(r); i++) {
        if (!*rows_get(r, i, "code"))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", rows_get(r, i, "code"));
        cJSON_AddStringToObject(o, "name", rows_get(r, i, "name"));
        cJSON_AddStringToObject(o, "counterparty", rows_get(r, i, "counterparty"));
        cJSON_AddBoolToObject(o, "linked", strcmp(rows_get(r, i, "how"), "linked") == 0);
        cJSON_AddStringToObject(o, "added_by", rows_get(r, i, "entered_by"));
        cJSON_AddStringToObject(o, "added_at", rows_get(r, i, "entered_at"));
        cJSON_AddItemToArray(ms, o);
    }
    return doc;
}

static void detail_text(const struct rows *r)
{
    printf("Partnership %s: %s\nadded by %s at %s\n\n", rows_get(r, 0, "partnership"), rows_get(r, 0, "partnership_name"),
           rows_get(r, 0, "added_by"), rows_get(r, 0, "added_at"));
    struct table *t = table_new(5, "Member", "Name", "Counterparty", "Added by", "Added at");
    for (int i = 0; i < rows_count(r); i++) {
        if (!*rows_get(r, i, "code"))
            continue;
        char cp[CODE_MAX + 16];
        snprintf(cp, sizeof cp, "%s (%s)", rows_get(r, i, "counterparty"), rows_get(r, i, "how"));
        table_row(t, rows_get(r, i, "code"), rows_get(r, i, "name"), cp, rows_get(r, i, "entered_by"),
                  rows_get(r, i, "entered_at"));
    }
    table_print(t, stdout);
    table_free(t);
}

static int partnership_show(struct cli *cli, const char *code, bool json)
{
    if (!code)
        return cli_usage("partnership", "show needs a CODE");
    struct rows *r = partnership_detail_rows(cli->db, code);
    if (!r)
        return EXIT_DEP;
    int rc = EXIT_OK;
    if (rows_count(r) == 0) {
        rc = fail(EXIT_BAD, "unknown partnership \"%s\" (see `prudent partnership list`)", code);
    } else if (json) {
        cJSON *doc = detail_json(r);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        detail_text(r);
    }
    rows_free(r);
    return rc;
}

int cmd_partnership(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                         {"members", required_argument, NULL, 'm'},
                                         {"json", no_argument, NULL, 'j'},
                                         {0, 0, 0, 0}};
    const char *name = NULL, *members = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("partnership", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'n': name = optarg; break;
        case 'm': members = optarg; break;
        case 'j': json = true; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("partnership", "say add, list or show");
    if (strcmp(sub, "list") == 0)
        return optind + 1 < argc ? cli_usage("partnership", "unexpected argument \"%s\"", argv[optind + 1])
                                 : partnership_list(cli, json);
    if (strcmp(sub, "show") == 0) {
        if (optind + 2 < argc)
            return cli_usage("partnership", "unexpected argument \"%s\"", argv[optind + 2]);
        return partnership_show(cli, optind + 1 < argc ? argv[optind + 1] : NULL, json);
    }
    if (strcmp(sub, "add") == 0) {
        if (optind + 2 < argc)
            return cli_usage("partnership", "unexpected argument \"%s\"", argv[optind + 2]);
        return partnership_add_cmd(cli, optind + 1 < argc ? argv[optind + 1] : NULL, name, members);
    }
    return cli_usage("partnership", "unknown subcommand \"%s\"", sub);
}
