/* cmd_deal_money.c: `prudent deal top-up` and `prudent deal repay`, money in and out of a holding
 * one at a time (service/movement.h does the work, in one transaction each); cmd_deal.c hands
 * these two actions over and its usage lists them. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/movement.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"

int cmd_deal_money(struct cli *cli, int argc, char **argv); /* called by cmd_deal for its actions */

/* What was recorded ("FD1 repayment £500,000.00 on 2018-05-01 (recorded)"; the JSON with
 * --json), else the error or the refusal's reasons. */
static int report(int rc, cJSON *doc, bool json, const char *action)
{
    if (rc == EXIT_OK) {
        if (json) {
            json_print(stdout, doc);
        } else {
            money_t amount = 0;
            char b[MONEY_BUFSZ];
            money_parse(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "amount")), &amount, NULL);
            printf("%s %s %s on %s (%s)\n", cJSON_GetStringValue(cJSON_GetObjectItem(doc, "ref")),
                   cJSON_GetStringValue(cJSON_GetObjectItem(doc, "kind")),
                   money_format(amount, MONEY_GROUPED | MONEY_POUND, b),
                   cJSON_GetStringValue(cJSON_GetObjectItem(doc, "date")),
                   cJSON_GetStringValue(cJSON_GetObjectItem(doc, "status")));
        }
    } else {
        cli_print_deal_failure(rc, doc, json, action);
    }
    cJSON_Delete(doc);
    return rc;
}

int cmd_deal_money(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"amount", required_argument, NULL, 'm'},
        {"date", required_argument, NULL, 'D'},      {"by", required_argument, NULL, 'b'},
        {"reason", required_argument, NULL, 'w'},    {"break-cost", required_argument, NULL, 'k'},
        {"as-of", required_argument, NULL, 'd'},     {"json", no_argument, NULL, 'j'},
        {0, 0, 0, 0}};
    const char *action = argv[1];
    bool top_up = strcmp(action, "top-up") == 0;
    struct movement_request r = {.date = DATE_NONE, .break_cost = -1, .as_of = clock_today()};
    const char *authority = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 2;
    while ((ch = cli_getopt("deal", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'm': rc = cli_money("--amount", optarg, &r.amount); break;
        case 'D': rc = cli_date("--date", optarg, &r.date); break;
        case 'b': r.by = optarg; break;
        case 'w': r.reason = optarg; break;
        case 'k':
            rc = cli_money("--break-cost", optarg, &r.break_cost);
            if (rc == EXIT_OK && r.break_cost < 0)
                rc = fail(EXIT_BAD, "--break-cost \"%s\": a break cost cannot be negative", optarg);
            break;
        case 'd': rc = cli_date("--as-of", optarg, &r.as_of); break;
        case 'j': json = true; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (argc - optind != 1)
        return cli_usage("deal", "%s needs one deal REF", action);
    r.ref = argv[optind];
    if (top_up && r.amount <= 0)
        return cli_usage("deal", "top-up needs --amount");
    if (r.date == DATE_NONE)
        return cli_usage("deal", "%s needs --date D", action);
    if (top_up && r.break_cost >= 0)
        return cli_usage("deal", "top-up takes no --break-cost");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    struct actor who; /* the token's user once users exist (cli_actor), --by before */
    if ((rc = cli_actor(cli, &a, r.by, ROLE_DEALER, top_up ? "deal top-up" : "deal repay", &who)) != EXIT_OK)
        return rc;
    r.by = who.name;
    cJSON *doc = NULL;
    rc = top_up ? deal_top_up(cli->db, &a, &r, &doc) : deal_repay(cli->db, &a, &r, &doc);
    return report(rc, doc, json, top_up ? "top-up" : "repayment");
}
