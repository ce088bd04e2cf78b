/* cmd_partnership.c: `prudent partnership add|list|show|members`: authorities sharing services,
 * viewed together by `limits --partnership` and `portfolio --partnership`, and their members
 * changing from a date (docs/shared-services.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/partnership.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/partnership.h"

const char *const cmd_partnership_usage[] = {
    "usage: prudent partnership add CODE --name NAME --members A,B,... [--from DATE]",
    "       prudent partnership list [--json]",
    "       prudent partnership show CODE [--as-of DATE] [--as-known-at TIME] [--json]",
    "       prudent partnership members CODE [--add A,B] [--remove C] --from DATE --reason TEXT",
    "                                   [--by NAME] [--json]",
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
    "  --from DATE        add: the day the partnership began (default: not said, the members",
    "                     count on every date); members: the first day of the change",
    "  --as-of DATE       show: the members of that date (default today)",
    "  --as-known-at TIME show: the members as the database knew them then (ISO 8601)",
    "",
    "members records a change of members from a date: --add the authorities joining, --remove",
    "those leaving (at least one of the two), a new row each, never an update, with who (--by,",
    "or the token's user) and why (--reason, required), in the audit trail like add. Every",
    "partnership figure at a date counts the members of that date (docs/shared-services.md).",
    "Refused, nothing written: an unknown authority, adding a member already in on --from,",
    "removing one who is not, a date before the partnership began, and leaving fewer than two",
    "members on --from or on the date of any later change.",
    "  --json             list: {\"partnerships\": [{\"code\", \"name\", \"members\": [...]}]}",
    "                     show: {\"code\", \"name\", \"added_by\", \"added_at\", \"members\": [{\"code\",",
    "                     \"name\", \"counterparty\", \"linked\", \"added_by\", \"added_at\"}]}: each member",
    "                     with the counterparty it is (\"linked\": by `prudent authority link`, else",
    "                     the counterparty of its own code); with member changes recorded also",
    "                     \"began\" and \"changes\": [{\"member\", \"change\": \"join\"|\"leave\",",
    "                     \"from\", \"reason\", \"entered_by\", \"entered_at\"}]",
    "                     members: {\"partnership\", \"from\", \"joined\": [...], \"left\": [...],",
    "                     \"members\": [the members on --from]}",
    "",
    "example: prudent partnership add DIST4 --name \"Four Districts\" --members ADUR,WORTHING",
    "         prudent partnership members DIST4 --add ARUN --from 2018-10-01 --reason \"joined the team\"",
    NULL,
};

#define MAX_MEMBERS 64

/* Resolve each comma-separated code of list (the value of option opt) into ids[] (and, when
 * as is not NULL, the authorities into as[]). Returns EXIT_OK and *n, or EXIT_BAD naming the
 * first unknown or repeated member, or EXIT_DEP. */
static int resolve_list(struct cli *cli, const char *opt, const char *list, int64_t *ids, struct authority *as, int *n)
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
            rc = fail(EXIT_BAD, "%s: unknown authority \"%s\" (see `prudent authority list`)", opt, code);
        else if (*n == MAX_MEMBERS)
            rc = fail(EXIT_BAD, "%s: more than %d authorities", opt, MAX_MEMBERS);
        for (int i = 0; rc == EXIT_OK && i < *n; i++)
            if (ids[i] == a.id)
                rc = fail(EXIT_BAD, "%s: %s is named twice", opt, code);
        if (rc == EXIT_OK && as)
            as[*n] = a;
        if (rc == EXIT_OK)
            ids[(*n)++] = a.id;
    }
    free(copy);
    return rc;
}

static int resolve_members(struct cli *cli, const char *list, int64_t *ids, int *n)
{
    int rc = resolve_list(cli, "--members", list, ids, NULL, n);
    if (rc == EXIT_OK && *n < 2)
        rc = fail(EXIT_BAD, "--members: a partnership needs at least two authorities");
    return rc;
}

static int partnership_add_cmd(struct cli *cli, const char *code, const char *name, const char *members,
                               date_t began)
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
    rc = partnership_add(cli->db, code, name, ids, n, began, audit_cli_actor());
    if (rc < 0)
        return EXIT_DEP;
    if (rc == 1)
        return fail(EXIT_BAD, "partnership %s exists already", code);
    printf("added partnership %s (%s) of %d members\n", code, name, n);
    return EXIT_OK;
}

static int partnership_list(struct cli *cli, bool json)
{
    struct rows *r = partnership_rows(cli->db, clock_today());
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

static void changes_text(const struct rows *r, const struct rows *ch)
{
    if (*rows_get(r, 0, "began"))
        printf("\nbegan on %s\n", rows_get(r, 0, "began"));
    if (rows_count(ch) == 0)
        return;
    printf("\nMember changes\n");
    struct table *t = table_new(6, "From", "Member", "Change", "Reason", "By", "Entered at");
    for (int i = 0; i < rows_count(ch); i++)
        table_row(t, rows_get(ch, i, "valid_from"), rows_get(ch, i, "code"), rows_get(ch, i, "change"),
                  rows_get(ch, i, "reason"), rows_get(ch, i, "entered_by"), rows_get(ch, i, "entered_at"));
    table_print(t, stdout);
    table_free(t);
}

static void detail_text(const struct rows *r, const struct rows *ch)
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
    if (view_partnership_has_history(r, ch))
        changes_text(r, ch);
}

/* `partnership show CODE`: its members on day (as known at known_at, NULL: now). */
static int partnership_show(struct cli *cli, const char *code, date_t day, const char *known_at, bool json)
{
    if (!code)
        return cli_usage("partnership", "show needs a CODE");
    int rc = cli_as_known_at(cli, known_at);
    if (rc != EXIT_OK)
        return rc;
    struct rows *r = partnership_detail_rows(cli->db, code, day);
    struct rows *ch = r ? partnership_change_rows(cli->db, code) : NULL;
    if (!r || !ch) {
        rows_free(r);
        return EXIT_DEP;
    }
    if (rows_count(r) == 0) {
        rc = fail(EXIT_BAD, "unknown partnership \"%s\" (see `prudent partnership list`)", code);
    } else if (json) {
        cJSON *doc = view_partnership_show(r, ch);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        detail_text(r, ch);
    }
    rows_free(ch);
    rows_free(r);
    return rc;
}

/* The options of `partnership members`. */
struct members_opts {
    const char *add, *remove, *by, *reason;
    date_t from;
    bool json;
};

/* Resolve --add and --remove into v[] (joiners first): EXIT_OK and *n, else EXIT_BAD / EXIT_DEP. */
static int resolve_changes(struct cli *cli, const struct members_opts *o, struct authority *as,
                           struct partnership_change *v, int *n)
{
    int64_t ids[2 * MAX_MEMBERS];
    int na = 0, nr = 0, rc = EXIT_OK;
    if (o->add)
        rc = resolve_list(cli, "--add", o->add, ids, as, &na);
    if (rc == EXIT_OK && o->remove)
        rc = resolve_list(cli, "--remove", o->remove, ids + na, as + na, &nr);
    for (int i = 0; rc == EXIT_OK && i < na; i++)
        for (int k = 0; k < nr; k++)
            if (ids[i] == ids[na + k])
                rc = fail(EXIT_BAD, "%s is named in both --add and --remove", as[i].code);
    for (int i = 0; rc == EXIT_OK && i < na + nr; i++)
        v[i] = (struct partnership_change){.authority_id = ids[i], .code = as[i].code, .join = i < na};
    *n = na + nr;
    return rc;
}

static void members_print(const struct partnership *after, const struct partnership_change *v, int n, date_t from,
                          bool json)
{
    char d[DATE_BUFSZ];
    date_format_iso(from, d);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "partnership", after->code);
    cJSON_AddStringToObject(doc, "from", d);
    cJSON *joined = cJSON_AddArrayToObject(doc, "joined"), *left = cJSON_AddArrayToObject(doc, "left");
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(v[i].join ? joined : left, cJSON_CreateString(v[i].code));
    cJSON *ms = cJSON_AddArrayToObject(doc, "members");
    for (int i = 0; i < after->nmembers; i++)
        cJSON_AddItemToArray(ms, cJSON_CreateString(after->members[i].a.code));
    if (json) {
        json_print(stdout, doc);
    } else {
        printf("partnership %s from %s:", after->code, d);
        for (int i = 0; i < n; i++)
            printf(" %s %s%s", v[i].code, v[i].join ? "joins" : "leaves", i + 1 < n ? "," : "");
        printf("\nmembers from %s:", d);
        for (int i = 0; i < after->nmembers; i++)
            printf(" %s", after->members[i].a.code);
        printf("\n");
    }
    cJSON_Delete(doc);
}

/* `partnership members CODE --add A --remove B --from DATE --reason TEXT [--by NAME]`. */
static int partnership_members(struct cli *cli, const char *code, const struct members_opts *o)
{
    if (!code)
        return cli_usage("partnership", "members needs a CODE");
    if (!o->add && !o->remove)
        return cli_usage("partnership", "members needs --add A,B or --remove C (or both)");
    if (o->from == DATE_NONE)
        return cli_usage("partnership", "members needs --from DATE (the first day of the change)");
    if (!o->reason || !*o->reason)
        return cli_usage("partnership", "members needs --reason TEXT");
    if (strlen(o->reason) > 500)
        return fail(EXIT_BAD, "--reason is longer than 500 characters");
    struct authority as[2 * MAX_MEMBERS];
    struct partnership_change v[2 * MAX_MEMBERS];
    int n, rc = resolve_changes(cli, o, as, v, &n);
    struct actor who;
    for (int i = 0; rc == EXIT_OK && i < n; i++) /* an admin of every authority joining or leaving */
        rc = cli_actor(cli, &as[i], o->by, ROLE_ADMIN, "partnership members", &who);
    if (rc != EXIT_OK)
        return rc;
    struct partnership p;
    int found = partnership_find(cli->db, code, o->from, o->from, &p);
    if (found < 0)
        return EXIT_DEP;
    if (found == 0)
        return fail(EXIT_BAD, "unknown partnership \"%s\" (see `prudent partnership list`)", code);
    int done = partnership_change(cli->db, &p, v, n, o->from, o->reason, who.name);
    partnership_free(&p);
    if (done != 0)
        return done == 1 ? EXIT_BAD : EXIT_DEP;
    if (partnership_find(cli->db, code, o->from, o->from, &p) != 1)
        return EXIT_DEP;
    members_print(&p, v, n, o->from, o->json);
    partnership_free(&p);
    return EXIT_OK;
}

int cmd_partnership(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                         {"members", required_argument, NULL, 'm'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"as-of", required_argument, NULL, 'd'},
                                         {"as-known-at", required_argument, NULL, 'K'},
                                         {"add", required_argument, NULL, 'A'},
                                         {"remove", required_argument, NULL, 'R'},
                                         {"by", required_argument, NULL, 'b'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {0, 0, 0, 0}};
    const char *name = NULL, *members = NULL, *known_at = NULL;
    struct members_opts mo = {.from = DATE_NONE};
    date_t as_of = clock_today();
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("partnership", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'n': name = optarg; break;
        case 'm': members = optarg; break;
        case 'j': json = mo.json = true; break;
        case 'f': rc = cli_date("--from", optarg, &mo.from); break;
        case 'd': rc = cli_date("--as-of", optarg, &as_of); break;
        case 'K': rc = cli_moment("--as-known-at", known_at = optarg); break;
        case 'A': mo.add = optarg; break;
        case 'R': mo.remove = optarg; break;
        case 'b': mo.by = optarg; break;
        case 'r': mo.reason = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("partnership", "say add, list, show or members");
    if (strcmp(sub, "list") == 0)
        return optind + 1 < argc ? cli_usage("partnership", "unexpected argument \"%s\"", argv[optind + 1])
                                 : partnership_list(cli, json);
    if (strcmp(sub, "show") == 0) {
        if (optind + 2 < argc)
            return cli_usage("partnership", "unexpected argument \"%s\"", argv[optind + 2]);
        return partnership_show(cli, optind + 1 < argc ? argv[optind + 1] : NULL, as_of, known_at, json);
    }
    if (strcmp(sub, "add") == 0) {
        if (optind + 2 < argc)
            return cli_usage("partnership", "unexpected argument \"%s\"", argv[optind + 2]);
        return partnership_add_cmd(cli, optind + 1 < argc ? argv[optind + 1] : NULL, name, members, mo.from);
    }
    if (strcmp(sub, "members") == 0) {
        if (optind + 2 < argc)
            return cli_usage("partnership", "unexpected argument \"%s\"", argv[optind + 2]);
        return partnership_members(cli, optind + 1 < argc ? argv[optind + 1] : NULL, &mo);
    }
    return cli_usage("partnership", "unknown subcommand \"%s\"", sub);
}
