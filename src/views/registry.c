/* registry.c: the table of views (see view.h). One row per view. */
#include <string.h>

#include "views/view.h"

cJSON *view_limits_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_limits_text(const cJSON *doc, FILE *out);

const struct view views[] = {
    {"limits", view_limits_build, view_limits_text},
    {NULL, NULL, NULL},
};

const struct view *view_find(const char *name)
{
    for (const struct view *v = views; v->name; v++)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}
