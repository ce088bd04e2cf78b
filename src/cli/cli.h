/* cli.h: what every verb of bin/prudent shares: the command table entry, the context handed to
 * a verb, and helpers for the options most verbs take. One file per verb (cmd_NAME.c), each
 * listed once in commands.c; a reporting verb is only its row there, naming its view. A verb
 * returns an exit code (util/err.h); only main() exits. */
#ifndef PRUDENT_CLI_CLI_H
#define PRUDENT_CLI_CLI_H

#include <cjson/cJSON.h>
#include <getopt.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/date.h"
#include "core/money.h"
#include "service/actor.h"
#include "store/authority.h"

struct cli {
    PGconn *db; /* open when the command has NEEDS_DB, else NULL; owned by main */
    /* Acting as PRUDENT_TOKEN's user (cli_connect_scoped): db is then the scoped connection
     * (row-level security, prudent_service) and owner the owner's, for users and tokens; owner
     * is NULL otherwise. Both owned by main (cli_disconnect). */
    PGconn *owner;
    struct api_user user; /* the token's user when owner is set */
    int app_pid;          /* db's backend pid when it is a prudent_app session, else 0 */
    char known_at[64];    /* the moment cli_as_known_at set on db, "" when none */
};

/* NEEDS_DB: main opens cli->db. AS_USER (with NEEDS_DB): a verb of the daily dealing and
 * reporting work, which main runs through cli_connect_scoped; the others (operator acts on
 * shared tables and the installation) stay on the owner's connection (docs/hardening.md). */
enum { NEEDS_DB = 1, AS_USER = 2 };

/* Connect for a verb that acts as a user (scoped.c): opens cli->db if not yet open (the
 * owner's, migrated). With PRUDENT_TOKEN set and users present, authenticates the token there,
 * then moves the verb's work (cli->db) to a prudent_app connection granted the token's user and
 * the authorities the user covers, in role prudent_service, keeping the owner's in cli->owner;
 * where prudent_app cannot log in, warns and uses a second owner connection dropped to
 * prudent_service with the scope in its settings; read (a reporting verb) with PRUDENT_DB_READ
 * set does the same on the standby. Without PRUDENT_TOKEN, or with no users at all, cli->db
 * stays the owner's. Returns EXIT_OK, or EXIT_NO (a token of no active user) / EXIT_DEP after
 * printing why. */
int cli_connect_scoped(struct cli *cli, bool read);
/* Close cli's connections, withdrawing the prudent_app session's grant first. */
void cli_disconnect(struct cli *cli);
/* The owner's connection: cli->owner when acting as a user, else cli->db. */
PGconn *cli_owner_db(const struct cli *cli);
/* cli_authority when acting as a user: code (or PRUDENT_AUTHORITY) must be an authority the
 * user covers (EXIT_NO otherwise, as the API's 403); without either, the only one the user
 * covers. */
int cli_scoped_authority(struct cli *cli, const char *code, struct authority *out);

/* One verb: a row of commands[] (commands.c), the one place a verb is registered. */
struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv); /* argv[0] is the verb; NULL for a view */
    const char *view; /* a reporting verb: the view cli_run_view builds (views/registry.c) */
    unsigned flags;
    const char *summary;      /* one line for `prudent --help` */
    const char *const *usage; /* the lines of `prudent VERB --help`, NULL-terminated */
};

extern const struct command commands[]; /* ends with a row whose name is NULL */
const struct command *command_find(const char *name);
/* Print the verb's usage text, each line followed by a newline. */
void command_usage(const struct command *c, FILE *f);
/* Run the verb: its function, or cli_run_view for a reporting verb. Returns an exit code. */
int command_run(const struct command *c, struct cli *cli, int argc, char **argv);

/* Option helpers: each prints "prudent: --OPT "VALUE": reason" and returns EXIT_BAD on bad
 * input, EXIT_OK otherwise. */
int cli_date(const char *opt, const char *arg, date_t *out);
int cli_money(const char *opt, const char *arg, money_t *out);
int cli_int(const char *opt, const char *arg, int min, int max, int *out);
/* getopt_long with prudent's answer to a bad option: the next option's value (its `val` in opts),
 * or -1 when the options are over. It is also -1 when *rc is no longer EXIT_OK (the caller set
 * it when an option's value was bad) or after printing "VERB: --OPT needs a value" or "VERB:
 * unknown option --OPT" (cli_usage), which set *rc to EXIT_BAD. So a verb writes
 *     int ch, rc = EXIT_OK;
 *     optind = 1;
 *     while ((ch = cli_getopt(verb, argc, argv, ":", opts, &rc)) != -1)
 *         switch (ch) { case 'd': rc = cli_date("--as-of", optarg, &as_of); break; ... }
 *     if (rc != EXIT_OK)
 *         return rc;
 * shortopts starts with ':' (e.g. ":o:" when -o is a short option). */
int cli_getopt(const char *verb, int argc, char **argv, const char *shortopts,
               const struct option *opts, int *rc);
/* EXIT_OK when argv has nothing left after the options (optind == argc), else "VERB: unexpected
 * argument" (cli_usage) and EXIT_BAD. */
int cli_no_operands(const char *verb, int argc, char **argv);
/* --from DATE, --to DATE and --json, the options of verbs that look at a period (calendar,
 * rates): parses argv from its start, leaves dates not given as they were and optind at the
 * first operand. Returns EXIT_OK or EXIT_BAD after printing why. */
struct period_opts {
    date_t from, to;
    bool json;
};
int cli_period_opts(const char *verb, int argc, char **argv, struct period_opts *out);
/* --as-known-at MOMENT: EXIT_OK when arg is an ISO 8601 moment (core/moment.h), else EXIT_BAD
 * after printing why, naming the option. */
int cli_moment(const char *opt, const char *arg);
/* Read the book as known at moment (NULL: as it is now, nothing done) on cli->db for the rest of
 * the command (store/known.h). EXIT_OK, or EXIT_BAD / EXIT_DEP after printing why. */
int cli_as_known_at(struct cli *cli, const char *moment);
/* Resolve --authority (NULL: PRUDENT_AUTHORITY or the only one). */
int cli_authority(struct cli *cli, const char *code, struct authority *out);
/* Who acts, for EVERY verb that takes --by (dealing, approving, movements, officer actions): call
 * it after cli_authority, with the role the act needs, and record out->name (and pass
 * out->user_id to four-eyes rules). Once any user exists for the authority, the actor is the user
 * of PRUDENT_TOKEN (the API's token) and by, if given, must be that user's name; with no users
 * (a first evaluation only) by is taken as given. a is NULL for an act on no authority. verb
 * names the act in messages ("deal approve"). Returns EXIT_OK, or EXIT_NO / EXIT_BAD /
 * EXIT_DEP after printing why (service/actor.h). */
int cli_actor(struct cli *cli, const struct authority *a, const char *by, enum user_role needed, const char *verb,
              struct actor *out);
/* The same for verbs whose --by defaults to the login name while no users exist. */
int cli_actor_or_login(struct cli *cli, const struct authority *a, const char *by, enum user_role needed,
                       const char *verb, struct actor *out);
/* A deal function's error document on stderr: its message and each reason (cmd_check.c). */
void cli_print_deal_error(const cJSON *doc);
/* The failure of a deal verb (rc not EXIT_OK): a refusal by the lending list ("WHAT refused: it
 * would breach the lending list", the reasons, and the document on stdout with --json), else the
 * error document. doc may be NULL. */
void cli_print_deal_failure(int rc, const cJSON *doc, bool json, const char *what);
/* Print "prudent: VERB: message" and a pointer to --help; returns EXIT_BAD. */
int cli_usage(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The shared body of reporting verbs (view_verb.c): options, build views/NAME, print. */
int cli_run_view(struct cli *cli, const char *name, int argc, char **argv);

/* The verbs: one file each (cmd_NAME.c) holding cmd_NAME and, beside its options,
 * cmd_NAME_usage, the text of `prudent NAME --help`. */
#define VERB(name)                                                                                 \
    int cmd_##name(struct cli *cli, int argc, char **argv);                                        \
    extern const char *const cmd_##name##_usage[]
VERB(authority);
VERB(db);
VERB(migrate);
VERB(import);
VERB(counterparty);
VERB(check);
VERB(deal);
VERB(loan);
VERB(loans);
VERB(recompute);
VERB(user);
VERB(serve);
VERB(alerts);
VERB(feeds);
VERB(rates);
VERB(calendar);
VERB(strategy);
VERB(audit);
VERB(report);
VERB(accounts);
VERB(cashflow);
VERB(position);
VERB(partnership);
VERB(reconcile);

/* The reporting verbs, which commands[] runs with cli_run_view: their usage texts are in
 * view_verb.c, beside the options they share. */
extern const char *const cmd_limits_usage[];
extern const char *const cmd_portfolio_usage[];
extern const char *const cmd_maturing_usage[];
extern const char *const cmd_debt_usage[];
extern const char *const cmd_liability_benchmark_usage[];
extern const char *const cmd_mrp_usage[];
extern const char *const cmd_wam_usage[];
extern const char *const cmd_indicators_usage[];
extern const char *const cmd_interest_usage[];
extern const char *const cmd_returns_usage[];
extern const char *const cmd_predecessors_usage[];

#endif
