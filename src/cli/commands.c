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
    {"user", cmd_user, NEEDS_DB, "add, list and revoke users of the HTTP API",
     "usage: prudent user add NAME --role viewer|dealer|approver|admin --authority CODE...\n"
     "       prudent user add NAME --role admin --all-authorities\n"
     "       prudent user list [--json]\n"
     "       prudent user revoke NAME\n"
     "       prudent user token NAME\n"
     "\n"
     "Users of `prudent serve` send `Authorization: Bearer TOKEN`. `add` prints the new\n"
     "token alone on stdout, once: only its hash is stored, so keep it. `token` issues a new\n"
     "token to an existing user (the old one stops working); `revoke` disables a user.\n"
     "Roles, each allowed what the ones before it are: viewer (read the reports), dealer\n"
     "(pre-deal checks, book deals), approver (approve other people's deals), admin.\n"
     "\n"
     "  --role ROLE          viewer, dealer, approver or admin (required for add)\n"
     "  --authority CODE...  the authorities the user may act on; repeat the option, separate\n"
     "                       codes with commas, or list them after NAME\n"
     "  --all-authorities    every authority, present and future (admins only)\n"
     "  --by NAME            who is making the change, for the audit trail (default: login name)\n"
     "  --json               list: print {\"users\": [{\"name\", \"role\", \"authorities\", ...}]}\n"
     "\n"
     "example: prudent user add alice --role dealer --authority BORSET > alice.token\n"},
    {"serve", cmd_serve, 0, "run the HTTP JSON API and the background jobs",
     "usage: prudent serve [--listen ADDR:PORT] [--threads N]\n"
     "\n"
     "Serves the JSON API under /api/v1/ (see docs/api.md), /healthz and /metrics, and runs\n"
     "the background jobs (feed polls, recomputing alerts when data changes, alert delivery).\n"
     "Logs one JSON line per request on stderr. Stops cleanly on SIGTERM or SIGINT.\n"
     "Each request runs in a transaction as the database role prudent_service, which\n"
     "row-level security limits to the authority in the URL.\n"
     "\n"
     "  --listen ADDR:PORT  where to listen (default $PRUDENT_LISTEN or 127.0.0.1:8080)\n"
     "  --threads N         worker threads, each with its own database connection (default 4)\n"
     "\n"
     "example: prudent serve --listen 127.0.0.1:8080\n"},
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
    {NULL, NULL, 0, NULL, NULL},
};

const struct command *command_find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
