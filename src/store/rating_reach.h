/* rating_reach.h (store): what a ratings import's O(affected deals) path reads
 * (service/rating_reach.h), each in one statement whatever the number of authorities:
 * - the deals held at a date with the counterparties a rating change can move, for every
 *   authority holding them (a merger's successor holds what was transferred to it, under the
 *   transfer's ref), with accounts at their balance then;
 * - the live alerts of given kinds about given subjects (those the change may resolve);
 * - whether authorities' alerts were in line (sql/071) before the change.
 * Each runs in the caller's transaction and returns as said, or -1 after printing why. */
#ifndef PRUDENT_STORE_RATING_REACH_H
#define PRUDENT_STORE_RATING_REACH_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/alert.h"
#include "store/book.h"

/* The deals of cp_ids[0..ncp) held at as_of, one book per holder: (*holders)[k] (ascending) holds
 * (*books)[k] (its deals by ref, bytewise, as book_load_many orders them; cps borrowed, no loans
 * nor movements). Both arrays are new: book_free each book, then free both. Returns the number
 * of holders. */
int reach_load_books(PGconn *c, const int64_t *cp_ids, int ncp, date_t as_of, struct counterparty *cps, int ncps,
                     int64_t **holders, struct book **books);
/* The live alerts (authority's, not shared ones) whose kind is one of kinds_json's and subject
 * one of subjects_json's (JSON arrays of strings), ordered by authority: (*authority)[i] and
 * (*keys)[i] (new arrays; alert_keys_free the keys, free the other). Returns the count. */
int reach_live_alerts(PGconn *c, const char *kinds_json, const char *subjects_json, int64_t **authority,
                      struct alert_key **keys);
/* was[k]: whether ids[k]'s alerts were in line at universe version `before`, its authority
 * version av[k] and as_of (false for all when before is 0). Returns 0. */
int reach_marks_were(PGconn *c, const int64_t *ids, const int64_t *av, int n, date_t as_of, int64_t before,
                     bool *was);

#endif
