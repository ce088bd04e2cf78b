/* view_verb.c: the shared body of every reporting verb: parse --authority, --as-of, --from,
 * --to, --reference-date, --all and --json, build the view, print JSON or its text rendering. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "views/view.h"

int cli_run_view(struct cli *cli, const char *name, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"as-of", required_argument, NULL, 'd'},
        {"from", required_argument, NULL, 'f'},      {"to", required_argument, NULL, 't'},
        {"reference-date", required_argument, NULL, 'r'}, {"all", no_argument, NULL, 'A'},
        {"json", no_argument, NULL, 'j'},            {0, 0, 0, 0}};
    const struct view *v = view_find(name);
    if (!v)
        return fail(EXIT_BAD, "no view named %s", name);
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE};
    const char *authority = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while (rc == EXIT_OK && (ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'd': rc = cli_date("--as-of", optarg, &args.as_of); break;
        case 'f': rc = cli_date("--from", optarg, &args.from); break;
        case 't': rc = cli_date("--to", optarg, &args.to); break;
        case 'r': rc = cli_date("--reference-date", optarg, &args.reference_date); break;
        case 'A': args.all = true; break;
        case 'j': json = true; break;
        case ':': return cli_usage(name, "%s needs a value", argv[optind - 1]);
        default: return cli_usage(name, "unknown option %s", argv[optind - 1]);
        }
    }
    if (rc != EXIT_OK)
        return rc;
    if (optind < argc)
        return cli_usage(name, "unexpected argument \"%s\"", argv[optind]);
    if (args.from != DATE_NONE && args.to != DATE_NONE && args.to < args.from)
        return fail(EXIT_BAD, "--to is before --from");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    int code = EXIT_DEP;
    cJSON *doc = v->build(cli->db, &a, &args, &code);
    if (!doc)
        return code;
    if (json || !v->text)
        json_print(stdout, doc);
    else
        v->text(doc, stdout);
    cJSON_Delete(doc);
    return EXIT_OK;
}
