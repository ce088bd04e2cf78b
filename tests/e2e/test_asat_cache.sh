#!/usr/bin/env bash
# test_asat_cache.sh: GET portfolio and limits at a date served from the service's memory
# (service/asat_cache.h, docs/operations.md) are byte for byte what the database path serves
# (a second service with PRUDENT_ASAT_CACHE=0) and what `prudent portfolio/limits --as-of D
# --json` prints, at every date before, on and after each event of a book with account
# movements and valuations, an account emptied, an early repayment, a roll, a merger's transfers
# (a dated deal and an account with its history), a rating change and a correction entered after;
# a booking, a movement and a ratings import between two requests are seen by the next request
# (the data versions), and as_known_at still takes the database path.
export PRUDENT_TODAY=2018-09-30
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

# ---- the book -----------------------------------------------------------------------------------
p import investments "$FIXTURES/movements/council_investments.csv" --authority WSX
expect_rc 0 "a pooled fund, an MMF, a call and a notice account from 01/04"
p import movements "$FIXTURES/movements/council_movements.csv" --authority WSX
expect_rc 0 "their movements and valuations"
printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nFD1,fixed,BANKA,3000000,0.5,2018-01-05,2018-09-28,\n' >"$T/fd.csv"
p import investments "$T/fd.csv" --authority WSX
expect_rc 0 "FD1: 3m with BANKA from 05/01 to 28/09"
p deal repay FD1 --amount 1000000 --date 2018-05-15 --by dan --reason "cash need" --authority WSX
expect_rc 0 "1m of FD1 repaid early on 15/05"
printf 'ref,date,kind,amount,note\nMMF-FED,2018-08-15,withdrawal,2001823.45,emptied\n' >"$T/empty.csv"
p import movements "$T/empty.csv" --authority WSX
expect_rc 0 "MMF-FED emptied on 15/08"
p deal book --late-reason "the dealing sheet" --type fixed --counterparty BANKB --amount 2000000 --rate 0.6 \
    --start 2018-02-01 --maturity 2018-06-29 --ref D-1 --by alice --authority WSX
expect_rc 0 "D-1: 2m with BANKB to 29/06"
p deal approve D-1 --by bob --authority WSX
expect_rc 0 "approved"
p deal roll D-1 --maturity 2018-12-14 --rate 0.7 --by alice --ref D-1R --authority WSX
expect_rc 0 "D-1 rolled on 29/06 to 14/12"
p deal approve D-1R --by bob --authority WSX
expect_rc 0 "the roll approved"

# a merger: EAST's live deal and its call account (with history) move to WSX on 01/07
p authority add EAST --name "East District Council"
p import strategy "$T/strategy.json" --authority EAST
expect_rc 0 "EAST with a strategy"
for d in "E1 fixed BANKA 1000000 2018-03-01 2019-03-01" "E2 call BANKB 400000 2018-02-01"; do
    read -r ref type cp amount start maturity <<<"$d"
    p deal book --authority EAST --ref "$ref" --type "$type" --counterparty "$cp" --amount "$amount" --rate 1.5 \
        --start "$start" ${maturity:+--maturity "$maturity"} --by alice --late-reason "the sheet" --as-of "$start"
    expect_rc 0 "EAST books $ref"
    p deal approve "$ref" --by bob --authority EAST
done
printf 'ref,date,kind,amount,note\nE2,2018-03-15,deposit,100000,in\nE2,2018-06-20,withdrawal,50000,out\n' >"$T/east.csv"
p import movements "$T/east.csv" --authority EAST
expect_rc 0 "E2's movements before the merger"
p authority merge --into WSX --from EAST --on 2018-07-01 --by admin
expect_rc 0 "EAST merged into WSX on 01/07"

# a rating change, and a correction entered after (a movement moved to another month)
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKB,fitch,long,BBB,negative,,2018-06-10\n' >"$T/down.csv"
p import ratings "$T/down.csv"
expect_rc 0 "BANKB downgraded to BBB on 10/06"
sql "INSERT INTO movements (authority_id, investment_id, date, kind, amount, note, entered_by, supersedes)
     SELECT authority_id, investment_id, '2018-07-02', 'deposit', 300000, 'corrected', 'dan', id
     FROM movements WHERE amount = 250000 AND date = '2018-06-15'" >/dev/null
expect_eq "the correction is in: CALL-1's deposit of 15/06 is 300,000 on 02/07" \
    "$(sql "SELECT count(*) FROM movements WHERE supersedes IS NOT NULL")" "1"

# ---- two services: the memory (default) and the database path ---------------------------------
TOKEN=$("$PRUDENT_BIN" user add viv --role viewer --authority WSX,EAST)
start_service "$T/off.log" PRUDENT_ASAT_CACHE=0 || { _notok "the service without the cache starts"; finish; }
OFF=$URL
start_service "$T/on.log" || { _notok "the service starts"; finish; }
ON=$URL
get() { # BASE VIEW DATE [QUERY [AUTHORITY]]: the body
    curl -s -H "Authorization: Bearer $TOKEN" "$1/api/v1/authorities/${5:-WSX}/$2?as_of=$3${4:-}"
}
served() { curl -s "$ON/metrics" | awk '$1 == "prudent_asat_served_total" { print $2 }'; }
loads() { curl -s "$ON/metrics" | awk '$1 == "prudent_asat_loads_total" { print $2 }'; }

# every event's date, the day before and the day after, and each month end
EVENTS="2018-01-05 2018-02-01 2018-03-01 2018-03-15 2018-04-01 2018-05-01 2018-05-15 2018-05-31 2018-06-01
        2018-06-10 2018-06-15 2018-06-20 2018-06-29 2018-06-30 2018-07-01 2018-07-02 2018-07-31
        2018-08-15 2018-09-28 2018-12-14"
DATES=$(for d in $EVENTS; do date -d "$d -1 day" +%F; echo "$d"; date -d "$d +1 day" +%F; done
        for m in 2017-12-31 2018-01-31 2018-02-28 2018-04-30 2018-08-31 2018-09-30; do echo "$m"; done)
DATES=$(printf '%s\n' $DATES | sort -u)
ndates=$(printf '%s\n' $DATES | wc -l)
bad_db="" bad_cli="" bad_text="" n=0 held=0
S0=$(served)
for d in $DATES; do
    for au in WSX EAST; do # the successor, and the predecessor its holdings left on 01/07
        for v in portfolio limits; do
            a=$(get "$ON" "$v" "$d" "" "$au"); b=$(get "$OFF" "$v" "$d" "" "$au")
            [ "$a" == "$b" ] || bad_db="$bad_db $au:$v@$d"
            c=$("$PRUDENT_BIN" "$v" --authority "$au" --as-of "$d" --json)
            [ "$(jq -cS . <<<"$a")" == "$(jq -cS . <<<"$c")" ] || bad_cli="$bad_cli $au:$v@$d"
            # the route writes the big arrays as text (util/json_out.h), the CLI prints the
            # cJSON tree: the same bytes once the CLI's indentation is taken out (keys in order)
            [ "$a" == "$(jq -c . <<<"$c")" ] || bad_text="$bad_text $au:$v@$d"
            n=$((n + 1))
            [ "$v" == portfolio ] && held=$((held + $(jq .count <<<"$a")))
        done
    done
done
expect_eq "$n documents of WSX and EAST at $ndates dates: from memory byte for byte the database path's" "${bad_db:- none differ}" " none differ"
expect_eq "... and the CLI's --json" "${bad_cli:- none differ}" " none differ"
expect_eq "... byte for byte the CLI's tree, unindented (the route's text writer)" "${bad_text:- none differ}" " none differ"
expect_eq "every one of them was served from memory" "$(($(served) - S0))" "$n"
expect_match "the dates hold deals (not an empty book compared with itself): $held holdings" "$held" '^[1-9][0-9]+$'
expect_eq "one load of each book for all of them" "$(loads)" "2"
p portfolio --authority EAST --as-of 2018-06-30 --json
expect_json "EAST holds E1 and E2 the day before the merger" '[.holdings[].ref] | sort | join(",")' "E1,E2"
p portfolio --authority EAST --as-of 2018-07-01 --json
expect_json "... and nothing from the day" '.count' "0"
p portfolio --authority WSX --as-of 2018-07-20 --json
expect_json "the moved account after the merger: 400,000 + 100,000 - 50,000" \
    '.holdings[] | select(.ref == "E2") | .principal' "450000.00"
p portfolio --authority WSX --as-of 2018-08-15 --json
expect_json "the emptied MMF is not held on 15/08" \
    "[.holdings[] | select(.ref == \"MMF-FED\")] | length" "0"
p portfolio --authority WSX --as-of 2018-08-14 --json
expect_json "... and held the day before" '.holdings[] | select(.ref == "MMF-FED") | .principal' "2001823.45"

# ---- a change between two requests is seen by the next one ------------------------------------
same() { # WHAT VIEW DATE: memory and database agree now
    expect_eq "$1" "$(get "$ON" "$2" "$3" | sha256sum)" "$(get "$OFF" "$2" "$3" | sha256sum)"
}
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
before=$(get "$ON" portfolio 2018-09-20 | jq .count)
PRUDENT_TOKEN=$DAN p deal book --late-reason "the dealing sheet" --type fixed --counterparty BANKA --amount 500000 --rate 0.6 \
    --start 2018-09-03 --maturity 2018-12-03 --ref NEW-1 --authority WSX
expect_rc 0 "a deal booked between two requests"
expect_eq "the next request holds it" "$(get "$ON" portfolio 2018-09-20 | jq .count)" "$((before + 1))"
same "... as the database path does" portfolio 2018-09-20
same "... its limits too" limits 2018-09-20
printf 'ref,date,kind,amount,note\nCALL-1,2018-09-10,deposit,12345.67,late\n' >"$T/late.csv"
PRUDENT_TOKEN=$DAN p import movements "$T/late.csv" --authority WSX
expect_rc 0 "a movement imported between two requests"
expect_eq "the next request's balance has it" \
    "$(get "$ON" portfolio 2018-09-20 | jq -r '.holdings[] | select(.ref == "CALL-1") | .principal')" \
    "$("$PRUDENT_BIN" portfolio --authority WSX --as-of 2018-09-20 --json | jq -r '.holdings[] | select(.ref == "CALL-1") | .principal')"
same "... byte for byte the database path" portfolio 2018-09-20
limits_before=$(get "$ON" limits 2018-09-20 | jq -c '.counterparties[] | select(.code == "BANKA")')
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,A,negative,,2018-09-14\n' >"$T/down2.csv"
p import ratings "$T/down2.csv"
expect_rc 0 "BANKA downgraded to A on 14/09, imported between two requests"
limits_after=$(get "$ON" limits 2018-09-20 | jq -c '.counterparties[] | select(.code == "BANKA")')
expect_eq "the next limits request sees the downgrade (BANKA's entry changed)" \
    "$([ "$limits_before" != "$limits_after" ] && echo changed)" "changed"
same "... as the database path does" limits 2018-09-20
same "... and on the day before it, nothing changed" limits 2018-09-13
expect_match "the changes were loaded again (the versions moved): $(loads) loads" "$(loads)" '^[4-9]$'

# ---- as_known_at takes the database path -------------------------------------------------------
K=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
S1=$(served)
expect_eq "with as_known_at, the same answer as the database path" \
    "$(get "$ON" portfolio 2018-09-20 "&as_known_at=$K" | sha256sum)" "$(get "$OFF" portfolio 2018-09-20 "&as_known_at=$K" | sha256sum)"
expect_eq "... not served from memory" "$(served)" "$S1"
finish
