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
                                .by = audit_cli_actor(), .today = clock_today()};
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
    while (rc == EXIT_OK && (ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
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
        case ':': return cli_usage("counterparty", "%s needs a value", argv[optind - 1]);
        default: return cli_usage("counterparty", "unknown option %s", argv[optind - 1]);
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
    rc = officer_act(cli->db, &a, &r);
    if (rc == EXIT_OK) {
        char d[DATE_BUFSZ];
        printf("%s: %s %s from %s\n", a.code, action, r.counterparty, date_format_iso(r.from, d));
    }
    return rc;
}
