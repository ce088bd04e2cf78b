#!/usr/bin/env bash
# test_deal_roll.sh: `prudent deal roll` and POST .../deals/REF/roll (interfaces.md "The book
# over time"). A 20m fixed deal with BANKA (limit 25m) maturing 29/06 is rolled to 31/12: the new
# deal starts on the old maturity, is checked (22m more beside a 4m deal running to 28/09 breaches;
# 20m fits), pending until a second officer approves, counted in exposure at once, and linked to
# the old deal (rolled_from); the old deal is unchanged and ends at its maturity. Refused: a
# pending deal, an account, a maturity not after the old one, a deal already rolled.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture
export PRUDENT_TODAY=2018-03-31

p deal book --late-reason "entered after the day in this test" --type fixed --counterparty BANKA --amount 20000000 --rate 0.55 --start 2018-01-02 \
    --maturity 2018-06-29 --ref D-1 --by alice
expect_rc 0 "fixture: D-1, 20m with BANKA to 29/06"
p deal approve D-1 --by bob
p deal book --late-reason "entered after the day in this test" --type fixed --counterparty BANKA --amount 4000000 --rate 0.60 --start 2018-03-01 \
    --maturity 2018-09-28 --ref D-2 --by alice
expect_rc 0 "fixture: D-2, 4m with BANKA to 28/09 (pending)"
printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nMMF-A,mmf,MMF1,1000000,,2018-01-02,,\n' >"$T/mmf.csv"
p import investments "$T/mmf.csv" --authority WSX
expect_rc 0 "fixture: an MMF"

p deal roll D-2 --maturity 2018-12-31 --rate 0.7 --by alice
expect_rc 2 "rolling a pending deal is refused (exit 2)"
expect_match "... it must be approved first" "$ERR" "D-2 is pending.*approved"
p deal approve D-2 --by bob
p deal roll MMF-A --maturity 2018-12-31 --rate 0.7 --by alice
expect_rc 2 "rolling an account is refused"
expect_match "... it has no maturity" "$ERR" "mmf account with no maturity"
p deal roll D-1 --maturity 2018-06-29 --rate 0.7 --by alice
expect_rc 2 "a new maturity on the old one is refused"
expect_match "... it must be after the old maturity" "$ERR" "must be after 2018-06-29"
p deal roll NOPE --maturity 2018-12-31 --rate 0.7 --by alice
expect_rc 2 "an unknown deal is refused"

p check --counterparty BANKA --amount 1000000 --start 2018-07-02 --maturity 2018-08-01 --json
expect_json "before the roll, 1m more with BANKA in July is allowed (4m held then)" '.allowed' "true"

count() { sql "SELECT count(*) FROM investments"; }
before=$(count)
p deal roll D-1 --maturity 2018-12-31 --rate 0.70 --amount 22000000 --by alice
expect_rc 1 "rolling 22m breaches BANKA's 25m beside D-2's 4m (exit 1)"
expect_match "... with the check's reason" "$ERR" "exposure to BANKA would be"
expect_eq "... and nothing is written" "$(count)|$(sql 'SELECT count(*) FROM deal_rolls')" "$before|0"

p deal roll D-1 --maturity 2018-12-31 --rate 0.70 --by alice --ref D-1R --json
expect_rc 0 "rolling the old principal (20m + 4m = 24m) is allowed"
expect_json "... the new deal starts on the old maturity" '[.ref, .start_date, .maturity_date, .principal, .status, .rolled_from] | join(",")' \
    "D-1R,2018-06-29,2018-12-31,20000000.00,pending,D-1"
expect_eq "the new deal is booked pending by alice, same type and counterparty" \
    "$(sql "SELECT i.type || '|' || c.code || '|' || i.status || '|' || i.booked_by || '|' || i.rate FROM investments i JOIN counterparties c ON c.id = i.counterparty_id WHERE ref = 'D-1R'")" \
    "fixed|BANKA|pending|alice|0.700000"
expect_eq "the old deal is unchanged" \
    "$(sql "SELECT status || '|' || principal || '|' || maturity_date FROM investments WHERE ref = 'D-1'")" \
    "confirmed|20000000.00|2018-06-29"
expect_eq "the audit trail records the roll on the old deal" \
    "$(sql "SELECT actor || '|' || action || '|' || (after->>'ref') FROM audit_log WHERE entity_key = 'D-1' AND action = 'roll'")" \
    "alice|roll|D-1R"

p check --counterparty BANKA --amount 1000000 --start 2018-07-02 --maturity 2018-08-01 --json
expect_json "pending, the roll counts in exposure at once: 1m more in July just fits (20m + 4m + 1m = 25m)" '.allowed' "true"
p check --counterparty BANKA --amount 2000000 --start 2018-07-02 --maturity 2018-08-01 --json
expect_json "... 2m more in July is refused (20m + 4m + 2m > 25m)" '.allowed' "false"

p deal roll D-1 --maturity 2019-03-29 --rate 0.70 --by carol
expect_rc 2 "rolling D-1 again is refused"
expect_match "... it has been rolled into D-1R" "$ERR" "rolled over already, into D-1R"

p deal approve D-1R --by alice
expect_rc 1 "the roll's booker may not approve it (four eyes)"
expect_eq "... still pending" "$(sql "SELECT status FROM investments WHERE ref = 'D-1R'")" "pending"
p deal approve D-1R --by bob
expect_rc 0 "a second officer approves the roll"

held() { # DATE: the refs of BANKA held in the portfolio at DATE
    p portfolio --json --as-of "$1" --authority WSX
    printf '%s' "$OUT" | jq -r '[.holdings[] | select(.counterparty == "BANKA") | .ref] | sort | join(",")'
}
expect_eq "the day before the old maturity: D-1 held, not the roll" "$(held 2018-06-28)" "D-1,D-2"
expect_eq "on the old maturity: the roll held, D-1 ended" "$(held 2018-06-29)" "D-1R,D-2"
expect_eq "on the roll's maturity: neither" "$(held 2018-12-31)" ""

# A withdrawn roll frees the deal to be rolled again.
p deal roll D-2 --maturity 2018-12-31 --rate 0.70 --by alice --ref D-2R
expect_rc 0 "D-2 rolled to 31/12"
p deal withdraw D-2R --by alice --reason "wrong rate"
p deal roll D-2 --maturity 2018-12-31 --rate 0.75 --by alice --ref D-2S
expect_rc 0 "after its roll was withdrawn, D-2 may be rolled again"

# A deal repaid early in part rolls what is left; one repaid in full has nothing to roll.
p deal book --late-reason "entered after the day in this test" --type fixed --counterparty BANKB --amount 1000000 --rate 0.5 --start 2018-03-01 --maturity 2018-05-31 --ref R-1 --by alice
p deal approve R-1 --by bob
p deal repay R-1 --amount 400000 --date 2018-04-03 --by alice --reason "cash need"
p deal roll R-1 --maturity 2018-08-31 --rate 0.6 --by alice --ref R-1R
expect_rc 0 "a deal repaid in part is rolled"
expect_eq "... for what was left of it, 600,000.00" "$(sql "SELECT principal FROM investments WHERE ref = 'R-1R'")" "600000.00"
p deal withdraw R-1R --by alice --reason "test"
p deal book --late-reason "entered after the day in this test" --type fixed --counterparty BANKB --amount 1000000 --rate 0.5 --start 2018-03-01 --maturity 2018-05-31 --ref R-2 --by alice
p deal approve R-2 --by bob
p deal repay R-2 --date 2018-04-03 --by alice --reason "cash need"
p deal roll R-2 --maturity 2018-08-31 --rate 0.6 --by alice
expect_rc 2 "a deal repaid in full is not rolled"
expect_match "... saying so" "$ERR" "repaid early in full"

# The same over the API, and the deals list shows rolled_from.
# booked while there are no users yet (then the CLI would act as a token's user)
p deal book --late-reason "entered after the day in this test" --type fixed --counterparty BANKB --amount 1000000 --rate 0.5 --start 2018-03-01 --maturity 2018-05-31 --ref B-1 --by alice
p deal approve B-1 --by bob
p deal book --late-reason "entered after the day in this test" --type fixed --counterparty BANKB --amount 1000000 --rate 0.5 --start 2018-03-01 --maturity 2018-05-31 --ref B-2 --by alice
p deal approve B-2 --by bob
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"; finish; exit
fi
J=(-H 'Content-Type: application/json')
req POST /api/v1/authorities/WSX/deals/B-1/roll "$DAN" "${J[@]}" --data '{"maturity": "2018-08-31", "rate": "0.65"}'
expect_eq "API: a roll answers 201 with the new deal" "$STATUS:$(jq -r '[.start_date, .principal, .status, .rolled_from] | join(",")' "$T/.body")" \
    "201:2018-05-31,1000000.00,pending,B-1"
new=$(jq -r .ref "$T/.body")
req POST /api/v1/authorities/WSX/deals/B-1/roll "$DAN" "${J[@]}" --data '{"maturity": "2018-08-31", "rate": "0.65"}'
expect_eq "API: a second roll is 409 rolled" "$STATUS:$(jq -r .error.code "$T/.body")" "409:rolled"
req POST /api/v1/authorities/WSX/deals/B-2/roll "$DAN" "${J[@]}" --data '{"maturity": "2018-08-31", "rate": "0.65", "amount": "99000000"}'
expect_eq "API: a breaching roll is 409 limit_breach with the reasons" "$STATUS:$(jq -r '.error.code + ":" + (.reasons | length > 0 | tostring)' "$T/.body")" "409:limit_breach:true"
req POST /api/v1/authorities/WSX/deals/D-2S/roll "$DAN" "${J[@]}" --data '{"maturity": "2019-06-28", "rate": "0.65"}'
expect_eq "API: rolling a pending deal is 409 not_confirmed" "$STATUS:$(jq -r .error.code "$T/.body")" "409:not_confirmed"
req POST /api/v1/authorities/WSX/deals/B-1/roll "$DAN" "${J[@]}" --data '{"rate": "0.65"}'
expect_eq "API: no maturity is 400" "$STATUS:$(jq -r .error.field "$T/.body")" "400:maturity"
req GET /api/v1/authorities/WSX/deals "$DAN"
expect_eq "the deals list shows rolled_from on the new deals" \
    "$(jq -r '[.deals[] | select(.rolled_from) | .ref + "<" + .rolled_from] | sort | join(",")' "$T/.body")" \
    "D-1R<D-1,D-2R<D-2,D-2S<D-2,$new<B-1,R-1R<R-1"
expect_eq "... and on no other" "$(jq -r '[.deals[] | select(has("rolled_from") | not) | .ref] | sort | join(",")' "$T/.body")" "B-1,B-2,D-1,D-2,MMF-A,R-1,R-2"
finish
