/* cmd_cash_items.c: `prudent cashflow add|amend|cancel`, forecast items one at a time
 * (service/cash_item.h does the work, in one transaction each), and `prudent cashflow items
 * [CF3]`, the items as they stand or one item's versions (views/cash_items.h); cmd_cash.c hands
 * these actions over and its usage (cmd_cashflow_usage) lists them with their options. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/cash_item.h"
#include "util/err.h"
#include "util/errcode.h"
#include "util/json.h"
#include "views/cash_items.h"

int cmd_cashflow_item(struct cli *cli, int argc, char **argv);  /* called by cmd_cashflow for its actions */
int cmd_cashflow_items(struct cli *cli, int argc, char **argv); /* ... and for `items` */

/* "CF4 added: 2026-04-07 MAIN +400,000.00 council tax: instalments, monthly until 2027-03-31
 * (by NAME)", or the JSON with --json; else the error. */
static int report(int rc, cJSON *doc, bool json)
{
    if (rc != EXIT_OK) {
        cli_print_deal_error(doc);
        cJSON_Delete(doc);
        return rc;
    }
    if (json) {
        json_print(stdout, doc);
    } else {
        const cJSON *it = cJSON_GetObjectItem(doc, "item");
        money_t amount = 0;
        char b[MONEY_BUFSZ];
        money_parse(cJSON_GetStringValue(cJSON_GetObjectItem(it, "amount")), &amount, NULL);
        const char *repeat = cJSON_GetStringValue(cJSON_GetObjectItem(it, "repeat"));
        const char *until = cJSON_GetStringValue(cJSON_GetObjectItem(it, "until"));
        printf("%s %s: %s %s %s %s: %s", cJSON_GetStringValue(cJSON_GetObjectItem(doc, "ref")),
               cJSON_GetStringValue(cJSON_GetObjectItem(doc, "status")),
               cJSON_GetStringValue(cJSON_GetObjectItem(it, "date")),
               cJSON_GetStringValue(cJSON_GetObjectItem(it, "account")),
               money_format(amount, MONEY_GROUPED, b),
               cJSON_GetStringValue(cJSON_GetObjectItem(it, "category")),
               cJSON_GetStringValue(cJSON_GetObjectItem(it, "description")));
        if (repeat && *repeat)
            printf(", %s%s%s", repeat, until ? " until " : "", until ? until : "");
        printf(" (by %s)\n", cJSON_GetStringValue(cJSON_GetObjectItem(doc, "entered_by")));
    }
    cJSON_Delete(doc);
    return EXIT_OK;
}

/* --repeat none|weekly|monthly|quarterly|yearly. */
static int repeat_opt(const char *arg, int *out)
{
    enum cash_repeat r;
    if (strcmp(arg, "none") == 0) {
        *out = REPEAT_NONE;
        return EXIT_OK;
    }
    if (!*arg || !cash_repeat_parse(arg, &r))
        return fail(EXIT_BAD, "--repeat \"%s\": say none, weekly, monthly, quarterly or yearly", arg);
    *out = (int)r;
    return EXIT_OK;
}

/* --until D, or none (amend: the repeat has no end). */
static int until_opt(const char *arg, struct cash_item_change *r)
{
    if (strcmp(arg, "none") == 0) {
        r->clear_until = true;
        return EXIT_OK;
    }
    return cli_date("--until", arg, &r->until);
}

/* The item's number: 3 or CF3. */
static int item_number(const char *s, long long *out)
{
    const char *p = strncmp(s, "CF", 2) == 0 || strncmp(s, "cf", 2) == 0 ? s + 2 : s;
    char *end;
    long long v = strtoll(p, &end, 10);
    if (!*p || *end || v <= 0)
        return cli_usage("cashflow", "\"%s\" is not a forecast item (its number, 3 or CF3)", s);
    *out = v;
    return EXIT_OK;
}

/* Check the operands and the options that go with the action. */
static int check_args(const char *action, int argc, char **argv, struct cash_item_change *r)
{
    bool add = strcmp(action, "add") == 0, cancel = strcmp(action, "cancel") == 0;
    if (add) {
        if (argc != optind)
            return cli_usage("cashflow", "add takes no operands (the item gets its number)");
        if (!r->account || r->date == DATE_NONE || !r->has_amount)
            return cli_usage("cashflow", "add needs --account CODE, --date D and --amount A");
        if (r->clear_until)
            return cli_usage("cashflow", "add takes --until D, or no --until");
        return EXIT_OK;
    }
    if (argc - optind != 1)
        return cli_usage("cashflow", "%s needs one forecast item (its number, as CF3 or 3)", action);
    int rc = item_number(argv[optind], &r->id);
    if (rc == EXIT_OK && cancel &&
        (r->account || r->date != DATE_NONE || r->has_amount || r->category || r->description || r->repeat >= 0 ||
         r->until != DATE_NONE || r->clear_until))
        return cli_usage("cashflow", "cancel takes only --reason, --by and --authority");
    return rc;
}

int cmd_cashflow_item(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"account", required_argument, NULL, 'c'},
        {"date", required_argument, NULL, 'D'},      {"amount", required_argument, NULL, 'm'},
        {"category", required_argument, NULL, 'g'},  {"description", required_argument, NULL, 't'},
        {"repeat", required_argument, NULL, 'r'},    {"until", required_argument, NULL, 'u'},
        {"reason", required_argument, NULL, 'w'},    {"by", required_argument, NULL, 'b'},
        {"json", no_argument, NULL, 'j'},            {0, 0, 0, 0}};
    const char *action = argv[1], *authority = NULL;
    struct cash_item_change r = {.date = DATE_NONE, .until = DATE_NONE, .repeat = -1};
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 2;
    while ((ch = cli_getopt("cashflow", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'c': r.account = optarg; break;
        case 'D': rc = cli_date("--date", optarg, &r.date); break;
        case 'm':
            rc = cli_money("--amount", optarg, &r.amount);
            r.has_amount = true;
            break;
        case 'g': r.category = optarg; break;
        case 't': r.description = optarg; break;
        case 'r': rc = repeat_opt(optarg, &r.repeat); break;
        case 'u': rc = until_opt(optarg, &r); break;
        case 'w': r.reason = optarg; break;
        case 'b': r.by = optarg; break;
        case 'j': json = true; break;
        }
    }
    if (rc != EXIT_OK || (rc = check_args(action, argc, argv, &r)) != EXIT_OK)
        return rc;
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    char verb[32];
    snprintf(verb, sizeof verb, "cashflow %s", action);
    struct actor who; /* the token's user once users exist (cli_actor), --by before */
    if ((rc = cli_actor(cli, &a, r.by, ROLE_DEALER, verb, &who)) != EXIT_OK)
        return rc;
    r.by = who.name;
    cJSON *doc = NULL;
    if (strcmp(action, "add") == 0)
        rc = forecast_item_add(cli->db, &a, &r, &doc);
    else if (strcmp(action, "amend") == 0)
        rc = forecast_item_amend(cli->db, &a, &r, &doc);
    else
        rc = forecast_item_cancel(cli->db, &a, &r, &doc);
    return report(rc, doc, json);
}

/* `prudent cashflow items [ID] [--all] [--as-known-at TIME] [--json]`: the list, or one item's
 * versions oldest first. */
int cmd_cashflow_items(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"all", no_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},            {"as-known-at", required_argument, NULL, 'K'},
        {0, 0, 0, 0}};
    const char *authority = NULL, *known_at = NULL;
    bool all = false, json = false;
    long long number = 0;
    int ch, rc = EXIT_OK;
    optind = 2;
    while ((ch = cli_getopt("cashflow", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'l': all = true; break;
        case 'j': json = true; break;
        case 'K': rc = cli_moment("--as-known-at", known_at = optarg); break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (argc - optind > 1)
        return cli_usage("cashflow", "items takes at most one forecast item (its number, as CF3 or 3)");
    if (argc - optind == 1 && ((rc = item_number(argv[optind], &number)) != EXIT_OK))
        return rc;
    if (number && all)
        return cli_usage("cashflow", "--all lists every item; an item's versions include its cancellation");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK || (rc = cli_as_known_at(cli, known_at)) != EXIT_OK)
        return rc;
    cJSON *doc = number ? cash_item_history_view(cli->db, &a, number, &rc) : cash_items_view(cli->db, &a, all, &rc);
    if (!doc)
        return rc == EXIT_BAD ? pr_fail(PR_ERR_NOT_FOUND, "no forecast item CF%lld in %s's book%s", number, a.code,
                                        known_at ? " as known at that moment" : "")
                              : rc;
    if (json)
        json_print(stdout, doc);
    else if (number)
        cash_item_history_text(doc, stdout);
    else
        cash_items_text(doc, stdout);
    cJSON_Delete(doc);
    return EXIT_OK;
}
