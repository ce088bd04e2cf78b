/* cmd_serve.c: `prudent serve`: run the HTTP JSON API and the background jobs (src/http/). */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/http.h"
#include "util/err.h"

const char *const cmd_serve_usage[] = {
    "usage: prudent serve [--listen ADDR:PORT] [--threads N] [--max-connections N]",
    "                     [--per-client N] [--timeout SECONDS]",
    "",
    "Serves the JSON API under /api/v1/ (see docs/api.md), /healthz and /metrics, and runs",
    "the background jobs (feed polls, recomputing alerts when data changes, alert delivery).",
    "Logs one JSON line per request on stderr. Stops cleanly on SIGTERM or SIGINT.",
    "Each request runs in a transaction as the database role prudent_service, which",
    "row-level security limits to the authority in the URL.",
    "",
    "  --listen ADDR:PORT  where to listen (default $PRUDENT_LISTEN or 127.0.0.1:8080)",
    "  --threads N         worker threads, each with its own database connection (default 4)",
    "  --max-connections N connections open at once, all clients together (default",
    "                      $PRUDENT_HTTP_MAX_CONNECTIONS or 1000)",
    "  --per-client N      connections open at once from one client address; 0 for no limit,",
    "                      e.g. behind a reverse proxy (default $PRUDENT_HTTP_PER_CLIENT or 128)",
    "  --timeout SECONDS   close a connection idle this long (default $PRUDENT_HTTP_TIMEOUT or 30)",
    "",
    "example: prudent serve --listen 127.0.0.1:8080",
    NULL,
};

/* The limits' defaults from the environment (PRUDENT_HTTP_*), if set; returns an exit code. */
static int limits_from_env(struct http_limits *l)
{
    const char *v;
    int rc = EXIT_OK;
    if (rc == EXIT_OK && (v = getenv("PRUDENT_HTTP_MAX_CONNECTIONS")) && *v)
        rc = cli_int("PRUDENT_HTTP_MAX_CONNECTIONS", v, 1, 100000, &l->max_connections);
    if (rc == EXIT_OK && (v = getenv("PRUDENT_HTTP_PER_CLIENT")) && *v)
        rc = cli_int("PRUDENT_HTTP_PER_CLIENT", v, 0, 100000, &l->per_client);
    if (rc == EXIT_OK && (v = getenv("PRUDENT_HTTP_TIMEOUT")) && *v)
        rc = cli_int("PRUDENT_HTTP_TIMEOUT", v, 1, 86400, &l->timeout_s);
    return rc;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'}, {"threads", required_argument, NULL, 't'},
        {"max-connections", required_argument, NULL, 'm'}, {"per-client", required_argument, NULL, 'c'},
        {"timeout", required_argument, NULL, 'o'}, {0, 0, 0, 0}};
    struct http_limits limits = {HTTP_MAX_CONNECTIONS_DEFAULT, HTTP_PER_CLIENT_DEFAULT, HTTP_TIMEOUT_DEFAULT};
    const char *listen = getenv("PRUDENT_LISTEN");
    if (!listen || !*listen)
        listen = "127.0.0.1:8080";
    int threads = 4, ch, rc = limits_from_env(&limits);
    if (rc != EXIT_OK)
        return rc;
    optind = 1;
    while ((ch = cli_getopt("serve", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'l': listen = optarg; break;
        case 't': rc = cli_int("--threads", optarg, 1, 64, &threads); break;
        case 'm': rc = cli_int("--max-connections", optarg, 1, 100000, &limits.max_connections); break;
        case 'c': rc = cli_int("--per-client", optarg, 0, 100000, &limits.per_client); break;
        case 'o': rc = cli_int("--timeout", optarg, 1, 86400, &limits.timeout_s); break;
        }
    }
    if (rc != EXIT_OK || (rc = cli_no_operands("serve", argc, argv)) != EXIT_OK)
        return rc;
    http_set_limits(&limits);
    return http_serve(listen, threads);
}
