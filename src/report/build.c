/* build.c: the entry points of report building (build.h): the report kinds, the view source of
 * the running program, and report_build, the dispatcher to the three builders (builders.h). */
#include "report/build.h"

#include <stdio.h>
#include <string.h>

#include "report/builders.h"
#include "util/err.h"

const char *const report_kinds[] = {"pi", "portfolio", "outturn", NULL};

bool report_kind_valid(const char *kind)
{
    for (const char *const *k = report_kinds; *k; k++)
        if (strcmp(*k, kind) == 0)
            return true;
    return false;
}

cJSON *report_fetch_view(void *ctx, const char *view, const struct view_args *args, int *code)
{
    const struct view_source_ctx *c = ctx;
    const struct view *v = view_find(view);
    if (!v) {
        *code = EXIT_OK;
        return NULL;
    }
    *code = EXIT_DEP;
    return v->build(c->conn, c->authority, args, code);
}

/* ---- the entry point ---- */

struct report *report_build(const char *kind, const struct report_source *src,
                            const char *authority_code, const char *authority_name,
                            const struct view_args *args, int *code)
{
    if (!report_kind_valid(kind)) {
        *code = fail(EXIT_BAD, "unknown report \"%s\" (reports: pi, portfolio, outturn)", kind);
        return NULL;
    }
    static const char *const titles[][2] = {
        {"pi", "Treasury management: prudential indicators"},
        {"portfolio", "Investment portfolio"},
        {"outturn", "Treasury management outturn"},
        {NULL, NULL}};
    struct rbuild b = {.src = src, .args = *args, .code = EXIT_OK};
    b.r = report_new(kind, title_lookup(titles, kind));
    report_set_authority(b.r, authority_code, authority_name);
    if (strcmp(kind, "outturn") == 0) {
        b.r->from = args->from;
        b.r->to = args->to;
        b.r->as_of = args->to;
        report_build_outturn(&b);
    } else {
        b.r->as_of = args->as_of;
        if (strcmp(kind, "pi") == 0)
            report_build_pi(&b);
        else
            report_build_portfolio(&b);
    }
    for (int i = 0; i < b.ndocs; i++)
        cJSON_Delete(b.docs[i]);
    if (b.code != EXIT_OK) {
        report_free(b.r);
        *code = b.code;
        return NULL;
    }
    *code = EXIT_OK;
    return b.r;
}
