#!/usr/bin/env bash
# test_partnership_api.sh: the partnership views over the API (issue 22): GET /api/v1/partnerships
# and .../partnerships/CODE/limits|portfolio answer the JSON of `prudent limits|portfolio
# --partnership CODE --json` to a token covering every member; a token covering only some members
# sees only those (their exposure alone); one covering none is answered as for no partnership.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

for a in ADUR:"Adur District Council" WORTH:"Worthing Borough Council" ARUN:"Arun District Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
done
printf 'code,name,sector,country,group\nBANKA,Bank A,bank,GB,\nBANKB,Bank B,bank,GB,\n' >"$T/cps.csv"
p import counterparties "$T/cps.csv"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,AA-,stable,,2017-01-01\nBANKB,fitch,long,A,stable,,2017-01-01\n' >"$T/ratings.csv"
p import ratings "$T/ratings.csv"
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
for a in ADUR WORTH ARUN; do p import strategy "$T/strategy.json" --authority "$a"; done
book() { # AUTHORITY REF COUNTERPARTY AMOUNT
    p deal book --authority "$1" --ref "$2" --type fixed --counterparty "$3" --amount "$4" --rate 0.5 \
        --start 2018-03-01 --maturity 2018-08-28 --by alice --late-reason "entered from the dealing sheet" --as-of 2018-03-31
    expect_rc 0 "$1 books $2: $4 with $3"
}
book ADUR A1 BANKA 5000000
book WORTH W1 BANKA 3000000.50
book WORTH W2 BANKB 1000000
p partnership add WSUSSEX --name "West Sussex Districts" --members ADUR,WORTH
expect_rc 0 "partnership WSUSSEX of ADUR and WORTH"

BOTH=$("$PRUDENT_BIN" user add val --role viewer --authority ADUR WORTH)
ADUR_ONLY=$("$PRUDENT_BIN" user add ada --role viewer --authority ADUR)
ARUN_ONLY=$("$PRUDENT_BIN" user add arn --role viewer --authority ARUN)
export PRUDENT_TODAY=2018-03-31
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi

req GET /api/v1/partnerships "$BOTH"
expect_eq "a token covering both members lists WSUSSEX with both" \
    "$STATUS $(jq -c '.partnerships | map([.code, .name, .members])' "$T/.body")" \
    '200 [["WSUSSEX","West Sussex Districts",["ADUR","WORTH"]]]'
for v in limits portfolio; do
    req GET "/api/v1/partnerships/WSUSSEX/$v?as_of=2018-03-31" "$BOTH"
    expect_eq "GET .../WSUSSEX/$v: 200, the JSON of \`prudent $v --partnership WSUSSEX --json\`" \
        "$STATUS $(jq -S . "$T/.body")" \
        "200 $("$PRUDENT_BIN" "$v" --partnership WSUSSEX --as-of 2018-03-31 --json | jq -S .)"
done
req GET "/api/v1/partnerships/WSUSSEX/limits?as_of=2018-03-31" "$BOTH"
expect_eq "... BANKA combined beside each member's own" \
    "$(jq -c '.counterparties[] | select(.code == "BANKA") | [.exposure, .by_member]' "$T/.body")" \
    '["8000000.50",{"ADUR":"5000000.00","WORTH":"3000000.50"}]'

req GET /api/v1/partnerships "$ADUR_ONLY"
expect_eq "a token covering ADUR only lists WSUSSEX with ADUR alone" \
    "$(jq -c '.partnerships | map([.code, .members])' "$T/.body")" '[["WSUSSEX",["ADUR"]]]'
req GET "/api/v1/partnerships/WSUSSEX/limits?as_of=2018-03-31" "$ADUR_ONLY"
expect_eq "... its limits: ADUR's member and exposure only (WORTH's deals unseen)" \
    "$STATUS $(jq -c '[.members, [.counterparties[] | [.code, .exposure, .by_member]]]' "$T/.body")" \
    '200 [["ADUR"],[["BANKA","5000000.00",{"ADUR":"5000000.00"}]]]'
req GET "/api/v1/partnerships/WSUSSEX/portfolio?as_of=2018-03-31" "$ADUR_ONLY"
expect_eq "... its portfolio: ADUR's total" "$STATUS $(jq -r .total "$T/.body")" "200 5000000.00"

req GET /api/v1/partnerships "$ARUN_ONLY"
expect_eq "a token covering no member lists nothing" "$STATUS $(jq -c .partnerships "$T/.body")" "200 []"
req GET "/api/v1/partnerships/WSUSSEX/limits" "$ARUN_ONLY"
other="$STATUS $(jq -c '.error | del(.message)' "$T/.body")"
req GET "/api/v1/partnerships/NOPE/limits" "$ARUN_ONLY"
expect_eq "... WSUSSEX is answered as a partnership that does not exist" "$other" \
    "$STATUS $(jq -c '.error | del(.message)' "$T/.body")"
expect_match "... 404 unknown_partnership" "$other" '^404 .*unknown_partnership'
req GET "/api/v1/partnerships/WSUSSEX/limits?as_of=2018-13-01" "$BOTH"
expect_eq "a bad as_of: 400 invalid_parameter" "$STATUS $(jq -r .error.field "$T/.body")" "400 as_of"

# the combined cash-flow forecast: A1 (5,000,000.00) and W1 (3,000,000.50) and W2 (1,000,000.00)
# mature on 28/08 with 180 days' interest at 0.5%: 12,328.77, 7,397.26 and 2,465.75
req GET "/api/v1/partnerships/WSUSSEX/cashflow?from=2018-08-01&to=2018-08-31&by=month" "$BOTH"
expect_eq "GET .../WSUSSEX/cashflow: 200, the JSON of \`prudent cashflow --partnership WSUSSEX --json\`" \
    "$STATUS $(jq -S . "$T/.body")" \
    "200 $("$PRUDENT_BIN" cashflow --partnership WSUSSEX --from 2018-08-01 --to 2018-08-31 --by month --json | jq -S .)"
expect_eq "... August's receipts: both members'" "$(jq -r '.periods[0].receipts' "$T/.body")" "9022192.28"
req GET "/api/v1/partnerships/WSUSSEX/cashflow?from=2018-08-01&to=2018-08-31&by=month" "$ADUR_ONLY"
expect_eq "... a token covering ADUR only: ADUR's forecast alone" \
    "$STATUS $(jq -c '[.members, .periods[0].receipts, [.items[].member] ]' "$T/.body")" '200 [["ADUR"],"5012328.77",["ADUR"]]'
req GET "/api/v1/partnerships/WSUSSEX/cashflow?by=fortnight" "$BOTH"
expect_eq "... a bad by: 400 invalid_parameter" "$STATUS $(jq -r .error.field "$T/.body")" "400 by"
req GET "/api/v1/partnerships/WSUSSEX/cashflow" "$ARUN_ONLY"
expect_match "... a token covering no member: 404 unknown_partnership" "$STATUS $(jq -r .error.code "$T/.body")" '^404 unknown_partnership'
finish
