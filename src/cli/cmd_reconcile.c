/* cmd_reconcile.c: `prudent reconcile --account CODE [--from D] [--to D] [--json]` (docs/cash.md
 * "Reconciliation"): the document is built by views/reconcile.h. */
#include <stdio.h>
#include <unistd.h> /* optind */

#include "cli/cli.h"
#include "util/err.h"
#include "util/json.h"
#include "views/reconcile.h"

const char *const cmd_reconcile_usage[] = {
    "usage: prudent reconcile --account CODE [--from DATE] [--to DATE] [--authority CODE] [--json]",
    "",
    "Bank reconciliation: each line of the account's bank statements dated from..to matched to a",
    "flow the forecast expected (a deal maturing, a loan instalment, a forecast item), within 3",
    "England and Wales business days either way of its expected date: first by amount and a",
    "reference the line mentions (the deal's or loan's ref, a forecast item's CF<id> or its",
    "category, such as \"council tax\"), then by amount alone, then a forecast item of the same",
    "sign the line mentions whatever its amount (an estimate: the difference is what the forecast",
    "misjudged). Lists the pairs, the lines nobody expected, the expected flows on the statements'",
    "days that never arrived, and per deal, loan or forecast item the expected against the actual.",
    "With PRUDENT_TOKEN set, only the accounts of the authorities the token's user covers.",
    "",
    "  --account CODE  the bank account (prudent accounts lists them)",
    "  --from, --to    the period (default: the first and last day of the account's statements)",
    "  --json          {\"account\", \"from\", \"to\", \"window_days\", \"summary\": {\"lines\",",
    "                  \"matched\", \"unmatched_lines\", \"missing\"}, \"matched\": [{\"line\",",
    "                  \"expected\", \"kind\", \"days\", \"difference\"}], \"unmatched_lines\": [...],",
    "                  \"missing\": [...], \"items\": [{\"ref\", \"source\", \"description\",",
    "                  \"expected\", \"actual\", \"difference\", \"flows\", \"arrived\"}]}",
    "",
    "example: prudent reconcile --account MAIN --from 2026-04-01 --to 2026-04-30",
    NULL,
};

int cmd_reconcile(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"account", required_argument, NULL, 'c'},
        {"from", required_argument, NULL, 'f'},      {"to", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},            {0, 0, 0, 0}};
    const char *authority = NULL;
    struct reconcile_args args = {NULL, DATE_NONE, DATE_NONE};
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("reconcile", argc, argv, ":", opts, &rc)) != -1)
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'c': args.account = optarg; break;
        case 'f': rc = cli_date("--from", optarg, &args.from); break;
        case 't': rc = cli_date("--to", optarg, &args.to); break;
        case 'j': json = true; break;
        }
    if (rc != EXIT_OK || (rc = cli_no_operands("reconcile", argc, argv)) != EXIT_OK)
        return rc;
    if (!args.account)
        return cli_usage("reconcile", "name the bank account with --account CODE");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    cJSON *doc = reconcile_view(cli->db, &a, &args, &rc);
    if (!doc)
        return rc;
    if (json)
        json_print(stdout, doc);
    else
        reconcile_text(doc, stdout);
    cJSON_Delete(doc);
    return EXIT_OK;
}
