/* opts.c: parsing the options many verbs share, with prudent's error style (see cli.h). */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/moment.h"
#include "store/known.h"
#include "store/audit.h"
#include "util/err.h"

int cli_date(const char *opt, const char *arg, date_t *out)
{
    const char *why;
    if (!date_parse(arg, out, &why))
        return fail(EXIT_BAD, "%s \"%s\": %s", opt, arg, why);
    return EXIT_OK;
}

int cli_moment(const char *opt, const char *arg)
{
    const char *why;
    if (!moment_iso_valid(arg, &why))
        return fail(EXIT_BAD, "%s \"%s\": %s", opt, arg, why);
    return EXIT_OK;
}

int cli_as_known_at(struct cli *cli, const char *moment)
{
    if (!moment)
        return EXIT_OK;
    if (cli_moment("--as-known-at", moment) != EXIT_OK)
        return EXIT_BAD;
    if (known_at_set(cli->db, moment, false) < 0)
        return EXIT_DEP;
    snprintf(cli->known_at, sizeof cli->known_at, "%s", moment);
    return EXIT_OK;
}

int cli_getopt(const char *verb, int argc, char **argv, const char *shortopts,
               const struct option *opts, int *rc)
{
    if (*rc != EXIT_OK)
        return -1;
    int ch = getopt_long(argc, argv, shortopts, opts, NULL);
    if (ch == ':')
        *rc = cli_usage(verb, "%s needs a value", argv[optind - 1]);
    else if (ch == '?')
        *rc = cli_usage(verb, "unknown option %s", argv[optind - 1]);
    return *rc == EXIT_OK ? ch : -1;
}

int cli_no_operands(const char *verb, int argc, char **argv)
{
    if (optind < argc)
        return cli_usage(verb, "unexpected argument \"%s\"", argv[optind]);
    return EXIT_OK;
}

int cli_period_opts(const char *verb, int argc, char **argv, struct period_opts *out)
{
    static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"json", no_argument, NULL, 'j'},
                                         {0, 0, 0, 0}};
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt(verb, argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'f': rc = cli_date("--from", optarg, &out->from); break;
        case 't': rc = cli_date("--to", optarg, &out->to); break;
        case 'j': out->json = true; break;
        }
    }
    return rc;
}

int cli_money(const char *opt, const char *arg, money_t *out)
{
    const char *why;
    if (!money_parse(arg, out, &why))
        return fail(EXIT_BAD, "%s \"%s\" is not an amount: %s", opt, arg, why);
    return EXIT_OK;
}

int cli_int(const char *opt, const char *arg, int min, int max, int *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < min || v > max)
        return fail(EXIT_BAD, "%s \"%s\": expected a whole number from %d to %d", opt, arg, min, max);
    *out = (int)v;
    return EXIT_OK;
}

int cli_authority(struct cli *cli, const char *code, struct authority *out)
{
    if (cli->owner)
        return cli_scoped_authority(cli, code, out);
    return authority_resolve(cli->db, code, out);
}

int cli_usage(const char *verb, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "prudent: %s: %s\n  see `prudent %s --help`\n", verb, msg, verb);
    return EXIT_BAD;
}

int cli_actor(struct cli *cli, const struct authority *a, const char *by, enum user_role needed, const char *verb,
              struct actor *out)
{
    return actor_resolve(cli_owner_db(cli), a ? a->id : 0, getenv("PRUDENT_TOKEN"), by, needed, verb, out);
}

int cli_actor_or_login(struct cli *cli, const struct authority *a, const char *by, enum user_role needed,
                       const char *verb, struct actor *out)
{
    return actor_resolve_or(cli_owner_db(cli), a ? a->id : 0, getenv("PRUDENT_TOKEN"), by, audit_cli_actor(), needed, verb,
                            out);
}
