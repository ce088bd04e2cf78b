#!/usr/bin/env bash
# test_db_read.sh: PRUDENT_DB_READ (issue 21): reads that tolerate lag go to that connection, the
# pre-deal check and booking stay on the primary. The "standby" here is the same embedded cluster
# reached with its own application_name and read-only transactions (as a hot standby allows), so
# pg_stat_activity shows which connection served what; an unreachable one falls back, with a
# warning, to the primary for reads and is never tried for writes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
export PRUDENT_TODAY=2018-03-31
READ="$PRUDENT_DB application_name=prudent-read options='-c default_transaction_read_only=on'"
reader() { # the read connection's backends: count and the moment each last changed state
    sql "SELECT count(*) || ' ' || coalesce(max(state_change)::text, '-') FROM pg_stat_activity
         WHERE application_name = 'prudent-read' AND datname = current_database()"
}

# --- the CLI: reporting verbs and reports read there; check and booking never -------------------
p portfolio --authority WSX --as-of 2018-03-31 --json
want=$OUT
PRUDENT_DB_READ=$READ p portfolio --authority WSX --as-of 2018-03-31 --json
expect_rc 0 "portfolio reads through PRUDENT_DB_READ (read-only transactions suffice)"
expect_eq "... the same figures as from the primary" "$OUT" "$want"
NOWHERE="${PRUDENT_DB/dbname=/dbname=no_such_} application_name=prudent-read"
PRUDENT_DB_READ=$NOWHERE p portfolio --authority WSX --as-of 2018-03-31 --json
expect_eq "an unreachable PRUDENT_DB_READ: portfolio falls back to the primary, same figures" "$RC $OUT" "0 $want"
expect_match "... saying so" "$ERR" 'cannot connect to PRUDENT_DB_READ.*reading from the primary'
PRUDENT_DB_READ=$NOWHERE p report portfolio --authority WSX --as-of 2018-03-31 --format html --out "$T/p.html"
expect_match "report reads there too (falls back the same way)" "$RC $ERR" '^0 .*cannot connect to PRUDENT_DB_READ'
PRUDENT_DB_READ=$NOWHERE p check --authority WSX --counterparty BANKB --amount 5000000 --start 2018-04-03 \
    --maturity 2018-09-30 --as-of 2018-03-31
expect_eq "the pre-deal check never tries it (primary only)" "$RC:$ERR" "0:"
PRUDENT_DB_READ=$NOWHERE PRUDENT_TOKEN=$DAN p deal book --ref RD-1 --counterparty BANKB --amount 1000000 \
    --rate 0.6 --start 2018-03-30 --maturity 2018-06-29
expect_eq "nor does booking" "$RC:$ERR" "0:"

# --- the service: GET reporting views on the read connection, the check and booking on the primary
if ! start_service "$T/serve.log" PRUDENT_DB_READ="$READ"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
expect_eq "no read connection before any report" "$(reader)" "0 -"
req GET "/api/v1/authorities/WSX/portfolio?as_of=2018-03-31" "$DAN"
expect_eq "GET portfolio: 200, the figures of the CLI" "$STATUS $(jq -S . "$T/.body")" \
    "200 $(PRUDENT_DB_READ= "$PRUDENT_BIN" portfolio --authority WSX --as-of 2018-03-31 --json | jq -S .)"
r1=$(reader)
expect_match "... served on the read connection (one prudent-read backend now)" "$r1" '^1 '
sleep 0.2
req POST /api/v1/authorities/WSX/check "$DAN" -H 'Content-Type: application/json' \
    --data '{"counterparty": "BANKB", "amount": "5000000", "start_date": "2018-04-03", "maturity_date": "2018-09-30"}'
expect_eq "the pre-deal check: 200" "$STATUS" "200"
req POST /api/v1/authorities/WSX/deals "$DAN" -H 'Content-Type: application/json' --data '{"ref": "RD-2",
    "counterparty": "BANKB", "principal": "1000000", "rate": "0.6", "start_date": "2018-03-30", "maturity_date": "2018-06-29"}'
expect_eq "booking: 201" "$STATUS" "201"
expect_eq "... neither touched the read connection" "$(reader)" "$r1"
req GET "/api/v1/authorities/WSX/limits?as_of=2018-03-31" "$DAN"
expect_eq "GET limits: 200" "$STATUS" "200"
r2=$(reader)
# (a read connection per worker thread: another thread may serve it, with a backend of its own)
expect_eq "... on a read connection again (a prudent-read backend busy since)" \
    "$([ "${r2%% *}" -ge 1 ] && echo some) $([ "${r2#* }" \> "${r1#* }" ] && echo later)" "some later"
finish
