/* merger.c (service): a merger of authorities on a vesting day (see merger.h). */
#include "service/merger.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/holdings.h"
#include "core/lending.h"
#include "core/loan_events.h"
#include "core/strategy.h"
#include "service/result.h"
#include "store/alert.h"
#include "store/audit.h"
#include "store/book.h"
#include "store/db.h"
#include "store/lending.h"
#include "store/merger.h"
#include "store/strategy.h"
#include "util/err.h"
#include "util/json.h"
#include "views/lending_json.h"

/* The refs the successor uses (its own and those given to moved holdings so far). */
struct refs {
    char (*ref)[REF_MAX];
    int n, cap;
    cJSON **refusal; /* where a refusal's error answer goes (merger_run's *doc) */
};

/* A refusal: printed as the CLI says it and, as the same message, the error answer of code
 * (service/result.h) in *refusal for the API. Returns the code's exit code (EXIT_BAD). */
static int refuse(cJSON **refusal, enum pr_error code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int refuse(cJSON **refusal, enum pr_error code, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pr_fail(code, "%s", msg);
    return result_error(refusal, code, field, "%s", msg);
}

static bool refs_has(const struct refs *s, const char *ref)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->ref[i], ref) == 0)
            return true;
    return false;
}

static void refs_add(struct refs *s, const char *ref)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->ref = xrealloc(s->ref, sizeof *s->ref * (size_t)s->cap);
    }
    snprintf(s->ref[s->n++], REF_MAX, "%s", ref);
}

/* Every ref of the successor's book (deals and loans, any date) into *s. */
static int successor_refs(PGconn *c, int64_t id, struct refs *s)
{
    struct book b;
    if (book_load(c, id, &b) < 0)
        return -1;
    for (int i = 0; i < b.ninv; i++)
        refs_add(s, b.inv[i].ref);
    for (int i = 0; i < b.nloans; i++)
        refs_add(s, b.loans[i].ref);
    book_free(&b);
    return 0;
}

/* The successor's own bank account codes into *s. */
static int successor_accounts(PGconn *c, int64_t id, struct refs *s)
{
    struct merger_account *acc;
    int n = merger_bank_accounts(c, id, &acc);
    for (int i = 0; i < n; i++)
        refs_add(s, acc[i].code);
    if (n >= 0)
        free(acc);
    return n < 0 ? -1 : 0;
}

/* The ref a holding of predecessor `code` takes in the successor: its own, or CODE-REF when the
 * successor uses it already. EXIT_OK, or EXIT_BAD when the prefixed ref is too long. */
static int successor_ref(struct refs *s, const char *code, const char *ref, char out[REF_MAX])
{
    if (!refs_has(s, ref)) {
        snprintf(out, REF_MAX, "%s", ref);
    } else {
        if (strlen(code) + 1 + strlen(ref) >= REF_MAX)
            return refuse(s->refusal, PR_ERR_REF_TOO_LONG, "from",
                          "%s's ref %s is used by the successor already, and %s-%s would be longer than "
                          "%d characters: amend the ref first", code, ref, code, ref, REF_MAX - 1);
        size_t k = strlen(code);
        memcpy(out, code, k);
        out[k] = '-';
        memcpy(out + k + 1, ref, strlen(ref) + 1);
    }
    refs_add(s, out);
    return EXIT_OK;
}

/* The refusals that need no writing: earlier mergers, late bookings, the successor's strategy. */
static int merger_check(PGconn *c, const struct merger_request *rq, cJSON **refusal)
{
    char d[DATE_BUFSZ], d2[DATE_BUFSZ], succ[AUTHORITY_CODE_MAX], ref[REF_MAX];
    date_t on;
    int found;
    for (int i = 0; i <= rq->nfrom; i++) { /* the predecessors, then the successor */
        const struct authority *a = i < rq->nfrom ? &rq->from[i] : &rq->into;
        if ((found = merger_of(c, a->id, succ, &on)) < 0)
            return EXIT_DEP;
        if (found && a == &rq->into)
            return refuse(refusal, PR_ERR_ALREADY_MERGED, "successor", "--into: %s is %s already (merger of %s)",
                          a->code, strcmp(succ, a->code) == 0 ? "a successor" : "merged", date_format_uk(on, d));
        if (found && strcmp(succ, a->code) == 0) /* a merger of a successor would move its holdings and
                                                     * the bank accounts it took over a second time */
            return refuse(refusal, PR_ERR_ALREADY_MERGED, "from",
                          "%s is the successor of a merger on %s: a successor cannot be merged again (what it "
                          "took over, its bank accounts included, would move twice)",
                          a->code, date_format_uk(on, d));
        if (found)
            return refuse(refusal, PR_ERR_ALREADY_MERGED, "from", "%s is part of the merger into %s on %s already",
                          a->code, succ, date_format_uk(on, d));
    }
    for (int i = 0; i < rq->nfrom; i++) {
        date_t start;
        if ((found = merger_late_booking(c, rq->from[i].id, rq->on, ref, &start)) < 0)
            return EXIT_DEP;
        if (found)
            return refuse(refusal, PR_ERR_BOOKED_AFTER_VESTING, "on",
                          "--on %s: %s's book must end the day before, but its %s starts on %s",
                          date_format_iso(rq->on, d), rq->from[i].code, ref, date_format_uk(start, d2));
    }
    struct strategy st;
    if ((found = strategy_load_at(c, rq->into.id, rq->on, &st)) < 0)
        return EXIT_DEP;
    if (found == 0)
        return refuse(refusal, PR_ERR_NO_STRATEGY, "on",
                      "the successor %s has no strategy in force on %s: import its strategy from the vesting "
                      "day first (`prudent import strategy`)", rq->into.code, date_format_uk(rq->on, d));
    return EXIT_OK;
}

/* One moved holding into arr ({"ref", "was"}) and its transfer row. */
static int move_one(PGconn *c, int64_t merger_id, const struct merger_request *rq, const struct authority *from,
                    const char *kind, int64_t holding_id, const char *ref, struct refs *s, cJSON *arr)
{
    char as[REF_MAX];
    int rc = successor_ref(s, from->code, ref, as);
    if (rc != EXIT_OK)
        return rc;
    if (merger_transfer(c, merger_id, kind, holding_id, from->id, rq->into.id, rq->on, as, rq->by) < 0)
        return EXIT_DEP;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ref", as);
    cJSON_AddStringToObject(o, "was", ref);
    cJSON_AddItemToArray(arr, o);
    return EXIT_OK;
}

/* The predecessor's forecast items live on the vesting day: a transfer each (ref CF<n>, the
 * item's number, which no other item has), listed in arr. */
static int move_cash_items(PGconn *c, int64_t merger_id, const struct merger_request *rq,
                           const struct authority *from, cJSON *arr)
{
    int64_t *nums;
    int n = merger_cash_items(c, from->id, rq->on, &nums), rc = n < 0 ? EXIT_DEP : EXIT_OK;
    for (int i = 0; i < n && rc == EXIT_OK; i++) {
        char ref[REF_MAX];
        snprintf(ref, sizeof ref, "CF%lld", (long long)nums[i]);
        if (merger_transfer(c, merger_id, "cash_item", nums[i], from->id, rq->into.id, rq->on, ref, rq->by) < 0)
            rc = EXIT_DEP;
        cJSON_AddItemToArray(arr, cJSON_CreateString(ref));
    }
    free(nums);
    return rc;
}

/* The predecessor's bank accounts: a transfer each (sql/270), under its code, or FROM-CODE when the
 * successor has that code already (its own or one moved in before); "was CODE as NEW" in arr. */
static int move_accounts(PGconn *c, int64_t merger_id, const struct merger_request *rq,
                         const struct authority *from, struct refs *codes, cJSON *arr)
{
    struct merger_account *acc;
    int n = merger_bank_accounts(c, from->id, &acc), rc = n < 0 ? EXIT_DEP : EXIT_OK;
    for (int i = 0; i < n && rc == EXIT_OK; i++) {
        char as[2 * CODE_MAX + AUTHORITY_CODE_MAX] = "";
        if (refs_has(codes, acc[i].code) && strlen(from->code) + 1 + strlen(acc[i].code) >= CODE_MAX)
            rc = refuse(codes->refusal, PR_ERR_REF_TOO_LONG, "from",
                        "%s's bank account %s: the successor has that code already, and %s-%s would be longer "
                        "than %d characters", from->code, acc[i].code, from->code, acc[i].code, CODE_MAX - 1);
        else if (refs_has(codes, acc[i].code))
            snprintf(as, sizeof as, "%s-%s", from->code, acc[i].code);
        else
            snprintf(as, sizeof as, "%s", acc[i].code);
        if (rc == EXIT_OK && merger_transfer_account(c, merger_id, &acc[i], from->id, rq->into.id, rq->on, as,
                                                     rq->by) < 0)
            rc = EXIT_DEP;
        if (rc == EXIT_OK) {
            refs_add(codes, as);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "code", as);
            cJSON_AddStringToObject(o, "was", acc[i].code);
            cJSON_AddItemToArray(arr, o);
        }
    }
    free(acc);
    return rc;
}

/* Move everything predecessor `from` holds on the vesting day; its part of the answer into part. */
static int move_book(PGconn *c, int64_t merger_id, const struct merger_request *rq, const struct authority *from,
                     struct refs *s, struct refs *codes, cJSON *part)
{
    struct book b;
    if (book_load_at(c, from->id, rq->on, &b) < 0) /* accounts at their balance that day */
        return EXIT_DEP;
    cJSON *inv = cJSON_AddArrayToObject(part, "investments"), *loans = cJSON_AddArrayToObject(part, "loans");
    int rc = EXIT_OK;
    for (int i = 0; i < b.ninv && rc == EXIT_OK; i++)
        if (investment_held(&b.inv[i], rq->on))
            rc = move_one(c, merger_id, rq, from, "investment", b.inv[i].id, b.inv[i].ref, s, inv);
    for (int i = 0; i < b.nloans && rc == EXIT_OK; i++) {
        const struct loan *l = &b.loans[i];
        struct loan now;
        if (l->start <= rq->on && (l->maturity == DATE_NONE || l->maturity > rq->on) && loan_as_at(l, rq->on, &now))
            rc = move_one(c, merger_id, rq, from, "loan", l->id, l->ref, s, loans);
    }
    book_free(&b);
    if (rc == EXIT_OK)
        rc = move_cash_items(c, merger_id, rq, from, cJSON_AddArrayToObject(part, "cash_items"));
    return rc == EXIT_OK ? move_accounts(c, merger_id, rq, from, codes, cJSON_AddArrayToObject(part, "accounts")) : rc;
}

/* The transfer in the predecessor's trail, then its head, kept with the merger. */
static int record_predecessor(PGconn *c, int64_t merger_id, const struct merger_request *rq,
                              const struct authority *from, cJSON *part)
{
    char d[DATE_BUFSZ], hash[65];
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "into", rq->into.code);
    cJSON_AddStringToObject(after, "vesting_date", date_format_iso(rq->on, d));
    cJSON_AddItemToObject(after, "investments",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(part, "investments"), true));
    cJSON_AddItemToObject(after, "loans", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(part, "loans"), true));
    int rc = audit_record(c, rq->by, from->id, "merger", rq->into.code, "transfer_out", NULL, after, NULL);
    cJSON_Delete(after);
    int64_t seq;
    if (rc < 0 || merger_add_predecessor(c, merger_id, from->id, &seq, hash) < 0)
        return EXIT_DEP;
    cJSON *head = cJSON_AddObjectToObject(part, "audit_head");
    cJSON_AddNumberToObject(head, "seq", (double)seq);
    cJSON_AddStringToObject(head, "hash", hash);
    return EXIT_OK;
}

/* The successor's audit row: the merger and the predecessors' heads it commits to. */
static int record_successor(PGconn *c, const struct merger_request *rq, const cJSON *parts)
{
    char d[DATE_BUFSZ];
    cJSON *after = cJSON_CreateObject(), *preds = cJSON_AddArrayToObject(after, "predecessors");
    cJSON_AddStringToObject(after, "vesting_date", date_format_iso(rq->on, d));
    const cJSON *p;
    cJSON_ArrayForEach(p, parts) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "code")));
        cJSON_AddNumberToObject(o, "investments", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "investments")));
        cJSON_AddNumberToObject(o, "loans", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "loans")));
        cJSON_AddItemToObject(o, "audit_head", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(p, "audit_head"), true));
        cJSON_AddItemToArray(preds, o);
    }
    int rc = audit_record(c, rq->by, rq->into.id, "merger", rq->into.code, "vesting", NULL, after, NULL);
    cJSON_Delete(after);
    return rc < 0 ? EXIT_DEP : EXIT_OK;
}

/* The successor's lending list on the vesting day: each breach raised as a passive alert marked
 * inherited, and listed in arr. */
static int inherited_breaches(PGconn *c, const struct merger_request *rq, cJSON *arr)
{
    struct lending_book lb;
    struct lending_list l;
    char d[DATE_BUFSZ];
    if (lending_load_at(c, rq->into.id, rq->on, &lb) < 0)
        return EXIT_DEP;
    if (lending_evaluate(&lb.in, rq->on, &l) < 0) {
        lending_book_free(&lb);
        return error("merger: the successor's lending list on the vesting day overflows"), EXIT_DEP;
    }
    int rc = EXIT_OK;
    for (int i = 0; i < l.nb && rc == EXIT_OK; i++) {
        cJSON *details = lending_breach_json(&l.b[i]);
        cJSON_ReplaceItemInObjectCaseSensitive(details, "passive", cJSON_CreateTrue()); /* raised so */
        cJSON_AddTrueToObject(details, "inherited");
        cJSON_AddStringToObject(details, "vesting_date", date_format_iso(rq->on, d));
        bool created;
        if (alert_raise(c, rq->into.id, l.b[i].kind, l.b[i].subject, details, true, NULL, &created) < 0)
            rc = EXIT_DEP;
        cJSON_AddItemToArray(arr, details);
    }
    lending_list_free(&l);
    lending_book_free(&lb);
    return rc;
}

static int merge_in(PGconn *c, const struct merger_request *rq, cJSON *doc, cJSON **refusal)
{
    int64_t merger_id;
    struct refs s = {.refusal = refusal}, codes = {.refusal = refusal};
    int rc = successor_refs(c, rq->into.id, &s) < 0 || successor_accounts(c, rq->into.id, &codes) < 0 ||
                     merger_insert(c, rq->into.id, rq->on, rq->by, &merger_id) < 0
                 ? EXIT_DEP
                 : EXIT_OK;
    cJSON *parts = cJSON_AddArrayToObject(doc, "predecessors");
    for (int i = 0; i < rq->nfrom && rc == EXIT_OK; i++) {
        cJSON *part = cJSON_CreateObject();
        cJSON_AddItemToArray(parts, part);
        cJSON_AddStringToObject(part, "code", rq->from[i].code);
        rc = move_book(c, merger_id, rq, &rq->from[i], &s, &codes, part);
        if (rc == EXIT_OK)
            rc = record_predecessor(c, merger_id, rq, &rq->from[i], part);
    }
    free(s.ref);
    free(codes.ref);
    if (rc == EXIT_OK)
        rc = record_successor(c, rq, parts);
    if (rc == EXIT_OK)
        rc = inherited_breaches(c, rq, cJSON_AddArrayToObject(doc, "inherited_breaches"));
    return rc;
}

int merger_run(PGconn *c, const struct merger_request *rq, cJSON **doc)
{
    char d[DATE_BUFSZ];
    int64_t ids[MERGER_MAX_PREDECESSORS + 1];
    ids[0] = rq->into.id;
    for (int i = 0; i < rq->nfrom; i++)
        ids[i + 1] = rq->from[i].id;
    *doc = NULL;
    if (db_begin(c) < 0)
        return EXIT_DEP;
    int rc = merger_lock(c, ids, rq->nfrom + 1) < 0 ? EXIT_DEP : merger_check(c, rq, doc);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "successor", rq->into.code);
    cJSON_AddStringToObject(out, "vesting_date", date_format_iso(rq->on, d));
    if (rc == EXIT_OK)
        rc = merge_in(c, rq, out, doc);
    if (rc != EXIT_OK || db_commit(c) < 0) {
        db_rollback(c);
        cJSON_Delete(out);
        return rc == EXIT_OK ? EXIT_DEP : rc;
    }
    *doc = out;
    return EXIT_OK;
}
