/* cmd_user.c: `prudent user add|list|revoke|token|approve`: the users of the HTTP API (store/user.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/user.h"
#include "util/err.h"
#include "util/errcode.h"
#include "util/json.h"
#include "util/table.h"

#define MAX_CODES 64

static int user_list(struct cli *cli, bool json)
{
    struct rows *r = user_rows(cli->db);
    if (!r)
        return EXIT_DEP;
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "users");
        for (int i = 0; i < rows_count(r); i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", rows_get(r, i, "name"));
            cJSON_AddStringToObject(o, "role", rows_get(r, i, "role"));
            cJSON *codes = cJSON_AddArrayToObject(o, "authorities");
            if (strcmp(rows_get(r, i, "all_authorities"), "t") == 0) {
                cJSON_AddItemToArray(codes, cJSON_CreateString("*"));
            } else {
                char buf[4096];
                snprintf(buf, sizeof buf, "%s", rows_get(r, i, "codes"));
                for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
                    cJSON_AddItemToArray(codes, cJSON_CreateString(t));
            }
            cJSON_AddStringToObject(o, "created_at", rows_get(r, i, "created_at"));
            cJSON_AddStringToObject(o, "created_by", rows_get(r, i, "created_by"));
            cJSON_AddBoolToObject(o, "revoked", strcmp(rows_get(r, i, "revoked"), "t") == 0);
            if (strcmp(rows_get(r, i, "pending"), "t") == 0)
                cJSON_AddBoolToObject(o, "pending", true);
            cJSON_AddItemToArray(arr, o);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else if (rows_count(r) == 0) {
        printf("no users yet: add one with `prudent user add NAME --role ROLE --authority CODE`\n");
    } else {
        struct table *t = table_new(5, "Name", "Role", "Authorities", "Created", "State");
        for (int i = 0; i < rows_count(r); i++) {
            bool all = strcmp(rows_get(r, i, "all_authorities"), "t") == 0;
            bool revoked = strcmp(rows_get(r, i, "revoked"), "t") == 0;
            bool pending = strcmp(rows_get(r, i, "pending"), "t") == 0;
            table_row(t, rows_get(r, i, "name"), rows_get(r, i, "role"), all ? "*" : rows_get(r, i, "codes"),
                      rows_get(r, i, "created_at"), revoked ? "revoked" : pending ? "pending" : "active");
        }
        table_print(t, stdout);
        table_free(t);
    }
    rows_free(r);
    return EXIT_OK;
}

/* Split "A,B" into codes[], appending; returns EXIT_OK or EXIT_BAD. */
static int add_codes(char *arg, const char **codes, int *n)
{
    for (char *save = NULL, *t = strtok_r(arg, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (strcmp(t, "*") != 0 && !authority_code_valid(t))
            return fail(EXIT_BAD, "authority code \"%s\" is not valid: use 2-16 of A-Z, 0-9 and '-'", t);
        if (*n == MAX_CODES)
            return fail(EXIT_BAD, "too many authorities (at most %d)", MAX_CODES);
        codes[(*n)++] = t;
    }
    return EXIT_OK;
}

static int user_add_cmd(struct cli *cli, const char *name, const char *role_s, const char **codes,
                        int ncodes, bool all, const char *by)
{
    enum user_role role = user_role_parse(role_s);
    if (!name)
        return cli_usage("user", "add needs a NAME");
    if (!user_name_valid(name))
        return fail(EXIT_BAD, "user name \"%s\" is not valid: use 1-64 of A-Z, a-z, 0-9, '_', '.', '@', '-'", name);
    if (!role_s)
        return cli_usage("user", "add needs --role viewer|dealer|approver|admin");
    if (role == ROLE_NONE)
        return fail(EXIT_BAD, "--role \"%s\": use viewer, dealer, approver or admin", role_s);
    for (int i = 0; i < ncodes; i++)
        if (strcmp(codes[i], "*") == 0)
            all = true;
    if (all && role != ROLE_ADMIN)
        return fail(EXIT_BAD, "only an admin may cover every authority");
    if (!all && ncodes == 0)
        return cli_usage("user", "add needs --authority CODE (or --all-authorities for an admin)");
    if (!user_name_fits(name, all, codes, all ? 0 : ncodes, false))
        return fail(EXIT_BAD, "user name \"%s\" is scoped to authority %s: give it --authority %s", name,
                    user_name_home(name), user_name_home(name));
    char token[USER_TOKEN_LEN + 1];
    int rc = user_add(cli->db, name, role, all, codes, all ? 0 : ncodes, by, token);
    if (rc < 0)
        return EXIT_DEP;
    if (rc > 0)
        return EXIT_BAD;
    printf("%s\n", token);
    return EXIT_OK;
}

const char *const cmd_user_usage[] = {
    "usage: prudent user add NAME --role viewer|dealer|approver|admin --authority CODE...",
    "       prudent user add NAME --role admin --all-authorities",
    "       prudent user list [--json]",
    "       prudent user revoke NAME",
    "       prudent user token NAME",
    "       prudent user approve NAME",
    "",
    "Users of `prudent serve` send `Authorization: Bearer TOKEN`. `add` prints the new",
    "token alone on stdout, once: only its hash is stored, so keep it. `token` issues a new",
    "token to an existing user (the old one stops working); `revoke` disables a user.",
    "Roles, each allowed what the ones before it are: viewer (read the reports), dealer",
    "(pre-deal checks, book deals), approver (approve other people's deals), admin.",
    "A user made by an admin through the API is pending (its token refused) until a second",
    "admin approves it (POST /api/v1/users/NAME/approve); `approve` here is the operator's",
    "act (the operator owns the database), recorded in the audit trail like every change.",
    "A name NAME@CODE (CODE an authority code) is scoped to that authority and must cover it;",
    "an admin of some authorities makes only such names over the API.",
    "",
    "  --role ROLE          viewer, dealer, approver or admin (required for add)",
    "  --authority CODE...  the authorities the user may act on; repeat the option, separate",
    "                       codes with commas, or list them after NAME",
    "  --all-authorities    every authority, present and future (admins only)",
    "  --by NAME            who is making the change, for the audit trail (default: login name)",
    "  --json               list: print {\"users\": [{\"name\", \"role\", \"authorities\", ...}]}",
    "",
    "example: prudent user add alice --role dealer --authority BORSET > alice.token",
    NULL,
};

int cmd_user(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, 'r'}, {"authority", required_argument, NULL, 'a'},
        {"all-authorities", no_argument, NULL, 'A'}, {"by", required_argument, NULL, 'b'},
        {"json", no_argument, NULL, 'j'}, {0, 0, 0, 0}};
    const char *role = NULL, *by = audit_cli_actor();
    const char *codes[MAX_CODES];
    int ncodes = 0, ch, rc = EXIT_OK;
    bool json = false, all = false, saw_authority = false;
    optind = 1;
    while ((ch = cli_getopt("user", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'r': role = optarg; break;
        case 'a':
            saw_authority = true;
            rc = add_codes(optarg, codes, &ncodes);
            break;
        case 'A': all = true; break;
        case 'b': by = optarg; break;
        case 'j': json = true; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("user", "say add, list, revoke, token or approve");
    const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (strcmp(sub, "list") == 0) {
        if (name)
            return cli_usage("user", "unexpected argument \"%s\"", name);
        return user_list(cli, json);
    }
    if (strcmp(sub, "add") == 0) {
        /* `--authority A B C`: the words after NAME are more authority codes. */
        for (int i = optind + 2; i < argc; i++) {
            if (!saw_authority)
                return cli_usage("user", "unexpected argument \"%s\"", argv[i]);
            if ((rc = add_codes(argv[i], codes, &ncodes)) != EXIT_OK)
                return rc;
        }
        return user_add_cmd(cli, name, role, codes, ncodes, all, by);
    }
    if (!name)
        return cli_usage("user", "%s needs a NAME", sub);
    if (optind + 2 < argc)
        return cli_usage("user", "unexpected argument \"%s\"", argv[optind + 2]);
    if (strcmp(sub, "revoke") == 0) {
        rc = user_revoke(cli->db, name, by);
        if (rc < 0)
            return EXIT_DEP;
        if (rc > 0)
            return pr_fail(PR_ERR_UNKNOWN_USER, "no active user named %s", name);
        printf("revoked user %s\n", name);
        return EXIT_OK;
    }
    if (strcmp(sub, "approve") == 0) {
        rc = user_approve(cli->db, name, NULL, by, false);
        if (rc < 0)
            return EXIT_DEP;
        if (rc > 0)
            return pr_fail(PR_ERR_UNKNOWN_USER, "no pending user named %s", name);
        printf("approved user %s\n", name);
        return EXIT_OK;
    }
    if (strcmp(sub, "token") == 0) {
        char token[USER_TOKEN_LEN + 1];
        rc = user_rotate(cli->db, name, by, token);
        if (rc < 0)
            return EXIT_DEP;
        if (rc > 0)
            return pr_fail(PR_ERR_UNKNOWN_USER, "no active user named %s", name);
        printf("%s\n", token);
        return EXIT_OK;
    }
    return cli_usage("user", "unknown subcommand \"%s\"", sub);
}
