#!/usr/bin/env bash
# test_deal_money.sh: money in and out of a holding one at a time (interfaces.md "The book over
# time"): `prudent deal top-up` (checked like a booking, pending until a second officer approves,
# counted in exposure at once), `prudent deal repay` (an account's withdrawal never below zero on
# any date; a dated deal's early repayment, part or whole, moving exposure, portfolio and interest
# only from its date), and the same through the API.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
export PRUDENT_TODAY=2018-04-15
lending_fixture

cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
MMF-A,mmf,MMF1,4000000,,2018-04-01,,
FD1,fixed,BANKA,10000000,0.5,2018-04-01,2018-12-01,
FD2,fixed,BANKB,2000000,0.4,2018-04-01,2018-09-01,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "an MMF of 4m and two fixed deals"

exposure() { # DATE CP -> the exposure in limits at DATE
    p limits --json --as-of "$1" --authority WSX
    printf '%s' "$OUT" | jq -r ".counterparties[] | select(.code == \"$2\") | .exposure"
}
held() { # DATE REF -> its principal in portfolio at DATE, or "none"
    p portfolio --json --as-of "$1" --authority WSX
    printf '%s' "$OUT" | jq -r "[.holdings[] | select(.ref == \"$2\") | .principal] | if length == 0 then \"none\" else join(\",\") end"
}

# ---- top-up: checked, pending, counted at once, four eyes --------------------------------------
p deal top-up MMF-A --amount 22000000 --date 2018-04-15 --by dan --authority WSX
expect_rc 1 "a top-up of 22m breaches MMF1's 25m (4m + 22m): exit 1"
expect_match "the reasons are given" "$ERR" "refused"
expect_eq "nothing written" "$(sql "SELECT count(*) FROM movements")" "0"
p deal top-up FD1 --amount 1000 --date 2018-04-15 --by dan --authority WSX
expect_rc 2 "a fixed deal is not topped up"
p deal top-up MMF-A --amount 5000000 --date 2018-04-15 --by dan --authority WSX --json
expect_rc 0 "a top-up of 5m is allowed"
expect_json "it is pending" '.status' "pending"
expect_eq "one movement, no approval" \
    "$(sql "SELECT count(*), (SELECT count(*) FROM movement_approvals) FROM movements WHERE source = 'deal'")" "1|0"
expect_eq "the pending top-up counts in exposure at once" "$(exposure 2018-04-15 MMF1)" "9000000.00"
p deal top-up MMF-A --amount 17000000 --date 2018-04-15 --by eve --authority WSX
expect_rc 1 "another 17m is refused: the pending 5m counts (9m + 17m > 25m)"
p deal top-up MMF-A --amount 16000000 --date 2018-04-15 --by eve --authority WSX --as-of 2018-04-15 --reason "sweep 2"
expect_rc 0 "16m is allowed (9m + 16m = 25m)"
p deal top-up MMF-A --amount 1 --date 2018-04-15 --by eve --authority WSX
expect_rc 1 "the limit is now full: 1p more is refused"
p deal approve MMF-A --by dan --authority WSX --json
expect_rc 0 "dan approves eve's top-up (four eyes between them)"
expect_json "one top-up approved" '.approved | length' "1"
p deal approve MMF-A --by eve --authority WSX --json
expect_rc 0 "eve approves dan's"
p deal approve MMF-A --by eve --authority WSX
expect_rc 2 "nothing left pending: not_pending"
p deal top-up MMF-A --amount 1000 --date 2018-04-16 --by dan --authority WSX --as-of 2018-04-16
expect_rc 1 "still full on 16/04"
expect_eq "approved by the other officer each time" \
    "$(sql "SELECT string_agg(m.entered_by || '>' || a.approved_by, ',' ORDER BY m.id) FROM movements m JOIN movement_approvals a ON a.movement_id = m.id")" \
    "dan>eve,eve>dan"
expect_eq "the audit trail has them" "$(sql "SELECT count(*) FROM audit_log WHERE action IN ('top-up', 'approve top-up')")" "4"
expect_match "the database refuses an approval by the recorder" \
    "$(sql "INSERT INTO movement_approvals (movement_id, authority_id, approved_by) SELECT id, authority_id, 'dan' FROM movements WHERE entered_by = 'dan'" 2>&1)" \
    "different person|duplicate key"

# ---- repay an account: a withdrawal, never below zero on any date -------------------------------
# MMF-A: 4m + 5m + 16m = 25m on 15/04.
p deal repay MMF-A --amount 3000000 --date 2018-04-20 --by dan --reason payroll --authority WSX --json
expect_rc 0 "3m back on 20/04"
expect_json "balance after" '.balance_after' "22000000.00"
p deal repay MMF-A --amount 23000000 --date 2018-04-25 --by dan --authority WSX
expect_rc 1 "23m out of 22m on 25/04 is refused"
expect_match "it says below zero" "$ERR" "-1000000.00"
p deal repay MMF-A --amount 23000000 --date 2018-04-16 --by dan --authority WSX
expect_rc 1 "23m on 16/04 is refused too: 2m left then, -1m after the 3m of 20/04"
expect_eq "nothing written by the refusals" "$(sql "SELECT count(*) FROM movements WHERE kind = 'withdrawal'")" "1"
p deal top-up MMF-A --amount 2000000 --date 2018-04-21 --by dan --authority WSX --as-of 2018-04-21
expect_rc 0 "a pending top-up of 2m on 21/04 (3m of room after the withdrawal)"
p deal repay MMF-A --amount 23000000 --date 2018-04-25 --by eve --authority WSX
expect_rc 1 "a pending top-up does not pay for a withdrawal: 23m out of 22m still refused"
p deal approve MMF-A --by dan --authority WSX
expect_rc 1 "dan cannot approve his own top-up (same_person)"
expect_match "four eyes" "$ERR" "different person"
expect_eq "exposure on 20/04: 22m" "$(exposure 2018-04-20 MMF1)" "22000000.00"
expect_eq "exposure on 19/04: 25m" "$(exposure 2018-04-19 MMF1)" "25000000.00"

# ---- repay a dated deal early: part, then whole ---------------------------------------------------
p deal repay FD1 --amount 4000000 --date 2018-06-01 --by dan --reason "cash for capital" --break-cost 1234.56 --authority WSX --json
expect_rc 0 "4m of FD1 repaid early on 01/06"
expect_json "6m left" '.principal_after' "6000000.00"
expect_eq "the day before: exposure to BANKA 10m" "$(exposure 2018-05-31 BANKA)" "10000000.00"
expect_eq "on the date: 6m" "$(exposure 2018-06-01 BANKA)" "6000000.00"
expect_eq "portfolio the day before: 10m" "$(held 2018-05-31 FD1)" "10000000.00"
expect_eq "portfolio on the date: 6m" "$(held 2018-06-01 FD1)" "6000000.00"
p wam --json --as-of 2018-06-01 --authority WSX
expect_json "WAM's principal on 01/06: 6m + 2m + the MMF's 24m" '.overall.principal' "32000000.00"
expect_eq "the deal's terms stay" "$(sql "SELECT principal FROM investments WHERE ref = 'FD1'")" "10000000.00"
expect_eq "the break cost is kept" "$(sql "SELECT break_cost || ' ' || entered_by || ' ' || reason FROM deal_repayments")" \
    "1234.56 dan cash for capital"
p deal repay FD1 --amount 7000000 --date 2018-07-02 --by dan --authority WSX
expect_rc 2 "7m is more than the 6m outstanding"
p deal repay FD1 --date 2018-12-01 --by dan --authority WSX
expect_rc 2 "not on or after the maturity"
p deal repay FD1 --date 2018-07-02 --by dan --reason "closed" --authority WSX --json
expect_rc 0 "the rest repaid whole on 02/07"
expect_json "whole" '.whole' "true"
expect_json "6m repaid" '.amount' "6000000.00"
expect_eq "held on 01/07: 6m" "$(held 2018-07-01 FD1)" "6000000.00"
expect_eq "not held from 02/07" "$(held 2018-07-02 FD1)" "none"
expect_eq "no exposure to BANKA from 02/07" "$(exposure 2018-07-02 BANKA)" "0.00"
p deal repay FD1 --date 2018-08-01 --by dan --authority WSX
expect_rc 2 "repaid already"
# interest 01/04 - 31/12: 4m for the 61 nights to 01/06 (3,342.47) + 6m for the 92 to 02/07 (7,561.64)
p interest --json --from 2018-04-01 --to 2018-12-31 --as-of 2018-12-31 --authority WSX
expect_json "FD1 earns only until each repayment" '.deposits[] | select(.ref == "FD1") | .earned' "10904.11"
expect_match "repayments are append-only" \
    "$(sql "UPDATE deal_repayments SET amount = 1" 2>&1)" "append-only"
expect_eq "no tenancy gap" "$(sql "SELECT count(*) FROM prudent_tenant_gaps()")" "0"
expect_eq "the audit trail has the repayments" "$(sql "SELECT count(*) FROM audit_log WHERE action = 'repay'")" "3"

# ---- the API ------------------------------------------------------------------------------------
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
ANN=$("$PRUDENT_BIN" user add ann --role approver --authority WSX)
if ! start_service "$T/serve.log" PRUDENT_TODAY=2018-04-21; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
move() { # TOKEN REF BODY
    req POST "/api/v1/authorities/WSX/deals/$2/movements" "$1" -H 'Content-Type: application/json' --data "$3"
}
move "$DAN" MMF-A '{"kind": "deposit", "amount": "5000000", "date": "2018-04-21"}'
expect_eq "a deposit that breaches: 409" "$STATUS" "409"
expect_json "limit_breach with the reasons" '"\(.error.code) \(.reasons | length > 0)"' "limit_breach true"
move "$ANN" MMF-A '{"kind": "deposit", "amount": "500000", "date": "2018-04-21", "reason": "api sweep"}'
expect_eq "a deposit that fits: 201" "$STATUS" "201"
expect_json "pending" '.status' "pending"
req POST "/api/v1/authorities/WSX/deals/MMF-A/approve" "$ANN"
expect_eq "ann approves dan's 2m top-up (hers stays pending): 200" "$STATUS" "200"
expect_json "one approved" '.approved | length' "1"
req POST "/api/v1/authorities/WSX/deals/MMF-A/approve" "$ANN"
expect_eq "ann cannot approve her own: 403" "$STATUS" "403"
expect_json "same_person" '.error.code' "same_person"
move "$DAN" MMF-A '{"kind": "withdrawal", "amount": "90000000", "date": "2018-04-25"}'
expect_eq "a withdrawal below zero: 422" "$STATUS" "422"
expect_json "below_zero" '.error.code' "below_zero"
move "$DAN" MMF-A '{"kind": "withdrawal", "amount": "1000000", "date": "2018-04-25", "reason": "api payroll"}'
expect_eq "a withdrawal: 201" "$STATUS" "201"
expect_json "recorded" '.status' "recorded"
move "$DAN" MMF-A '{"kind": "valuation", "amount": "1", "date": "2018-04-25"}'
expect_eq "another kind: 400" "$STATUS" "400"
req POST "/api/v1/authorities/WSX/deals/FD2/repay" "$DAN" -H 'Content-Type: application/json' \
    --data '{"amount": "500000", "date": "2018-05-01", "reason": "api", "break_cost": "10.00"}'
expect_eq "an early repayment through the API: 201" "$STATUS" "201"
expect_json "1.5m left" '.principal_after' "1500000.00"
req POST "/api/v1/authorities/WSX/deals/NOPE/repay" "$DAN" -H 'Content-Type: application/json' \
    --data '{"date": "2018-05-01"}'
expect_eq "an unknown ref: 404" "$STATUS" "404"
expect_eq "exposure to BANKB from 01/05: 1.5m" "$(exposure 2018-05-01 BANKB)" "1500000.00"
finish
