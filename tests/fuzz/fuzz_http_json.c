/* fuzz_http_json.c: libFuzzer target for what the API does with a request before any handler or
 * database: the route table lookup of the path (http_route_find, with its {…} segments) and the
 * body's JSON parse (cJSON_ParseWithLength, as server.c does for ROUTE_BODY routes). The input is
 * "METHOD PATH\nBODY". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *nl = memchr(s, '\n', size);
    char *body = nl ? nl + 1 : s + size;
    size_t body_len = size - (size_t)(body - s);
    if (nl)
        *nl = '\0';
    char *sp = strchr(s, ' ');
    const char *method = "GET", *path = s;
    if (sp) {
        *sp = '\0';
        method = s;
        path = sp + 1;
    }
    char segbuf[512], allow[64];
    const char *params[HTTP_MAX_PARAMS];
    const struct route *rt =
        http_route_find(method, path, segbuf, sizeof segbuf, params, allow, sizeof allow);
    (void)rt;
    cJSON *doc = cJSON_ParseWithLength(body, body_len);
    cJSON_Delete(doc);
    free(s);
    return 0;
}
