/* partnership.h: partnerships of authorities that share services (sql/175_partnerships.sql,
 * docs/shared-services.md): adding one with its members, finding one with each member's
 * counterparty code, listing them, and linking an authority to the counterparty it is. */
#ifndef PRUDENT_STORE_PARTNERSHIP_H
#define PRUDENT_STORE_PARTNERSHIP_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/book.h"
#include "store/authority.h"
#include "store/rows.h"

struct partnership_member {
    struct authority a;
    char counterparty[CODE_MAX]; /* the counterparty this member is: linked, else its own code */
    int64_t counterparty_id;     /* that counterparty's id, 0 when no counterparty has the code */
};

struct partnership {
    int64_t id;
    char code[AUTHORITY_CODE_MAX];
    char *name;                         /* owned: partnership_free */
    struct partnership_member *members; /* owned, ordered by authority code */
    int nmembers;
};

/* Add partnership code named name with the authorities member_ids[0..n-1], with its audit rows
 * (one per member, under that member's authority). Returns 0, 1 if the code exists already, or
 * -1 after printing why. */
int partnership_add(PGconn *c, const char *code, const char *name, const int64_t *member_ids, int n,
                    const char *actor);

/* The partnership with this code into *out (partnership_free releases it), its members those
 * row-level security shows. Returns 1 found, 0 none, -1 after printing why. */
int partnership_find(PGconn *c, const char *code, struct partnership *out);
void partnership_free(struct partnership *p);

/* Every partnership with the columns code, name and members (member codes, comma separated,
 * by code), ordered by code. A new struct rows the caller frees, or NULL after printing why. */
struct rows *partnership_rows(PGconn *c);

/* Partnership code in detail: one row per member the caller sees, by code, with the columns
 * partnership, partnership_name, added_by, added_at (the partnership's), code, name,
 * counterparty (the counterparty the member is), how ("linked" or "own code"), entered_by and
 * entered_at (the member's); with no member seen, one row whose code is "". No row: no such
 * partnership. A new struct rows the caller frees, or NULL after printing why. */
struct rows *partnership_detail_rows(PGconn *c, const char *code);

/* Record that the authority is the counterparty with code cp_code, from now on (a new row; the
 * latest link is in force), with its audit row. Returns 0, 1 when no counterparty has that
 * code, or -1 after printing why. */
int authority_link_counterparty(PGconn *c, const struct authority *a, const char *cp_code, const char *actor);

#endif
