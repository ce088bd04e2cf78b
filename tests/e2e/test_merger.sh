#!/usr/bin/env bash
# test_merger.sh: a vesting-day merger (docs/shared-services.md "A merger on a vesting day";
# issue 22): three district councils merge into a unitary council on 01/04/2020. Every deal,
# account and loan live on the day moves to the successor from that day and none before it; a
# ref the successor uses already is prefixed; as at the day before nothing changed; the
# successor's lending list on the day raises the breach it inherits as a passive alert; the
# trail records the transfer and the successor's row commits to the predecessors' audit heads;
# row-level security shows each side its part; the successor's outturn for 2019/20 to 2020/21
# shows the predecessors as comparatives; refusals are named.
export PRUDENT_TODAY=2020-06-30
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

for a in EAST:"East District Council" WEST:"West District Council" NORTH:"North District Council" \
    UNITY:"Unity Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
    expect_rc 0 "authority ${a%%:*} added"
done
cat >"$T/cps.csv" <<'CSV'
code,name,sector,country,group
BANKA,Bank A,bank,GB,
BANKB,Bank B,bank,GB,
PWLB,Public Works Loan Board,central_government,GB,
CSV
p import counterparties "$T/cps.csv"
expect_rc 0 "counterparties imported"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,AA-,stable,,2017-01-01\nBANKB,fitch,long,A,stable,,2017-01-01\n' >"$T/ratings.csv"
p import ratings "$T/ratings.csv"
expect_rc 0 "ratings imported"
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
for a in EAST WEST NORTH; do
    p import strategy "$T/strategy.json" --authority "$a"
    expect_rc 0 "strategy of $a"
done

book() { # AUTHORITY REF TYPE COUNTERPARTY AMOUNT START [MATURITY]
    p deal book --authority "$1" --ref "$2" --type "$3" --counterparty "$4" --amount "$5" --rate 1.5 \
        --start "$6" ${7:+--maturity "$7"} --by alice --late-reason "the predecessor's dealing sheet" --as-of "$6"
    expect_rc 0 "$1 books $2: $5 with $4 from $6"
}
book EAST E1 fixed BANKA 10000000 2019-10-01 2020-09-30   # live on the day: moves
book EAST E2 fixed BANKB 1000000 2019-05-01 2019-10-01    # matured before: stays
book EAST E3 call BANKB 500000 2019-04-01                 # an account: moves with its history
book WEST W1 fixed BANKA 12000000 2020-01-02 2020-12-31   # with E1, over UNITY's BANKA limit
book NORTH E1 fixed BANKB 2000000 2020-02-03 2020-06-30   # a ref EAST's E1 takes first
printf 'ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months\nN-PWLB1,pwlb,PWLB,5000000,2.5,2015-04-01,2030-03-31,maturity,,\n' >"$T/loans.csv"
p import loans "$T/loans.csv" --authority NORTH
expect_rc 0 "NORTH's PWLB loan imported"

portfolio() { "$PRUDENT_BIN" portfolio --authority "$1" --as-of "$2" --json; }
for a in EAST WEST NORTH UNITY; do portfolio "$a" 2020-03-31; done >"$T/before_eve.json"
for a in EAST WEST NORTH; do "$PRUDENT_BIN" debt --authority "$a" --as-of 2020-03-31 --json; done >"$T/debt_eve.json"

# ---- refusals, each named, nothing written ----------------------------------------------------
p authority merge --into NOPE --from EAST,WEST,NORTH --on 2020-04-01 --by admin
expect_rc 2 "a successor not added is refused"
expect_match "and named" "$ERR" '--into: unknown authority "NOPE"'
p authority merge --into UNITY --from EAST,WESTX --on 2020-04-01 --by admin
expect_rc 2 "an unknown predecessor is refused"
expect_match "and named" "$ERR" '--from: unknown authority "WESTX"'
p authority merge --into UNITY --from EAST,UNITY --on 2020-04-01 --by admin
expect_rc 2 "the successor as its own predecessor is refused"
p authority merge --into UNITY --from EAST,WEST,NORTH --on 2020-04-01 --by admin
expect_rc 2 "a successor without a strategy in force on the day is refused"
expect_match "and said" "$ERR" 'successor UNITY has no strategy in force on 01/04/2020'
sed -e 's/"effective_from": "2017-04-01"/"effective_from": "2020-04-01"/' -e 's/"limit": "25000000", "max_days": 395/"limit": "20000000", "max_days": 395/' \
    "$T/strategy.json" >"$T/unity.json"
p import strategy "$T/unity.json" --authority UNITY
expect_rc 0 "UNITY's strategy in force from the vesting day (BANKA's limit 20,000,000)"
p authority merge --into UNITY --from EAST,WEST,NORTH --on 2020-01-15 --by admin
expect_rc 2 "a vesting day before a predecessor's last booking is refused"
expect_match "naming the booking" "$ERR" "NORTH's book must end the day before, but its E1 starts on 03/02/2020"
expect_eq "nothing was written by the refusals" \
    "$(sql 'SELECT (SELECT count(*) FROM authority_mergers) + (SELECT count(*) FROM holding_transfers)')" 0

sleep 0.01
BEFORE=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")

# ---- the merger -------------------------------------------------------------------------------
p authority merge --into UNITY --from EAST,WEST,NORTH --on 2020-04-01 --by admin --json
expect_rc 0 "merged on 01/04/2020"
echo "$OUT" >"$T/merge.json"
expect_json "EAST's live deal and account move, not the matured one" \
    '[.predecessors[] | select(.code == "EAST") | .investments[].ref] | join(",")' "E1,E3"
expect_json "NORTH's E1 is prefixed, its loan moves" \
    '[.predecessors[] | select(.code == "NORTH") | (.investments[] | "\(.was)->\(.ref)"), (.loans[].ref)] | join(",")' \
    "E1->NORTH-E1,N-PWLB1"
expect_json "the inherited breach: BANKA over UNITY's limit" \
    '[.inherited_breaches[] | "\(.kind) \(.subject) \(.exposure) \(.passive) \(.inherited)"] | join(";")' \
    "counterparty.over_limit BANKA 22000000.00 true true"
p authority merge --into UNITY --from EAST --on 2020-04-01 --by admin
expect_rc 2 "merging a predecessor twice is refused"
expect_match "and named" "$ERR" 'EAST is part of the merger into UNITY on 01/04/2020 already'

# ---- the contract: from the day the successor holds it, the day before nothing changed ---------
p portfolio --authority UNITY --as-of 2020-04-01 --json
expect_json "UNITY holds the predecessors' holdings on the day" '[.holdings[].ref] | sort | join(",")' "E1,E3,NORTH-E1,W1"
expect_json "at their principal" '.total' "24500000.00"
for a in EAST WEST NORTH; do
    p portfolio --authority "$a" --as-of 2020-04-01 --json
    expect_json "$a holds nothing on the day" '.count' "0"
done
for a in EAST WEST NORTH UNITY; do portfolio "$a" 2020-03-31; done >"$T/after_eve.json"
expect_eq "as at the day before, nothing changed" "$(cat "$T/after_eve.json")" "$(cat "$T/before_eve.json")"
for a in EAST WEST NORTH; do "$PRUDENT_BIN" debt --authority "$a" --as-of 2020-03-31 --json; done >"$T/debt_eve2.json"
expect_eq "nor the predecessors' debt" "$(cat "$T/debt_eve2.json")" "$(cat "$T/debt_eve.json")"
p portfolio --authority UNITY --as-of 2020-04-01 --as-known-at "$BEFORE" --json
expect_json "as known before the merger, UNITY held nothing" '.count' "0"
p portfolio --authority EAST --as-of 2020-04-01 --as-known-at "$BEFORE" --json
expect_json "and EAST still held E1 and E3" '[.holdings[].ref] | join(",")' "E1,E3"
p debt --authority UNITY --as-of 2020-04-01 --json
expect_json "UNITY owes NORTH's PWLB loan" '.external_debt' "5000000.00"
p debt --authority NORTH --as-of 2020-04-01 --json
expect_json "NORTH owes nothing from the day" '.external_debt' "0.00"
p limits --authority UNITY --as-of 2020-04-01 --json
expect_json "UNITY's lending list counts the inherited exposure" \
    '.counterparties[] | select(.code == "BANKA") | .exposure' "22000000.00"
p portfolio --authority EAST --as-of 2020-03-31 --json
expect_json "EAST's book stays readable before the day" '[.holdings[].ref] | join(",")' "E1,E3"

# ---- the successor's outturn over 2019/20 and 2020/21: the predecessors as comparatives ---------
p interest --authority UNITY --from 2019-04-01 --to 2021-03-31 --json
expect_json "UNITY earns on what it took over from the vesting day only" \
    '[.deposits[] | "\(.ref) \(.nights)"] | join(",")' "E1 182,E3 365,NORTH-E1 90,W1 274"
p predecessors --authority UNITY --from 2019-04-01 --to 2021-03-31 --json
expect_json "the comparatives run to the day before the vesting day" '"\(.from) \(.to) \(.vesting_date)"' "2019-04-01 2020-03-31 2020-04-01"
expect_json "one per predecessor, at the end of its book" \
    '[.predecessors[] | "\(.code) \(.portfolio_total) \(.external_debt)"] | join(",")' \
    "EAST 10500000.00 0.00,NORTH 2000000.00 5000000.00,WEST 12000000.00 0.00"
EARNED=$(echo "$OUT" | jq -r '[.predecessors[].interest_earned] | join(",")')
for a in EAST NORTH WEST; do
    "$PRUDENT_BIN" interest --authority "$a" --from 2019-04-01 --to 2020-03-31 --json | jq -r .earned
done >"$T/earned.txt"
expect_eq "each the predecessor's own interest to the day before" "$EARNED" "$(paste -sd, "$T/earned.txt")"
p report outturn --authority UNITY --from 2019-04-01 --to 2021-03-31 --format json -o "$T/outturn.json"
expect_rc 0 "UNITY's outturn for 2019/20 to 2020/21"
run jq -r '.sections[] | select(.id == "predecessors") | .heading' "$T/outturn.json"
expect_eq "shows the predecessors as comparatives" "$OUT" "Annex 8: Comparatives: the predecessors to 31/03/2020"
run jq -r '[.tables.predecessors.rows[] | "\(.code) \(.interest_earned)"] | join(",")' "$T/outturn.json"
expect_eq "a row per predecessor with its interest" "$OUT" \
    "$(paste -d' ' <(printf 'EAST\nNORTH\nWEST\n') "$T/earned.txt" | paste -sd,)"
# made by a successor's user with PRUDENT_TOKEN (the report then runs under row-level security,
# which shows that user only the holdings moved in): the same comparatives, read on the owner's
# connection like the `predecessors` verb, as known at the report's moment too
UMA=$("$PRUDENT_BIN" user add uma --role viewer --authority UNITY)
PRUDENT_TOKEN=$UMA p report outturn --authority UNITY --from 2019-04-01 --to 2021-03-31 --format json -o "$T/outturn-uma.json"
expect_rc 0 "UNITY's outturn made with a successor's user's token"
expect_eq "... the same predecessors' table as the operator's" "$(jq -c .tables.predecessors "$T/outturn-uma.json")" \
    "$(jq -c .tables.predecessors "$T/outturn.json")"
NOW=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
PRUDENT_TOKEN=$UMA p report outturn --authority UNITY --from 2019-04-01 --to 2021-03-31 --as-known-at "$NOW" \
    --format json -o "$T/outturn-uma-known.json"
expect_eq "... and as known at now" "$(jq -c .tables.predecessors.rows "$T/outturn-uma-known.json")" \
    "$(jq -c .tables.predecessors.rows "$T/outturn.json")"
# the PI pack takes the same comparatives (report_predecessor_comparatives; the quarterly pack's
# are in test_merger_chain.sh, whose vesting day falls inside a quarter)
p report pi --authority UNITY --as-of 2020-06-30 --format json -o "$T/pi.json"
expect_rc 0 "UNITY's PI pack at 30/06/2020"
run jq -r '[.sections[] | select(.id == "predecessors") | .heading] + [.tables.predecessors.rows[] | "\(.code) \(.portfolio_total)"] | join(",")' "$T/pi.json"
expect_eq "compares the year to date (from 01/04/2020: none)" "$OUT" ""
p report pi --authority UNITY --as-of 2020-06-30 --from 2020-01-01 --to 2020-06-30 --format json -o "$T/pi2.json"
run jq -r '[.sections[] | select(.id == "predecessors") | .heading] + [.tables.predecessors.rows[] | "\(.code) \(.portfolio_total)"] | join(",")' "$T/pi2.json"
expect_eq "and a period spanning the day the predecessors' handover" "$OUT" \
    "Comparatives: the predecessors to 31/03/2020,EAST 10500000.00,NORTH 2000000.00,WEST 12000000.00"
p report outturn --authority EAST --from 2019-04-01 --to 2020-03-31 --format json -o "$T/east.json"
run jq -r '[.sections[].id] | index("predecessors")' "$T/east.json"
expect_eq "a predecessor's own outturn has no such annex" "$OUT" "null"

# ---- the alert, the trail -----------------------------------------------------------------------
expect_eq "the inherited breach is a passive alert of UNITY" \
    "$(sql "SELECT a.kind || ' ' || a.subject || ' ' || a.passive FROM alerts a JOIN authorities u ON u.id = a.authority_id WHERE u.code = 'UNITY'")" \
    "counterparty.over_limit BANKA true"
expect_eq "each predecessor's trail records its transfer" \
    "$(sql "SELECT string_agg(u.code || ':' || (l.after->'investments')::text, ' ' ORDER BY u.code) FROM audit_log l JOIN authorities u ON u.id = l.authority_id WHERE l.entity = 'merger' AND l.action = 'transfer_out'")" \
    'EAST:[{"ref": "E1", "was": "E1"}, {"ref": "E3", "was": "E3"}] NORTH:[{"ref": "NORTH-E1", "was": "E1"}] WEST:[{"ref": "W1", "was": "W1"}]'
expect_eq "the successor's row commits to each predecessor's head hash" \
    "$(sql "SELECT string_agg(p->>'code', ',' ORDER BY p->>'code') FROM audit_log l, jsonb_array_elements(l.after->'predecessors') p WHERE l.entity = 'merger' AND l.action = 'vesting' AND p->'audit_head'->>'hash' = (SELECT encode(h.hash, 'hex') FROM audit_log h JOIN authorities u ON u.id = h.authority_id WHERE u.code = p->>'code' ORDER BY h.seq DESC LIMIT 1)")" \
    "EAST,NORTH,WEST"
p audit verify
expect_rc 0 "the trail is intact"

# ---- tenancy: each side sees its part ---------------------------------------------------------
as_user() { # AUTHORITY_CODE SQL: as the service role for that authority
    sql "BEGIN; SELECT set_config('prudent.authority_ids', (SELECT '{' || id || '}' FROM authorities WHERE code = '$1'), true); SET LOCAL ROLE prudent_service; $2; COMMIT;" | tail -1
}
expect_eq "UNITY's users see the moved deals" "$(as_user UNITY "SELECT string_agg(ref, ',' ORDER BY ref) FROM investments")" "E1,E1,E3,W1"
expect_eq "and the transfers to it" "$(as_user UNITY "SELECT count(*) FROM holding_transfers")" "5"
expect_eq "EAST's users still see EAST's book" "$(as_user EAST "SELECT string_agg(ref, ',' ORDER BY ref) FROM investments")" "E1,E2,E3"
expect_eq "and its transfers out" "$(as_user EAST "SELECT count(*) FROM holding_transfers")" "2"
expect_eq "no tenancy gaps" "$(sql 'SELECT count(*) FROM prudent_tenant_gaps()')" "0"
expect_eq "WEST's users see nothing of EAST" "$(as_user WEST "SELECT count(*) FROM investments WHERE ref = 'E3'")" "0"

finish
