/* audit.h: writing to the append-only, hash-chained audit trail (sql/001_foundation.sql).
 * Call it inside the transaction that makes the change, so both land or neither does. */
#ifndef PRUDENT_STORE_AUDIT_H
#define PRUDENT_STORE_AUDIT_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdint.h>

/* Record one change. authority_id 0 means none (shared data such as counterparties). before and
 * after may be NULL; they are not taken over (the caller still owns them). Returns 0 or -1. */
int audit_record(PGconn *c, const char *actor, int64_t authority_id, const char *entity,
                 const char *key, const char *action, const cJSON *before, const cJSON *after,
                 const char *reason);

/* The name recorded for changes made from the command line without --by: the login name. */
const char *audit_cli_actor(void);

#endif
