/* commands.c: the one table of bin/prudent's verbs: each verb's name, what runs it (its cmd_NAME
 * function, or for a reporting verb the view cli_run_view builds), whether it needs the database,
 * its line in `prudent --help` and its usage text (cmd_NAME_usage, kept beside the verb's
 * options in its own file). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const struct command commands[] = {
    {.name = "authority", .run = cmd_authority, .flags = NEEDS_DB, .usage = cmd_authority_usage,
     .summary = "add and list authorities (councils)"},
    {.name = "db", .run = cmd_db, .usage = cmd_db_usage,
     .summary = "start, stop and inspect the embedded PostgreSQL"},
    {.name = "migrate", .run = cmd_migrate, .usage = cmd_migrate_usage,
     .summary = "apply pending database migrations"},
    {.name = "import", .run = cmd_import, .flags = NEEDS_DB, .usage = cmd_import_usage,
     .summary = "import counterparties, investments, loans, ratings, a strategy"},
    {.name = "user", .run = cmd_user, .flags = NEEDS_DB, .usage = cmd_user_usage,
     .summary = "add, list and revoke users of the HTTP API"},
    {.name = "serve", .run = cmd_serve, .usage = cmd_serve_usage,
     .summary = "run the HTTP JSON API and the background jobs"},
    {.name = "alerts", .run = cmd_alerts, .flags = NEEDS_DB, .usage = cmd_alerts_usage,
     .summary = "list, acknowledge and deliver alerts"},
    {.name = "feeds", .run = cmd_feeds, .flags = NEEDS_DB, .usage = cmd_feeds_usage,
     .summary = "poll the rate and holiday feeds, and show their state"},
    {.name = "rates", .run = cmd_rates, .flags = NEEDS_DB, .usage = cmd_rates_usage,
     .summary = "stored rate observations of a series, and their average"},
    {.name = "calendar", .run = cmd_calendar, .flags = NEEDS_DB, .usage = cmd_calendar_usage,
     .summary = "England and Wales bank holidays and business days"},
    {.name = "audit", .run = cmd_audit, .flags = NEEDS_DB, .usage = cmd_audit_usage,
     .summary = "verify the tamper-evident audit trail, show history"},
    {.name = "report", .run = cmd_report, .usage = cmd_report_usage,
     .summary = "committee reports: prudential indicators, portfolio, outturn"},
    {.name = "counterparty", .run = cmd_counterparty, .flags = NEEDS_DB,
     .usage = cmd_counterparty_usage,
     .summary = "suspend, restrict or reinstate a counterparty on the lending list"},
    {.name = "limits", .view = "limits", .flags = NEEDS_DB | AS_USER, .usage = cmd_limits_usage,
     .summary = "the lending list: status, limit, exposure, headroom, breaches"},
    {.name = "check", .run = cmd_check, .flags = NEEDS_DB | AS_USER, .usage = cmd_check_usage,
     .summary = "pre-deal check: may this deal be placed?"},
    {.name = "deal", .run = cmd_deal, .flags = NEEDS_DB | AS_USER, .usage = cmd_deal_usage,
     .summary = "book, approve, reject, withdraw, cancel or amend a deal"},
    {.name = "loan", .run = cmd_loan, .flags = NEEDS_DB | AS_USER, .usage = cmd_loan_usage,
     .summary = "PWLB premature repayment premium, record a repayment or a LOBO option"},
    {.name = "recompute", .run = cmd_recompute, .flags = NEEDS_DB, .usage = cmd_recompute_usage,
     .summary = "evaluate every rule and raise or resolve alerts"},
    {.name = "portfolio", .view = "portfolio", .flags = NEEDS_DB | AS_USER, .usage = cmd_portfolio_usage,
     .summary = "investments held at a date, by type, with days to maturity"},
    {.name = "maturing", .view = "maturing", .flags = NEEDS_DB | AS_USER, .usage = cmd_maturing_usage,
     .summary = "loan principal repayable in a period"},
    {.name = "debt", .view = "debt", .flags = NEEDS_DB | AS_USER, .usage = cmd_debt_usage,
     .summary = "external debt at a date, by loan type"},
    {.name = "wam", .view = "wam", .flags = NEEDS_DB | AS_USER, .usage = cmd_wam_usage,
     .summary = "weighted average maturity of the investments"},
    {.name = "indicators", .view = "indicators", .flags = NEEDS_DB | AS_USER, .usage = cmd_indicators_usage,
     .summary = "prudential indicators against the strategy's limits"},
    {.name = "strategy", .run = cmd_strategy, .flags = NEEDS_DB | AS_USER, .usage = cmd_strategy_usage,
     .summary = "list an authority's strategies, show the one in force"},
    {.name = "interest", .view = "interest", .flags = NEEDS_DB | AS_USER, .usage = cmd_interest_usage,
     .summary = "interest earned, receivable and payable in a period"},
    {.name = "loans", .run = cmd_loans, .flags = NEEDS_DB | AS_USER, .usage = cmd_loans_usage,
     .summary = "the discount watch: every PWLB loan's premium or discount at the latest rates"},
    {.name = "accounts", .run = cmd_accounts, .flags = NEEDS_DB | AS_USER, .usage = cmd_accounts_usage,
     .summary = "the authority's bank accounts"},
    {.name = "cashflow", .run = cmd_cashflow, .flags = NEEDS_DB | AS_USER, .usage = cmd_cashflow_usage,
     .summary = "cash-flow forecast by day, week or month, per account or consolidated"},
    {.name = "position", .run = cmd_position, .flags = NEEDS_DB | AS_USER, .usage = cmd_position_usage,
     .summary = "the day's cash position: opening, receipts, payments, surplus to invest"},
    {.name = "liability-benchmark", .view = "liability-benchmark", .flags = NEEDS_DB | AS_USER,
     .usage = cmd_liability_benchmark_usage,
     .summary = "CFR, net loans requirement and liability benchmark per capital plan year"},
    {.name = "mrp", .view = "mrp", .flags = NEEDS_DB | AS_USER, .usage = cmd_mrp_usage,
     .summary = "minimum revenue provision: each tranche's schedule"},
    {.name = "partnership", .run = cmd_partnership, .flags = NEEDS_DB, .usage = cmd_partnership_usage,
     .summary = "partnerships of authorities sharing services: add, list"},
    {.name = "reconcile", .run = cmd_reconcile, .flags = NEEDS_DB | AS_USER, .usage = cmd_reconcile_usage,
     .summary = "a bank account's statement lines matched to the flows expected"},
    {.name = "returns", .view = "returns", .flags = NEEDS_DB | AS_USER, .usage = cmd_returns_usage,
     .summary = "return on investments against compounded SONIA over a period"},
    {.name = "predecessors", .view = "predecessors", .flags = NEEDS_DB, .usage = cmd_predecessors_usage,
     .summary = "a successor council's comparatives: its predecessors' outturn to the vesting day"},
    {0},
};

const struct command *command_find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

void command_usage(const struct command *c, FILE *f)
{
    for (const char *const *line = c->usage; *line; line++) {
        fputs(*line, f);
        fputc('\n', f);
    }
}

int command_run(const struct command *c, struct cli *cli, int argc, char **argv)
{
    if (c->view)
        return cli_run_view(cli, c->view, argc, argv);
    return c->run(cli, argc, argv);
}
