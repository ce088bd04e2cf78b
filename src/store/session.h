/* session.h: the web pages' sessions (sql/060_web_sessions.sql). The database keeps only
 * hashes: of the cookie's value (id_hash) and of the CSRF token (csrf_hash), each the 64 hex
 * digits of user_hash_hex; making them is http/web_session.c's business. A session ends when it
 * expires, when idle too long, when its user is revoked, or on sign-out. */
#ifndef PRUDENT_STORE_SESSION_H
#define PRUDENT_STORE_SESSION_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/user.h"

/* The live session whose id hashes to id_hash: fills *u, its CSRF token's hash into
 * csrf_hash[65], and *stale (last seen over a minute ago: worth a session_touch). Returns 0,
 * 1 when there is none (ended, expired, unknown, or its user revoked), -1 after printing why. */
int session_find(PGconn *c, const char *id_hash, struct api_user *u, char csrf_hash[65], bool *stale);
/* Mark the session seen now. Returns 0 or -1 (printed). */
int session_touch(PGconn *c, const char *id_hash);
/* End every expired or idle session, anyone's. Returns 0 or -1 (printed). */
int session_purge(PGconn *c);
/* Open a session for user_id, idle for at most idle_seconds and living at most max_seconds,
 * then end the user's oldest beyond the newest per_user. Returns 0 or -1 (printed). */
int session_open(PGconn *c, const char *id_hash, const char *csrf_hash, int64_t user_id, int idle_seconds,
                 int max_seconds, int per_user);
/* End the session whose id hashes to id_hash (none is fine). Returns 0 or -1 (printed). */
int session_end(PGconn *c, const char *id_hash);

#endif
