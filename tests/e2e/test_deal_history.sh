#!/usr/bin/env bash
# test_deal_history.sh: GET /api/v1/authorities/CODE/deals/REF/history (views/history.h): an MMF
# opened with 4m on 01/04 moves three times (+2m on 10/04, -5m on 20/04, +1,234.56 interest on
# 30/04): the events come back in date order with who entered them and the balance after each
# (4m, 6m, 1m, 1,001,234.56); from/to leave events out but not their effect on the balances; a
# pooled fund's valuation shows its gain; a dated deal ends at maturity and shows its roll links;
# a top-up through the API is marked pending until approved; an early repayment of a dated deal
# is an event of its own (with its break cost) that moves the principal from its date.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nMMF-A,mmf,MMF1,4000000,,2018-04-01,,\nPOOL-A,pooled,MMF1,3000000,,2018-01-02,,\n' >"$T/deals.csv"
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "an MMF of 4m and a pooled fund of 3m"
cat >"$T/moves.csv" <<'CSV'
ref,date,kind,amount,note
MMF-A,2018-04-10,deposit,2000000,sweep
MMF-A,2018-04-20,withdrawal,5000000,payroll
MMF-A,2018-04-30,interest,1234.56,April
POOL-A,2018-03-31,valuation,2950000,quarter end
POOL-A,2018-06-30,valuation,3075500.25,quarter end
CSV
p import movements "$T/moves.csv" --authority WSX
expect_rc 0 "three movements of the MMF, two valuations of the fund"
p deal book --late-reason "entered after the day in this test" --type fixed --counterparty BANKA --amount 5000000 --rate 0.5 --start 2018-01-02 --maturity 2018-04-30 --ref F-1 --by alice
p deal approve F-1 --by bob
p deal roll F-1 --maturity 2018-07-31 --rate 0.6 --ref F-2 --by alice
expect_rc 0 "a fixed deal F-1 rolled into F-2"

VIC=$("$PRUDENT_BIN" user add vic --role viewer --authority WSX)
DEE=$("$PRUDENT_BIN" user add dee --role dealer --authority WSX)
export PRUDENT_TODAY=2018-05-15
start_service "$T/serve.log" || { _notok "the service starts" "$(cat "$T/serve.log")"; finish; exit; }

req GET /api/v1/authorities/WSX/deals/MMF-A/history "$VIC"
expect_eq "200 for a viewer" "$STATUS" "200"
expect_eq "the events in order, with the balance after each" \
    "$(jq -r '[.events[] | .date + " " + .kind + " " + .amount + " -> " + .balance] | join("; ")' "$T/.body")" \
    "2018-04-01 opening 4000000.00 -> 4000000.00; 2018-04-10 deposit 2000000.00 -> 6000000.00; 2018-04-20 withdrawal 5000000.00 -> 1000000.00; 2018-04-30 interest 1234.56 -> 1001234.56"
expect_eq "the terms and the closing balance" "$(jq -r '[.ref, .type, .counterparty, .principal, (.rate | tostring), .start_date, (.maturity_date | tostring), .balance] | join(",")' "$T/.body")" \
    "MMF-A,mmf,MMF1,4000000.00,null,2018-04-01,null,1001234.56"
expect_eq "each movement says who entered it, when, and its note" \
    "$(jq -r '.events[2] | [.note, (.entered_by | length > 0 | tostring), (.entered_at | test("^2[0-9-]+T[0-9:]+Z$") | tostring)] | join(",")' "$T/.body")" "payroll,true,true"
expect_eq "an account has no roll links" "$(jq -r 'has("rolled_from")' "$T/.body")" "false"

req GET "/api/v1/authorities/WSX/deals/MMF-A/history?from=2018-04-15&to=2018-04-25" "$VIC"
expect_eq "from/to: only the withdrawal, its balance counting what came before" \
    "$(jq -r '[.balance_before, ([.events[] | .kind + ":" + .balance] | join(";")), .balance] | join("|")' "$T/.body")" \
    "6000000.00|withdrawal:1000000.00|1000000.00"

req GET /api/v1/authorities/WSX/deals/POOL-A/history?to=2018-04-30 "$VIC"
expect_eq "a pooled fund at 30/04: the value of 31/03 and its loss" "$(jq -r '[.balance, .value, .gain, .events[1].gain] | join(",")' "$T/.body")" \
    "3000000.00,2950000.00,-50000.00,-50000.00"
req GET /api/v1/authorities/WSX/deals/POOL-A/history "$VIC"
expect_eq "... and at its last valuation, a gain" "$(jq -r '[.balance, .value, .gain] | join(",")' "$T/.body")" "3000000.00,3075500.25,75500.25"

req GET /api/v1/authorities/WSX/deals/F-1/history "$VIC"
expect_eq "a dated deal: opened, repaid at maturity" "$(jq -r '[.events[] | .date + " " + .kind + " " + .balance] | join("; ")' "$T/.body")" \
    "2018-01-02 opening 5000000.00; 2018-04-30 maturity 0.00"
expect_eq "... rolled into F-2" "$(jq -r '[(.rolled_from | tostring), (.rolled_to | map(.ref + " " + .start_date + " " + .status) | join(";"))] | join("|")' "$T/.body")" \
    "null|F-2 2018-04-30 pending"
req GET /api/v1/authorities/WSX/deals/F-2/history "$VIC"
expect_eq "F-2 says it rolled F-1 over" "$(jq -r '.rolled_from.ref + " " + .rolled_from.maturity_date + " " + (.rolled_to | length | tostring)' "$T/.body")" "F-1 2018-04-30 0"

# money moved through the API (the history page's forms): a top-up pending, an early repayment
J=(-H "Content-Type: application/json")
req POST /api/v1/authorities/WSX/deals/MMF-A/movements "$DEE" "${J[@]}" \
    -d '{"kind": "deposit", "amount": "100000", "date": "2018-05-15", "reason": "surplus"}'
expect_eq "a top-up: 201 pending" "$STATUS:$(jq -r .status "$T/.body")" "201:pending"
req GET /api/v1/authorities/WSX/deals/MMF-A/history "$VIC"
expect_eq "... the history marks it pending, the movements before it are unmarked" \
    "$(jq -r '[.events[] | .kind + ":" + (.status // "-")] | join(",")' "$T/.body")" \
    "opening:-,deposit:-,withdrawal:-,interest:-,deposit:pending"
expect_eq "... and counts it in the balance" "$(jq -r .balance "$T/.body")" "1101234.56"
"$PRUDENT_BIN" user add abe --role approver --authority WSX >"$T/abe.token"
req POST /api/v1/authorities/WSX/deals/MMF-A/approve "$(cat "$T/abe.token")"
req GET /api/v1/authorities/WSX/deals/MMF-A/history "$VIC"
expect_eq "approved by a second officer: no longer pending" "$(jq -r '[.events[] | select(.status)] | length' "$T/.body")" "0"
req POST /api/v1/authorities/WSX/deals "$DEE" "${J[@]}" -d '{"ref": "F-3", "type": "fixed", "counterparty": "BANKA",
    "principal": "3000000", "rate": "0.5", "start_date": "2018-03-01", "maturity_date": "2018-09-28",
    "late_reason": "entered after the day in this test"}'
expect_eq "F-3 booked" "$STATUS" "201"
req POST /api/v1/authorities/WSX/deals/F-3/approve "$(cat "$T/abe.token")"
req POST /api/v1/authorities/WSX/deals/F-3/repay "$DEE" "${J[@]}" \
    -d '{"amount": "1000000", "date": "2018-05-15", "break_cost": "750", "reason": "capital programme"}'
expect_eq "a partial early repayment of F-3: 201" "$STATUS" "201"
req GET /api/v1/authorities/WSX/deals/F-3/history "$VIC"
expect_eq "... an event of its own with its reason and break cost, the principal falling from its date" \
    "$(jq -r '[.events[] | .date + " " + .kind + " " + .amount + " -> " + .balance + (if .break_cost then " (" + .note + ", break cost " + .break_cost + ")" else "" end)] | join("; ")' "$T/.body")" \
    "2018-03-01 opening 3000000.00 -> 3000000.00; 2018-05-15 repayment 1000000.00 -> 2000000.00 (capital programme, break cost 750.00); 2018-09-28 maturity 2000000.00 -> 0.00"

req GET /api/v1/authorities/WSX/deals/NOPE/history "$VIC"
expect_eq "an unknown ref: 404" "$STATUS:$(jq -r .error.code "$T/.body")" "404:not_found"
req GET "/api/v1/authorities/WSX/deals/MMF-A/history?from=2018-05-01&to=2018-04-01" "$VIC"
expect_eq "to before from: 400" "$STATUS:$(jq -r .error.field "$T/.body")" "400:to"
req GET "/api/v1/authorities/WSX/deals/MMF-A/history?from=yesterday" "$VIC"
expect_eq "a bad date: 400" "$STATUS:$(jq -r .error.field "$T/.body")" "400:from"
finish
