/* view_verb.c: the reporting verbs (limits, portfolio, maturing, debt, wam, indicators,
 * interest, and alerts' listing), which commands.c runs here by the name of their view: parse
 * --authority, --as-of, --from, --to, --reference-date, --all and --json, build the view, print
 * JSON or its text rendering. Their usage texts are here, beside the options they share. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "views/partnership.h"
#include "views/view.h"

static const struct option view_opts[] = {
    {"authority", required_argument, NULL, 'a'},      {"as-of", required_argument, NULL, 'd'},
    {"from", required_argument, NULL, 'f'},           {"to", required_argument, NULL, 't'},
    {"reference-date", required_argument, NULL, 'r'}, {"all", no_argument, NULL, 'A'},
    {"json", no_argument, NULL, 'j'},                 {"as-known-at", required_argument, NULL, 'K'},
    {"partnership", required_argument, NULL, 'P'},    {0, 0, 0, 0}};

const char *const cmd_limits_usage[] = {
    "usage: prudent limits [--as-of DATE] [--from DATE --to DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "       prudent limits --partnership CODE [--as-of DATE] [--json] [--as-known-at TIME]",
    "",
    "The lending list at the as-of date: for each counterparty its status (approved,",
    "restricted, suspended, not_approved), limit (null: unlimited), maximum duration in",
    "days, exposure (pending deals included), headroom and the rule that decided it; then",
    "every breach (passive ones, caused by a rating fall or a suspension after the deal,",
    "are flagged) and the totals per banking group, country and sector. With --from and",
    "--to, also the list's changes between those two dates.",
    "",
    "  --as-of DATE  default today",
    "  --as-known-at TIME  the book as recorded then (ISO 8601: 2026-11-14T09:30:00Z),",
    "                    later entries and changes left out (docs/as-known-at.md)",
    "  --json        {\"as_of\", \"counterparties\": [{\"code\", \"name\", \"status\", \"limit\",",
    "                \"max_days\", \"exposure\", \"headroom\", \"basis\"}], \"breaches\": [{\"kind\",",
    "                \"subject\", \"exposure\", \"limit\", \"passive\"}], \"groups\", \"countries\", \"sectors\"}",
    "",
    "  --partnership CODE  the members' exposure combined by counterparty (docs/shared-services.md):",
    "                {\"as_of\", \"partnership\", \"members\", \"counterparties\": [{\"code\", \"exposure\",",
    "                \"by_member\": {MEMBER: exposure}, \"member_limits\": {MEMBER: limit}}],",
    "                \"eliminated\": [{\"member\", \"counterparty\", \"counterparty_member\", \"exposure\"}],",
    "                \"member_loans\": [{\"member\", \"ref\", \"lender_member\", \"principal\"}]}; a",
    "                member's deposit with another member is eliminated, not summed",
    "",
    "example: prudent limits --as-of 2018-03-31 --json",
    NULL,
};

const char *const cmd_portfolio_usage[] = {
    "usage: prudent portfolio [--as-of DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "       prudent portfolio --partnership CODE [--as-of DATE] [--json] [--as-known-at TIME]",
    "",
    "Every investment held at the as-of date (started on or before it and, if dated, maturing",
    "after it; pending deals included), with its days to maturity: calendar days to the",
    "maturity date, the notice period for notice accounts, 0 for call accounts and money",
    "market funds, none for pooled funds. Then the count and principal by type, and the total.",
    "",
    "  --as-of DATE      the date to report at (default today; 2018-03-31 or 31/03/2018)",
    "  --authority CODE  whose book (default PRUDENT_AUTHORITY, or the only authority)",
    "  --as-known-at TIME  the book as recorded then (ISO 8601: 2026-11-14T09:30:00Z),",
    "                    later entries and changes left out (docs/as-known-at.md)",
    "  --json            print {\"as_of\", \"total\", \"by_type\": {TYPE: {\"count\", \"principal\"}},",
    "                    \"holdings\": [{\"ref\", \"type\", \"counterparty\", \"principal\", \"rate\",",
    "                    \"maturity_date\", \"days\", ...}]}",
    "",
    "  --partnership CODE  the members' portfolios summed (docs/shared-services.md): {\"as_of\",",
    "                    \"partnership\", \"members\", \"total\", \"count\", \"by_type\", \"by_member\":",
    "                    {MEMBER: total}, \"between_members\"} (held with other members, included)",
    "",
    "example: prudent portfolio --as-of 31/03/2018",
    NULL,
};

const char *const cmd_maturing_usage[] = {
    "usage: prudent maturing [--from DATE] [--to DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "Each loan instalment that repays principal on a date from --from to --to (both",
    "included): maturities, EIP and annuity instalments, from the loans' schedules. Then the",
    "total and the principal-weighted average rate.",
    "",
    "  --from DATE       first day of the period (default: --as-of, today)",
    "  --to DATE         last day (default: 31 March ending the financial year of --from)",
    "  --authority CODE  whose book",
    "  --as-known-at TIME  the book as recorded then (ISO 8601: 2026-11-14T09:30:00Z),",
    "                    later entries and changes left out (docs/as-known-at.md)",
    "  --json            print {\"from\", \"to\", \"instalments\": [{\"ref\", \"date\", \"amount\",",
    "                    \"rate\", \"repayment\", ...}], \"total\", \"average_rate\"}",
    "",
    "example: prudent maturing --from 2017-04-01 --to 2018-03-31",
    NULL,
};

const char *const cmd_debt_usage[] = {
    "usage: prudent debt [--as-of DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "Principal outstanding at the as-of date on every loan (its principal less the",
    "instalments repaid on or before the date), by type (pwlb, lobo, market, temporary,",
    "other) with the number of loans and the principal-weighted average rate, and each loan",
    "with its next LOBO option date.",
    "",
    "  --as-of DATE      the date to report at (default today)",
    "  --authority CODE  whose book",
    "  --as-known-at TIME  the book as recorded then (ISO 8601: 2026-11-14T09:30:00Z),",
    "                    later entries and changes left out (docs/as-known-at.md)",
    "  --json            print {\"as_of\", \"external_debt\", \"by_type\": {TYPE: {\"count\",",
    "                    \"principal\", \"average_rate\"}}, \"loans\": [...]}",
    "",
    "example: prudent debt --as-of 2018-03-31 --json",
    NULL,
};

const char *const cmd_wam_usage[] = {
    "usage: prudent wam [--as-of DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "Weighted average maturity (WAM) of the investments outstanding at the as-of date, by",
    "type and overall: sum(principal x days) / sum(principal), with days from the as-of date",
    "to maturity for dated deals, notice_days for notice accounts, 0 for call accounts and",
    "money market funds. A deal maturing on the as-of date is repaid and left out; one",
    "starting after it is not counted yet. Pooled funds have no maturity: shown apart.",
    "",
    "  --as-of DATE      the date to answer for (default today)",
    "  --authority CODE  whose book (default PRUDENT_AUTHORITY or the only one)",
    "  --as-known-at TIME  the book as recorded then (ISO 8601: 2026-11-14T09:30:00Z),",
    "                    later entries and changes left out (docs/as-known-at.md)",
    "  --json            print {\"as_of\", \"by_type\": {TYPE: {\"count\", \"principal\", \"days\"}},",
    "                    \"overall\": {\"count\", \"principal\", \"days\"}, \"pooled\"}",
    "",
    "example: prudent wam --as-of 2018-03-31 --json",
    NULL,
};

const char *const cmd_indicators_usage[] = {
    "usage: prudent indicators [--as-of DATE] [--reference-date DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "Every prudential indicator at the as-of date against the limits of the strategy in force",
    "then (prudent import strategy): external debt vs the authorised limit and operational",
    "boundary, principal invested over 364 days, the maturity structure of borrowing (one",
    "indicator per band), fixed and variable interest rate exposure, and liquidity. Each is",
    "ok, warning (within the strategy's warning_ratio of a limit) or breach.",
    "See docs/computations.md for each definition with a worked example.",
    "",
    "  --as-of DATE           the date to answer for (default today)",
    "  --reference-date DATE  measure the maturity bands from this date (default the as-of",
    "                         date; reports often use the start of the financial year)",
    "  --authority CODE       whose book (default PRUDENT_AUTHORITY or the only one)",
    "  --as-known-at TIME  the book as recorded then (ISO 8601: 2026-11-14T09:30:00Z),",
    "                    later entries and changes left out (docs/as-known-at.md)",
    "  --json                 print {\"as_of\", \"indicators\": [{\"code\", \"limit\", \"actual\",",
    "                         \"status\"}], ...}",
    "",
    "example: prudent indicators --as-of 2018-03-31 --reference-date 2017-04-01",
    NULL,
};

const char *const cmd_interest_usage[] = {
    "usage: prudent interest [--from DATE] [--to DATE] [--as-of DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "Interest on the book over a period, both days included (docs/computations.md):",
    "  earned      on deposits for each night held in the period, ACT/365 Fixed",
    "  receivable  the whole interest of deposits maturing in the period",
    "  accrued     earned by dated deposits still held at the end, not yet received",
    "  payable     the interest of loan instalments dated in the period",
    "",
    "  --from DATE       first day (default the start of the financial year of --to)",
    "  --to DATE         last day (default the as-of date, itself default today)",
    "  --as-known-at TIME  the book as recorded then (ISO 8601: 2026-11-14T09:30:00Z),",
    "                    later entries and changes left out (docs/as-known-at.md)",
    "  --json            print {\"from\", \"to\", \"earned\", \"receivable\", \"accrued\",",
    "                    \"payable\", \"deposits\": [...], \"loans\": [...]}",
    "",
    "example: prudent interest --from 2017-04-01 --to 2018-03-31 --json",
    NULL,
};

const char *const cmd_predecessors_usage[] = {
    "usage: prudent predecessors [--from DATE] [--to DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "A successor council's comparatives (`prudent authority merge`, docs/shared-services.md):",
    "for a period starting before its vesting day, each predecessor's outturn from --from to the",
    "day before the vesting day: interest earned and payable, and the portfolio and external",
    "debt it held that day, with their total. Empty for an authority that is no successor or a",
    "period from the vesting day on. `report outturn` shows it as Annex 7.",
    "",
    "  --from DATE       first day (default the start of the financial year of --to)",
    "  --to DATE         last day (default the as-of date, itself default today)",
    "  --as-known-at TIME  the book as recorded then (docs/as-known-at.md)",
    "  --json            print {\"from\", \"to\", \"vesting_date\", \"predecessors\": [{\"code\",",
    "                    \"interest_earned\", \"interest_payable\", \"portfolio_total\",",
    "                    \"external_debt\"}], \"total\": {...}}",
    "",
    "example: prudent predecessors --authority UNITY --from 2019-04-01 --to 2021-03-31",
    NULL,
};

const char *const cmd_liability_benchmark_usage[] = {
    "usage: prudent liability-benchmark [--as-of DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "Per year of the capital plan in force at the as-of date (prudent import capital-plan),",
    "the Prudential Code 2021 figures (docs/computations.md):",
    "  cfr                    CFR(y-1) + financed by borrowing - MRP (from opening_cfr)",
    "  loans_cfr              CFR - other long-term liabilities (PFI, leases)",
    "  net_loans_requirement  loans CFR - usable reserves - working capital",
    "  liability_benchmark    net loans requirement + liquidity allowance",
    "  existing_debt          loan principal outstanding at 31 March of the year, by the",
    "                         loans' schedules as the book stands at the as-of date (LOBOs to",
    "                         maturity)",
    "",
    "  --as-of DATE      default today",
    "  --as-known-at TIME  the book as recorded then (ISO 8601), later entries left out",
    "  --json            {\"as_of\", \"years\": [{\"year\", \"cfr\", \"loans_cfr\",",
    "                    \"net_loans_requirement\", \"liquidity_allowance\",",
    "                    \"liability_benchmark\", \"existing_debt\"}]}",
    "",
    "example: prudent liability-benchmark --as-of 2026-06-30 --json",
    NULL,
};

const char *const cmd_mrp_usage[] = {
    "usage: prudent mrp [--as-of DATE] [--authority CODE] [--json] [--as-known-at TIME]",
    "",
    "Minimum revenue provision under the capital plan in force at the as-of date: each plan",
    "year's MRP (given in the plan, or computed from its mrp_tranches), then each tranche's",
    "schedule from the year after its spend (docs/computations.md \"MRP\"):",
    "  equal          amount / life a year, the last year taking what is left",
    "  annuity        level payment A = amount x r / (1 - (1+r)^-life), MRP = A - r x balance",
    "  reducing_4pct  4% of the opening balance (regulatory and CFR methods)",
    "Amounts are rounded to the penny, half away from zero.",
    "",
    "  --as-of DATE      default today",
    "  --json            {\"as_of\", \"effective_from\", \"years\": [{\"year\", \"mrp\", \"given\"}],",
    "                    \"tranches\": [{\"year\", \"amount\", \"method\", \"life\", \"rate\",",
    "                    \"schedule\": [{\"year\", \"opening\", \"mrp\", \"closing\"}]}]}",
    "",
    "example: prudent mrp --json",
    NULL,
};

/* The partnership form of view v (limits, portfolio): every member's view combined. */
static int run_partnership(struct cli *cli, const struct view *v, const char *code, const char *authority,
                           const char *known_at, const struct view_args *args, bool json)
{
    if (!view_partnership_has(v->name))
        return fail(EXIT_BAD, "%s: --partnership is not available (limits and portfolio have it)", v->name);
    if (authority)
        return fail(EXIT_BAD, "%s: give --partnership or --authority, not both", v->name);
    if (args->from != DATE_NONE || args->to != DATE_NONE)
        return fail(EXIT_BAD, "%s: --from and --to are not available with --partnership", v->name);
    int rc = cli_as_known_at(cli, known_at);
    if (rc != EXIT_OK)
        return rc;
    struct partnership p;
    int found = partnership_find(cli->db, code, args->as_of, args->as_of, &p);
    if (found < 0)
        return EXIT_DEP;
    if (found == 0)
        return fail(EXIT_BAD, "unknown partnership \"%s\" (see `prudent partnership list`)", code);
    int err = EXIT_DEP;
    cJSON *doc = view_partnership_build(cli->db, v->name, &p, args, &err);
    partnership_free(&p);
    if (!doc)
        return err;
    if (json)
        json_print(stdout, doc);
    else
        view_partnership_text(v->name, doc, stdout);
    cJSON_Delete(doc);
    return EXIT_OK;
}

int cli_run_view(struct cli *cli, const char *name, int argc, char **argv)
{
    const struct view *v = view_find(name);
    if (!v)
        return fail(EXIT_BAD, "no view named %s", name);
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE};
    const char *authority = NULL, *known_at = NULL, *partnership = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt(name, argc, argv, ":", view_opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'd': rc = cli_date("--as-of", optarg, &args.as_of); break;
        case 'f': rc = cli_date("--from", optarg, &args.from); break;
        case 't': rc = cli_date("--to", optarg, &args.to); break;
        case 'r': rc = cli_date("--reference-date", optarg, &args.reference_date); break;
        case 'A': args.all = true; break;
        case 'j': json = true; break;
        case 'K': rc = cli_moment("--as-known-at", known_at = optarg); break;
        case 'P': partnership = optarg; break;
        }
    }
    if (rc != EXIT_OK || (rc = cli_no_operands(name, argc, argv)) != EXIT_OK)
        return rc;
    if (args.from != DATE_NONE && args.to != DATE_NONE && args.to < args.from)
        return fail(EXIT_BAD, "--to is before --from");
    if (known_at && view_live(v))
        return fail(EXIT_BAD, "%s: --as-known-at is not available: %s are kept only as they are now "
                    "(docs/as-known-at.md)", name, name);
    if (partnership)
        return run_partnership(cli, v, partnership, authority, known_at, &args, json);
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK || (rc = cli_as_known_at(cli, known_at)) != EXIT_OK)
        return rc;
    int code = EXIT_DEP;
    cJSON *doc = v->build(cli->db, &a, &args, &code);
    if (!doc)
        return code;
    if (json || !v->text)
        json_print(stdout, doc);
    else
        v->text(doc, stdout);
    cJSON_Delete(doc);
    return EXIT_OK;
}

const char *const cmd_returns_usage[] = {
    "usage: prudent returns [--from DATE] [--to DATE] [--as-of DATE] [--authority CODE] [--json]",
    "       [--as-known-at TIME]",
    "",
    "The return on investments over the period against the benchmark (docs/computations.md,",
    "\"Return against the benchmark\"): interest earned over the time-weighted average",
    "balance x 365 / days, against compounded SONIA from the Bank of England's SONIA",
    "compounded index (IUDZOS2, the feed series sonia_index): (index on the day after --to /",
    "index on --from - 1) x 365 / days; the simple average of daily SONIA beside it. A figure",
    "that cannot be computed (no index, nothing invested) is null, with the reason.",
    "",
    "  --from DATE       first day (default: 1 April of the financial year of --to)",
    "  --to DATE         last day (default: --as-of, today)",
    "  --authority CODE  whose book",
    "  --as-known-at TIME  the book as recorded then (ISO 8601); rates as stored now",
    "  --json            print {\"from\", \"to\", \"days\", \"earned\", \"average_balance\",",
    "                    \"return\", \"benchmark\", \"sonia_compounded\": {\"index_start_date\",",
    "                    \"index_start\", \"index_end_date\", \"index_end\", \"rate\"},",
    "                    \"sonia_average\", \"return_above_benchmark\", \"reasons\"}",
    "",
    "example: prudent returns --from 2026-01-01 --to 2026-03-31 --json",
    NULL,
};
