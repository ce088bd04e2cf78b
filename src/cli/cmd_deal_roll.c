/* cmd_deal_roll.c: `prudent deal roll REF --maturity D --rate R [--amount A] --by NAME [--ref NEWREF]
 * [--account CODE]`
 * (cmd_deal.c hands the action over; service/deal_roll.c does the work). Its usage lines are in
 * cmd_deal_usage, with the other actions of `prudent deal`. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/deal_roll.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"

int cmd_deal_roll(struct cli *cli, int argc, char **argv);

/* The new ref (or the JSON with --json) on success; the error or the check's reasons on stderr. */
static int roll_report(int rc, cJSON *doc, bool json)
{
    if (rc == EXIT_OK) {
        if (json)
            json_print(stdout, doc);
        else
            printf("%s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "ref")));
    } else {
        cli_print_deal_failure(rc, doc, json, "roll");
    }
    cJSON_Delete(doc);
    return rc;
}

int cmd_deal_roll(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"maturity", required_argument, NULL, 'M'},
        {"rate", required_argument, NULL, 'r'},      {"amount", required_argument, NULL, 'm'},
        {"ref", required_argument, NULL, 'R'},       {"by", required_argument, NULL, 'b'},
        {"as-of", required_argument, NULL, 'd'},     {"json", no_argument, NULL, 'j'},
        {"account", required_argument, NULL, 'A'},   {0, 0, 0, 0}};
    struct roll_request r = {.maturity = DATE_NONE, .rate = INT64_MIN, .as_of = clock_today()};
    const char *authority = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 2;
    while ((ch = cli_getopt("deal", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'M': rc = cli_date("--maturity", optarg, &r.maturity); break;
        case 'r': {
            const char *why;
            if (!rate_parse(optarg, &r.rate, &why))
                rc = fail(EXIT_BAD, "--rate \"%s\" is not a rate: %s", optarg, why);
            break;
        }
        case 'm': rc = cli_money("--amount", optarg, &r.amount); break;
        case 'R': r.new_ref = optarg; break;
        case 'b': r.by = optarg; break;
        case 'd': rc = cli_date("--as-of", optarg, &r.as_of); break;
        case 'j': json = true; break;
        case 'A': r.account = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (argc - optind != 1)
        return cli_usage("deal", "roll needs one deal REF");
    r.ref = argv[optind];
    if (r.maturity == DATE_NONE || r.rate == INT64_MIN)
        return cli_usage("deal", "roll needs --maturity and --rate");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    struct actor who; /* the token's user once users exist (cli_actor), --by before */
    if ((rc = cli_actor(cli, &a, r.by, ROLE_DEALER, "deal roll", &who)) != EXIT_OK)
        return rc;
    r.by = who.name;
    cJSON *doc = NULL;
    rc = deal_roll(cli->db, &a, &r, &doc);
    return roll_report(rc, doc, json);
}
