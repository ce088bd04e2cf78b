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

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"authority", required_argument, NULL, 'a'},
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {"by", required_argument, NULL, 'b'},
                                         {0, 0, 0, 0}};
    const char *authority = NULL;
    struct import_opts o = {.dry_run = false, .progress = isatty(2), .actor = audit_cli_actor()};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'n': o.dry_run = true; break;
        case 'b': o.actor = optarg; break;
        case ':': return cli_usage("import", "%s needs a value", argv[optind - 1]);
        default: return cli_usage("import", "unknown option %s", argv[optind - 1]);
        }
    }
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
        int rc = cli_authority(cli, authority, &a);
        if (rc != EXIT_OK)
            return rc;
        ap = &a;
    }
    return k->run(cli->db, ap, path, &o);
}
