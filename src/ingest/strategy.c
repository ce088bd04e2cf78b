/* strategy.c (ingest): `prudent import strategy FILE` (see ingest/strategy.h): the file is read
 * here, validated by core/strategy_json.c and saved by service/strategy.c. */
#include "ingest/strategy.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "service/strategy.h"
#include "util/err.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = xrealloc(buf, cap *= 2);
        if (n > 4u << 20)
            break; /* a strategy is a few kilobytes; refuse anything huge below */
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int import_strategy(PGconn *c, const struct authority *a, const char *path,
                    const struct import_opts *o)
{
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text)
        return fail(EXIT_BAD, "%s: cannot read the file", path);
    if (len > 4u << 20) {
        free(text);
        return fail(EXIT_BAD, "%s: too large for a strategy (over 4 MiB)", path);
    }
    struct strategy *s = xmalloc(sizeof *s);
    struct strategy_errors *e = xmalloc(sizeof *e);
    cJSON *doc = NULL;
    int nerr = strategy_parse_text(text, len, s, e, &doc);
    free(text);
    int rc = EXIT_OK;
    if (nerr) {
        for (int i = 0; i < e->n; i++)
            error("%s: %s", path, e->text[i]);
        if (e->dropped)
            detail("and %d more errors", e->dropped);
        detail("nothing imported");
        rc = EXIT_BAD;
    } else if (o->dry_run) {
        char d[DATE_BUFSZ];
        printf("strategy effective from %s is valid (dry run: nothing written)\n",
               date_format_iso(s->effective_from, d));
    } else {
        rc = strategy_save_import(c, a, doc, s, o->actor, path);
    }
    cJSON_Delete(doc);
    free(e);
    free(s);
    return rc;
}
