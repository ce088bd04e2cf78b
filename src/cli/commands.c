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
    {"counterparty", cmd_counterparty, NEEDS_DB, "suspend, restrict or reinstate a counterparty on the lending list",
     "usage: prudent counterparty suspend CODE --from DATE --reason TEXT\n"
     "       prudent counterparty restrict CODE [--limit AMOUNT] [--max-days N] --from DATE --reason TEXT\n"
     "       prudent counterparty reinstate CODE --from DATE [--reason TEXT]\n"
     "\n"
     "Officer actions on one authority's lending list, from a date. They only tighten the\n"
     "strategy: a restriction lowers the limit and maximum duration (never raises them), a\n"
     "suspension allows no new deals and flags any exposure; reinstate ends either. Each is\n"
     "kept in the audit trail, and the alerts it causes are raised in the same transaction.\n"
     "\n"
     "  --authority CODE  the authority whose list it is\n"
     "  --from DATE       the first day it applies\n"
     "  --reason TEXT     why (required for suspend and restrict)\n"
     "  --limit AMOUNT    restrict: the most that may be outstanding\n"
     "  --max-days N      restrict: the longest deal, in days\n"
     "  --by NAME         who decided (default: login name)\n"
     "\n"
     "example: prudent counterparty suspend NORTHSHIRE --from 2018-02-05 --reason \"s114 notice\"\n"},
    {"limits", cmd_limits, NEEDS_DB, "the lending list: status, limit, exposure, headroom, breaches",
     "usage: prudent limits [--as-of DATE] [--from DATE --to DATE] [--authority CODE] [--json]\n"
     "\n"
     "The lending list at the as-of date: for each counterparty its status (approved,\n"
     "restricted, suspended, not_approved), limit (null: unlimited), maximum duration in\n"
     "days, exposure (pending deals included), headroom and the rule that decided it; then\n"
     "every breach (passive ones, caused by a rating fall or a suspension after the deal,\n"
     "are flagged) and the totals per banking group, country and sector. With --from and\n"
     "--to, also the list's changes between those two dates.\n"
     "\n"
     "  --as-of DATE  default today\n"
     "  --json        {\"as_of\", \"counterparties\": [{\"code\", \"name\", \"status\", \"limit\",\n"
     "                \"max_days\", \"exposure\", \"headroom\", \"basis\"}], \"breaches\": [{\"kind\",\n"
     "                \"subject\", \"exposure\", \"limit\", \"passive\"}], \"groups\", \"countries\", \"sectors\"}\n"
     "\n"
     "example: prudent limits --as-of 2018-03-31 --json\n"},
    {"check", cmd_check, NEEDS_DB, "pre-deal check: may this deal be placed?",
     "usage: prudent check --counterparty C --amount A --maturity D [--start D] [--type T]\n"
     "                     [--notice-days N] [--as-of D] [--authority CODE] [--json]\n"
     "\n"
     "Judges a deal against the lending list at the as-of date, counting every deal already\n"
     "booked (pending ones too) on each day of the new deal's life. Prints\n"
     "{\"allowed\", \"reasons\": [{\"kind\", \"subject\", \"message\", ...}], \"status\", \"limit\", ...}.\n"
     "Exit 0 allowed, 1 refused (every reason is given), 2 bad input or unknown counterparty.\n"
     "\n"
     "  --start D   default the as-of date     --type T   default fixed\n"
     "  --maturity  required for dated types (not for call, mmf, notice, pooled)\n"
     "\n"
     "example: prudent check --counterparty BARCLAYS --amount 5000000 --maturity 2018-09-30 --json\n"},
    {"deal", cmd_deal, NEEDS_DB, "book, approve, cancel or amend a deal",
     "usage: prudent deal book --type T --counterparty C --amount A --rate R --start D\n"
     "                         --maturity D [--notice-days N] [--ref REF] --by NAME\n"
     "       prudent deal approve REF --by NAME\n"
     "       prudent deal cancel REF --by NAME --reason TEXT\n"
     "       prudent deal amend REF [--amount A] [--rate R] [--start D] [--maturity D]\n"
     "                         [--type T] [--counterparty C] --by NAME --reason TEXT\n"
     "\n"
     "book runs the pre-deal check and books in one transaction, serialised against other\n"
     "bookings with the same counterparty, group, country or sector, so dealers booking at\n"
     "once never jointly exceed a limit. Refused: exit 1, reasons on stderr, nothing booked.\n"
     "Booked deals are pending (they count in exposure at once) and their ref is printed\n"
     "(DL-000001 ... when --ref is not given). approve: by a different person; the deal is\n"
     "then confirmed. Amendments are re-checked, go back to pending, and keep the old\n"
     "version in the audit trail; nothing is ever deleted.\n"
     "\n"
     "  --authority CODE  the authority's book     --as-of D  judge on the list at D (today)\n"
     "  --json            print {\"ref\", \"status\"} (or the refusal's reasons)\n"
     "\n"
     "example: prudent deal book --type fixed --counterparty LLOYDS --amount 5000000 --rate 0.55\n"
     "         --start 2018-04-03 --maturity 2018-10-01 --by alice\n"},
    {"recompute", cmd_recompute, NEEDS_DB, "evaluate every rule and raise or resolve alerts",
     "usage: prudent recompute [--as-of DATE] [--authority CODE] [--json]\n"
     "\n"
     "Evaluates every rule for every authority (or one) at the as-of date (default today) and\n"
     "brings the alerts into line, one transaction per authority: each breach raises one alert\n"
     "per kind and subject (passive ones flagged), however often it runs; an alert whose\n"
     "condition cleared is resolved. The service does this by itself whenever data changes.\n"
     "\n"
     "example: prudent recompute --as-of 2018-03-31\n"},
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
    {NULL, NULL, 0, NULL, NULL},
};

const struct command *command_find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
