#!/usr/bin/env bash
# test_check_versions.sh: the pre-deal check reads the committed data versions from each
# authority's own row (sql/330: authorities.universe_version_copy and authority_version_copy, copies of
# change_versions kept by a trigger in the bump's transaction). After every kind of change, and
# after concurrent writers (two bookings in one authority; a ratings import beside a booking),
# every authority's copies equal change_versions, and the service's check sees the change.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

agree() { # WHAT: every authority's copies are change_versions' versions
    expect_eq "the copies agree with change_versions $1" \
        "$(sql "SELECT count(*) FROM authorities a
                WHERE a.universe_version_copy <> coalesce((SELECT version FROM change_versions WHERE scope = 0), 0)
                   OR a.authority_version_copy <> coalesce((SELECT version FROM change_versions WHERE scope = a.id), 0)")" 0
}
av() { sql "SELECT authority_version_copy FROM authorities WHERE code = '$1'"; }
uv() { sql "SELECT universe_version_copy FROM authorities WHERE code = '$1'"; }

lending_fixture
agree "after the fixture"
expect_eq "the universe's version is copied" "$(uv WSX)" "$(sql "SELECT version FROM change_versions WHERE scope = 0")"
p authority add BORSET --name "Borsetshire County Council"
agree "for an authority added after the universe moved"
expect_eq "... which starts at the universe's version and 0" "$(uv BORSET) $(av BORSET)" "$(uv WSX) 0"
p import strategy "$T/strategy.json" --authority BORSET
agree "after a strategy"
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX BORSET)
export PRUDENT_TODAY=2018-03-31

if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
J=(-H 'Content-Type: application/json')
check() { # AUTHORITY COUNTERPARTY AMOUNT
    req POST "/api/v1/authorities/$1/check" "$DAN" "${J[@]}" \
        --data "{\"counterparty\": \"$2\", \"amount\": \"$3\", \"start_date\": \"2018-04-03\", \"maturity_date\": \"2018-06-30\"}"
}
book() { # AUTHORITY COUNTERPARTY AMOUNT REF
    PRUDENT_TOKEN=$DAN "$PRUDENT_BIN" deal book --late-reason "entered late" --counterparty "$2" --amount "$3" \
        --rate 0.6 --start 2018-03-01 --maturity 2018-08-28 --ref "$4" --authority "$1" --as-of 2018-03-31
}
check WSX BANKA 1000000
expect_json "BANKA: nothing held" '"\(.allowed) \(.exposure)"' "true 0.00"

v0=$(av WSX)
book WSX BANKA 3000000 V1 >/dev/null 2>"$T/b1.err" &
b1=$!
book WSX BANKB 4000000 V2 >/dev/null 2>"$T/b2.err" &
b2=$!
wait $b1; r1=$?
wait $b2; r2=$?
expect_eq "two bookings at once in one authority both book" "$r1 $r2" "0 0"
agree "after them"
expect_eq "... and each bumped WSX's version" "$(sql "SELECT $(av WSX) - $v0 >= 2")" t
check WSX BANKA 1000000
expect_json "the next check sees the first" '.exposure' "3000000.00"
check WSX BANKB 1000000
expect_json "... and the second" '.exposure' "4000000.00"

u0=$(uv WSX)
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,BBB,negative,,2018-03-20\n' >"$T/down.csv"
p import ratings "$T/down.csv" &
imp=$!
book BORSET BANKB 1000000 V3 >/dev/null 2>"$T/b3.err"
r3=$?
wait $imp; ri=$?
expect_eq "a ratings import beside a booking in another authority: both done" "$ri $r3" "0 0"
agree "after them"
expect_eq "... the universe moved on every authority's row" \
    "$(sql "SELECT count(*) FROM authorities WHERE universe_version_copy > $u0")" 2
check WSX BANKA 1000
expect_json "the check sees the downgrade" '"\(.allowed) \(.status)"' "false not_approved"

printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nI1,fixed,COUNCIL1,2000000,0.5,2018-03-01,2018-09-01,\n' >"$T/inv.csv"
p import investments "$T/inv.csv" --authority BORSET
expect_rc 0 "an investments import"
agree "after it"
check BORSET COUNCIL1 1000
expect_json "the check sees the imported deal" '.exposure' "2000000.00"

expect_eq "the service logged no errors" "$(jq -R -r 'fromjson? | select(.level == "error") | .msg' "$T/serve.log")" ""
finish
