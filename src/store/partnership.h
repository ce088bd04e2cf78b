/* partnership.h: partnerships of authorities that share services (sql/175_partnerships.sql,
 * docs/shared-services.md): adding one with its members, finding one with each member's
 * counterparty code, listing them, and linking an authority to the counterparty it is. */
#ifndef PRUDENT_STORE_PARTNERSHIP_H
#define PRUDENT_STORE_PARTNERSHIP_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/book.h"
#include "core/date.h"
#include "store/authority.h"
#include "store/rows.h"

struct partnership_member {
    struct authority a;
    char counterparty[CODE_MAX]; /* the counterparty this member is: linked, else its own code */
    int64_t counterparty_id;     /* that counterparty's id, 0 when no counterparty has the code */
};

/* A partnership as found for a window of dates (partnership_find): its members are the
 * authorities that are members on at least one day of the window; which days each is a member
 * is partnership_member_on (the members change from a date: sql/310). */
struct partnership {
    int64_t id;
    char code[AUTHORITY_CODE_MAX];
    char *name;                         /* owned: partnership_free */
    struct partnership_member *members; /* owned, ordered by authority code */
    int nmembers;
    date_t began;                       /* DATE_NONE: not said (partnership add without --from) */
    /* The window's segments: segment k runs from starts[k] to the day before starts[k+1] (the
     * last to the window's end); in[k * nmembers + i]: members[i] is a member in segment k. */
    date_t *starts; /* owned */
    bool *in;       /* owned */
    int nsegs;
};

/* Add partnership code named name with the authorities member_ids[0..n-1], members from began
 * (DATE_NONE: not said, members on every date), with its audit rows (one per member, under that
 * member's authority). Returns 0, 1 if the code exists already, or
 * -1 after printing why. */
int partnership_add(PGconn *c, const char *code, const char *name, const int64_t *member_ids, int n,
                    date_t began, const char *actor);

/* The partnership with this code into *out (partnership_free releases it), its members those
 * that are members on a day from..to (both included; from == to: the members of that date) and
 * that row-level security shows. Returns 1 found, 0 none, -1 after printing why. */
int partnership_find(PGconn *c, const char *code, date_t from, date_t to, struct partnership *out);
/* Whether p->members[i] is a member on day d (a day of the window p was found for; before it,
 * as on its first day, after it as on its last). */
bool partnership_member_on(const struct partnership *p, int i, date_t d);
void partnership_free(struct partnership *p);

/* Every partnership with the columns code, name and members (the codes of the members on day,
 * comma separated, by code), ordered by code. A new struct rows the caller frees, or NULL after
 * printing why. */
struct rows *partnership_rows(PGconn *c, date_t day);

/* Partnership code in detail on day: one row per member on that day the caller sees, by code,
 * with the columns partnership, partnership_name, added_by, added_at, began (the partnership's;
 * began "" when not said), code, name, counterparty (the counterparty the member is), how
 * ("linked" or "own code"), entered_by and entered_at (the member's: its founding row, else its
 * latest join on or before day); with no member seen, one row whose code is "". No row: no such
 * partnership. A new struct rows the caller frees, or NULL after printing why. */
struct rows *partnership_detail_rows(PGconn *c, const char *code, date_t day);

/* The member changes of partnership code the caller sees (sql/310), in the order they take
 * effect (valid_from, then as entered), with the columns code (the authority), change ("join" or
 * "leave"), valid_from, reason, entered_by and entered_at (UTC, ISO 8601). A new struct rows
 * the caller frees, or NULL after printing why. */
struct rows *partnership_change_rows(PGconn *c, const char *code);

/* One authority joining or leaving a partnership from a date. */
struct partnership_change {
    int64_t authority_id;
    const char *code; /* the authority's, borrowed */
    bool join;        /* false: leaves */
};

/* Record changes[0..n-1] to partnership p from date from, with reason, by actor, with an audit
 * row each (under that authority), in one transaction, after checking on from: the date is not
 * before the partnership began, a joiner is not a member then, a leaver is; after them the
 * partnership has at least two members on from and on the date of each later change. Returns 0,
 * 1 after printing the refusal (nothing written), or -1 after printing why. */
int partnership_change(PGconn *c, const struct partnership *p, const struct partnership_change *changes, int n,
                       date_t from, const char *reason, const char *actor);

/* Record that the authority is the counterparty with code cp_code, from now on (a new row; the
 * latest link is in force), with its audit row. Returns 0, 1 when no counterparty has that
 * code, or -1 after printing why. */
int authority_link_counterparty(PGconn *c, const struct authority *a, const char *cp_code, const char *actor);

#endif
