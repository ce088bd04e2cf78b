#!/usr/bin/env bash
# test_merger_chain.sh: a holding moved twice (docs/shared-services.md "A merger on a vesting
# day"): EAST's deals, account and loan move to MID on 01/05/2020, and MID's (the same ones) to
# LAST on 01/07/2020. Loading MID and LAST together (recompute, store/book.c book_load_many) reads
# each once, under its holder at the date: LAST's lending list judged by recompute is the one
# `limits --authority LAST` shows, not the holding counted twice. MID's quarterly pack for April
# to June 2020 (the vesting day inside it) shows EAST as its comparative.
export PRUDENT_TODAY=2020-07-31
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

for a in EAST MID LAST; do
    p authority add "$a" --name "$a Council"
    expect_rc 0 "authority $a added"
done
printf 'code,name,sector,country,group\nBANKA,Bank A,bank,GB,\nPWLB,Public Works Loan Board,central_government,GB,\n' >"$T/cps.csv"
p import counterparties "$T/cps.csv"
expect_rc 0 "counterparties imported"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,AA-,stable,,2017-01-01\n' >"$T/ratings.csv"
p import ratings "$T/ratings.csv"
expect_rc 0 "ratings imported"
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
for a in EAST MID LAST; do
    p import strategy "$T/strategy.json" --authority "$a"
    expect_rc 0 "strategy of $a (BANKA's limit 25,000,000)"
done
p deal book --authority EAST --ref E1 --type fixed --counterparty BANKA --amount 15000000 --rate 1.5 \
    --start 2019-10-01 --maturity 2020-09-30 --by alice --late-reason "the dealing sheet" --as-of 2019-10-01
expect_rc 0 "EAST books E1: 15,000,000.00 with BANKA"
p deal book --authority EAST --ref E2 --type call --counterparty BANKA --amount 500000 --rate 1.5 \
    --start 2019-10-01 --by alice --late-reason "the dealing sheet" --as-of 2019-10-01
expect_rc 0 "EAST books E2: a call account of 500,000.00 with BANKA"
printf 'ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months\nL1,pwlb,PWLB,5000000,2.5,2015-04-01,2030-03-31,maturity,,\n' >"$T/loans.csv"
p import loans "$T/loans.csv" --authority EAST
expect_rc 0 "EAST's PWLB loan L1 of 5,000,000.00"
p authority merge --into MID --from EAST --on 2020-05-01 --by admin
expect_rc 0 "EAST merged into MID on 01/05/2020"
# MID into LAST on 01/07/2020: `authority merge` refuses a successor as a predecessor (merged
# once only), so the second move is written as the merger writes it
sql "WITH m AS (INSERT INTO authority_mergers (authority_id, vesting_date, entered_by)
       SELECT id, '2020-07-01', 'admin' FROM authorities WHERE code = 'LAST' RETURNING id)
     INSERT INTO holding_transfers (merger_id, kind, holding_id, from_authority_id, authority_id, transfer_date, ref, entered_by)
     SELECT m.id, t.kind, t.holding_id, t.authority_id, l.id, '2020-07-01', t.ref, 'admin'
     FROM m, holding_transfers t, authorities l WHERE l.code = 'LAST'"
expect_eq "the three holdings moved twice" \
    "$(sql "SELECT count(*) FROM holding_transfers WHERE kind IN ('investment', 'loan')")" 6

exposure() { # AUTHORITY DATE: its exposure to BANKA alone
    "$PRUDENT_BIN" limits --authority "$1" --as-of "$2" --json | jq -r '.counterparties[] | select(.code == "BANKA") | .exposure'
}
expect_eq "LAST holds both from 01/07/2020" "$(exposure LAST 2020-07-01)" "15500000.00"
expect_eq "MID nothing then" "$(exposure MID 2020-07-01)" "0.00"
expect_eq "MID both the day before" "$(exposure MID 2020-06-30)" "15500000.00"
debt() { "$PRUDENT_BIN" debt --authority "$1" --as-of "$2" --json | jq -r .external_debt; }
expect_eq "LAST owes L1 from 01/07/2020" "$(debt LAST 2020-07-01)" "5000000.00"
expect_eq "MID owes it the day before" "$(debt MID 2020-06-30)" "5000000.00"
expect_eq "and nothing from the day" "$(debt MID 2020-07-01)" "0.00"
# recompute loads every authority together (book_load_many): were E1 and E2 read under both MID
# and LAST, or twice under LAST, LAST's 31,000,000.00 would breach its limit of 25,000,000.00
for d in 2020-06-01 2020-07-01; do
    p recompute --as-of "$d" --jobs 1
    expect_rc 0 "recompute of every authority at once, at $d"
    for a in EAST MID LAST; do
        p alerts --authority "$a" --json
        expect_json "$a has no breach at $d: E1 and E2 read once, under their holder" '[.alerts[] | .kind] | length' "0"
    done
done

# ---- the quarterly pack of a quarter spanning the vesting day: EAST as comparative --------------
p report quarterly --authority MID --quarter 2020-Q1 --format json -o "$T/quarterly.json"
expect_rc 0 "MID's quarterly pack for April to June 2020"
run jq -r '.sections[] | select(.id == "predecessors") | .heading' "$T/quarterly.json"
expect_eq "shows the predecessor to the day before the vesting day" "$OUT" "Comparatives: the predecessors to 30/04/2020"
# by hand, 30 nights at 1.5% ACT/365: E1 15,000,000.00 -> 18,493.15; E2 500,000.00 -> 616.44;
# payable: L1's half-yearly instalment of 01/04/2020, 5,000,000.00 x 2.5% / 2 = 62,500.00
run jq -r '[.tables.predecessors.rows[] | "\(.code) \(.interest_earned) \(.interest_payable) \(.portfolio_total) \(.external_debt)"] | join(",")' "$T/quarterly.json"
expect_eq "with EAST's April" "$OUT" "EAST 19109.59 62500.00 15500000.00 5000000.00"
expect_eq "EAST's interest is its own interest view's" \
    "$("$PRUDENT_BIN" interest --authority EAST --from 2020-04-01 --to 2020-04-30 --json | jq -r .earned)" "19109.59"
p report quarterly --authority LAST --quarter 2020-Q2 --format json -o "$T/quarterly_last.json"
run jq -r '[.tables.predecessors.rows[] | "\(.code) \(.portfolio_total)"] | join(",")' "$T/quarterly_last.json"
expect_eq "LAST's quarter from its vesting day has none" "$OUT" ""
finish
