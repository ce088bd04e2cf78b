/* commands.c: the one table of bin/prudent's verbs, with their help texts. */
#include <string.h>

#include "cli/cli.h"

const struct command commands[] = {
    {"authority", cmd_authority, NEEDS_DB, "add and list authorities (councils)",
     "usage: prudent authority add CODE --name NAME\n"
     "       prudent authority list [--json]\n"
     "\n"
     "An authority is one council's book: its strategy, lending list, deals and loans.\n"
     "CODE is 2-16 characters of A-Z, 0-9 and '-' (e.g. OXON, WESTSHIRE-CC).\n"
     "\n"
     "  --name NAME   the authority's full name (required for add)\n"
     "  --json        print {\"authorities\": [{\"code\", \"name\"}]}\n"
     "\n"
     "example: prudent authority add WSX --name \"Wessex County Council\"\n"},
    {"db", cmd_db, 0, "start, stop and inspect the embedded PostgreSQL",
     "usage: prudent db start|stop|status|url|psql [PSQL-ARGS...]\n"
     "\n"
     "With PRUDENT_DB unset, prudent keeps a private PostgreSQL cluster under\n"
     "$PRUDENT_HOME/pg (default /var/lib/prudent for root, ~/.local/share/prudent\n"
     "otherwise), reached through a Unix socket only. Any verb starts it when needed.\n"
     "\n"
     "  start    create (first time) and start the cluster\n"
     "  stop     stop it (fast shutdown: open transactions are rolled back)\n"
     "  status   say whether it runs, where it lives, and the connection string\n"
     "  url      print the libpq connection string (for PRUDENT_DB or psql)\n"
     "  psql     open psql on the prudent database (extra arguments go to psql)\n"},
    {"migrate", cmd_migrate, 0, "apply pending database migrations",
     "usage: prudent migrate\n"
     "\n"
     "Applies each pending migration in sql/ (compiled into the program) in order, each in\n"
     "its own transaction, and records it. Every verb does this by itself on first use.\n"},
    {"import", cmd_import, NEEDS_DB, "import counterparties, investments, loans, ratings, a strategy",
     "usage: prudent import KIND FILE [--authority CODE] [--dry-run] [--by NAME]\n"
     "\n"
     "KIND is counterparties, investments, loans, ratings or strategy. FILE is CSV (UTF-8,\n"
     "header row, RFC 4180 quoting) or JSON (an array of objects with the same field names;\n"
     "a strategy is one JSON object). An import is all-or-nothing: any bad row rejects the\n"
     "whole file, every bad row is reported with its line and field, and nothing is written.\n"
     "Re-importing the same file changes nothing.\n"
     "\n"
     "  --authority CODE  the authority whose book it is (not for counterparties, ratings)\n"
     "  --dry-run         validate only\n"
     "  --by NAME         who is importing, for the audit trail (default: login name)\n"
     "\n"
     "Amounts: 5000000, 5000000.00, 5,000,000.00 or £5,000,000. Dates: 2018-03-31 or 31/03/2018.\n"
     "\n"
     "example: prudent import investments deals.csv --authority WSX --dry-run\n"},
    {"audit", cmd_audit, NEEDS_DB, "verify the tamper-evident audit trail, show history",
     "usage: prudent audit verify [--json]\n"
     "       prudent audit log [KEY] [--entity ENTITY] [--authority CODE] [--limit N] [--json]\n"
     "\n"
     "Every change (deals, loans, counterparties, ratings, strategies, restrictions, users)\n"
     "is recorded with who, when, what, before and after, in an append-only table whose\n"
     "rows are chained by SHA-256: each row's hash covers its contents and the previous\n"
     "row's hash.\n"
     "\n"
     "  verify   recompute the chain; exit 0 when intact, 1 when a row was edited, deleted\n"
     "           or removed from the end (the first broken row is named)\n"
     "  log      the history, oldest first (the last N entries; default 200), optionally of\n"
     "           one KEY (a deal ref or counterparty code) or ENTITY (deal, loan, counterparty,\n"
     "           rating, strategy, user, authority...)\n"
     "\n"
     "example: prudent audit log D2018-041 --entity deal\n"},
    {"portfolio", cmd_portfolio, NEEDS_DB, "investments held at a date, by type, with days to maturity",
     "usage: prudent portfolio [--as-of DATE] [--authority CODE] [--json]\n"
     "\n"
     "Every investment held at the as-of date (started on or before it and, if dated, maturing\n"
     "after it; pending deals included), with its days to maturity: calendar days to the\n"
     "maturity date, the notice period for notice accounts, 0 for call accounts and money\n"
     "market funds, none for pooled funds. Then the count and principal by type, and the total.\n"
     "\n"
     "  --as-of DATE      the date to report at (default today; 2018-03-31 or 31/03/2018)\n"
     "  --authority CODE  whose book (default PRUDENT_AUTHORITY, or the only authority)\n"
     "  --json            print {\"as_of\", \"total\", \"by_type\": {TYPE: {\"count\", \"principal\"}},\n"
     "                    \"holdings\": [{\"ref\", \"type\", \"counterparty\", \"principal\", \"rate\",\n"
     "                    \"maturity_date\", \"days\", ...}]}\n"
     "\n"
     "example: prudent portfolio --as-of 31/03/2018\n"},
    {"maturing", cmd_maturing, NEEDS_DB, "loan principal repayable in a period",
     "usage: prudent maturing [--from DATE] [--to DATE] [--authority CODE] [--json]\n"
     "\n"
     "Each loan instalment that repays principal on a date from --from to --to (both\n"
     "included): maturities, EIP and annuity instalments, from the loans' schedules. Then the\n"
     "total and the principal-weighted average rate.\n"
     "\n"
     "  --from DATE       first day of the period (default: --as-of, today)\n"
     "  --to DATE         last day (default: 31 March ending the financial year of --from)\n"
     "  --authority CODE  whose book\n"
     "  --json            print {\"from\", \"to\", \"instalments\": [{\"ref\", \"date\", \"amount\",\n"
     "                    \"rate\", \"repayment\", ...}], \"total\", \"average_rate\"}\n"
     "\n"
     "example: prudent maturing --from 2017-04-01 --to 2018-03-31\n"},
    {"debt", cmd_debt, NEEDS_DB, "external debt at a date, by loan type",
     "usage: prudent debt [--as-of DATE] [--authority CODE] [--json]\n"
     "\n"
     "Principal outstanding at the as-of date on every loan (its principal less the\n"
     "instalments repaid on or before the date), by type (pwlb, lobo, market, temporary,\n"
     "other) with the number of loans and the principal-weighted average rate, and each loan\n"
     "with its next LOBO option date.\n"
     "\n"
     "  --as-of DATE      the date to report at (default today)\n"
     "  --authority CODE  whose book\n"
     "  --json            print {\"as_of\", \"external_debt\", \"by_type\": {TYPE: {\"count\",\n"
     "                    \"principal\", \"average_rate\"}}, \"loans\": [...]}\n"
     "\n"
     "example: prudent debt --as-of 2018-03-31 --json\n"},
    {"wam", cmd_wam, NEEDS_DB, "weighted average maturity of the investments",
     "usage: prudent wam [--as-of DATE] [--authority CODE] [--json]\n"
     "\n"
     "Weighted average maturity (WAM) of the investments outstanding at the as-of date, by\n"
     "type and overall: sum(principal x days) / sum(principal), with days from the as-of date\n"
     "to maturity for dated deals, notice_days for notice accounts, 0 for call accounts and\n"
     "money market funds. A deal maturing on the as-of date is repaid and left out; one\n"
     "starting after it is not counted yet. Pooled funds have no maturity: shown apart.\n"
     "\n"
     "  --as-of DATE      the date to answer for (default today)\n"
     "  --authority CODE  whose book (default PRUDENT_AUTHORITY or the only one)\n"
     "  --json            print {\"as_of\", \"by_type\": {TYPE: {\"count\", \"principal\", \"days\"}},\n"
     "                    \"overall\": {\"count\", \"principal\", \"days\"}, \"pooled\"}\n"
     "\n"
     "example: prudent wam --as-of 2018-03-31 --json\n"},
    {"indicators", cmd_indicators, NEEDS_DB, "prudential indicators against the strategy's limits",
     "usage: prudent indicators [--as-of DATE] [--reference-date DATE] [--authority CODE] [--json]\n"
     "\n"
     "Every prudential indicator at the as-of date against the limits of the strategy in force\n"
     "then (prudent import strategy): external debt vs the authorised limit and operational\n"
     "boundary, principal invested over 364 days, the maturity structure of borrowing (one\n"
     "indicator per band), fixed and variable interest rate exposure, and liquidity. Each is\n"
     "ok, warning (within the strategy's warning_ratio of a limit) or breach.\n"
     "See docs/computations.md for each definition with a worked example.\n"
     "\n"
     "  --as-of DATE           the date to answer for (default today)\n"
     "  --reference-date DATE  measure the maturity bands from this date (default the as-of\n"
     "                         date; reports often use the start of the financial year)\n"
     "  --authority CODE       whose book (default PRUDENT_AUTHORITY or the only one)\n"
     "  --json                 print {\"as_of\", \"indicators\": [{\"code\", \"limit\", \"actual\",\n"
     "                         \"status\"}], ...}\n"
     "\n"
     "example: prudent indicators --as-of 2018-03-31 --reference-date 2017-04-01\n"},
    {"strategy", cmd_strategy, NEEDS_DB, "list an authority's strategies, show the one in force",
     "usage: prudent strategy list [--authority CODE] [--json]\n"
     "       prudent strategy show [--as-of DATE] [--authority CODE]\n"
     "\n"
     "A strategy is imported with `prudent import strategy FILE.json` and is in force from its\n"
     "effective_from until the next version's (docs/strategy.md).\n"
     "\n"
     "  list              every version: effective from, approved by, on, reference\n"
     "                    (--json: {\"strategies\": [{\"effective_from\", \"approved_by\",\n"
     "                    \"approved_on\", \"reference\"}]})\n"
     "  show              the version in force at --as-of (default today), as its canonical\n"
     "                    JSON document with every default spelled out\n"
     "\n"
     "example: prudent strategy show --as-of 2018-03-31 --authority BORSET\n"},
    {"interest", cmd_interest, NEEDS_DB, "interest earned, receivable and payable in a period",
     "usage: prudent interest [--from DATE] [--to DATE] [--as-of DATE] [--authority CODE] [--json]\n"
     "\n"
     "Interest on the book over a period, both days included (docs/computations.md):\n"
     "  earned      on deposits for each night held in the period, ACT/365 Fixed\n"
     "  receivable  the whole interest of deposits maturing in the period\n"
     "  accrued     earned by dated deposits still held at the end, not yet received\n"
     "  payable     the interest of loan instalments dated in the period\n"
     "\n"
     "  --from DATE       first day (default the start of the financial year of --to)\n"
     "  --to DATE         last day (default the as-of date, itself default today)\n"
     "  --json            print {\"from\", \"to\", \"earned\", \"receivable\", \"accrued\",\n"
     "                    \"payable\", \"deposits\": [...], \"loans\": [...]}\n"
     "\n"
     "example: prudent interest --from 2017-04-01 --to 2018-03-31 --json\n"},
    {NULL, NULL, 0, NULL, NULL},
};

const struct command *command_find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
