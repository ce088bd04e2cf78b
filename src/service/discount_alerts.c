/* discount_alerts.c (service): loan.in_discount alerts from the discount watch (see
 * discount_alerts.h). */
#include "service/discount_alerts.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/pwlb_repay.h"
#include "service/loan.h"
#include "store/book.h"
#include "store/rates.h"
#include "util/err.h"
#include "util/json.h"

#define KIND "loan.in_discount"

/* Whether there is anything to judge: a PWLB loan, or a live alert of this rule's kind. */
static bool anything(const struct book *b, const struct alert_key *live, int nlive)
{
    for (int i = 0; i < b->nloans; i++)
        if (b->loans[i].type == LOAN_PWLB)
            return true;
    for (int i = 0; i < nlive; i++)
        if (strcmp(live[i].kind, KIND) == 0)
            return true;
    return false;
}

/* The watch's document at as_of into *doc (a new object the caller owns; no "loans" in discount
 * when there are no rates). Returns 0 or -1. */
static int watch(PGconn *c, date_t as_of, const struct book *b, cJSON **doc)
{
    struct pwlb_curves *cv = xmalloc(sizeof *cv);
    *doc = cJSON_CreateObject();
    int rc = rates_pwlb_curves(c, as_of, cv);
    if (rc == 0 && cv->date != DATE_NONE) {
        json_add_date(*doc, "rates_date", cv->date);
        cJSON *err = NULL;
        if (loan_watch_curves(b, as_of, cv, *doc, &err) != EXIT_OK) {
            const cJSON *e = cJSON_GetObjectItemCaseSensitive(err, "error");
            error("the discount watch failed: %s",
                  cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message")) ?: "?");
            rc = -1;
        }
        cJSON_Delete(err);
    }
    free(cv);
    return rc;
}

/* The alert's details: the loan's figures at as_of. */
static cJSON *details_of(const cJSON *loan, const cJSON *doc, date_t as_of)
{
    static const char *const keys[] = {"ref", "outstanding", "repayment_rate", "premium", "accrued_interest",
                                       "settlement", "loan_rate", "repayment", "maturity_date", NULL};
    cJSON *d = cJSON_CreateObject();
    json_add_date(d, "as_of", as_of);
    cJSON_AddItemToObject(d, "rates_date", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(doc, "rates_date"), 1));
    for (int k = 0; keys[k]; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(loan, keys[k]);
        if (v)
            cJSON_AddItemToObject(d, keys[k], cJSON_Duplicate(v, 1));
    }
    return d;
}

static bool in_discount(const cJSON *doc, const char *ref)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(doc, "loans"))
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(l, "in_discount")) &&
            strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "ref")), ref) == 0)
            return true;
    return false;
}

int discount_rules(PGconn *c, int64_t authority_id, date_t as_of, const struct book *book,
                   const struct alert_key *live, int nlive, struct recompute_stats *st)
{
    if (!anything(book, live, nlive))
        return 0;
    cJSON *doc;
    int rc = watch(c, as_of, book, &doc);
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(doc, "loans"))
    {
        if (rc != 0 || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(l, "in_discount")))
            continue;
        cJSON *details = details_of(l, doc, as_of);
        bool created = false;
        rc = alert_raise(c, authority_id, KIND, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "ref")),
                         details, false, NULL, &created);
        cJSON_Delete(details);
        st->breaches++;
        st->raised += created;
    }
    for (int i = 0; i < nlive && rc == 0; i++) {
        if (strcmp(live[i].kind, KIND) != 0 || in_discount(doc, live[i].subject))
            continue;
        int n = alert_resolve(c, authority_id, KIND, live[i].subject);
        if (n < 0)
            rc = -1;
        else
            st->resolved += n;
    }
    cJSON_Delete(doc);
    return rc;
}
