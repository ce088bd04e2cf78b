#!/usr/bin/env bash
# test_as_known_at.sh: "nothing updated in place" and --as-known-at (sql/115_history.sql,
# docs/as-known-at.md). A book is recorded, the moment T1 noted and the reporting verbs' output
# captured; then a deal is amended, another cancelled, one approved, a rating downgraded, a
# counterparty renamed, a suspension, movements and loans imported. Every reporting verb
# --as-known-at T1 prints what it printed at T1, byte for byte, through the CLI, a report and the
# API; without the flag the current figures; before anything existed an empty book; a bad moment
# is refused naming the flag; history rows keep the old versions and cannot be changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
MMF-A,mmf,MMF1,4000000,,2018-01-02,,
FD1,fixed,BANKA,1000000,0.5,2018-01-02,2018-10-01,
FD2,fixed,COUNCIL1,2000000,0.4,2018-02-01,2019-06-30,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "investments import"
p deal book --late-reason "entered after the day in this test" --counterparty BANKB --amount 5000000 --rate 0.55 --start 2018-03-01 --maturity 2018-08-28 --ref B1 --by alice --as-of 2018-03-01
expect_rc 0 "deal B1 booked (pending)"
p deal book --late-reason "entered after the day in this test" --counterparty BANKA --amount 3000000 --rate 0.6 --start 2018-03-01 --maturity 2018-09-28 --ref B2 --by alice --as-of 2018-03-01
expect_rc 0 "deal B2 booked (pending)"

VERBS=(portfolio limits indicators wam debt interest maturing)
capture() { # capture DIR: every reporting verb's JSON and text output now
    mkdir -p "$1"
    local v
    for v in "${VERBS[@]}"; do
        "$PRUDENT_BIN" "$v" --authority WSX --json >"$1/$v.json" 2>&1
        "$PRUDENT_BIN" "$v" --authority WSX >"$1/$v.txt" 2>&1
    done
}
moment() { sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"; }

capture "$T/at1"
T1=$(moment)
OUT=$(cat "$T/at1/portfolio.json"); expect_json "at T1 the portfolio holds five deals" '.holdings | length' 5

# ---- after T1: every kind of change the book knows ------------------------------------------
p deal amend B1 --amount 6000000 --by alice --reason "counterparty asked for more" --as-of 2018-03-01
expect_rc 0 "B1 amended"
p deal approve B1 --by carol
expect_rc 0 "B1 approved"
p deal cancel B2 --by alice --reason "dealer error"
expect_rc 0 "B2 cancelled"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKB,fitch,long,BBB,negative,,2018-03-20\n' >"$T/down.csv"
p import ratings "$T/down.csv"
expect_rc 0 "BANKB downgraded"
sql "UPDATE counterparties SET name = 'Bank B plc' WHERE code = 'BANKB'"
p counterparty suspend COUNCIL1 --from 2018-03-10 --reason "s114 notice" --by s151 --authority WSX
expect_rc 0 "COUNCIL1 suspended"
printf 'ref,date,kind,amount,note\nMMF-A,2018-02-10,deposit,2000000,sweep\nMMF-A,2018-03-20,withdrawal,500000,payroll\n' >"$T/moves.csv"
p import movements "$T/moves.csv" --authority WSX
expect_rc 0 "movements imported"
printf 'ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months\nL1,pwlb,DMO,5000000,3.5,2010-03-31,2030-03-31,maturity,,\nL2,pwlb,DMO,1000000,2.5,2015-03-31,2025-03-31,eip,,\n' >"$T/loans.csv"
p import loans "$T/loans.csv" --authority WSX
expect_rc 0 "loans imported"
p deal repay FD2 --amount 500000 --date 2018-03-15 --by alice --reason "cash need"
expect_rc 0 "FD2 part repaid early (after T1)"
p deal top-up MMF-A --amount 1000000 --date 2018-03-21 --by alice
expect_rc 0 "MMF-A topped up (after T1)"
capture "$T/now"

# ---- the figures as known at T1 --------------------------------------------------------------
for v in "${VERBS[@]}"; do
    expect_eq "$v changed since T1" "$(cmp -s "$T/at1/$v.json" "$T/now/$v.json" && echo same || echo changed)" changed
    p "$v" --authority WSX --json --as-known-at "$T1"
    expect_eq "$v --json --as-known-at T1 is byte for byte what it printed at T1" "$OUT" "$(cat "$T/at1/$v.json")"
    p "$v" --authority WSX --as-known-at "$T1"
    expect_eq "$v --as-known-at T1 (text) is what it printed at T1" "$OUT" "$(cat "$T/at1/$v.txt")"
    p "$v" --authority WSX --json
    expect_eq "$v without the flag: today's figures" "$OUT" "$(cat "$T/now/$v.json")"
done
p portfolio --authority WSX --json --as-known-at "$T1"
expect_json "as known at T1: B1 at its first amount, B2 not cancelled" \
    '[.holdings[] | select(.ref == "B1" or .ref == "B2") | .principal] | join(" ")' "5000000.00 3000000.00"
p portfolio --authority WSX --json
expect_json "now: B1 amended, B2 gone" '[.holdings[] | select(.ref == "B1" or .ref == "B2") | .principal] | join(" ")' "6000000.00"

p portfolio --authority WSX --as-of 2018-03-31 --json --as-known-at "$T1"
expect_json "as known at T1, FD2 had not been repaid in part" '.holdings[] | select(.ref == "FD2") | .principal' '2000000.00'
p portfolio --authority WSX --as-of 2018-03-31 --json
expect_json "as known now, FD2 is 1,500,000 from 15/03" '.holdings[] | select(.ref == "FD2") | .principal' '1500000.00'
p portfolio --authority WSX --json --as-known-at 2000-01-01T00:00:00Z
expect_rc 0 "before anything existed: exit 0"
expect_json "... an empty book" '"\(.holdings | length) \(.total)"' "0 0.00"
p limits --authority WSX --json --as-known-at 2000-01-01
expect_json "... no counterparty known yet (a date alone is its midnight)" '"\(.counterparties | length) \(.breaches | length)"' "0 0"

for bad in yesterday 14/11/2026 2026-02-30T10:00:00Z 2026-11-14T25:00:00Z "2026-11-14T09:30:00 GMT"; do
    p portfolio --authority WSX --as-known-at "$bad"
    expect_rc 2 "--as-known-at \"$bad\" refused"
    expect_match "... naming the flag" "$ERR" "^prudent: --as-known-at \"$bad\": "
done

p alerts --authority WSX --as-known-at "$T1"
expect_rc 0 "alerts --as-known-at: the alerts as known then (sql/181, test_alerts_known.sh)"

# ---- a committee report as known at T1 -------------------------------------------------------
p report portfolio --authority WSX --format csv --as-known-at "$T1"
expect_rc 0 "report portfolio --as-known-at T1"
rep=$(printf '%s\n' "$OUT" | grep -v -i generated)
expect_match "... holds B2 as at T1" "$rep" 'B2'
p report portfolio --authority WSX --format csv
expect_eq "... while today's report does not" "$(printf '%s\n' "$OUT" | grep -c 'B2')" "0"

# ---- what is kept -----------------------------------------------------------------------------
expect_eq "B1's two earlier versions are kept (booked, amended), with when and by whom" \
    "$(sql "SELECT string_agg(principal || ' ' || status || ' ' || change || ' ' || (superseded_by <> ''), ', ' ORDER BY superseded_at, recorded_at) FROM investments_history WHERE ref = 'B1'")" \
    "5000000.00 pending update true, 6000000.00 pending update true"
expect_eq "the current row says when it was recorded (after T1)" \
    "$(sql "SELECT recorded_at > '$T1' FROM investments WHERE ref = 'B1'")" "t"
expect_eq "the counterparty's old name is kept" "$(sql "SELECT name FROM counterparties_history")" "Bank B"
run psql -X -q -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "UPDATE investments_history SET principal = 1"
expect_rc 1 "history rows cannot be updated"
expect_match "... the database says why" "$ERR" "investments_history is append-only"
run psql -X -q -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "DELETE FROM counterparties_history"
expect_rc 1 "history rows cannot be deleted"
sql "UPDATE investments SET rate = rate WHERE ref = 'FD1'"
expect_eq "an UPDATE that changes nothing keeps nothing" "$(sql "SELECT count(*) FROM investments_history WHERE ref = 'FD1'")" "0"
expect_eq "every history table is protected like its source (no tenancy gap)" "$(sql "SELECT count(*) FROM prudent_tenant_gaps()")" "0"

# ---- the API: as_known_at on the view routes --------------------------------------------------
VIC=$("$PRUDENT_BIN" user add vic --role viewer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
req GET "/api/v1/authorities/WSX/portfolio?as_of=2018-03-31&as_known_at=$T1" "$VIC"
expect_eq "GET portfolio?as_known_at=T1: 200" "$STATUS" "200"
expect_eq "... the document of T1" "$(jq -S . "$T/.body")" "$(jq -S . "$T/at1/portfolio.json")"
req GET "/api/v1/authorities/WSX/limits?as_of=2018-03-31&as_known_at=$T1" "$VIC"
expect_eq "GET limits?as_known_at=T1: the document of T1" "$(jq -S . "$T/.body")" "$(jq -S . "$T/at1/limits.json")"
req GET "/api/v1/authorities/WSX/portfolio?as_of=2018-03-31" "$VIC"
expect_eq "without it: today's" "$(jq -S . "$T/.body")" "$(jq -S . "$T/now/portfolio.json")"
req GET "/api/v1/authorities/WSX/portfolio?as_known_at=last%20week" "$VIC"
expect_eq "a bad as_known_at: 400 naming the parameter" "$STATUS $(jq -r '"\(.error.code) \(.error.field)"' "$T/.body")" \
    "400 invalid_parameter as_known_at"
req GET "/api/v1/authorities/WSX/benchmarks?as_known_at=$T1" "$VIC"
expect_eq "benchmarks?as_known_at: 400" "$STATUS $(jq -r .error.field "$T/.body")" "400 as_known_at"
req GET "/api/v1/authorities/WSX/portfolio?as_of=2018-03-31" "$VIC"
expect_eq "the next request on the pooled connection reads the book as it is now" "$(jq -S . "$T/.body")" \
    "$(jq -S . "$T/now/portfolio.json")"
finish
