/* audit.h: writing to the append-only, hash-chained audit trail (sql/001_foundation.sql).
 * Call it inside the transaction that makes the change, so both land or neither does. */
#ifndef PRUDENT_STORE_AUDIT_H
#define PRUDENT_STORE_AUDIT_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdint.h>

#include "store/rows.h"

/* Record one change. authority_id 0 means none (shared data such as counterparties). before and
 * after may be NULL; they are not taken over (the caller still owns them). Returns 0 or -1. */
int audit_record(PGconn *c, const char *actor, int64_t authority_id, const char *entity,
                 const char *key, const char *action, const cJSON *before, const cJSON *after,
                 const char *reason);

/* The latest `limit` entries of the trail, oldest first, optionally only those with this
 * entity key, entity and authority code (each NULL for any), with the columns seq, at
 * (ISO 8601 with offset), actor, authority (its code, NULL for shared data), entity,
 * entity_key, action, before and after (JSON text or NULL) and reason. A new struct rows the
 * caller frees, or NULL after printing why. */
struct rows *audit_entries(PGconn *c, const char *key, const char *entity, const char *authority, int limit);

/* The name recorded for changes made from the command line without --by: the login name. */
const char *audit_cli_actor(void);

#endif

/* The outcome of audit_verify. */
struct audit_check {
    long rows;             /* rows read */
    long bad;              /* rows that fail a check */
    long first_bad_seq;    /* seq of the first bad row, or 0 */
    char first_problem[160];
    char head_hex[65];     /* the last row's hash, hex; record it elsewhere to anchor the chain */
};

/* Recompute the whole chain in C (SHA-256 through libsodium, independent of the database's own
 * function): every row's hash must match its contents and its predecessor's hash, seq must run
 * 1, 2, 3 ... without gaps, and audit_head must point at the last row. Returns 0 (the result is
 * in *out, bad == 0 when intact) or -1 on a database error. */
int audit_verify(PGconn *c, struct audit_check *out);
