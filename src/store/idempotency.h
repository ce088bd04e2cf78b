/* idempotency.h: the Idempotency-Key of booking over the API (sql/131_idempotency_keys.sql): a
 * key is claimed before the booking, answered after it, and a retry with the same key gets the
 * first answer instead of a second booking. Run in autocommit (each call commits by itself), as
 * the request's role, so the claim is visible to a concurrent retry before the booking starts. */
#ifndef PRUDENT_STORE_IDEMPOTENCY_H
#define PRUDENT_STORE_IDEMPOTENCY_H

#include <libpq-fe.h>
#include <stdint.h>

enum idem_state {
    IDEM_CLAIMED,     /* the key is new and now ours: go ahead, then idem_answer or idem_release */
    IDEM_ANSWERED,    /* the same request was answered: *status and *answer hold the answer */
    IDEM_IN_PROGRESS, /* the same request has no answer yet */
    IDEM_MISMATCH,    /* the key was used with another body */
};

/* Claim key for (authority, user) and a request whose body hashes to request_hash (hex). On
 * IDEM_ANSWERED, *answer is a new string the caller frees (the answer's body). Returns the state,
 * or -1 after printing why. */
int idem_claim(PGconn *c, int64_t authority_id, const char *user, const char *key,
               const char *request_hash, int *status, char **answer);

/* Record the answer of a claimed key. Returns 0, or -1 after printing why. */
int idem_answer(PGconn *c, int64_t authority_id, const char *user, const char *key, int status,
                const char *answer);

/* Give a claimed key up (the request failed without an answer worth repeating, e.g. the database
 * went away): a retry may try again. Returns 0, or -1 after printing why. */
int idem_release(PGconn *c, int64_t authority_id, const char *user, const char *key);

#endif
