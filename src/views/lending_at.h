/* lending_at.h: the lending book and list of one authority at one date, shared by the views of
 * one report build.
 *
 * A quarterly pack asks for the same lending list several times at the quarter's end: the
 * indicators (the credit score's notches), the limits (breaches) and the limits again (the
 * changes over the quarter). Between lending_at_begin and lending_at_end (report_build opens the
 * scope beside the book memo, store/book_memo.h) the first ask loads the book, evaluates the list
 * and keeps both, keyed by (connection, authority, date); later asks get the kept one. Outside a
 * scope each ask loads and evaluates afresh. Read-only work only, like the book memo. The scope is
 * per thread and does not nest.
 *
 * Ownership: lending_at_get returns a struct the caller releases with lending_at_release (a kept
 * one is freed at lending_at_end instead); its parts are read-only. (The list's document is
 * built by each view: a cJSON_Duplicate of it costs more than building it again.) */
#ifndef PRUDENT_VIEWS_LENDING_AT_H
#define PRUDENT_VIEWS_LENDING_AT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/date.h"
#include "core/lending.h"
#include "store/lending.h"
#include "views/lending_json.h"

struct lending_at {
    struct lending_book lb;  /* lending_load_at(as_of) */
    struct lending_list list; /* lending_evaluate(&lb.in, as_of): valid when evaluated == 0 */
    int evaluated;            /* lending_evaluate's answer: 0, or -1 (an amount overflowed) */
    /* borrowed, or NULL: the counterparties' parts of the entries' text, written once
     * (views/lending_json.h); service/asat_cache.c lends them for the request */
    const struct lending_cp_texts *texts;
    bool kept;
};

/* Start / stop keeping what lending_at_get loads (the end frees it all). */
void lending_at_begin(void);
void lending_at_end(void);

/* The lending book of authority_id at as_of and its list evaluated then. NULL when the book
 * could not be loaded (the reason printed). */
struct lending_at *lending_at_get(PGconn *c, int64_t authority_id, date_t as_of);
void lending_at_release(struct lending_at *x);
/* Inside a scope: keep x (a new struct lending_at whose lb and list the caller made, as
 * lending_at_get would: service/asat_cache.c derives them from the service's memory) as the
 * answer for (c, authority_id, as_of); the scope owns it from then on and frees it at the end.
 * Outside a scope, or when one is kept already, x is freed. */
void lending_at_put(PGconn *c, int64_t authority_id, date_t as_of, struct lending_at *x);

#endif
