/* cmd_loan.c: loans after they were taken: `prudent loan premium|repay|option` (service/loan.c
 * does the work: the premium by the DMO formula, and recording repayments and LOBO options as
 * new loan events, each in one transaction with its audit row). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/loan.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

void cli_print_deal_error(const cJSON *doc); /* cmd_check.c */

const char *const cmd_loan_usage[] = {
    "usage: prudent loan premium REF --date D --rate R [--json]",
    "       prudent loan repay REF --date D --rate R [--amount A] --by NAME [--reason TEXT]",
    "       prudent loan option REF --date D (--rate R | --repaid) --by NAME [--reason TEXT]",
    "       prudent loan discount [--as-of D] [--rate R | --series NAME] [--json]",
    "       prudent loans discount [--as-of D] [--json]      (the same as loan discount)",
    "",
    "premium: what repaying PWLB loan REF early on D would cost at the PWLB's repayment rate R",
    "(percent), by the DMO's formula (docs/computations.md): the principal outstanding on D, the",
    "premium (positive) or discount (negative), the interest accrued since the last interest date",
    "and the settlement (outstanding + accrued + premium). Warns on stderr when the loan has less",
    "than a year to run (the PWLB does not normally take it). Only fixed-rate PWLB loans are priced.",
    "repay: records that repayment (of --amount A only, when given), priced at D and kept with",
    "it; the loan's outstanding principal falls from D (the loan is gone when repaid in whole).",
    "option: records a LOBO lender's option on one of its option dates: --rate R, the new rate",
    "from D; or --repaid, the borrower declined and the loan was repaid at par on D. Another",
    "date is refused, naming the next option date.",
    "discount: the discount watch: every fixed-rate PWLB loan outstanding on D (--as-of or",
    "--date; default today) priced as if repaid in whole that day at the PWLB premature",
    "repayment rate of its type for its remaining term, from the latest repayment rates on or",
    "before D saved in the PWLB rates file (docs/feeds.md): its outstanding principal, the rate,",
    "the premium (+) or discount (-), accrued interest and settlement; a loan in discount raises",
    "the alert loan.in_discount once (docs/alerts.md). With --rate R (or the latest observation",
    "of a stored rate series, --series NAME) every loan is priced at that one rate instead.",
    "Events are new rows (nothing is changed in place), recorded in date order, audited with",
    "who (--by) and why (--reason); every figure as at a date follows those dated on or before it.",
    "With PRUDENT_TOKEN set, the verb acts as the token's user (docs/hardening.md): only the",
    "authorities that user covers, --by left out or naming that user (a dealer for repay, option).",
    "",
    "  --authority CODE  the authority's book",
    "  --json            print the result as JSON: premium and repay {\"ref\", \"date\",",
    "                    \"outstanding\", \"repayment_rate\", \"premium\", \"accrued_interest\",",
    "                    \"settlement\", ...}; option {\"ref\", \"date\", \"kind\", \"rate\", ...};",
    "                    discount {\"date\", \"repayment_rate\", \"loans\": [...], \"total_premium\", ...}",
    "Exit 0 done, 2 refused (unknown ref, not a PWLB loan or not a LOBO, a date outside the",
    "loan's life or not an option date, an amount above the outstanding): nothing written.",
    "",
    "example: prudent loan premium PWLB-482311 --date 2026-11-14 --rate 5.12",
    "         prudent loan option LOBO-7 --date 2027-04-01 --rate 4.95 --by alice",
    "         prudent loans discount --as-of 2026-12-04",
    NULL,
};

struct loan_opts {
    const char *authority, *by, *reason, *series;
    date_t date;
    rate_t rate;
    money_t amount;
    bool have_rate, repaid, json;
};

static int parse_opts(int argc, char **argv, struct loan_opts *o)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"date", required_argument, NULL, 'd'},
        {"rate", required_argument, NULL, 'r'},      {"amount", required_argument, NULL, 'm'},
        {"by", required_argument, NULL, 'b'},        {"reason", required_argument, NULL, 'w'},
        {"repaid", no_argument, NULL, 'p'},          {"json", no_argument, NULL, 'j'},
        {"series", required_argument, NULL, 's'},    {"as-of", required_argument, NULL, 'o'},
        {0, 0, 0, 0}};
    int ch, rc = EXIT_OK;
    optind = 2;
    while ((ch = cli_getopt("loan", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': o->authority = optarg; break;
        case 'd': rc = cli_date("--date", optarg, &o->date); break;
        case 'o': rc = cli_date("--as-of", optarg, &o->date); break;
        case 'r': {
            const char *why;
            o->have_rate = true;
            if (!rate_parse(optarg, &o->rate, &why))
                rc = fail(EXIT_BAD, "--rate \"%s\" is not a rate: %s", optarg, why);
            break;
        }
        case 'm':
            rc = cli_money("--amount", optarg, &o->amount);
            if (rc == EXIT_OK && o->amount <= 0)
                rc = fail(EXIT_BAD, "--amount \"%s\" must be above zero", optarg);
            break;
        case 'b': o->by = optarg; break;
        case 'w': o->reason = optarg; break;
        case 'p': o->repaid = true; break;
        case 's': o->series = optarg; break;
        case 'j': o->json = true; break;
        }
    }
    return rc;
}

/* Check the options an action needs. */
static int check_opts(const char *action, const struct loan_opts *o)
{
    if (strcmp(action, "discount") == 0) {
        if (o->have_rate && o->series)
            return cli_usage("loan", "discount takes --rate R or --series NAME, not both");
        if (o->by || o->reason || o->amount || o->repaid)
            return cli_usage("loan", "discount takes --date, --rate or --series, --json and --authority only");
        return EXIT_OK;
    }
    if (o->series)
        return cli_usage("loan", "--series is for discount");
    bool premium = strcmp(action, "premium") == 0, option = strcmp(action, "option") == 0;
    if (o->date == DATE_NONE)
        return cli_usage("loan", "%s needs --date D", action);
    if (option && o->have_rate == o->repaid)
        return cli_usage("loan", "option needs one of --rate R (the lender's new rate) or --repaid");
    if (!option && !o->have_rate)
        return cli_usage("loan", "%s needs --rate R (the PWLB's repayment rate)", action);
    if (!option && o->repaid)
        return cli_usage("loan", "--repaid is for option");
    if ((premium || option) && o->amount)
        return cli_usage("loan", "--amount is for repay");
    return EXIT_OK;
}

/* doc's string (or "") and number (or 0) under key. */
static const char *json_str(const cJSON *doc, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int json_int(const cJSON *doc, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);
    return cJSON_IsNumber(v) ? v->valueint : 0;
}

/* doc's money string under key as £1,234.56 (its absolute value when abs) into buf. */
static const char *pounds(const cJSON *doc, const char *key, bool abs, char buf[MONEY_BUFSZ + 4])
{
    money_t m = 0;
    money_parse(json_str(doc, key), &m, NULL);
    return money_format(abs && m < 0 ? -m : m, MONEY_GROUPED | MONEY_POUND, buf);
}

static void print_priced(const cJSON *doc)
{
    char m[MONEY_BUFSZ + 4];
    bool discount = json_str(doc, "premium")[0] == '-';
    printf("Loan %s repaid on %s at a repayment rate of %s%%\n", json_str(doc, "ref"), json_str(doc, "date"),
           json_str(doc, "repayment_rate"));
    printf("  %-22s %18s\n", "Outstanding principal", pounds(doc, "outstanding", false, m));
    printf("  %-22s %18s\n", "Repaid", pounds(doc, "amount", false, m));
    printf("  %-22s %18s\n", discount ? "Discount" : "Premium", pounds(doc, "premium", true, m));
    printf("  %-22s %18s\n", "Accrued interest", pounds(doc, "accrued_interest", false, m));
    printf("  %-22s %18s\n", "Settlement", pounds(doc, "settlement", false, m));
    printf("  (D = %d days since %s, N = %d interest dates to maturity)\n", json_int(doc, "days"),
           json_str(doc, "last_interest_date"), json_int(doc, "periods"));
}

static void print_watch(const cJSON *doc)
{
    char m1[MONEY_BUFSZ + 4], m2[MONEY_BUFSZ + 4], m3[MONEY_BUFSZ + 4];
    printf("PWLB loans repaid on %s at %s%%%s%s\n\n", json_str(doc, "date"), json_str(doc, "repayment_rate"),
           *json_str(doc, "series") ? ", the latest of " : "", json_str(doc, "series"));
    struct table *t = table_new(6, "Ref", "Maturity", "Rate %", "Outstanding", "Premium (-discount)", "Settlement");
    for (int c = 2; c < 6; c++)
        table_align_right(t, c);
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(doc, "loans"))
        table_row(t, json_str(l, "ref"), json_str(l, "maturity_date"), json_str(l, "loan_rate"),
                  pounds(l, "outstanding", false, m1), pounds(l, "premium", false, m2), pounds(l, "settlement", false, m3));
    table_print(t, stdout);
    table_free(t);
    printf("\nTotal outstanding %s, premium %s\n", pounds(doc, "total_outstanding", false, m1),
           pounds(doc, "total_premium", false, m2));
}

/* The watch at the loaded repayment rates: each loan at the rate for its own remaining term. */
static void print_curve_watch(const cJSON *doc)
{
    char m1[MONEY_BUFSZ + 4], m2[MONEY_BUFSZ + 4], m3[MONEY_BUFSZ + 4], m4[MONEY_BUFSZ + 4];
    printf("PWLB loans repaid on %s at the PWLB repayment rates of %s\n\n", json_str(doc, "date"),
           json_str(doc, "rates_date"));
    struct table *t = table_new(8, "Ref", "Maturity", "Rate %", "Outstanding", "Repay rate %", "Premium (-discount)",
                                "Accrued", "Settlement");
    for (int c = 2; c < 8; c++)
        table_align_right(t, c);
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(doc, "loans"))
    {
        bool priced = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(l, "premium"));
        table_row(t, json_str(l, "ref"), json_str(l, "maturity_date"), json_str(l, "loan_rate"),
                  pounds(l, "outstanding", false, m1), priced ? json_str(l, "repayment_rate") : "no rate",
                  priced ? pounds(l, "premium", false, m2) : "", priced ? pounds(l, "accrued_interest", false, m3) : "",
                  priced ? pounds(l, "settlement", false, m4) : "");
    }
    table_print(t, stdout);
    table_free(t);
    printf("\nTotal outstanding %s, premium %s; %d in discount\n", pounds(doc, "total_outstanding", false, m1),
           pounds(doc, "total_premium", false, m2), json_int(doc, "in_discount"));
}

static int report(int rc, cJSON *doc, const char *action, bool json)
{
    if (rc != EXIT_OK) {
        if (doc)
            cli_print_deal_error(doc);
        cJSON_Delete(doc);
        return rc;
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "under_one_year")))
        warning("loan %s has less than a year to run: the PWLB does not normally take early repayment",
                json_str(doc, "ref"));
    if (json)
        json_print(stdout, doc);
    else if (strcmp(action, "discount") == 0 && cJSON_GetObjectItemCaseSensitive(doc, "rates_date"))
        print_curve_watch(doc);
    else if (strcmp(action, "discount") == 0)
        print_watch(doc);
    else if (strcmp(action, "option") == 0)
        printf("Loan %s: %s on %s%s%s\n", json_str(doc, "ref"), json_str(doc, "kind"), json_str(doc, "date"),
               cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc, "rate")) ? ", new rate " : "",
               cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc, "rate")) ? json_str(doc, "rate") : "");
    else
        print_priced(doc);
    cJSON_Delete(doc);
    return rc;
}

int cmd_loan(struct cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("loan", "give an action: premium, repay, option or discount");
    const char *action = argv[1];
    bool discount = strcmp(action, "discount") == 0;
    if (strcmp(action, "premium") != 0 && strcmp(action, "repay") != 0 && strcmp(action, "option") != 0 && !discount)
        return cli_usage("loan", "unknown action \"%s\" (premium, repay, option, discount)", action);
    struct loan_opts o = {.date = DATE_NONE};
    int rc = parse_opts(argc, argv, &o);
    if (rc != EXIT_OK)
        return rc;
    if (discount && o.date == DATE_NONE)
        o.date = clock_today();
    if (argc - optind != (discount ? 0 : 1))
        return discount ? cli_no_operands("loan", argc, argv) : cli_usage("loan", "%s needs one loan REF", action);
    const char *ref = discount ? NULL : argv[optind];
    if ((rc = check_opts(action, &o)) != EXIT_OK)
        return rc;
    struct authority a;
    if ((rc = cli_authority(cli, o.authority, &a)) != EXIT_OK)
        return rc;
    struct actor who;
    if (!discount && strcmp(action, "premium") != 0) { /* repay, option: who acts (cli_actor) */
        char verb[32];
        snprintf(verb, sizeof verb, "loan %s", action);
        if ((rc = cli_actor(cli, &a, o.by, ROLE_DEALER, verb, &who)) != EXIT_OK)
            return rc;
        o.by = who.name;
    }
    cJSON *doc = NULL;
    if (discount && !o.have_rate && !o.series) {
        rc = loan_discount_curves(cli->db, &a, o.date, &doc);
    } else if (discount) {
        rc = loan_discount_watch(cli->db, &a, o.date, o.rate, o.series, &doc);
    } else if (strcmp(action, "premium") == 0) {
        rc = loan_premium(cli->db, &a, ref, o.date, o.rate, 0, &doc);
    } else if (strcmp(action, "repay") == 0) {
        struct loan_repay_request r = {ref, o.date, o.rate, o.amount, o.by, o.reason};
        rc = loan_repay(cli->db, &a, &r, &doc);
    } else {
        struct loan_option_request r = {ref, o.date, o.repaid, o.rate, o.by, o.reason};
        rc = loan_option(cli->db, &a, &r, &doc);
    }
    return report(rc, doc, action, o.json);
}

/* `prudent loans discount ...`: the canonical spelling of the discount watch (interfaces.md),
 * the same as `prudent loan discount ...`. */
const char *const cmd_loans_usage[] = {
    "usage: prudent loans discount [--as-of D] [--json] [--authority CODE]",
    "",
    "The discount watch: every fixed-rate PWLB loan outstanding on D (default today) with its",
    "outstanding principal, the PWLB premature repayment rate for its remaining term at the",
    "latest repayment rates on or before D (saved in the PWLB rates file, docs/feeds.md), the",
    "premium (+) or discount (-) by the DMO formula, accrued interest and settlement. A loan",
    "in discount raises the alert loan.in_discount once (docs/alerts.md). The same as",
    "`prudent loan discount` (see `prudent loan --help` for --rate and --series).",
    "",
    "  --as-of D         the date (also --date)",
    "  --json            {\"date\", \"rates_date\", \"loans\": [{\"ref\", \"outstanding\",",
    "                    \"repayment_rate\", \"premium\", \"accrued_interest\", \"settlement\",",
    "                    \"in_discount\", ...}], \"total_outstanding\", \"total_premium\",",
    "                    \"count\", \"in_discount\"}",
    "Exit 0 listed, 2 refused (no repayment rates on or before D).",
    "",
    "example: prudent loans discount --as-of 2026-12-04 --json",
    NULL,
};

int cmd_loans(struct cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "discount") != 0)
        return cli_usage("loans", "give the action: discount");
    return cmd_loan(cli, argc, argv);
}
