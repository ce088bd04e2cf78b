#!/usr/bin/env bash
# test_controls_edges.sh: the resource and tenancy edges of issue 19, each attack reproduced
# against the real database and the running service and shown refused:
#   9. slow connections: 2,000 idle connections from one client address (127.0.0.1) leave
#      /healthz answering another client (127.0.0.2); with the per-client limit off and a small
#      total, the same flood shuts the other client out (the attack, reproduced);
#  10. a shared (feed) alert acknowledged by one authority's officer stays open for the others,
#      who do not see the officer's name; /metrics shows no figures of the book without a token
#      covering every authority; an admin of one authority revoking or approving another
#      authority's user is answered as for a name nobody holds (404, not 403).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
export PRUDENT_TODAY=2018-03-31
HERE=$(cd "$(dirname "$0")" && pwd)

# flood PORT N: open N idle connections to PORT from 127.0.0.1 (held until the test ends); sets
# FLOOD_PID and waits until they are open.
flood() {
    mkfifo "$T/hold.$1"
    python3 "$HERE/slow_clients.py" 127.0.0.1 "$1" 127.0.0.1 "$2" 120 <"$T/hold.$1" >"$T/flood.$1" &
    FLOOD_PID=$!
    exec {HOLD_FD}>"$T/hold.$1"
    local i
    for i in $(seq 1 400); do [ -s "$T/flood.$1" ] && break; sleep 0.1; done
}
unflood() { exec {HOLD_FD}>&-; wait "$FLOOD_PID" 2>/dev/null; }
# healthz_from SOURCE: the status of GET /healthz from that source address (000: no answer in 5 s)
healthz_from() { curl -s -o /dev/null -m 5 --interface "$1" -w '%{http_code}' "$URL/healthz"; }

# --- 9. 2,000 slow connections from one client -------------------------------------------------
if ! start_service "$T/serve.log" PRUDENT_HTTP_TIMEOUT=60; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
expect_eq "the limits are logged at start" \
    "$(jq -R -r 'fromjson? | select(.msg == "listening") | "\(.max_connections) \(.per_client) \(.timeout_s)"' "$T/serve.log")" \
    "1000 128 60"
flood "${URL##*:}" 2000
expect_eq "the slow client opened its 2,000 connections" "$(cat "$T/flood.${URL##*:}")" "2000"
expect_eq "/healthz answers another client meanwhile" "$(healthz_from 127.0.0.2)" "200"
OPS=$("$PRUDENT_BIN" user add ops --role admin --all-authorities)
req GET /api/v1/me "$OPS" --interface 127.0.0.2
expect_eq "... and so does the API" "$STATUS" "200"
expect_eq "the flooding address itself is refused beyond its share" "$(healthz_from 127.0.0.1)" "000"
unflood
kill -TERM "$SVC_PID"; wait "$SVC_PID" 2>/dev/null

# the attack, reproduced with the per-client limit off: the total fills and the other client waits
start_service "$T/serve2.log" PRUDENT_HTTP_PER_CLIENT=0 PRUDENT_HTTP_MAX_CONNECTIONS=200
flood "${URL##*:}" 2000
expect_eq "with no per-client limit, the same flood shuts another client out" "$(healthz_from 127.0.0.2)" "000"
unflood
kill -TERM "$SVC_PID"; wait "$SVC_PID" 2>/dev/null

# --- 10. tenancy edges --------------------------------------------------------------------------
p authority add NHT --name "Northern Town Council"
W_DEALER=$("$PRUDENT_BIN" user add wendy --role dealer --authority WSX)
N_DEALER=$("$PRUDENT_BIN" user add nadia --role dealer --authority NHT)
W_ADMIN=$("$PRUDENT_BIN" user add walt --role admin --authority WSX)
"$PRUDENT_BIN" user add nick --role viewer --authority NHT >/dev/null
start_service "$T/serve3.log"
AID=$(sql "INSERT INTO alerts (authority_id, kind, subject, details)
           VALUES (NULL, 'feed.stale', 'pwlb', '{}') RETURNING id")

# a shared alert, acknowledged per authority
req POST "/api/v1/authorities/WSX/alerts/$AID/acknowledge" "$W_DEALER"
expect_eq "WSX's officer acknowledges the shared feed alert" "$STATUS:$(jq -r .changed "$T/.body")" "200:true"
req GET /api/v1/authorities/WSX/alerts "$W_DEALER"
expect_eq "... WSX sees it acknowledged by its officer" \
    "$(jq -r ".alerts[] | select(.id == $AID) | \"\(.state) \(.acknowledged_by)\"" "$T/.body")" "acknowledged wendy"
req GET /api/v1/authorities/NHT/alerts "$N_DEALER"
expect_eq "... NHT still sees it open, with no name" \
    "$(jq -r ".alerts[] | select(.id == $AID) | \"\(.state) \(.acknowledged_by) \(.acknowledged_at)\"" "$T/.body")" "open null null"
expect_eq "... the name is nowhere in NHT's answer" "$(grep -c wendy "$T/.body")" "0"
PRUDENT_TOKEN=$N_DEALER p alerts --authority NHT --json
expect_eq "... nor in NHT's alerts verb" "$(jq -r ".alerts[] | select(.id == $AID) | .state" <<<"$OUT"):$(grep -c wendy <<<"$OUT")" "open:0"
req POST "/api/v1/authorities/NHT/alerts/$AID/acknowledge" "$N_DEALER"
expect_eq "NHT's officer acknowledges it for NHT in turn (not 'already')" "$STATUS:$(jq -r .changed "$T/.body")" "200:true"
req POST "/api/v1/authorities/NHT/alerts/$AID/acknowledge" "$N_DEALER"
expect_eq "... once" "$STATUS:$(jq -r .changed "$T/.body")" "200:false"
expect_eq "one acknowledgement per authority; the alert itself stays open" \
    "$(sql "SELECT string_agg(au.code || '=' || k.acknowledged_by, ',' ORDER BY au.code) || ' ' || max(a.state)
            FROM alert_acks k JOIN authorities au ON au.id = k.authority_id JOIN alerts a ON a.id = k.alert_id
            WHERE k.alert_id = $AID")" "NHT=nadia,WSX=wendy open"
expect_eq "an acknowledgement cannot be rewritten" \
    "$(sql "UPDATE alert_acks SET acknowledged_by = 'x'" 2>&1 | grep -c 'ERROR')" "1"

# /metrics: no figures of the book without a token covering every authority
req GET /metrics
expect_eq "/metrics answers without a token" "$STATUS" "200"
expect_eq "... with no figures of the book" "$(grep -cE '^prudent_(deals|alerts_open)' "$T/.body")" "0"
expect_match "... but the service's own figures" "$OUT" 'prudent_database_up 1'
req GET /metrics "$W_ADMIN"
expect_eq "... nor with one authority's admin token" "$(grep -cE '^prudent_(deals|alerts_open)' "$T/.body")" "0"
req GET /metrics "$OPS"
expect_match "... which an admin of every authority sees" "$OUT" $'\n''prudent_alerts_open [0-9]+'

# user names: another authority's user is answered as nobody
req DELETE /api/v1/users/nick "$W_ADMIN"
other="$STATUS $(jq -c '.error | del(.message)' "$T/.body") $(jq -r .error.message "$T/.body" | sed 's/nick/NAME/')"
req DELETE /api/v1/users/nobody_at_all "$W_ADMIN"
none="$STATUS $(jq -c '.error | del(.message)' "$T/.body") $(jq -r .error.message "$T/.body" | sed 's/nobody_at_all/NAME/')"
expect_eq "WSX's admin revoking NHT's user: answered as for a name nobody holds" "$other" "$none"
expect_match "... 404 unknown_user" "$other" '^404 .*unknown_user'
expect_eq "... and nick is still active" "$(sql "SELECT revoked_at IS NULL FROM users WHERE name = 'nick'")" "t"
req POST /api/v1/users/nick/approve "$W_ADMIN"
other="$STATUS $(jq -r .error.code "$T/.body")"
req POST /api/v1/users/nobody_at_all/approve "$W_ADMIN"
expect_eq "... approving: the same" "$other" "$STATUS $(jq -r .error.code "$T/.body")"
# ... and making a user: the answer does not depend on a name held in another authority
req POST /api/v1/users "$W_ADMIN" -H "Content-Type: application/json" --data '{"name": "nick", "role": "viewer", "authorities": ["WSX"]}'
other="$STATUS $(jq -c .error "$T/.body")"
req POST /api/v1/users "$W_ADMIN" -H "Content-Type: application/json" --data '{"name": "nobody_at_all", "role": "viewer", "authorities": ["WSX"]}'
expect_eq "WSX's admin making a user named as NHT's nick: answered as for a free name" "$other" \
    "$STATUS $(jq -c .error "$T/.body")"
expect_match "... 400 invalid_field (a scoped admin names users NAME@CODE)" "$other" '^400 .*invalid_field.*NAME@CODE'
req POST /api/v1/users "$W_ADMIN" -H "Content-Type: application/json" --data '{"name": "nick@NHT", "role": "viewer", "authorities": ["WSX"]}'
expect_eq "... nick@NHT for WSX: refused alike (a name scoped to NHT must cover NHT)" \
    "$STATUS $(jq -r .error.code "$T/.body")" "400 invalid_field"
req POST /api/v1/users "$W_ADMIN" -H "Content-Type: application/json" --data '{"name": "nick@WSX", "role": "viewer", "authorities": ["WSX"]}'
expect_eq "... nick@WSX: 201 pending, though NHT has a nick" "$STATUS:$(jq -r .pending "$T/.body")" "201:true"
req POST /api/v1/users "$W_ADMIN" -H "Content-Type: application/json" --data '{"name": "nick@WSX", "role": "viewer", "authorities": ["WSX"]}'
expect_eq "... again: 409 user_exists (a user of WSX, which walt covers)" "$STATUS $(jq -r .error.code "$T/.body")" \
    "409 user_exists"
p user add pat@WSX --role viewer --authority NHT
expect_rc 2 "the operator's CLI refuses a name scoped to WSX for a user of NHT alone"
expect_match "... saying why" "$ERR" 'scoped to authority WSX'

p serve --per-client -1
expect_rc 2 "a negative --per-client is refused"
PRUDENT_HTTP_TIMEOUT=0 p serve
expect_rc 2 "PRUDENT_HTTP_TIMEOUT=0 (no timeout) is refused"

finish
