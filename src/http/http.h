/* http.h: what the rest of the program uses of src/http: the service itself (server.c), run by
 * `prudent serve` (cli/cmd_serve.c). Inside src/http each file includes the headers of what it
 * uses (request.h, reply.h, auth.h, ...), never this one. */
#ifndef PRUDENT_HTTP_HTTP_H
#define PRUDENT_HTTP_HTTP_H

/* Listen on addr ("127.0.0.1:8080", "[::1]:8080"), run until SIGTERM or SIGINT. Returns an exit
 * code. */
int http_serve(const char *listen, int threads);

#endif
