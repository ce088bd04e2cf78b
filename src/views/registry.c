/* registry.c: the table of views (see view.h). One row per view. */
#include <string.h>

#include "views/view.h"
#include "views/alerts.h"

const struct view views[] = {
    {"alerts", view_alerts_build, view_alerts_text},
    {NULL, NULL, NULL},
};

const struct view *view_find(const char *name)
{
    for (const struct view *v = views; v->name; v++)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}
