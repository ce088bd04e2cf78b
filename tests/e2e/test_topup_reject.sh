#!/usr/bin/env bash
# test_topup_reject.sh: a pending top-up turned down (sql/180, service/movement.h): `deal reject
# REF --reason` by a second officer, `deal withdraw REF --reason` by the officer who recorded it,
# and the same through POST .../deals/REF/reject|withdraw. Four eyes by identity: nobody rejects
# or approves what they recorded, nobody withdraws what another recorded; a rejected top-up
# leaves exposure and the balance at once, can no longer be approved, and the book as known
# before the rejection still shows it. A pending roll-over is a pending deal: rejected, then the
# old deal rolls again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
export PRUDENT_TODAY=2018-04-15
lending_fixture

printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nMMF-A,mmf,MMF1,4000000,,2018-04-01,,\nFD1,fixed,BANKA,3000000,0.5,2018-04-01,2018-06-29,\n' >"$T/deals.csv"
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "fixture: an MMF of 4m, a fixed deal of 3m to 29/06"
exposure() { # DATE CP -> the exposure in limits at DATE
    p limits --json --as-of "$1" --authority WSX
    printf '%s' "$OUT" | jq -r ".counterparties[] | select(.code == \"$2\") | .exposure"
}

p deal top-up MMF-A --amount 5000000 --date 2018-04-15 --by dan --reason "sweep" --authority WSX
expect_rc 0 "dan tops MMF-A up by 5m (pending)"
p deal top-up MMF-A --amount 1000000 --date 2018-04-15 --by eve --reason "sweep 2" --authority WSX
expect_rc 0 "eve tops it up by 1m (pending)"
expect_eq "both count at once: 10m" "$(exposure 2018-04-15 MMF1)" "10000000.00"
T0=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
sleep 0.1

p deal reject MMF-A --by dan --authority WSX
expect_rc 2 "a rejection needs a reason"
expect_match "... it says so" "$ERR" "reason"
p deal reject MMF-A --by dan --reason "too much" --authority WSX --json
expect_rc 0 "dan rejects eve's top-up"
expect_json "eve's 1m is rejected, the account stays confirmed" '"\(.rejected | length) \(.status)"' "1 confirmed"
p deal reject MMF-A --by dan --reason "again" --authority WSX
expect_rc 1 "dan cannot reject his own: same_person"
expect_match "... and is told to withdraw instead" "$ERR" "withdraw"
p deal withdraw MMF-A --by eve --reason "mine" --authority WSX
expect_rc 1 "eve has no pending top-up of her own to withdraw: not_booker"
expect_eq "eve's rejected 1m left exposure at once: 9m" "$(exposure 2018-04-15 MMF1)" "9000000.00"
p limits --json --as-of 2018-04-15 --as-known-at "$T0" --authority WSX
expect_eq "as known before the rejection: 10m" \
    "$(printf '%s' "$OUT" | jq -r '.counterparties[] | select(.code == "MMF1") | .exposure')" "10000000.00"
expect_eq "a rejected top-up cannot be approved (the database refuses too)" \
    "$(sql "INSERT INTO movement_approvals (movement_id, authority_id, approved_by) SELECT id, authority_id, 'dan' FROM movements WHERE entered_by = 'eve'" 2>&1 | grep -c 'rejected or withdrawn')" "1"
expect_eq "nor rejected twice" \
    "$(sql "INSERT INTO movement_rejections (movement_id, authority_id, action, reason, rejected_by) SELECT id, authority_id, 'reject', 'x', 'ann' FROM movements WHERE entered_by = 'eve'" 2>&1 | grep -c 'duplicate key')" "1"

p deal withdraw MMF-A --by dan --reason "wrong day" --authority WSX --json
expect_rc 0 "dan withdraws his own 5m"
expect_json "withdrawn" '.withdrawn | length' "1"
expect_eq "back to the opening 4m" "$(exposure 2018-04-15 MMF1)" "4000000.00"
p portfolio --json --as-of 2018-04-15 --authority WSX
expect_eq "the portfolio holds 4m of MMF-A" "$(printf '%s' "$OUT" | jq -r '.holdings[] | select(.ref == "MMF-A") | .principal')" "4000000.00"
p deal approve MMF-A --by eve --authority WSX
expect_rc 2 "nothing pending is left to approve"
expect_eq "the rejections record who, what and why" \
    "$(sql "SELECT string_agg(m.entered_by || ':' || r.action || ':' || r.rejected_by || ':' || r.reason, ',' ORDER BY m.id) FROM movement_rejections r JOIN movements m ON m.id = r.movement_id")" \
    "dan:withdraw:dan:wrong day,eve:reject:dan:too much"
expect_eq "and the audit trail" \
    "$(sql "SELECT string_agg(action || '/' || actor, ',' ORDER BY id) FROM audit_log WHERE action LIKE '% top-up'")" \
    "reject top-up/dan,withdraw top-up/dan"
p deal top-up MMF-A --amount 2000000 --date 2018-04-16 --by eve --reason "sweep 3" --authority WSX
p deal approve MMF-A --by dan --authority WSX
expect_rc 0 "a later top-up is approved as before"
p deal reject MMF-A --by dan --reason "late" --authority WSX
expect_rc 2 "an approved top-up is not pending: reject is refused"

# ---- a pending roll-over is rejected, then the deal rolls again ------------------------------------
p deal approve FD1 --by dan --authority WSX
p deal roll FD1 --maturity 2018-12-31 --rate 0.7 --ref FD1-R --by eve --authority WSX
expect_rc 0 "eve rolls FD1 over (pending)"
p deal reject FD1-R --by eve --reason "mine" --authority WSX
expect_rc 1 "eve cannot reject her own roll-over"
p deal reject FD1-R --by dan --reason "rate too low" --authority WSX --json
expect_rc 0 "dan rejects it"
expect_json "the new deal is cancelled" '.status' "cancelled"
expect_eq "no exposure to BANKA after 29/06" "$(exposure 2018-07-02 BANKA)" "0.00"
p deal roll FD1 --maturity 2018-12-31 --rate 0.8 --ref FD1-R2 --by eve --authority WSX
expect_rc 0 "FD1 rolls again once the first roll is rejected"
p deal withdraw FD1-R2 --by eve --reason "changed my mind" --authority WSX
expect_rc 0 "its recorder withdraws the second"

# ---- the API --------------------------------------------------------------------------------------
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
ANN=$("$PRUDENT_BIN" user add ann --role approver --authority WSX)
BOB=$("$PRUDENT_BIN" user add bob --role approver --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
move() { # TOKEN BODY
    req POST "/api/v1/authorities/WSX/deals/MMF-A/movements" "$1" -H 'Content-Type: application/json' --data "$2"
}
decide() { # TOKEN VERB BODY
    req POST "/api/v1/authorities/WSX/deals/MMF-A/$2" "$1" -H 'Content-Type: application/json' --data "$3"
}
move "$ANN" '{"kind": "deposit", "amount": "300000", "date": "2018-04-15", "reason": "api 1"}'
expect_eq "ann's top-up: 201" "$STATUS" "201"
decide "$ANN" reject '{"reason": "no"}'
expect_eq "ann cannot reject her own: 403" "$STATUS" "403"
expect_json "same_person" '.error.code' "same_person"
decide "$DAN" withdraw '{"reason": "no"}'
expect_eq "dan cannot withdraw ann's: 403" "$STATUS" "403"
expect_json "not_booker" '.error.code' "not_booker"
decide "$DAN" reject '{"reason": "no"}'
expect_eq "dan, a dealer, may not reject: 403" "$STATUS" "403"
decide "$BOB" reject '{}'
expect_eq "a rejection without a reason: 400" "$STATUS" "400"
decide "$BOB" reject '{"reason": "over the day'"'"'s plan"}'
expect_eq "bob rejects ann's top-up: 200" "$STATUS" "200"
expect_json "one rejected" '.rejected | length' "1"
move "$DAN" '{"kind": "deposit", "amount": "400000", "date": "2018-04-15", "reason": "api 2"}'
decide "$DAN" withdraw '{"reason": "typo"}'
expect_eq "dan withdraws his own: 200" "$STATUS" "200"
expect_json "one withdrawn" '.withdrawn | length' "1"
req GET "/api/v1/authorities/WSX/deals/MMF-A/history" "$ANN"
expect_json "the history has no pending top-up left" '[.events[] | select(.status == "pending")] | length' "0"
finish
