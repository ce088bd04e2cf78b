#!/usr/bin/env bash
# test_web_sessions.sh: the web pages' sessions are rows of web_sessions (sql/060), so they
# survive a restart of `prudent serve`: sign in, restart, the same cookie still works (and its
# CSRF token too); only hashes are stored; sign-out deletes the row and the cookie stops working;
# a session idle too long or past its absolute expiry is refused; expired rows are purged at the
# next sign-in; a user keeps at most 20 sessions; revoking or rotating a user's token ends their sessions; the cookie's attributes;
# the service role cannot read the table and prudent_tenant_gaps() stays empty.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/service_lib.sh"

p authority add TST --name "Testshire County Council"
DEE=$("$PRUDENT_BIN" user add dee --role dealer --authority TST)
ABE=$("$PRUDENT_BIN" user add abe --role approver --authority TST)
J=(-H 'Content-Type: application/json')

if ! start_service "$T/serve1.log"; then
    _notok "the service starts" "$(cat "$T/serve1.log")"; finish; exit
fi

# sign_in TOKEN: sets COOKIE (the cookie's value) and CSRF.
sign_in() {
    req POST /api/v1/session "" "${J[@]}" --data "{\"token\": \"$1\"}"
    COOKIE=$(printf '%s' "$HDR" | tr -d '\r' | sed -n 's/^Set-Cookie: prudent_session=\([^;]*\).*/\1/Ip')
    CSRF=$(jq -r .csrf "$T/.body")
}
# with_cookie METHOD PATH [CURL-ARGS...]: a request with the session cookie (no bearer token).
with_cookie() { local m=$1 path=$2; shift 2; req "$m" "$path" "" -H "Cookie: prudent_session=$COOKIE" "$@"; }

sign_in "$DEE"
expect_eq "sign-in: 200 with a cookie" "$STATUS:${#COOKIE}" "200:64"
cookie_line=$(printf '%s' "$HDR" | tr -d '\r' | grep -i '^Set-Cookie:')
expect_match "the cookie is HttpOnly, SameSite=Strict, Path=/, with a Max-Age, not Secure on plain http" \
    "$cookie_line" '^Set-Cookie: prudent_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict; Max-Age=36000$'
req POST /api/v1/session "" "${J[@]}" -H 'X-Forwarded-Proto: https' --data "{\"token\": \"$DEE\"}"
expect_match "behind a TLS proxy (X-Forwarded-Proto: https) the cookie is Secure" "$HDR" 'SameSite=Strict; Max-Age=36000; Secure'
expect_eq "a session is a row of web_sessions" "$(sql "SELECT count(*) FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'dee'")" "2"
expect_eq "only hashes are stored: neither the cookie nor the CSRF token is in the table" \
    "$(sql "SELECT count(*) FROM web_sessions WHERE encode(id_hash, 'hex') IN ('$COOKIE', '$CSRF') OR encode(csrf_hash, 'hex') IN ('$COOKIE', '$CSRF')")" "0"
expect_eq "... the id's BLAKE2b hash is" \
    "$(sql "SELECT count(*) FROM web_sessions WHERE id_hash = decode('$(printf '%s' "$COOKIE" | b2sum -l 256 | cut -d' ' -f1)', 'hex')")" "1"
with_cookie GET /api/v1/session
expect_eq "the cookie authenticates: GET /api/v1/session 200, dee" "$STATUS:$(jq -r .name "$T/.body")" "200:dee"
expect_eq "... and gives the same CSRF token" "$(jq -r .csrf "$T/.body")" "$CSRF"

# --- a restart of the service ------------------------------------------------------------------
kill -TERM "$SVC_PID"; wait "$SVC_PID" 2>/dev/null
if ! start_service "$T/serve2.log"; then
    _notok "the service starts again" "$(cat "$T/serve2.log")"; finish; exit
fi
with_cookie GET /api/v1/authorities/TST/alerts
expect_eq "after a restart the same cookie still works" "$STATUS" "200"
with_cookie GET /api/v1/session
expect_eq "... as dee, with the same CSRF token" "$STATUS:$(jq -r .name "$T/.body"):$(jq -r .csrf "$T/.body")" "200:dee:$CSRF"
with_cookie POST /api/v1/authorities/TST/alerts/999/acknowledge
expect_eq "a change without the CSRF header: 403 csrf" "$STATUS:$(jq -r .error.code "$T/.body")" "403:csrf"
# A token one character off (the last one changed, whatever it was).
if [ "${CSRF: -1}" = 0 ]; then WRONG="${CSRF%?}1"; else WRONG="${CSRF%?}0"; fi
with_cookie POST /api/v1/authorities/TST/alerts/999/acknowledge -H "X-CSRF-Token: $WRONG"
expect_eq "... with a wrong CSRF token: 403 csrf" "$STATUS:$(jq -r .error.code "$T/.body")" "403:csrf"
with_cookie POST /api/v1/authorities/TST/alerts/999/acknowledge -H "X-CSRF-Token: $CSRF"
expect_eq "... with the session's CSRF token it goes through (404: no alert 999)" "$STATUS:$(jq -r .error.code "$T/.body")" "404:not_found"

# --- sign-out ------------------------------------------------------------------------------------
with_cookie DELETE /api/v1/session -H "X-CSRF-Token: $CSRF"
expect_eq "sign-out: 200" "$STATUS:$(jq -r .signed_out "$T/.body")" "200:true"
expect_match "... clears the cookie" "$HDR" 'Set-Cookie: prudent_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0'
expect_eq "... deletes its row" "$(sql "SELECT count(*) FROM web_sessions WHERE id_hash = decode('$(printf '%s' "$COOKIE" | b2sum -l 256 | cut -d' ' -f1)', 'hex')")" "0"
with_cookie GET /api/v1/session
expect_eq "the signed-out cookie no longer works: 401 session_expired" "$STATUS:$(jq -r .error.code "$T/.body")" "401:session_expired"

# --- expiry ----------------------------------------------------------------------------------------
hash_of() { printf '%s' "$1" | b2sum -l 256 | cut -d' ' -f1; }
sign_in "$ABE"; IDLE=$COOKIE
sign_in "$ABE"; OLD=$COOKIE
sign_in "$ABE"; LIVE=$COOKIE
sql "UPDATE web_sessions SET last_seen_at = now() - interval '2 hours 1 minute',
     created_at = now() - interval '3 hours' WHERE id_hash = decode('$(hash_of "$IDLE")', 'hex')"
sql "UPDATE web_sessions SET created_at = now() - interval '10 hours 1 minute', expires_at = now() - interval '1 minute'
     WHERE id_hash = decode('$(hash_of "$OLD")', 'hex')"
COOKIE=$IDLE; with_cookie GET /api/v1/authorities/TST/alerts
expect_eq "a session unused for over 2 hours is refused: 401 session_expired" "$STATUS:$(jq -r .error.code "$T/.body")" "401:session_expired"
COOKIE=$OLD; with_cookie GET /api/v1/authorities/TST/alerts
expect_eq "a session past its absolute expiry is refused, though used a minute ago" "$STATUS:$(jq -r .error.code "$T/.body")" "401:session_expired"
COOKIE=$LIVE; with_cookie GET /api/v1/authorities/TST/alerts
expect_eq "a live session of the same user still works" "$STATUS" "200"
sql "UPDATE web_sessions SET last_seen_at = now() - interval '5 minutes' WHERE id_hash = decode('$(hash_of "$LIVE")', 'hex')"
with_cookie GET /api/v1/authorities/TST/alerts
expect_eq "using a session moves its last use on" \
    "$(sql "SELECT last_seen_at > now() - interval '1 minute' FROM web_sessions WHERE id_hash = decode('$(hash_of "$LIVE")', 'hex')")" "t"
before=$(sql "SELECT count(*) FROM web_sessions")
sign_in "$DEE"
expect_eq "the next sign-in purges the expired rows (3 + 1 new - 2 expired)" "$before:$(sql "SELECT count(*) FROM web_sessions")" "4:3"
expect_eq "... the idle and the old ones are gone" \
    "$(sql "SELECT count(*) FROM web_sessions WHERE id_hash IN (decode('$(hash_of "$IDLE")', 'hex'), decode('$(hash_of "$OLD")', 'hex'))")" "0"
req GET /api/v1/session "" -H "Cookie: prudent_session=not-a-session"
expect_eq "a malformed cookie: 401" "$STATUS" "401"

# --- at most 20 sessions per user ---------------------------------------------------------------
sign_in "$ABE"; FIRST=$COOKIE
for _ in $(seq 1 20); do sign_in "$ABE"; done
LIVE=$COOKIE
expect_eq "a user keeps at most 20 sessions" "$(sql "SELECT count(*) FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'abe'")" "20"
COOKIE=$FIRST; with_cookie GET /api/v1/session
expect_eq "... the oldest ended when the 21st began" "$STATUS" "401"
COOKIE=$LIVE; with_cookie GET /api/v1/session
expect_eq "... the newest works" "$STATUS" "200"

# --- revoking and rotating -------------------------------------------------------------------------
p user token abe
expect_rc 0 "abe gets a new token"
COOKIE=$LIVE; with_cookie GET /api/v1/session
expect_eq "... and abe's sessions with the old token end" "$STATUS" "401"
sign_in "$DEE"
p user revoke dee
COOKIE=$(printf '%s' "$HDR" | tr -d '\r' | sed -n 's/^Set-Cookie: prudent_session=\([^;]*\).*/\1/Ip')
with_cookie GET /api/v1/session
expect_eq "a revoked user's session ends at once" "$STATUS" "401"
expect_eq "... and their rows are gone" "$(sql "SELECT count(*) FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE u.name IN ('dee', 'abe')")" "0"

# --- tenancy -----------------------------------------------------------------------------------------
expect_eq "prudent_tenant_gaps() is empty" "$(sql "SELECT count(*) FROM prudent_tenant_gaps()")" "0"
expect_eq "the service role may not read web_sessions" \
    "$(sql "SELECT has_table_privilege('prudent_service', 'web_sessions', 'SELECT')")" "f"
finish
