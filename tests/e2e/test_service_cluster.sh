#!/usr/bin/env bash
# test_service_cluster.sh: two `prudent serve` instances on one database (docs/scaling.md). The
# background jobs run on exactly one of them, the holder of the advisory-lock lease: the other
# stands by (no recompute of its own when the book changes) and /healthz says which is which and
# that the database is the primary; when the holder is killed (-9: no clean stop, the server
# notices its connection gone) the other takes the lease over and runs the jobs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/service_lib.sh"

p authority add BORSET --name "Borsetshire County Council"
TOKEN=$("$PRUDENT_BIN" user add ops --role admin --all-authorities)

# wait_log LOG MSG [SECONDS]: wait until the service's log has a line whose msg is MSG.
wait_log() {
    local i
    for ((i = 0; i < ${3:-15} * 10; i++)); do
        [ "$(log_count "$1" "$2")" -gt 0 ] && return 0
        sleep 0.1
    done
    return 1
}
log_count() { jq -R -r --arg m "$2" 'fromjson? | select(.msg == $m) | .msg' "$1" 2>/dev/null | wc -l; }

if ! start_service "$T/a.log"; then _notok "instance A starts" "$(cat "$T/a.log")"; finish; exit; fi
A_PID=$SVC_PID A_URL=$URL
wait_log "$T/a.log" "background jobs leading: this instance holds the lease"
expect_eq "the first instance takes the lease" "$?" "0"
if ! start_service "$T/b.log"; then _notok "instance B starts" "$(cat "$T/b.log")"; finish; exit; fi
B_PID=$SVC_PID B_URL=$URL
wait_log "$T/b.log" "background jobs standing by: another instance holds the lease"
expect_eq "the second instance stands by" "$?" "0"

URL=$A_URL; req GET /healthz
expect_json "A's /healthz: ok, the primary, the jobs' leader (existing fields kept)" \
    '"\(.status) \(.database) \(.database_role) \(.background_jobs)"' "ok ok primary leader"
URL=$B_URL; req GET /healthz
expect_json "B's /healthz: the primary, standing by" '"\(.database_role) \(.background_jobs)"' "primary standby"
expect_eq "one session holds the lease" \
    "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = x'64656e74'::int::oid AND classid = x'707275'::int::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")" "1"

# A change (shared data): the leader recomputes it, the other instance does not.
before_a=$(log_count "$T/a.log" recomputed)
printf 'code,name,sector,country,group\nBANKA,Bank A,bank,GB,\n' >"$T/cps.csv"
p import counterparties "$T/cps.csv" # shared data: every authority is notified
for i in $(seq 1 100); do [ "$(log_count "$T/a.log" recomputed)" -gt "$before_a" ] && break; sleep 0.1; done
expect_eq "the leader recomputed after the change" "$([ "$(log_count "$T/a.log" recomputed)" -gt "$before_a" ] && echo yes)" "yes"
sleep 1 # B would have heard the same notification by now
expect_eq "the instance standing by ran no job: no recompute in its log" "$(log_count "$T/b.log" recomputed)" "0"
expect_eq "... and both answer the API" "$(URL=$A_URL; req GET /api/v1/authorities "$TOKEN"; echo "$STATUS") $(URL=$B_URL; req GET /api/v1/authorities "$TOKEN"; echo "$STATUS")" "200 200"

# The leader dies without a word: B takes over within a few seconds.
kill -KILL "$A_PID"
wait "$A_PID" 2>/dev/null
wait_log "$T/b.log" "background jobs leading: this instance holds the lease" 20
expect_eq "the other instance takes the lease over when the holder dies" "$?" "0"
wait_log "$T/b.log" recomputed 20
OUT=$(jq -R -r 'fromjson? | select(.msg == "recomputed") | "\(.authority_id) \(.ok)"' "$T/b.log" | head -1)
expect_eq "... and runs the jobs: it recomputes every authority first" "$OUT" "all true"
URL=$B_URL; req GET /healthz
expect_json "B's /healthz: now the leader" '.background_jobs' "leader"
expect_eq "still one session holds the lease" \
    "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = x'64656e74'::int::oid AND classid = x'707275'::int::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")" "1"

finish
