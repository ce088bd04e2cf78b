/* capital_plan.c (ingest): `prudent import capital-plan FILE` (see ingest/capital_plan.h). */
#include "ingest/capital_plan.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/capital_plan.h"
#include "service/capital_plan.h"
#include "util/err.h"

#define PLAN_FILE_MAX (4u << 20) /* a plan is a few kilobytes; refuse anything huge */

/* The whole file in a new buffer the caller frees, or NULL (unreadable or too large). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xmalloc(PLAN_FILE_MAX + 1);
    size_t n = fread(buf, 1, PLAN_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0 || n > PLAN_FILE_MAX;
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int import_capital_plan(PGconn *c, const struct authority *a, const char *path,
                        const struct import_opts *o)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text)
        return fail(EXIT_BAD, "%s: cannot read the file (or over 4 MiB)", path);
    struct capital_plan *p = xmalloc(sizeof *p);
    struct strategy_errors *e = xmalloc(sizeof *e);
    cJSON *doc = NULL;
    int nerr = capital_plan_parse_text(text, len, p, e, &doc);
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
        printf("capital plan effective from %s is valid (dry run: nothing written)\n",
               date_format_iso(p->effective_from, d));
    } else {
        rc = capital_plan_save_import(c, a, doc, p, o->actor, path);
    }
    cJSON_Delete(doc);
    free(e);
    free(p);
    return rc;
}
