/* cmd_counterparty.c: officer actions on an authority's lending list:
 * `prudent counterparty suspend|restrict|reinstate CODE --from DATE ...` (service/officer.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "service/officer.h"
#include "util/clock.h"
#include "util/err.h"

const char *const cmd_counterparty_usage[] = {
    "usage: prudent counterparty suspend CODE --from DATE --reason TEXT",
    "       prudent counterparty restrict CODE [--limit AMOUNT] [--max-days N] --from DATE --reason TEXT",
    "       prudent counterparty reinstate CODE --from DATE [--reason TEXT]",
    "",
    "Officer actions on one authority's lending list, from a date. They only tighten the",
    "strategy: a restriction lowers the limit and maximum duration (never raises them), a",
    "suspension allows no new deals and flags any exposure; reinstate ends either. Each is",
    "kept in the audit trail, and the alerts it causes are raised in the same transaction.",
    "",
    "  --authority CODE  the authority whose list it is",
    "  --from DATE       the first day it applies",
    "  --reason TEXT     why (required for suspend and restrict)",
    "  --limit AMOUNT    restrict: the most that may be outstanding",
    "  --max-days N      restrict: the longest deal, in days",
    "  --by NAME         who decided (default: login name); once users exist, the user of",
    "                    PRUDENT_TOKEN acts (an approver) and --by, if given, must name it",
    "",
    "example: prudent counterparty suspend NORTHSHIRE --from 2018-02-05 --reason \"s114 notice\"",
    NULL,
};

int cmd_counterparty(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"from", required_argument, NULL, 'f'},
        {"reason", required_argument, NULL, 'r'},    {"limit", required_argument, NULL, 'l'},
        {"max-days", required_argument, NULL, 'm'},  {"by", required_argument, NULL, 'b'},
        {0, 0, 0, 0}};
    if (argc < 2)
        return cli_usage("counterparty", "give an action: suspend, restrict or reinstate");
    struct officer_request r = {.limit = {true, 0}, .max_days = {true, 0}, .from = DATE_NONE,
                                .today = clock_today()};
    const char *action = argv[1];
    if (strcmp(action, "suspend") == 0)
        r.kind = OFFICER_SUSPEND;
    else if (strcmp(action, "restrict") == 0)
        r.kind = OFFICER_RESTRICT;
    else if (strcmp(action, "reinstate") == 0)
        r.kind = OFFICER_REINSTATE;
    else
        return cli_usage("counterparty", "unknown action \"%s\" (suspend, restrict, reinstate)", action);
    const char *authority = NULL;
    int ch, rc = EXIT_OK, days;
    optind = 2;
    while ((ch = cli_getopt("counterparty", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'f': rc = cli_date("--from", optarg, &r.from); break;
        case 'r': r.reason = optarg; break;
        case 'l':
            rc = cli_money("--limit", optarg, &r.limit.amount);
            r.limit.unlimited = false;
            break;
        case 'm':
            rc = cli_int("--max-days", optarg, 0, 36500, &days);
            r.max_days = (struct opt_days){false, days};
            break;
        case 'b': r.by = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (argc - optind != 1)
        return cli_usage("counterparty", "give one counterparty CODE");
    r.counterparty = argv[optind];
    if (r.from == DATE_NONE)
        return cli_usage("counterparty", "--from DATE is required");
    if (r.kind != OFFICER_RESTRICT && (!r.limit.unlimited || !r.max_days.unbounded))
        return cli_usage("counterparty", "--limit and --max-days are for restrict");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    char verb[48];
    snprintf(verb, sizeof verb, "counterparty %s", action);
    struct actor who;
    if ((rc = cli_actor_or_login(cli, &a, r.by, ROLE_APPROVER, verb, &who)) != EXIT_OK)
        return rc;
    r.by = who.name;
    rc = officer_act(cli->db, &a, &r);
    if (rc == EXIT_OK) {
        char d[DATE_BUFSZ];
        printf("%s: %s %s from %s\n", a.code, action, r.counterparty, date_format_iso(r.from, d));
    }
    return rc;
}
