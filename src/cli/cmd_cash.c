/* cmd_cash.c: the cash verbs (interfaces.md "Cash"; docs/cash.md):
 *   prudent accounts [--authority CODE] [--json]
 *   prudent cashflow --from D --to D [--by day|week|month|year] [--account CODE] [--json]
 *   prudent cashflow add|amend|cancel ... (cmd_cash_items.c)
 *   prudent position --date D [--json]
 * Their documents are built by views/cash.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h> /* optind */

#include "cli/cli.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "views/cash.h"

/* Print doc as JSON or text, free it and answer code. */
static int show(cJSON *doc, int code, bool json, void (*text)(const cJSON *, FILE *))
{
    if (!doc)
        return code;
    if (json)
        json_print(stdout, doc);
    else
        text(doc, stdout);
    cJSON_Delete(doc);
    return EXIT_OK;
}

const char *const cmd_accounts_usage[] = {
    "usage: prudent accounts [--authority CODE] [--json]",
    "",
    "The authority's bank accounts (prudent import accounts FILE adds or changes them): code,",
    "name, bank, sort code, account number, minimum balance, and which is the default: the",
    "first account imported, through which the book's deals, loans and account movements settle.",
    "",
    "  --json  {\"accounts\": [{\"code\", \"name\", \"bank\", \"sort_code\", \"account_number\",",
    "          \"min_balance\", \"default\"}]}",
    NULL,
};

int cmd_accounts(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"json", no_argument, NULL, 'j'}, {0, 0, 0, 0}};
    const char *authority = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("accounts", argc, argv, ":", opts, &rc)) != -1)
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'j': json = true; break;
        }
    if (rc != EXIT_OK || (rc = cli_no_operands("accounts", argc, argv)) != EXIT_OK)
        return rc;
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    cJSON *doc = cash_accounts_view(cli->db, &a, &rc);
    return show(doc, rc, json, cash_accounts_text);
}

const char *const cmd_cashflow_usage[] = {
    "usage: prudent cashflow --from DATE --to DATE [--by day|week|month|year] [--account CODE]",
    "                        [--authority CODE] [--as-known-at TIME] [--json]",
    "       prudent cashflow --partnership CODE --from DATE --to DATE [--by day|week|month]",
    "                        [--as-known-at TIME] [--json]",
    "       prudent cashflow add --account CODE --date D --amount A [--category C]",
    "                        [--description T] [--repeat R --until D] [--by NAME] [--json]",
    "       prudent cashflow amend ID [--account CODE] [--date D] [--amount A] [--category C]",
    "                        [--description T] [--repeat R] [--until D|none] [--reason TEXT]",
    "       prudent cashflow cancel ID [--reason TEXT] [--by NAME] [--json]",
    "       prudent cashflow items [ID] [--all] [--as-known-at TIME] [--json]",
    "",
    "The cash-flow forecast from..to: the opening balance (the last bank statement balance",
    "before --from, 0 with none), then per day, week (Monday to Sunday), month or financial",
    "year (April to March, for the liability benchmark) the receipts,",
    "payments, net flow and closing balance, flagged below_minimum when a day of the period",
    "closes below the accounts' minimum balance. The flows: the book's (deals out on their",
    "start, back with their interest at maturity; loans in when drawn, instalments out; call and",
    "MMF deposits and withdrawals; a loan's early repayment, its settlement out) in the deal's",
    "or loan's own settlement account, else the default account, forecast items (prudent import",
    "cashflows), and on the days a statement covers, its lines instead. Dates that are not",
    "England and Wales business days move to the next one, or back where that crosses a month end.",
    "",
    "  --from, --to     the period (both days included; --from defaults to today)",
    "  --by             day (default), week, month or year (financial years, the first and",
    "                   last clipped to --from and --to)",
    "  --account CODE   one bank account (default: all, consolidated)",
    "  --as-known-at TIME  the forecast as the database knew the book, items, statements and",
    "                   (with --partnership) the members then (ISO 8601; docs/as-known-at.md)",
    "  --json           {\"from\", \"to\", \"opening_balance\", \"periods\": [{\"start\", \"end\",",
    "                   \"receipts\", \"payments\", \"net\", \"closing_balance\", \"below_minimum\"}],",
    "                   \"items\": [{\"date\", \"source\", \"ref\", \"description\", \"amount\"}]}",
    "  --partnership CODE  the members' forecasts combined (docs/shared-services.md): balances and",
    "                   flows summed, less the flows between members (a deal with another member,",
    "                   a loan from one: principal and interest), listed under \"eliminated\"",
    "                   (each with its \"member\" and the member it is \"with\"); every item names",
    "                   its \"member\"; \"by_member\" gives each member's opening and minimum balance;",
    "                   a member counts only on the days it is a member: joining inside the period",
    "                   its balance comes in that day, leaving it goes out (source \"member\")",
    "",
    "example: prudent cashflow --from 2026-12-07 --to 2027-03-31 --by week",
    "         prudent cashflow --partnership WSUSSEX --from 2026-12-07 --to 2027-03-31 --by month",
    "",
    "add, amend and cancel change the forecast items one at a time (prudent import cashflows",
    "adds many). An item is a receipt (--amount positive) or payment (negative) in a bank",
    "account on --date, once or repeated (--repeat weekly, monthly, quarterly or yearly; none)",
    "up to --until. ID is the item's number, its ref in the forecast (CF3 or 3), kept through",
    "its amendments. amend changes the terms given; cancel takes the item out of the forecast.",
    "Nothing is overwritten: each change is a new row saying who (the token's user, or --by",
    "before users exist), when, and --reason; the audit trail has the terms before and after.",
    "",
    "  --category C, --description T  what it is (council tax, payroll, ...; free text)",
    "  --json           {\"ref\": \"CF3\", \"id\", \"status\": \"added\"|\"amended\"|\"cancelled\",",
    "                   \"item\": {\"account\", \"date\", \"amount\", \"category\", \"description\",",
    "                   \"repeat\", \"until\"}, \"entered_by\", \"reason\"}",
    "",
    "example: prudent cashflow add --account MAIN --date 2027-01-15 --amount -120000 \\",
    "             --category creditors --description \"capital works\"",
    "         prudent cashflow amend CF3 --amount -118500 --reason \"final invoice\"",
    "",
    "items lists the forecast items as they stand (number, terms, live or cancelled, how many",
    "versions, who changed it last and when; --all includes the cancelled ones); items ID shows",
    "that item's versions oldest first: each change (added, amended, cancelled) with its terms,",
    "who, when (UTC) and the reason. --as-known-at TIME: as the database knew them then.",
    "  --json           items: {\"items\": [{\"ref\", \"id\", TERMS, \"state\": \"live\"|\"cancelled\",",
    "                   \"versions\", \"changed_by\", \"changed_at\"}]}; items ID: {\"ref\", \"id\",",
    "                   \"state\", TERMS, \"versions\": [{\"version\", \"change\", TERMS,",
    "                   \"entered_by\", \"entered_at\", \"reason\"}]} (TERMS: as \"item\" above)",
    "",
    "example: prudent cashflow items CF3",
    NULL,
};

int cmd_cashflow_item(struct cli *cli, int argc, char **argv);  /* cmd_cash_items.c: add, amend, cancel */
int cmd_cashflow_items(struct cli *cli, int argc, char **argv); /* cmd_cash_items.c: items */

/* cashflow --partnership CODE: the members' forecasts combined. */
static int partnership_cashflow(struct cli *cli, const char *code, const char *authority, const struct cash_args *args,
                                bool json)
{
    if (authority)
        return fail(EXIT_BAD, "cashflow: give --partnership or --authority, not both");
    if (args->account)
        return fail(EXIT_BAD, "cashflow: --account is not available with --partnership (each member's accounts are its own)");
    struct partnership p;
    int found = partnership_find(cli->db, code, args->from, args->to, &p);
    if (found < 0)
        return EXIT_DEP;
    if (!found)
        return fail(EXIT_BAD, "unknown partnership \"%s\" (see `prudent partnership list`)", code);
    int rc;
    cJSON *doc = cash_forecast_partnership(cli->db, &p, args, &rc);
    partnership_free(&p);
    return show(doc, rc, json, cash_partnership_text);
}

int cmd_cashflow(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},        {"by", required_argument, NULL, 'b'},
        {"account", required_argument, NULL, 'c'},   {"json", no_argument, NULL, 'j'},
        {"partnership", required_argument, NULL, 'P'}, {"as-known-at", required_argument, NULL, 'K'},
        {0, 0, 0, 0}};
    if (argc > 1 && (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "amend") == 0 || strcmp(argv[1], "cancel") == 0))
        return cmd_cashflow_item(cli, argc, argv);
    if (argc > 1 && strcmp(argv[1], "items") == 0)
        return cmd_cashflow_items(cli, argc, argv);
    const char *authority = NULL, *partnership = NULL, *known_at = NULL;
    struct cash_args args = {clock_today(), DATE_NONE, CASH_BY_DAY, NULL};
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("cashflow", argc, argv, ":", opts, &rc)) != -1)
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'f': rc = cli_date("--from", optarg, &args.from); break;
        case 't': rc = cli_date("--to", optarg, &args.to); break;
        case 'b':
            if (!cash_by_parse(optarg, &args.by))
                rc = fail(EXIT_BAD, "--by \"%s\": say day, week, month or year", optarg);
            break;
        case 'c': args.account = optarg; break;
        case 'j': json = true; break;
        case 'P': partnership = optarg; break;
        case 'K': rc = cli_moment("--as-known-at", known_at = optarg); break;
        }
    if (rc != EXIT_OK || (rc = cli_no_operands("cashflow", argc, argv)) != EXIT_OK)
        return rc;
    if (args.to == DATE_NONE)
        return cli_usage("cashflow", "give the period's end with --to DATE");
    if ((rc = cli_as_known_at(cli, known_at)) != EXIT_OK)
        return rc;
    if (partnership)
        return partnership_cashflow(cli, partnership, authority, &args, json);
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    cJSON *doc = cash_forecast_view(cli->db, &a, &args, &rc);
    return show(doc, rc, json, cash_forecast_text);
}

const char *const cmd_position_usage[] = {
    "usage: prudent position [--date DATE] [--authority CODE] [--json]",
    "",
    "The dealer's morning sheet for DATE (default today), all accounts together: the opening",
    "balance (the last bank statement balance before DATE), the day's expected receipts and",
    "payments (book, forecast, or the statement's lines when one covers the day), the deals and",
    "loan instalments maturing, and the surplus to invest (or, negative, the shortfall to",
    "borrow) = opening + receipts - payments.",
    "",
    "  --json  {\"date\", \"opening_balance\", \"receipts\", \"payments\", \"maturities\": [...],",
    "          \"surplus\", \"items\": [...]}",
    NULL,
};

int cmd_position(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {"date", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {0, 0, 0, 0}};
    const char *authority = NULL;
    date_t date = clock_today();
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("position", argc, argv, ":", opts, &rc)) != -1)
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'd': rc = cli_date("--date", optarg, &date); break;
        case 'j': json = true; break;
        }
    if (rc != EXIT_OK || (rc = cli_no_operands("position", argc, argv)) != EXIT_OK)
        return rc;
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    cJSON *doc = cash_position_view(cli->db, &a, date, &rc);
    return show(doc, rc, json, cash_position_text);
}
