/* ratings.c: the `ratings` import kind (see ratings.h). All-or-nothing: every row is validated
 * (a rating not in its agency's scale for that term is refused with the valid ones listed), a
 * key repeated in the file or already in the book with a different rating is refused, and only
 * then are the new actions inserted, with the audit trail and the alerts they cause (what the
 * changed ratings reach at today, service/rating_reach.h) in the same transaction. */
#include "ingest/ratings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/book.h"
#include "core/rating.h"
#include "ingest/importer.h"
#include "ingest/records.h"
#include "store/audit.h"
#include "store/db.h"
#include "service/rating_reach.h"
#include "service/recompute.h"
#include "store/rating_actions.h"
#include "store/recompute.h"
#include "util/clock.h"
#include "util/err.h"

enum { F_CP, F_AGENCY, F_TERM, F_RATING, F_OUTLOOK, F_WATCH, F_DATE, NF };

static const struct field_def fields[NF] = {
    {"counterparty", true}, {"agency", true}, {"term", true},          {"rating", true},
    {"outlook", false},     {"watch", false}, {"effective_date", true},
};
static const char *const agencies[] = {"fitch", "moodys", "sp"};
static const char *const terms[] = {"long", "short"};
static const char *const outlooks[] = {"stable", "positive", "negative", "developing"};
static const char *const watches[] = {"positive", "negative", "developing"};

/* One valid row, staged as text. */
struct action {
    int rec; /* record index, for messages; -1 when the row was bad */
    char cp[CODE_MAX];
    const char *agency, *term, *outlook, *watch;
    char rating[8];
    char date[DATE_BUFSZ];
    bool fresh;
};

static bool validate(struct row *w, const struct cp_index *cps, struct action *a)
{
    int ag = -1, tm = -1, ou = -1, wa = -1;
    date_t d = DATE_NONE;
    const char *code = field_counterparty(w, F_CP, cps);
    bool scale = field_choice(w, F_AGENCY, true, agencies, 3, &ag);
    scale = field_choice(w, F_TERM, true, terms, 2, &tm) && scale;
    if (field_required(w, F_RATING) && scale &&
        !rating_notch((enum agency)ag, (enum rating_term)tm, row_value(w, F_RATING))) {
        char valid[400];
        rating_valid_list((enum agency)ag, (enum rating_term)tm, valid, sizeof valid);
        row_fail(w, F_RATING, "is not a %s %s-term rating (valid: %s)", agencies[ag], terms[tm], valid);
    }
    field_choice(w, F_OUTLOOK, false, outlooks, 4, &ou);
    field_choice(w, F_WATCH, false, watches, 3, &wa);
    field_date(w, F_DATE, true, &d);
    if (!w->ok)
        return false;
    snprintf(a->cp, sizeof a->cp, "%s", code);
    a->agency = agencies[ag];
    a->term = terms[tm];
    snprintf(a->rating, sizeof a->rating, "%s", row_value(w, F_RATING));
    a->outlook = ou >= 0 ? outlooks[ou] : NULL;
    a->watch = wa >= 0 ? watches[wa] : NULL;
    date_format_iso(d, a->date);
    return true;
}

static bool same_key(const struct action *a, const struct action *b)
{
    return strcmp(a->cp, b->cp) == 0 && a->agency == b->agency && a->term == b->term &&
           strcmp(a->date, b->date) == 0;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Compare with the book: unchanged, new, or refused (different rating for the same key). */
static int compare(PGconn *c, const struct records *rs, struct action *a, struct import_errors *e,
                   int *unchanged)
{
    struct rating_in_book was;
    int found = rating_action_find(c, a->cp, a->agency, a->term, a->date, &was);
    if (found < 0)
        return -1;
    if (!found) {
        a->fresh = true;
    } else if (strcmp(was.rating, a->rating) == 0 && same_text(was.outlook, a->outlook) &&
               same_text(was.watch, a->watch)) {
        (*unchanged)++;
    } else {
        import_row_error(rs, a->rec, F_RATING, e,
                         "differs from the %s %s-term rating of %s on %s in the book (%s, outlook %s, watch %s):"
                         " a rating action, once recorded, is kept; give a correction its own effective date",
                         a->agency, a->term, a->cp, a->date, was.rating, was.outlook ? was.outlook : "none",
                         was.watch ? was.watch : "none");
    }
    return 0;
}

static int insert(PGconn *c, const struct action *a, const char *actor)
{
    if (rating_action_insert(c, a->cp, a->agency, a->term, a->rating, a->outlook, a->watch, a->date) < 0)
        return -1;
    char key[80];
    snprintf(key, sizeof key, "%s/%s/%s/%s", a->cp, a->agency, a->term, a->date);
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "counterparty", a->cp);
    cJSON_AddStringToObject(after, "agency", a->agency);
    cJSON_AddStringToObject(after, "term", a->term);
    cJSON_AddStringToObject(after, "rating", a->rating);
    cJSON_AddStringToObject(after, "outlook", a->outlook ? a->outlook : "");
    cJSON_AddStringToObject(after, "watch", a->watch ? a->watch : "");
    cJSON_AddStringToObject(after, "effective_date", a->date);
    int rc = audit_record(c, actor, 0, "rating", key, "insert", NULL, after, NULL);
    cJSON_Delete(after);
    return rc;
}

/* The authorities a rating change can move at as_of: those holding at that date a deal (not
 * cancelled; their own, or one a merger moved in to them) with a counterparty whose rating changed, with another member of its banking group
 * (a group's limit may be its best rated member's), or, when a sovereign's rating changed, with
 * a counterparty of its country (non-UK banks need a rated sovereign); and those with a live
 * alert about such a counterparty or group (it may resolve). No other authority's lending list
 * or indicators read these ratings at that date: a recompute judges only the deals held then
 * (a deal repaid, or not yet started, is not in it), and the caller carries the others' marks.
 * A new array in *ids (caller frees); returns the count or -1. */
static int affected_authorities(PGconn *c, const struct action *acts, int n, date_t as_of,
                                int64_t **ids)
{
    cJSON *codes = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        if (acts[i].rec >= 0 && acts[i].fresh)
            cJSON_AddItemToArray(codes, cJSON_CreateString(acts[i].cp));
    char *json = cJSON_PrintUnformatted(codes);
    cJSON_Delete(codes);
    int m = rating_moved_authorities(c, json, as_of, ids);
    free(json);
    return m;
}

/* Rating changes move the lending lists of the authorities exposed to them: raise or resolve
 * their alerts now, in the import's transaction. The O(affected deals) path
 * (service/rating_reach.h) judges only what the changed ratings reach; PRUDENT_RATINGS_FULL=1
 * recomputes every affected authority's whole book instead (the path before it, kept for
 * comparison: docs/performance.md). */
static int recompute_affected(PGconn *c, const struct action *acts, int n, int64_t universe_before)
{
    date_t today = clock_today();
    const char *full = getenv("PRUDENT_RATINGS_FULL");
    if (!full || strcmp(full, "1") != 0) {
        const char **codes = xcalloc((size_t)n + 1, sizeof *codes);
        int m = 0;
        for (int i = 0; i < n; i++)
            if (acts[i].rec >= 0 && acts[i].fresh)
                codes[m++] = acts[i].cp;
        int rc = rating_reach_recompute(c, codes, m, today, universe_before, NULL);
        free(codes);
        return rc;
    }
    int64_t *ids = NULL;
    int m = affected_authorities(c, acts, n, today, &ids);
    if (m < 0)
        return -1;
    int rc = recompute_many_in_tx(c, ids, m, today);
    if (rc == 0) /* the others' alerts are as in line as they were: the service need not redo them */
        rc = recompute_carry_marks(c, universe_before, ids, m);
    free(ids);
    return rc;
}

static int write_all(PGconn *c, const struct records *rs, struct action *acts, struct import_errors *e,
                     const struct import_opts *o)
{
    int unchanged = 0, fresh = 0, valid = 0;
    for (int i = 0; i < rs->n; i++) {
        if (acts[i].rec < 0)
            continue;
        valid++;
        if (compare(c, rs, &acts[i], e, &unchanged) < 0)
            return EXIT_DEP;
        fresh += acts[i].fresh;
    }
    if (e->count)
        return EXIT_BAD;
    if (o->dry_run) {
        printf("dry run: %d ratings valid: %d new, %d unchanged; nothing written\n", valid, fresh, unchanged);
        return EXIT_OK;
    }
    int64_t universe_before = 0;
    if (fresh && recompute_hold_universe(c, &universe_before) < 0)
        return EXIT_DEP;
    for (int i = 0; i < rs->n; i++)
        if (acts[i].rec >= 0 && acts[i].fresh && insert(c, &acts[i], o->actor) < 0)
            return EXIT_DEP;
    if (fresh && recompute_affected(c, acts, rs->n, universe_before) < 0)
        return EXIT_DEP;
    if (db_commit(c) < 0)
        return EXIT_DEP;
    printf("imported %d ratings: %d new, %d unchanged\n", valid, fresh, unchanged);
    return EXIT_OK;
}

int import_ratings(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o)
{
    (void)a;
    struct import_errors e = {.path = path};
    struct records rs;
    if (records_read(path, fields, NF, &rs, &e, o->progress) < 0) {
        import_errors_close(&e, "ratings");
        return EXIT_BAD;
    }
    struct cp_index *cps = cp_index_load(c);
    if (!cps) {
        records_free(&rs);
        return EXIT_DEP;
    }
    struct action *acts = xcalloc((unsigned long)rs.n + 1, sizeof *acts);
    for (int i = 0; i < rs.n; i++) {
        struct row w = row_start(&rs, i, &e);
        acts[i].rec = validate(&w, cps, &acts[i]) ? i : -1;
        for (int j = 0; acts[i].rec >= 0 && j < i; j++)
            if (acts[j].rec >= 0 && same_key(&acts[i], &acts[j])) {
                import_row_error(&rs, i, F_DATE, &e, "repeats the %s %s-term rating of %s on that date (line %d)",
                                 acts[i].agency, acts[i].term, acts[i].cp, rs.rec[j].line);
                acts[i].rec = -1;
                break;
            }
    }
    int rc;
    if (db_begin(c) < 0) {
        rc = EXIT_DEP;
    } else {
        rc = write_all(c, &rs, acts, &e, o);
        if (rc != EXIT_OK || o->dry_run)
            db_rollback(c);
    }
    if (rc == EXIT_BAD)
        import_errors_close(&e, "ratings");
    free(acts);
    cp_index_free(cps);
    records_free(&rs);
    return rc;
}
