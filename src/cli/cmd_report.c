/* cmd_report.c: `prudent report KIND [--as-of D] [--from D --to D] [--quarter YYYY-QN]
 * --format FMT -o FILE`: build a committee report (pi, portfolio, outturn, quarterly, cashflow) from the
 * views and write it as md, html, csv, xlsx, json or pdf. Arguments and the output path are checked before the database is opened, so a
 * bad kind, format or path exits 2 having written nothing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/report_cli.h"
#include "report/build.h"
#include "report/writer.h"
#include "store/db.h"
#include "store/known.h"
#include "store/report_meta.h"
#include "util/clock.h"
#include "util/err.h"

/* The "generated" time: PRUDENT_NOW (ISO 8601, for reproducible output), else now in UTC. */
static void generated_at(char *buf, size_t n)
{
    const char *env = getenv("PRUDENT_NOW");
    if (env && *env) {
        snprintf(buf, n, "%s", env);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The format named by --format, else guessed from -o's extension, else md. */
static int choose_format(const char *name, const char *out, enum report_format *fmt)
{
    if (name) {
        if (!report_format_parse(name, fmt))
            return fail(EXIT_BAD, "unknown report format \"%s\" (formats: md, html, csv, xlsx, json, pdf)", name);
        return EXIT_OK;
    }
    const char *dot = out ? strrchr(out, '.') : NULL;
    if (dot && !strchr(dot, '/') && report_format_parse(dot + 1, fmt))
        return EXIT_OK;
    *fmt = RF_MD;
    return EXIT_OK;
}

/* The views a report reads: on the verb's connection (cli->db), except the predecessors'
 * comparatives when acting as PRUDENT_TOKEN's user (cli->owner set): those need the
 * predecessors' whole books to the vesting day, of which row-level security shows a successor's
 * user only the holdings moved to it, so they are read on the owner's connection, as the
 * `predecessors` verb reads them (docs/hardening.md), in a read-only transaction as known at the
 * report's moment. The user covers the successor (cli_authority checked it). */
struct report_conns {
    struct view_source_ctx scoped, owner;
    const char *known_at; /* "" or the moment */
};

static cJSON *fetch_view(void *ctx, const char *view, const struct view_args *args, int *code)
{
    struct report_conns *x = ctx;
    if (!x->owner.conn || strcmp(view, "predecessors") != 0)
        return report_fetch_view(&x->scoped, view, args, code);
    PGconn *c = x->owner.conn;
    if (db_begin(c) < 0 || (x->known_at[0] && known_at_set(c, x->known_at, true) < 0)) {
        db_rollback(c);
        *code = EXIT_DEP;
        return NULL;
    }
    cJSON *doc = report_fetch_view(&x->owner, view, args, code);
    db_rollback(c); /* it only read */
    return doc;
}

int cli_report_write(struct cli *cli, const char *kind, const struct authority *a, const struct view_args *args,
                     enum report_format fmt, const char *out, const char *generated)
{
    char name[256], gen[40];
    int rc = store_authority_name(cli->db, a->id, name, sizeof name);
    if (rc != EXIT_OK)
        return rc;
    struct report_conns ctx = {.scoped = {.conn = cli->db, .authority = a},
                               .owner = {.conn = cli->owner, .authority = a},
                               .known_at = cli->known_at};
    struct report_source src = {.fetch = fetch_view, .ctx = &ctx};
    struct report *r = report_build(kind, &src, a->code, name, args, &rc);
    if (!r)
        return rc;
    if (!generated)
        generated_at(gen, sizeof gen);
    report_set_generated(r, generated ? generated : gen);
    rc = report_output(r, fmt, out);
    report_free(r);
    return rc;
}

/* --quarter: required by the quarterly pack (its period, --from and --to refused beside it),
 * refused by the other reports. */
static int quarter_args(const char *kind, const char *quarter, struct view_args *args)
{
    bool quarterly = strcmp(kind, "quarterly") == 0;
    const char *why;
    if (!quarterly)
        return quarter ? fail(EXIT_BAD, "--quarter is for the quarterly report only") : EXIT_OK;
    if (!quarter)
        return fail(EXIT_BAD, "the quarterly report needs --quarter YYYY-QN (e.g. 2024-Q1: April to June 2024)");
    if (args->from != DATE_NONE || args->to != DATE_NONE)
        return fail(EXIT_BAD, "give --quarter, not --from and --to, for the quarterly report");
    if (!report_quarter_parse(quarter, &args->from, &args->to, &why))
        return fail(EXIT_BAD, "--quarter \"%s\": %s", quarter, why);
    args->as_of = args->to;
    return EXIT_OK;
}

const char *const cmd_report_usage[] = {
    "usage: prudent report KIND [--as-of D] [--from D --to D] [--format FMT] [-o FILE]",
    "                      [--authority CODE] [--as-known-at TIME] [--record [--by NAME]]",
    "       prudent report quarterly --quarter YYYY-QN [--format FMT] [-o FILE]",
    "       prudent report list [--authority CODE] [--json]",
    "       prudent report reproduce ID [-o FILE]",
    "",
    "Builds a committee-ready report from the same figures the reporting verbs print (the",
    "views: portfolio, wam, debt, maturing, indicators, limits, alerts) and writes it as",
    "Markdown, HTML, CSV, Excel or JSON. A section whose figures are not available in this",
    "build says so in one line (\"not available: ...\"); nothing is ever estimated.",
    "",
    "KIND:",
    "  pi         monthly prudential indicator report at --as-of: every indicator with limit,",
    "             actual and status; external debt and its maturity structure; investments",
    "             by type and WAM; exposure by counterparty against limits; credit score;",
    "             liquidity; breaches, and alerts of the month (of --from..--to if given)",
    "  portfolio  investments held at --as-of: by type, each holding (counterparty,",
    "             principal, rate, maturity, days), weighted average maturity",
    "  outturn    the annual (or mid-year) outturn annexes for --from..--to: debt financing,",
    "             maturing debt, lending list changes, investment portfolio at --to,",
    "             prudential indicator outturn, interest and average rates. Without --from",
    "             and --to: the financial year to --as-of (1 April to --as-of)",
    "  quarterly  the quarterly pack for --quarter: every indicator at the quarter end",
    "             against its limit, borrowing and investment activity in the quarter,",
    "             debt maturing, lending list changes, breaches and alerts with their",
    "             explanations",
    "  cashflow   the cash-flow forecast from --as-of: the low point of the coming 13",
    "             weeks (lowest balance, days below the minimum, days covered, shortfall),",
    "             the 13 weeks by week and the year by month, all accounts and each one,",
    "             periods below the minimum flagged; forecast against actual per item from",
    "             the reconciliation of --from..--to (default: the financial year to --as-of)",
    "",
    "  --as-of D          the report date (default today; PRUDENT_TODAY overrides today)",
    "  --from D --to D    the period (outturn; pi: the period of the alerts listed;",
    "                     cashflow: the period of forecast against actual)",
    "  --quarter YYYY-QN  the financial-year quarter of the quarterly pack: 2024-Q1 is",
    "                     01/04/2024..30/06/2024, 2024-Q4 is 01/01/2025..31/03/2025",
    "  --format FMT       md, html, csv, xlsx, json or pdf (default: from -o's extension,",
    "                     else md)",
    "  --json             the same as --format json",
    "  -o, --output FILE  where to write (default: standard output; xlsx needs a file). The",
    "                     file is written beside its destination under a temporary name and",
    "                     renamed when complete: a failure never leaves a partial file.",
    "                     csv: a FILE gets the sectioned single-file form; a directory (or a",
    "                     path ending in /) gets one file per table, ID.csv, and figures.csv",
    "  --authority CODE   the authority (default PRUDENT_AUTHORITY or the only one)",
    "  --as-known-at TIME the figures as the book was recorded at that moment (ISO 8601,",
    "                     e.g. 2026-11-14T09:30:00Z): what committee saw then. Alerts are",
    "                     listed as they were known then (docs/as-known-at.md)",
    "  --record           a report for committee: made as known at one moment (the",
    "                     database's clock, or --as-known-at), its \"generated\" stamp that",
    "                     moment, and recorded with its arguments, format, bytes and SHA-256",
    "                     (an audit row holds the hash); prints \"recorded report ID ...\" on",
    "                     stderr. --by NAME: who records it (cli_actor: the token's user)",
    "",
    "  list               the recorded reports, oldest first: id, moment, kind, arguments,",
    "                     format, SHA-256 (--json: [{\"id\", \"kind\", \"format\", \"arguments\":",
    "                     {\"as_of\", \"from\", \"to\", \"quarter\"}, \"made_at\", \"sha256\",",
    "                     \"size\", \"entered_by\"}])",
    "  reproduce ID       make recorded report ID again as known at its moment, with its",
    "                     arguments and format, write it (-o FILE, default standard output)",
    "                     and compare its SHA-256 with the recorded one: exit 0 when",
    "                     identical, 1 (saying so, both hashes) when not",
    "",
    "Formats: md for e-mail and wikis (pipe tables, £ amounts, dd/mm/yyyy dates); html is one",
    "self-contained file (inline CSS and SVG charts) that prints on A4; xlsx has a Summary",
    "sheet and one sheet per table (amounts as numbers in £ format, real dates, frozen",
    "headings); json is one document with every table; pdf (needs -o) is the HTML rendered",
    "by WeasyPrint as a tagged, accessible PDF/UA file on A4 with page numbers. See",
    "docs/reports.md.",
    "Exit status: 2 for an unknown KIND or FMT or an unwritable -o path (nothing written),",
    "3 when the database fails.",
    "",
    "examples:",
    "  prudent report pi --as-of 2018-03-31 --format html -o pi-2018-03.html",
    "  prudent report portfolio --as-of 2018-03-31 -o portfolio.xlsx",
    "  prudent report outturn --from 2017-04-01 --to 2018-03-31 --format md -o outturn.md",
    "  prudent report outturn --from 2017-04-01 --to 2018-03-31 --format csv -o annexes/",
    "  prudent report quarterly --quarter 2017-Q4 -o quarterly-2017-Q4.pdf",
    "  prudent report cashflow --as-of 2026-04-01 -o cashflow.xlsx",
    "  prudent report quarterly --quarter 2017-Q4 -o q4.html --record    (then: report list)",
    "  prudent report reproduce 1 -o q4-again.html && cmp q4.html q4-again.html",
    NULL,
};

int cmd_report(struct cli *cli, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "list") == 0)
        return cmd_report_list(cli, argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "reproduce") == 0)
        return cmd_report_reproduce(cli, argc - 1, argv + 1);
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"as-of", required_argument, NULL, 'd'},
        {"from", required_argument, NULL, 'f'},      {"to", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'F'},    {"output", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},            {"as-known-at", required_argument, NULL, 'K'},
        {"quarter", required_argument, NULL, 'Q'},   {"record", no_argument, NULL, 'R'},
        {"by", required_argument, NULL, 'b'},        {0, 0, 0, 0}};
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE};
    const char *authority = NULL, *format = NULL, *out = NULL, *known_at = NULL, *quarter = NULL, *by = NULL;
    bool as_of_given = false, record = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("report", argc, argv, ":o:", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'd': rc = cli_date("--as-of", optarg, &args.as_of), as_of_given = true; break;
        case 'f': rc = cli_date("--from", optarg, &args.from); break;
        case 't': rc = cli_date("--to", optarg, &args.to); break;
        case 'F': format = optarg; break;
        case 'o': out = optarg; break;
        case 'j': format = "json"; break; /* like every reporting verb */
        case 'K': rc = cli_moment("--as-known-at", known_at = optarg); break;
        case 'Q': quarter = optarg; break;
        case 'R': record = true; break;
        case 'b': by = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (argc - optind != 1)
        return cli_usage("report", argc - optind == 0 ? "give a report: pi, portfolio, outturn, quarterly or cashflow"
                                                      : "unexpected argument \"%s\"",
                         argv[argc - 1]);
    const char *kind = argv[optind];
    if (!report_kind_valid(kind))
        return fail(EXIT_BAD, "unknown report \"%s\" (reports: pi, portfolio, outturn, quarterly, cashflow)", kind);
    if ((rc = quarter_args(kind, quarter, &args)) != EXIT_OK)
        return rc;
    enum report_format fmt;
    if ((rc = choose_format(format, out, &fmt)) != EXIT_OK)
        return rc;
    if ((args.from == DATE_NONE) != (args.to == DATE_NONE))
        return fail(EXIT_BAD, "give both --from and --to, or neither");
    if (args.from != DATE_NONE && args.to < args.from)
        return fail(EXIT_BAD, "--to is before --from");
    if (strcmp(kind, "outturn") == 0 && args.from == DATE_NONE) {
        /* The financial year to the as-of date: 01/04 of its year to the as-of date. */
        args.from = date_fy_start(date_financial_year(args.as_of));
        args.to = args.as_of;
    } else if (strcmp(kind, "outturn") == 0 && !as_of_given) {
        args.as_of = args.to;
    }
    if ((rc = report_output_check(fmt, out)) != EXIT_OK)
        return rc;
    /* a report tolerates lag: PRUDENT_DB_READ when set; as PRUDENT_TOKEN's user (scoped.c) */
    if ((rc = cli_connect_scoped(cli, true)) != EXIT_OK)
        return rc;
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    if (record) {
        struct report_record rec = {.authority_id = a.id, .as_of = args.as_of, .from = args.from, .to = args.to};
        snprintf(rec.kind, sizeof rec.kind, "%s", kind);
        snprintf(rec.format, sizeof rec.format, "%s", report_format_name(fmt));
        snprintf(rec.quarter, sizeof rec.quarter, "%s", quarter ? quarter : "");
        return cli_report_record(cli, &a, &rec, known_at, by, out);
    }
    if ((rc = cli_as_known_at(cli, known_at)) != EXIT_OK)
        return rc;
    return cli_report_write(cli, kind, &a, &args, fmt, out, NULL);
}
