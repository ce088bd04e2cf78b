#!/usr/bin/env bash
# test_prepared.sh: prepared statements per connection (store/db.c; docs/performance.md,
# "Prepared statements (session 10)"): a text run again on one connection is prepared once
# (the server's pg_prepared_statements agrees with the connection's table), a backend killed
# under the service is replaced and the new one prepares afresh and answers the same, a staging
# temp table made per import still works, migrations prepare nothing, and PRUDENT_PREPARE=0
# prepares nothing and answers byte for byte the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/service_lib.sh"

p authority add BORSET --name "Borsetshire County Council"
p user add ada --role admin --all-authorities; ADMIN=$OUT
sql "INSERT INTO counterparties (code, name, sector, country) VALUES ('BARC', 'Barclays Bank', 'bank', 'GB');
     INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
       SELECT a.id, a.code || '-1', 'fixed', c.id, 5000000, 4.5, '2018-01-02', '2018-07-02'
       FROM authorities a, counterparties c;" >/dev/null

# trace_ok LOG: every prepare line of LOG says the server holds what the table holds, and no
# backend prepared one text twice; prints "bad" lines, nothing when all is well.
trace_ok() {
    grep '^prepare-trace ' "$1" | awk '{
        split($2, b, "="); split($3, s, "="); split($4, t, "="); split($5, h, "=")
        if (s[2] != t[2]) print "server " s[2] " table " t[2]
        if (seen[b[2] " " h[2]]++) print "prepared twice on " b[2] ": " $0 }'
}

# --- the CLI: migrations (a fresh database above) prepare nothing; a verb's repeated text once --
PRUDENT_PREPARE_TRACE=1 p migrate
expect_rc 0 "migrate with the trace on"
expect_eq "migrations prepare nothing" "$(grep -c '^prepare-trace ' "$T/.err")" "0"

# --- the service: requests on two worker threads -------------------------------------------
start_service "$T/svc.log" PRUDENT_PREPARE_TRACE=1
expect_rc 0 "the service starts"
for i in $(seq 1 12); do
    req GET "/api/v1/authorities/BORSET/portfolio?as_of=2018-03-31" "$ADMIN"
    [ "$i" = 1 ] && cp "$T/.body" "$T/portfolio.1"
done
expect_eq "the twelfth portfolio answers 200" "$STATUS" "200"
expect_eq "the twelfth portfolio is the first byte for byte" "$(cmp "$T/.body" "$T/portfolio.1" && echo same)" "same"
expect_match "texts run again were prepared" "$(grep -c '^prepare-trace ' "$T/svc.log")" '^[1-9][0-9]*$'
expect_eq "each text prepared once per backend, and the server holds what the table says" "$(trace_ok "$T/svc.log")" ""

# --- a backend killed: the service makes a new connection, which prepares afresh -------------
pids_before=$(grep '^prepare-trace ' "$T/svc.log" | awk '{ print $2 }' | sort -u | tr '\n' ' ')
killed=$(sql_admin "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                      AND usename IN ('prudent', 'prudent_app')")
expect_match "the service's backends were terminated" "$killed" '^[1-9][0-9]*$'
ok=0
for i in $(seq 1 40); do # a request on a dead connection may answer 503; the next reconnects
    req GET "/api/v1/authorities/BORSET/portfolio?as_of=2018-03-31" "$ADMIN"
    if [ "$STATUS" = 200 ]; then ok=$((ok + 1)); [ "$ok" -ge 8 ] && break; else sleep 0.1; fi
done
expect_eq "after the kill the portfolio answers 200 again" "$STATUS" "200"
expect_eq "and byte for byte the same" "$(cmp "$T/.body" "$T/portfolio.1" && echo same)" "same"
pids_new=$(grep '^prepare-trace ' "$T/svc.log" | awk '{ print $2 }' | sort -u | grep -vxF -f <(echo "$pids_before" | tr ' ' '\n' | grep .) | wc -l)
expect_match "the new backends prepared their statements afresh" "$pids_new" '^[1-9][0-9]*$'
expect_eq "still each text once per backend, server and table agreeing" "$(trace_ok "$T/svc.log")" ""
expect_eq "no statement ran by a name the server did not know" "$(grep -c 'does not exist' "$T/svc.log")" "0"
kill -TERM "$SVC_PID"; wait "$SVC_PID" 2>/dev/null

# --- PRUDENT_PREPARE=0: nothing prepared, the same answers -----------------------------------
start_service "$T/svc0.log" PRUDENT_PREPARE_TRACE=1 PRUDENT_PREPARE=0
for i in $(seq 1 8); do req GET "/api/v1/authorities/BORSET/portfolio?as_of=2018-03-31" "$ADMIN"; done
expect_eq "PRUDENT_PREPARE=0: the portfolio answers 200" "$STATUS" "200"
expect_eq "PRUDENT_PREPARE=0: byte for byte the same" "$(cmp "$T/.body" "$T/portfolio.1" && echo same)" "same"
expect_eq "PRUDENT_PREPARE=0: nothing prepared" "$(grep -c '^prepare-trace ' "$T/svc0.log")" "0"
kill -TERM "$SVC_PID"; wait "$SVC_PID" 2>/dev/null

# --- a staging temp table made per import: the same texts over a new table each time ----------
printf 'code,name,sector,country\nHSBC,HSBC Bank,bank,GB\nLLOY,Lloyds Bank,bank,GB\n' >"$T/cp1.csv"
printf 'code,name,sector,country\nHSBC,HSBC Bank,bank,GB\nNATW,NatWest,bank,GB\n' >"$T/cp2.csv"
PRUDENT_PREPARE_TRACE=1 p import counterparties "$T/cp1.csv"
expect_rc 0 "a first counterparty import"
PRUDENT_PREPARE_TRACE=1 p import counterparties "$T/cp2.csv"
expect_rc 0 "a second (one the same, one new)"
expect_eq "both imports' counterparties are in the book" \
    "$(sql "SELECT string_agg(code || ':' || name, ',' ORDER BY code) FROM counterparties WHERE code <> 'BARC'")" \
    "HSBC:HSBC Bank,LLOY:Lloyds Bank,NATW:NatWest"
finish
