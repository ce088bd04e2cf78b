/* alerts.h: the "alerts" view (views/alerts.c): {"authority", "alerts": [{"id", "kind",
 * "subject", "state", "raised_at", "authority", "authority_name", "passive", "details",
 * "last_raised_at", "acknowledged_by", "acknowledged_at", "resolved_at", "deliveries"}]}.
 * The build function returns a new document the caller owns (see view.h). */
#ifndef PRUDENT_VIEWS_ALERTS_H
#define PRUDENT_VIEWS_ALERTS_H

#include "views/view.h"

cJSON *view_alerts_build(PGconn *c, const struct authority *a, const struct view_args *args,
                         int *code);
void view_alerts_text(const cJSON *doc, FILE *out);

#endif
