/* cli.h: what every verb of bin/prudent shares: the command table entry, the context handed to
 * a verb, and helpers for the options most verbs take. One file per verb (cmd_NAME.c), each
 * listed once in commands.c. A verb returns an exit code (util/err.h); only main() exits. */
#ifndef PRUDENT_CLI_CLI_H
#define PRUDENT_CLI_CLI_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "core/date.h"
#include "core/money.h"
#include "store/authority.h"

struct cli {
    PGconn *db; /* open when the command has NEEDS_DB, else NULL; owned by main */
};

enum { NEEDS_DB = 1 };

struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv); /* argv[0] is the verb */
    unsigned flags;
    const char *summary; /* one line for `prudent --help` */
    const char *usage;   /* the whole of `prudent VERB --help` */
};

extern const struct command commands[];
const struct command *command_find(const char *name);

/* Option helpers: each prints "prudent: --OPT "VALUE": reason" and returns EXIT_BAD on bad
 * input, EXIT_OK otherwise. */
int cli_date(const char *opt, const char *arg, date_t *out);
int cli_money(const char *opt, const char *arg, money_t *out);
int cli_int(const char *opt, const char *arg, int min, int max, int *out);
/* --from DATE, --to DATE and --json, the options of verbs that look at a period (calendar,
 * rates): parses argv from its start, leaves dates not given as they were and optind at the
 * first operand. Returns EXIT_OK or EXIT_BAD after printing why. */
struct period_opts {
    date_t from, to;
    bool json;
};
int cli_period_opts(const char *verb, int argc, char **argv, struct period_opts *out);
/* Resolve --authority (NULL: PRUDENT_AUTHORITY or the only one). */
int cli_authority(struct cli *cli, const char *code, struct authority *out);
/* Print "prudent: VERB: message" and a pointer to --help; returns EXIT_BAD. */
int cli_usage(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The shared body of reporting verbs (view_verb.c): options, build views/NAME, print. */
int cli_run_view(struct cli *cli, const char *name, int argc, char **argv);

/* The verbs (one file each). */
#define VERB(name) int cmd_##name(struct cli *cli, int argc, char **argv)
VERB(authority);
VERB(db);
VERB(migrate);
VERB(import);
VERB(counterparty);
VERB(limits);
VERB(check);
VERB(deal);
VERB(recompute);
VERB(user);
VERB(serve);
VERB(alerts);
VERB(feeds);
VERB(rates);
VERB(calendar);
VERB(wam);
VERB(indicators);
VERB(strategy);
VERB(interest);
VERB(audit);
VERB(report);
VERB(portfolio);
VERB(maturing);
VERB(debt);

#endif
