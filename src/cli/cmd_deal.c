/* cmd_deal.c: deals one at a time: `prudent deal book|approve|reject|withdraw|cancel|amend`
 * (service/deal.c does the work, in one transaction each). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/deal.h"
#include "service/movement.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"

int cmd_deal_roll(struct cli *cli, int argc, char **argv); /* cmd_deal_roll.c */
int cmd_deal_money(struct cli *cli, int argc, char **argv); /* cmd_deal_money.c: top-up, repay */

/* Print the outcome: the ref (or the JSON with --json) on success, the error or the refusal's
 * reasons on stderr otherwise. */
static int report(int rc, cJSON *doc, bool json, const char *what)
{
    if (rc == EXIT_OK) {
        if (json) {
            json_print(stdout, doc);
        } else {
            const cJSON *ref = cJSON_GetObjectItemCaseSensitive(doc, "ref");
            printf("%s\n", cJSON_IsString(ref) ? ref->valuestring : "");
        }
    } else {
        cli_print_deal_failure(rc, doc, json, what);
    }
    cJSON_Delete(doc);
    return rc;
}

/* The actions on an existing deal that take its ref, who acts and a reason. */
typedef int (*ref_action_fn)(PGconn *c, const struct authority *a, const char *ref, const struct actor *by,
                             const char *reason, cJSON **result);
static const struct {
    const char *name;
    ref_action_fn run;
    enum user_role role; /* the least role of the act once users exist */
} ref_actions[] = {
    {"cancel", deal_cancel, ROLE_APPROVER},
    {"reject", deal_reject_any, ROLE_APPROVER},   /* a second officer turns a pending deal (or top-up) down */
    {"withdraw", deal_withdraw_any, ROLE_DEALER}, /* its booker takes a pending deal (or top-up) back */
    {NULL, NULL, ROLE_NONE},
};

static int ref_action_index(const char *name)
{
    for (int i = 0; ref_actions[i].name; i++)
        if (strcmp(ref_actions[i].name, name) == 0)
            return i;
    return -1;
}

const char *const cmd_deal_usage[] = {
    "usage: prudent deal book --type T --counterparty C --amount A --rate R --start D",
    "                         --maturity D [--notice-days N] [--ref REF] [--late-reason TEXT]",
    "                         [--account CODE] --by NAME",
    "       prudent deal approve REF --by NAME",
    "       prudent deal reject REF --by NAME --reason TEXT",
    "       prudent deal withdraw REF --by NAME --reason TEXT",
    "       prudent deal cancel REF --by NAME --reason TEXT",
    "       prudent deal amend REF [--amount A] [--rate R] [--start D] [--maturity D]",
    "                         [--type T] [--counterparty C] [--account CODE] --by NAME --reason TEXT",
    "       prudent deal roll REF --maturity D --rate R [--amount A] [--ref NEWREF]",
    "                         [--account CODE] --by NAME",
    "       prudent deal top-up REF --amount A --date D --by NAME [--reason TEXT]",
    "       prudent deal repay REF [--amount A] --date D --by NAME [--reason TEXT] [--break-cost C]",
    "",
    "book runs the pre-deal check and books in one transaction, serialised against other",
    "bookings with the same counterparty, group, country or sector, so dealers booking at",
    "once never jointly exceed a limit. Refused: exit 1, reasons on stderr, nothing booked.",
    "Booked deals are pending (they count in exposure at once) and their ref is printed",
    "(DL-000001 ... when --ref is not given). approve: by a different person; the deal is",
    "then confirmed. reject: a different person turns a pending deal down; withdraw: its",
    "booker takes a pending deal back; either cancels it, with the reason in the audit trail.",
    "Amendments are re-checked, go back to pending, and keep the old version in the audit",
    "trail; nothing is ever deleted. Whoever booked or last amended a deal may not approve it.",
    "Approval runs the pre-deal check again at its date (--as-of): refused, exit 1 with reasons.",
    "A deal starting more than 3 days before today is late: it needs --late-reason TEXT,",
    "which the approver sees (deals list: \"late\": true) and the audit trail keeps.",
    "--account CODE names the bank account the deal's cash settles in (prudent accounts lists",
    "them; default: the authority's default account): the forecast (prudent cashflow) puts its",
    "principal out and back with its interest there. amend --account moves it to another.",
    "",
    "Who acts: once users exist for the authority, the user of PRUDENT_TOKEN (the API token);",
    "--by may be left out, and if given must name that user. Roles: dealer to book, amend and",
    "withdraw; approver to approve, reject and cancel. With no users at all (a first",
    "evaluation only), --by NAME is required and taken as given.",
    "",
    "roll reinvests an approved dated deal on its maturity date with the same counterparty:",
    "a new deal of the same type from the old maturity to --maturity, of the old principal",
    "unless --amount, linked to the old one (rolled_from). It is checked and booked as book",
    "books (pending until another officer approves; in exposure at once) and its ref printed;",
    "the old deal is unchanged. Refused: an account (no maturity), a deal not approved, a deal",
    "rolled already, a maturity not after the old one. The new deal settles in the account",
    "the old one named (the default account when none) unless --account CODE names another.",
    "top-up pays money into an account (call, mmf, notice, pooled) on D: checked and",
    "serialised like a booking (refused: exit 1 with the reasons, nothing recorded), then",
    "pending until a second officer runs `deal approve REF` (which approves the account's",
    "pending top-ups that officer did not record); it counts in exposure at once. Until",
    "then `deal reject REF --reason TEXT` (another officer) turns the account's pending",
    "top-ups down, and `deal withdraw REF --reason TEXT` takes back those its caller",
    "recorded: either is kept with who and why, and the top-up leaves every figure. A",
    "pending roll-over is a pending deal: reject or withdraw its new REF.",
    "repay takes money back on D, at once (no approval), with who and why in the audit",
    "trail: from an account, a withdrawal (refused if the balance would go below zero on",
    "any date); on a dated deal, an early repayment, whole when --amount is left out: the",
    "principal falls from D only, the deal's terms stay; --break-cost is recorded beside it.",
    "",
    "  --authority CODE  the authority's book     --as-of D  judge on the list at D (today)",
    "  --json            print {\"ref\", \"status\"} (or the refusal's reasons)",
    "",
    "example: prudent deal book --type fixed --counterparty LLOYDS --amount 5000000 --rate 0.55",
    "         --start 2018-04-03 --maturity 2018-10-01 --by alice",
    NULL,
};

int cmd_deal(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'},   {"type", required_argument, NULL, 't'},
        {"counterparty", required_argument, NULL, 'c'}, {"amount", required_argument, NULL, 'm'},
        {"rate", required_argument, NULL, 'r'},        {"start", required_argument, NULL, 's'},
        {"maturity", required_argument, NULL, 'M'},    {"notice-days", required_argument, NULL, 'n'},
        {"ref", required_argument, NULL, 'R'},         {"by", required_argument, NULL, 'b'},
        {"reason", required_argument, NULL, 'w'},      {"as-of", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},              {"late-reason", required_argument, NULL, 'L'},
        {"account", required_argument, NULL, 'A'},     {0, 0, 0, 0}};
    if (argc < 2)
        return cli_usage("deal", "give an action: book, approve, reject, withdraw, cancel or amend");
    const char *action = argv[1];
    if (strcmp(action, "roll") == 0)
        return cmd_deal_roll(cli, argc, argv);
    if (strcmp(action, "top-up") == 0 || strcmp(action, "repay") == 0)
        return cmd_deal_money(cli, argc, argv);
    bool book = strcmp(action, "book") == 0, amend = strcmp(action, "amend") == 0;
    int with_reason = ref_action_index(action);
    if (!book && !amend && strcmp(action, "approve") != 0 && with_reason < 0)
        return cli_usage("deal", "unknown action \"%s\" (book, approve, reject, withdraw, cancel, amend)", action);
    struct deal_request r = {.type = book ? INV_FIXED : INV_TYPE_COUNT, .rate = book ? 0 : INT64_MIN,
                             .start = DATE_NONE, .maturity = DATE_NONE, .notice_days = -1,
                             .as_of = clock_today()};
    const char *authority = NULL, *reason = NULL;
    bool json = false, have_rate = false;
    int ch, rc = EXIT_OK;
    optind = 2;
    while ((ch = cli_getopt("deal", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 't':
            if (!inv_type_parse(optarg, &r.type))
                rc = fail(EXIT_BAD, "--type \"%s\" is not an investment type", optarg);
            break;
        case 'c': r.counterparty = optarg; break;
        case 'm': rc = cli_money("--amount", optarg, &r.amount); break;
        case 'r': {
            const char *why;
            have_rate = true;
            if (!rate_parse(optarg, &r.rate, &why))
                rc = fail(EXIT_BAD, "--rate \"%s\" is not a rate: %s", optarg, why);
            break;
        }
        case 's': rc = cli_date("--start", optarg, &r.start); break;
        case 'M': rc = cli_date("--maturity", optarg, &r.maturity); break;
        case 'n': rc = cli_int("--notice-days", optarg, 0, 3650, &r.notice_days); break;
        case 'R': r.ref = optarg; break;
        case 'b': r.by = optarg; break;
        case 'w': reason = optarg; break;
        case 'd': rc = cli_date("--as-of", optarg, &r.as_of); break;
        case 'j': json = true; break;
        case 'L': r.late_reason = optarg; break;
        case 'A': r.account = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *ref = NULL;
    if (book) {
        if (optind < argc)
            return cli_usage("deal", "unexpected argument \"%s\" (give the ref with --ref)", argv[optind]);
        if (!r.counterparty || !r.amount || !have_rate)
            return cli_usage("deal", "book needs --counterparty, --amount and --rate");
    } else {
        if (argc - optind != 1)
            return cli_usage("deal", "%s needs one deal REF", action);
        ref = argv[optind];
    }
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    enum user_role role = book || amend ? ROLE_DEALER : with_reason >= 0 ? ref_actions[with_reason].role : ROLE_APPROVER;
    char verb[32];
    snprintf(verb, sizeof verb, "deal %s", action);
    struct actor who;
    if ((rc = cli_actor(cli, &a, r.by, role, verb, &who)) != EXIT_OK)
        return rc;
    r.by = who.name;
    r.by_id = who.user_id;
    cJSON *doc = NULL;
    if (book)
        rc = deal_book(cli->db, &a, &r, &doc);
    else if (amend)
        rc = deal_amend(cli->db, &a, ref, &r, reason, &doc);
    else if (strcmp(action, "approve") == 0)
        rc = deal_approve_any(cli->db, &a, ref, &who, r.as_of, &doc); /* a pending deal, or its pending top-ups */
    else
        rc = ref_actions[with_reason].run(cli->db, &a, ref, &who, reason, &doc);
    return report(rc, doc, json, book ? "booking" : amend ? "amendment" : "approval");
}
