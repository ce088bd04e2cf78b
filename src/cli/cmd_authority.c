/* cmd_authority.c: `prudent authority add|list|link`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/authority.h"
#include "store/partnership.h"
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

const char *const cmd_authority_usage[] = {
    "usage: prudent authority add CODE --name NAME",
    "       prudent authority list [--json]",
    "       prudent authority link CODE --counterparty CP",
    "",
    "An authority is one council's book: its strategy, lending list, deals and loans.",
    "CODE is 2-16 characters of A-Z, 0-9 and '-' (e.g. OXON, WESTSHIRE-CC).",
    "",
    "  --name NAME   the authority's full name (required for add)",
    "  --json        print {\"authorities\": [{\"code\", \"name\"}]}",
    "  --counterparty CP  link: the authority is counterparty CP when other authorities lend",
    "                to it (default: the counterparty with the authority's own code); used by",
    "                partnership views to eliminate exposure between members",
    "",
    "example: prudent authority add WSX --name \"Wessex County Council\"",
    NULL,
};

int cmd_authority(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'}, {"json", no_argument, NULL, 'j'},
        {"counterparty", required_argument, NULL, 'c'}, {0, 0, 0, 0}};
    const char *name = NULL, *cp = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("authority", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'n': name = optarg; break;
        case 'j': json = true; break;
        case 'c': cp = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("authority", "say add, list or link");
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
    return cli_usage("authority", "unknown subcommand \"%s\"", sub);
}
