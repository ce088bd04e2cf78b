#!/usr/bin/env bash
# test_alerts_known.sh: alerts as known at a moment (sql/181, docs/as-known-at.md). An alert
# raised, refreshed with new details, acknowledged and resolved, and a second one raised later:
# `prudent alerts --as-known-at T` (and the API's as_known_at, and a PI report made
# --as-known-at T) show the alerts that existed at T in their state and details of then, not
# today's. A refresh that changes nothing but last_raised_at keeps no version.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/service_lib.sh"
export PRUDENT_CONFIG="$T/config"
mkdir -p "$PRUDENT_CONFIG/alerts"
echo '{"channels": []}' >"$PRUDENT_CONFIG/alerts/default.json"
p authority add WSX --name "Wessex County Council"
now() { sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"; }
tick() { sleep 0.05; }
listed() { # MOMENT -> "kind subject state exposure acknowledged_by" per alert, ';' separated (--all)
    p alerts --all --json --authority WSX ${1:+--as-known-at "$1"}
    [ "$RC" -eq 0 ] || { echo "rc $RC: $ERR"; return; }
    printf '%s' "$OUT" | jq -r '[.alerts[] | "\(.kind) \(.subject) \(.state) \(.details.exposure // "-") \(.acknowledged_by // "-")"] | join(";")'
}

T0=$(now); tick
p alerts raise counterparty.over_limit BARC --authority WSX --details '{"exposure": "30000000.00"}'
expect_rc 0 "an alert on BARC at 30m"
tick; T1=$(now); tick
p alerts raise counterparty.over_limit BARC --authority WSX --details '{"exposure": "30000000.00"}'
expect_eq "a refresh with the same details keeps no version" "$(sql "SELECT count(*) FROM alerts_history")" "0"
p alerts raise counterparty.over_limit BARC --authority WSX --details '{"exposure": "32000000.00"}'
expect_eq "new details keep the old version" "$(sql "SELECT count(*) FROM alerts_history")" "1"
tick; T2=$(now); tick
ID=$(sql "SELECT id FROM alerts WHERE subject = 'BARC'")
p alerts ack "$ID" --by ann --authority WSX
expect_rc 0 "ann acknowledges it"
tick; T3=$(now); tick
p alerts raise counterparty.over_limit HSBC --authority WSX --details '{"exposure": "26000000.00"}'
p alerts resolve counterparty.over_limit BARC --authority WSX
expect_rc 0 "a second alert on HSBC; BARC's resolved"
tick; T4=$(now)

expect_eq "as known before anything: no alert" "$(listed "$T0")" ""
expect_eq "at T1: BARC open at 30m" "$(listed "$T1")" "counterparty.over_limit BARC open 30000000.00 -"
expect_eq "at T2: its details of then, 32m" "$(listed "$T2")" "counterparty.over_limit BARC open 32000000.00 -"
expect_eq "at T3: acknowledged by ann, HSBC not raised yet" "$(listed "$T3")" \
    "counterparty.over_limit BARC acknowledged 32000000.00 ann"
expect_eq "at T4 (= now): BARC resolved, HSBC open" "$(listed "$T4")" \
    "counterparty.over_limit BARC resolved 32000000.00 ann;counterparty.over_limit HSBC open 26000000.00 -"
expect_eq "... the same as today's" "$(listed "")" "$(listed "$T4")"
p alerts --json --authority WSX --as-known-at "$T3"
expect_json "without --all at T3: BARC is live then" '[.alerts[].subject] | join(",")' "BARC"
# last_raised_at is shown to the second: compare it with T3 cut to the second (same-second
# moments would otherwise compare "...15Z" > "...15.81Z" as strings).
expect_json "its last_raised_at is not after T3" ".alerts[0].last_raised_at <= \"${T3:0:19}Z\"" "true"
p alerts --json --authority WSX
expect_json "today, without --all: HSBC only" '[.alerts[].subject] | join(",")' "HSBC"

# ---- a PI report made --as-known-at lists the alerts of then -----------------------------------
TODAY=$(date -u +%Y-%m-%d) # the alerts are raised today (real time): the report of this month shows them
p report pi --authority WSX --format json --as-of "$TODAY" --as-known-at "$T3" -o "$T/pi-t3.json"
expect_rc 0 "report pi --as-known-at T3"
p report pi --authority WSX --format json --as-of "$TODAY" -o "$T/pi-now.json"
expect_rc 0 "report pi today"
pi_alerts() { jq -r '[.tables.alerts.rows[] | "\(.subject) \(.state)"] | join(";")' "$1"; }
expect_eq "today's report: BARC resolved this month, HSBC open" "$(pi_alerts "$T/pi-now.json")" "BARC resolved;HSBC open"
expect_eq "the report as known at T3: BARC acknowledged, no HSBC" "$(pi_alerts "$T/pi-t3.json")" "BARC acknowledged"

# ---- the API --------------------------------------------------------------------------------------
VIC=$("$PRUDENT_BIN" user add vic --role viewer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
req GET "/api/v1/authorities/WSX/alerts?all=true&as_known_at=$T2" "$VIC"
expect_eq "alerts?as_known_at=T2: 200" "$STATUS" "200"
expect_eq "... BARC open at 32m" "$(jq -r '[.alerts[] | "\(.subject) \(.state) \(.details.exposure)"] | join(";")' "$T/.body")" \
    "BARC open 32000000.00"
req GET "/api/v1/authorities/WSX/alerts?all=true" "$VIC"
expect_eq "the next request reads today's alerts" "$(jq -r '[.alerts[].subject] | join(",")' "$T/.body")" "BARC,HSBC"
finish
