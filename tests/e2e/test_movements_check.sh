#!/usr/bin/env bash
# test_movements_check.sh: the service's pre-deal check (answered from its in-memory cache,
# service/lending_cache.h) sees an account at its balance at the check's date, as the CLI's check
# does: an MMF opened with 4m that grew to 6m on 10/04 leaves 19m of MMF1's 25m limit on 15/04,
# not the 21m its opening balance would.
# The deals as at a date are made once and kept with the cached book: a movement or a deal
# imported while the service runs changes the very next check.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nMMF-A,mmf,MMF1,4000000,,2018-04-01,,\n' >"$T/deals.csv"
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "an MMF of 4m"
printf 'ref,date,kind,amount,note\nMMF-A,2018-04-10,deposit,2000000,sweep\nMMF-A,2018-04-20,withdrawal,5000000,payroll\n' >"$T/moves.csv"
p import movements "$T/moves.csv" --authority WSX
expect_rc 0 "+2m on 10/04, -5m on 20/04"
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)

export PRUDENT_TODAY=2018-04-15
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
check() { # AMOUNT
    req POST "/api/v1/authorities/WSX/check" "$DAN" -H 'Content-Type: application/json' \
        --data "{\"counterparty\": \"MMF1\", \"amount\": \"$1\", \"type\": \"mmf\", \"start_date\": \"2018-04-15\"}"
}
for round in "first (loads)" "second (from memory)"; do
    check 20000000
    expect_json "API, $round: 20m more on 15/04 is refused (6m + 20m > 25m)" '.allowed' "false"
    check 19000000
    expect_json "API, $round: 19m more is allowed (6m + 19m = 25m)" '.allowed' "true"
done
p check --counterparty MMF1 --amount 20000000 --type mmf --authority WSX --json
expect_json "the CLI's check agrees: 20m refused" '.allowed' "false"
p check --counterparty MMF1 --amount 19000000 --type mmf --authority WSX --json
expect_json "... and 19m allowed" '.allowed' "true"

# After the withdrawal of 20/04 the balance is 1m: the same service, the same cached book.
kill -TERM "$SVC_PID"; wait "$SVC_PID" 2>/dev/null
export PRUDENT_TODAY=2018-04-25
start_service "$T/serve2.log" || { _notok "the service restarts" "$(cat "$T/serve2.log")"; finish; exit; }
req POST "/api/v1/authorities/WSX/check" "$DAN" -H 'Content-Type: application/json' \
    --data '{"counterparty": "MMF1", "amount": "24000000", "type": "mmf", "start_date": "2018-04-25"}'
expect_json "API on 25/04: 24m more is allowed (1m + 24m = 25m)" '.allowed' "true"

# The deals as at 25/04 are now kept with the cached book (lending_view_at makes them once a
# date); a movement imported meanwhile moves the authority's version, so the very next check
# sees it: 3m in on 22/04 leaves 4m, and the same 24m is refused.
printf 'ref,date,kind,amount,note\nMMF-A,2018-04-22,deposit,3000000,sweep\n' >"$T/moves2.csv"
PRUDENT_TOKEN=$DAN p import movements "$T/moves2.csv" --authority WSX
expect_rc 0 "+3m on 22/04"
req POST "/api/v1/authorities/WSX/check" "$DAN" -H 'Content-Type: application/json' \
    --data '{"counterparty": "MMF1", "amount": "24000000", "type": "mmf", "start_date": "2018-04-25"}'
expect_json "API on 25/04 after the deposit: 24m more is refused (4m + 24m > 25m)" '.allowed' "false"
expect_json "... the exposure is the new balance" '.exposure' "4000000.00"
req POST "/api/v1/authorities/WSX/check" "$DAN" -H 'Content-Type: application/json' \
    --data '{"counterparty": "MMF1", "amount": "21000000", "type": "mmf", "start_date": "2018-04-25"}'
expect_json "... and 21m allowed (4m + 21m = 25m)" '.allowed' "true"
# ... and so does a deal: another 1m MMF holding at MMF1 from 25/04.
printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nMMF-B,mmf,MMF1,1000000,,2018-04-25,,\n' >"$T/deals2.csv"
PRUDENT_TOKEN=$DAN p import investments "$T/deals2.csv" --authority WSX
expect_rc 0 "a second MMF of 1m"
req POST "/api/v1/authorities/WSX/check" "$DAN" -H 'Content-Type: application/json' \
    --data '{"counterparty": "MMF1", "amount": "21000000", "type": "mmf", "start_date": "2018-04-25"}'
expect_json "after the new deal the same 21m is refused (5m + 21m > 25m)" '.allowed' "false"
expect_json "... the exposure holds both" '.exposure' "5000000.00"
finish
