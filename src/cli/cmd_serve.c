/* cmd_serve.c: `prudent serve`: run the HTTP JSON API and the background jobs (src/http/). */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/http.h"
#include "util/err.h"

const char *const cmd_serve_usage[] = {
    "usage: prudent serve [--listen ADDR:PORT] [--threads N]",
    "",
    "Serves the JSON API under /api/v1/ (see docs/api.md), /healthz and /metrics, and runs",
    "the background jobs (feed polls, recomputing alerts when data changes, alert delivery).",
    "Logs one JSON line per request on stderr. Stops cleanly on SIGTERM or SIGINT.",
    "Each request runs in a transaction as the database role prudent_service, which",
    "row-level security limits to the authority in the URL.",
    "",
    "  --listen ADDR:PORT  where to listen (default $PRUDENT_LISTEN or 127.0.0.1:8080)",
    "  --threads N         worker threads, each with its own database connection (default 4)",
    "",
    "example: prudent serve --listen 127.0.0.1:8080",
    NULL,
};

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'}, {"threads", required_argument, NULL, 't'}, {0, 0, 0, 0}};
    const char *listen = getenv("PRUDENT_LISTEN");
    if (!listen || !*listen)
        listen = "127.0.0.1:8080";
    int threads = 4, ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("serve", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'l': listen = optarg; break;
        case 't': rc = cli_int("--threads", optarg, 1, 64, &threads); break;
        }
    }
    if (rc != EXIT_OK || (rc = cli_no_operands("serve", argc, argv)) != EXIT_OK)
        return rc;
    return http_serve(listen, threads);
}
