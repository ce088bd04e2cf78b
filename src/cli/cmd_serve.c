/* cmd_serve.c: `prudent serve`: run the HTTP JSON API and the background jobs (src/http/). */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/http.h"
#include "util/err.h"

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'}, {"threads", required_argument, NULL, 't'}, {0, 0, 0, 0}};
    const char *listen = getenv("PRUDENT_LISTEN");
    if (!listen || !*listen)
        listen = "127.0.0.1:8080";
    int threads = 4, ch, rc;
    optind = 1;
    while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (ch) {
        case 'l': listen = optarg; break;
        case 't':
            if ((rc = cli_int("--threads", optarg, 1, 64, &threads)) != EXIT_OK)
                return rc;
            break;
        case ':': return cli_usage("serve", "%s needs a value", argv[optind - 1]);
        default: return cli_usage("serve", "unknown option %s", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("serve", "unexpected argument \"%s\"", argv[optind]);
    return http_serve(listen, threads);
}
