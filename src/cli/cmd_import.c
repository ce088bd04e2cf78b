/* cmd_import.c: `prudent import KIND FILE [--authority CODE] [--dry-run]`, dispatching to the
 * kinds table below (one row per kind; the importers live in src/ingest/). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/book_kinds.h"
#include "ingest/import.h"
#include "ingest/strategy.h"
#include "ingest/ratings.h"
#include "store/audit.h"
#include "util/err.h"

const struct import_kind import_kinds[] = {
    {"counterparties", import_counterparties, false},
    {"investments", import_investments, true},
    {"loans", import_loans, true},
    {"movements", import_movements, true},
    {"strategy", import_strategy, true},
    {"ratings", import_ratings, false},
    {NULL, NULL, false},
};

static const struct import_kind *find_kind(const char *name)
{
    for (const struct import_kind *k = import_kinds; k->name; k++)
        if (strcmp(k->name, name) == 0)
            return k;
    return NULL;
}

const char *const cmd_import_usage[] = {
    "usage: prudent import KIND FILE [--authority CODE] [--dry-run] [--by NAME]",
    "",
    "KIND is counterparties, investments, loans, movements, ratings or strategy. FILE is",
    "CSV (UTF-8, header row, RFC 4180 quoting) or JSON (an array of objects with the same field",
    "names; a strategy is one JSON object). Movements (ref,date,kind,amount,note) are money in",
    "and out of call, mmf, notice and pooled accounts: kind deposit, withdrawal, interest or",
    "valuation; a movement taking a balance below zero on any date is refused.",
    "An import is all-or-nothing: any bad row rejects the whole file, every bad row is",
    "reported with its line and field, and nothing is written.",
    "Re-importing the same file changes nothing.",
    "",
    "  --authority CODE  the authority whose book it is (not for counterparties, ratings)",
    "  --dry-run         validate only",
    "  --by NAME         who is importing, for the audit trail (default: login name)",
    "",
    "Amounts: 5000000, 5000000.00, 5,000,000.00 or £5,000,000. Dates: 2018-03-31 or 31/03/2018.",
    "",
    "example: prudent import investments deals.csv --authority WSX --dry-run",
    NULL,
};

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {"by", required_argument, NULL, 'b'},
                                         {0, 0, 0, 0}};
    const char *authority = NULL, *by = NULL;
    struct import_opts o = {.dry_run = false, .progress = isatty(2), .actor = audit_cli_actor()};
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("import", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'n': o.dry_run = true; break;
        case 'b': o.actor = by = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (argc - optind != 2)
        return cli_usage("import", "give a KIND and a FILE");
    const char *kind_name = argv[optind], *path = argv[optind + 1];
    const struct import_kind *k = find_kind(kind_name);
    if (!k) {
        char list[256] = "";
        for (const struct import_kind *i = import_kinds; i->name; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "", i->name);
        return fail(EXIT_BAD, "unknown import kind \"%s\" (kinds: %s)", kind_name, list);
    }
    if (access(path, R_OK) != 0)
        return fail(EXIT_BAD, "%s: cannot read the file", path);
    struct authority a, *ap = NULL;
    if (k->per_authority) {
        if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
            return rc;
        ap = &a;
    }
    struct actor who;
    if (strcmp(kind_name, "movements") == 0) { /* a movement is a dealer's act (cli_actor) */
        if ((rc = cli_actor_or_login(cli, ap, by, ROLE_DEALER, "import movements", &who)) != EXIT_OK)
            return rc;
        o.actor = who.name;
    }
    return k->run(cli->db, ap, path, &o);
}
