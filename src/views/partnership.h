/* partnership.h: the partnership views (docs/shared-services.md): `limits --partnership` and
 * `portfolio --partnership`, built from each member's own view (one computation: never the
 * figures a second way) and combined, with the exposure between members eliminated. */
#ifndef PRUDENT_VIEWS_PARTNERSHIP_H
#define PRUDENT_VIEWS_PARTNERSHIP_H

#include <stdbool.h>

#include "store/partnership.h"
#include "views/view.h"

/* Whether the view named name has a partnership form (limits, portfolio). */
bool view_partnership_has(const char *name);

/* The partnership document of the view named name for p at args. Returns a new cJSON the caller
 * owns (cJSON_Delete), or NULL with *code set after printing why. */
cJSON *view_partnership_build(PGconn *c, const char *name, const struct partnership *p,
                              const struct view_args *args, int *code);

/* Print a document built by view_partnership_build(name, ...) for a reader. */
void view_partnership_text(const char *name, const cJSON *doc, FILE *out);

/* The document of `partnership show --json` from the rows of partnership_detail_rows (r, at
 * least one row) and partnership_change_rows (ch): {"code", "name", "added_by", "added_at",
 * "members": [{"code", "name", "counterparty", "linked", "added_by", "added_at"}]}, and when
 * the partnership has a beginning or member changes, "began" (null: not said) and "changes":
 * [{"member", "change", "from", "reason", "entered_by", "entered_at"}]. A new cJSON the caller
 * owns (cJSON_Delete). */
cJSON *view_partnership_show(const struct rows *r, const struct rows *ch);
/* Whether that partnership has a beginning or member changes to show (else its show document
 * and text are exactly as before sql/310). */
bool view_partnership_has_history(const struct rows *r, const struct rows *ch);

#endif
