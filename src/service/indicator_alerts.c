/* indicator_alerts.c (service): prudential indicators -> alerts (see indicator_alerts.h). */
#include "service/indicator_alerts.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/alert.h"
#include "util/err.h"
#include "util/json.h"
#include "views/analytics.h"

static const char *kind_of(enum ind_status s)
{
    return s == IND_BREACH ? "indicator.breach" : s == IND_WARNING ? "indicator.warning" : NULL;
}

/* The alert kind of a capital indicator's item (views/capital.h) from its "status"; NULL: none. */
static const char *item_kind(const cJSON *item)
{
    const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "status"));
    return !st ? NULL : strcmp(st, "breach") == 0 ? "indicator.breach" : strcmp(st, "warning") == 0 ? "indicator.warning" : NULL;
}

static const char *item_code(const cJSON *item)
{
    const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "code"));
    return code ? code : "";
}

/* Whether (kind, subject) is a current condition of set or of the capital items. */
static bool current(const struct indicator_set *set, const cJSON *capital, const char *kind, const char *subject)
{
    for (int i = 0; i < set->n; i++) {
        const char *k = kind_of(set->v[i].status);
        if (k && strcmp(k, kind) == 0 && strcmp(set->v[i].code, subject) == 0)
            return true;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, capital) {
        const char *k = item_kind(item);
        if (k && strcmp(k, kind) == 0 && strcmp(item_code(item), subject) == 0)
            return true;
    }
    return false;
}

static int raise_all(PGconn *c, int64_t authority_id, date_t as_of, const struct strategy *s,
                     const struct indicator_set *set, int *conditions, int *raised)
{
    for (int i = 0; i < set->n; i++) {
        const char *kind = kind_of(set->v[i].status);
        if (!kind)
            continue;
        cJSON *details = view_indicator_item(&set->v[i], set);
        json_add_date(details, "as_of", as_of);
        json_add_date(details, "strategy_effective_from", s->effective_from);
        bool created = false;
        int rc = alert_raise(c, authority_id, kind, set->v[i].code, details, false, NULL, &created);
        cJSON_Delete(details);
        if (rc < 0)
            return -1;
        (*conditions)++;
        *raised += created;
    }
    return 0;
}

/* Raise the alerts of the capital indicators in warning or breach (details: the item, as_of and
 * the strategy's date, like the others). */
static int raise_capital(PGconn *c, int64_t authority_id, date_t as_of, const struct strategy *s,
                         const cJSON *capital, int *conditions, int *raised)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, capital) {
        const char *kind = item_kind(item);
        if (!kind)
            continue;
        cJSON *details = cJSON_Duplicate(item, true);
        json_add_date(details, "as_of", as_of);
        json_add_date(details, "strategy_effective_from", s->effective_from);
        bool created = false;
        int rc = alert_raise(c, authority_id, kind, item_code(item), details, false, NULL, &created);
        cJSON_Delete(details);
        if (rc < 0)
            return -1;
        (*conditions)++;
        *raised += created;
    }
    return 0;
}

/* Resolve the live indicator alerts (those of live[0..nlive-1] with an indicator kind) set no
 * longer has. */
static int resolve_cleared(PGconn *c, int64_t authority_id, const struct indicator_set *set,
                           const cJSON *capital, const struct alert_key *live, int nlive, int *resolved)
{
    int rc = 0;
    for (int i = 0; i < nlive && rc == 0; i++) {
        const char *kind = live[i].kind, *subject = live[i].subject;
        if (strcmp(kind, "indicator.breach") != 0 && strcmp(kind, "indicator.warning") != 0)
            continue;
        if (set && current(set, capital, kind, subject))
            continue;
        int n = alert_resolve(c, authority_id, kind, subject);
        if (n < 0)
            rc = -1;
        else
            *resolved += n;
    }
    return rc;
}

int indicator_rules(PGconn *c, int64_t authority_id, date_t as_of, int found, const struct strategy *s,
                    const struct indicator_set *set, const cJSON *capital, const struct alert_key *live,
                    int nlive, struct recompute_stats *st)
{
    int rc = 0;
    if (found == 1)
        rc = raise_all(c, authority_id, as_of, s, set, &st->breaches, &st->raised);
    if (rc == 0 && found == 1)
        rc = raise_capital(c, authority_id, as_of, s, capital, &st->breaches, &st->raised);
    if (rc == 0)
        rc = resolve_cleared(c, authority_id, found == 1 ? set : NULL, capital, live, nlive, &st->resolved);
    return rc;
}
