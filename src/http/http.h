/* http.h: what the rest of the program uses of src/http: the service itself (server.c), run by
 * `prudent serve` (cli/cmd_serve.c). Inside src/http each file includes the headers of what it
 * uses (request.h, reply.h, auth.h, ...), never this one. */
#ifndef PRUDENT_HTTP_HTTP_H
#define PRUDENT_HTTP_HTTP_H

/* Listen on addr ("127.0.0.1:8080", "[::1]:8080"), run until SIGTERM or SIGINT. Returns an exit
 * code. */
int http_serve(const char *listen, int threads);

/* Connection limits of the service (docs/operations.md "Connection limits"): at most
 * max_connections open at once, at most per_client from one client address (0: no per-client
 * limit, e.g. behind a reverse proxy that is the only client), and a connection idle for
 * timeout_s seconds is closed. */
struct http_limits {
    int max_connections;
    int per_client;
    int timeout_s;
};
#define HTTP_MAX_CONNECTIONS_DEFAULT 1000
#define HTTP_PER_CLIENT_DEFAULT 128
#define HTTP_TIMEOUT_DEFAULT 30

/* Set the limits the next http_serve uses (the defaults above until called). */
void http_set_limits(const struct http_limits *limits);

#endif
