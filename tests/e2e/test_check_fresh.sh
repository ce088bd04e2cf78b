#!/usr/bin/env bash
# test_check_fresh.sh: the service keeps what the pre-deal check reads in memory between
# requests (service/lending_cache.h); every change committed before a check must still be seen by
# that very check: a rating downgrade and its restoration, a deal booked by the CLI, an officer
# suspension, a new strategy. Each authority sees only its own book through the cache. A ratings
# import recomputes the authorities the changed ratings can move, including those exposed only
# through a sovereign's rating.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
p authority add BORSET --name "Borsetshire County Council"
p import strategy "$T/strategy.json" --authority BORSET
expect_rc 0 "a strategy for the second authority"
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
BO=$("$PRUDENT_BIN" user add bo --role dealer --authority BORSET)
SUE=$("$PRUDENT_BIN" user add sue --role approver --authority WSX) # the officer who suspends
export PRUDENT_TODAY=2018-03-31

if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
J=(-H 'Content-Type: application/json')
check() { # TOKEN AUTHORITY COUNTERPARTY AMOUNT
    req POST "/api/v1/authorities/$2/check" "$1" "${J[@]}" \
        --data "{\"counterparty\": \"$3\", \"amount\": \"$4\", \"start_date\": \"2018-04-03\", \"maturity_date\": \"2018-06-30\"}"
}
ratings() { # CSV lines after the header
    printf 'counterparty,agency,term,rating,outlook,watch,effective_date\n%s\n' "$@" >"$T/r.csv"
    p import ratings "$T/r.csv"
    expect_rc 0 "ratings import: $*"
}

# --- ratings ------------------------------------------------------------------------------------
check "$DAN" WSX BANKB 5000000
expect_json "BANKB (A) is approved" '"\(.allowed) \(.status)"' "true approved"
check "$DAN" WSX BANKB 5000000
expect_json "... and again (now from memory)" '"\(.allowed) \(.status) \(.limit)"' "true approved 15000000.00"
ratings "BANKB,fitch,long,BBB,negative,,2018-03-20"
check "$DAN" WSX BANKB 5000000
expect_json "the check right after a downgrade to BBB refuses" '"\(.allowed) \(.status) \(.reasons[0].kind)"' \
    "false not_approved counterparty.not_approved"
ratings "BANKB,fitch,long,AA-,stable,,2018-03-25"
check "$DAN" WSX BANKB 5000000
expect_json "the check right after an upgrade to AA- has the new limit" '"\(.allowed) \(.limit)"' "true 25000000.00"

# --- deals and officer actions --------------------------------------------------------------------
check "$DAN" WSX BANKA 1000000
expect_json "BANKA: nothing held yet" '.exposure' "0.00"
# users exist, so the CLI acts as the user of PRUDENT_TOKEN (issue 19)
PRUDENT_TOKEN=$DAN p deal book --late-reason "entered late" --counterparty BANKA --amount 20000000 --rate 0.6 --start 2018-03-01 --maturity 2018-08-28 --ref F1 \
    --by dan --authority WSX --as-of 2018-03-31
expect_rc 0 "the CLI books 20m with BANKA"
check "$DAN" WSX BANKA 6000000
expect_json "the next check counts the CLI's deal" '"\(.allowed) \(.exposure) \(.reasons[0].kind)"' \
    "false 20000000.00 counterparty.over_limit"
check "$BO" BORSET BANKA 6000000
expect_json "the other authority's check does not see WSX's deal" '"\(.allowed) \(.exposure)"' "true 0.00"
check "$BO" WSX BANKA 1
expect_eq "... nor may its dealer check WSX: 403" "$STATUS:$(jq -r .error.code "$T/.body")" "403:forbidden_authority"
PRUDENT_TOKEN=$SUE p counterparty suspend BANKA --from 2018-03-30 --reason "under review" --authority WSX
expect_rc 0 "suspend BANKA"
check "$DAN" WSX BANKA 1000
expect_json "the next check sees the suspension" '"\(.allowed) \(.status)"' "false suspended"
check "$BO" BORSET BANKA 1000
expect_json "... which is WSX's alone" '"\(.allowed) \(.status)"' "true approved"

# --- strategies ------------------------------------------------------------------------------------
jq '.effective_from = "2018-03-30" | .criteria[1].limit = "9000000"' "$T/strategy.json" >"$T/strategy2.json"
p import strategy "$T/strategy2.json" --authority BORSET
expect_rc 0 "a new strategy for BORSET"
check "$BO" BORSET SUBB 1000
expect_json "the next check has the new strategy's limit" '.limit' "9000000.00"

# --- a ratings import recomputes the authorities its ratings move -------------------------------------
PRUDENT_TOKEN=$BO p deal book --late-reason "entered late" --counterparty USB --amount 1000000 --rate 0.6 --start 2018-03-01 --maturity 2018-08-28 --ref US1 \
    --authority BORSET --as-of 2018-03-31
expect_rc 0 "BORSET holds the US bank (sovereign AA+)"
ratings "USGOV,sp,long,A,negative,,2018-03-28"
expect_eq "the US sovereign's downgrade alerts the authority holding the US bank" \
    "$(sql "SELECT u.code || ' ' || a.kind || ' ' || a.subject FROM alerts a JOIN authorities u ON u.id = a.authority_id
            WHERE a.state <> 'resolved' AND a.subject = 'USB'")" "BORSET counterparty.not_approved_exposure USB"
check "$BO" BORSET USB 1000
expect_json "... and its next check refuses the US bank" '"\(.allowed) \(.status)"' "false not_approved"
ratings "USGOV,sp,long,AA+,stable,,2018-03-29"
expect_eq "the sovereign restored: the alert is resolved" \
    "$(sql "SELECT count(*) FROM alerts WHERE state <> 'resolved' AND subject = 'USB'")" "0"

expect_eq "the service logged no errors" "$(jq -R -r 'fromjson? | select(.level == "error") | .msg' "$T/serve.log")" ""
finish
