#!/usr/bin/env bash
# test_merger_ends.sh: the merger's loose ends (issue 22; docs/shared-services.md "A merger on a
# vesting day"). EAST (account MAIN) merges into UNITY, which has a MAIN of its own, on 01/04/2020,
# so EAST's MAIN moves as EAST-MAIN:
#  1. EAST's deal E1 naming MAIN, its deal E2 naming none (EAST's default, MAIN) and its loan L1
#     naming MAIN settle in UNITY's EAST-MAIN from the day, never in UNITY's own MAIN; EAST's rows
#     are not changed and its forecast before the day still has them in MAIN;
#  2. EAST's accounts show MAIN ending on 31/03/2020 (moved to UNITY as EAST-MAIN); EAST's
#     forecast from the day reads none of MAIN's statement (its lines of 01-02/04 are UNITY's);
#  3. the liability benchmark's existing debt and the reconciliation's expected book flows count
#     L1 for EAST to the day before, for UNITY from the day;
#     and a rating change recomputes UNITY, which holds the moved deal;
#  4. UNITY merged again (into GRAND) is refused: its accounts would move twice.
# Every rate 1.5% ACT/365, the loan 2.5% with half-yearly interest on 01/04 and 01/10.
export PRUDENT_TODAY=2020-06-30
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

for a in EAST:"East District Council" UNITY:"Unity Council" GRAND:"Grand Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
    expect_rc 0 "authority ${a%%:*} added"
done
printf 'code,name,sector,country,group\nBANKA,Bank A,bank,GB,\nBANKB,Bank B,bank,GB,\nPWLB,Public Works Loan Board,central_government,GB,\n' >"$T/cps.csv"
p import counterparties "$T/cps.csv"
expect_rc 0 "counterparties"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,AA-,stable,,2017-01-01\nBANKB,fitch,long,A,stable,,2017-01-01\n' >"$T/ratings.csv"
p import ratings "$T/ratings.csv"
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
for a in EAST UNITY GRAND; do
    p import strategy "$T/strategy.json" --authority "$a"
    expect_rc 0 "strategy of $a"
done
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,General account,Barclays,20-00-00,12345678,1000\n' >"$T/accounts.csv"
for a in EAST UNITY; do
    p import accounts "$T/accounts.csv" --authority "$a"
    expect_rc 0 "$a's account MAIN (minimum 1,000.00)"
done

book() { # REF COUNTERPARTY AMOUNT START MATURITY [ACCOUNT]
    p deal book --authority EAST --ref "$1" --type fixed --counterparty "$2" --amount "$3" --rate 1.5 \
        --start "$4" --maturity "$5" ${6:+--account "$6"} --by alice --late-reason "the predecessor's sheet" --as-of "$4"
    expect_rc 0 "EAST books $1: $3 from $4${6:+ in $6}"
}
book E1 BANKA 1000000 2019-10-01 2020-09-30 MAIN   # 365 nights: 15,000.00 of interest
book E2 BANKB 730000 2020-03-23 2020-07-01         # 100 nights: 3,000.00; the default account
printf 'ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months,account\nL1,pwlb,PWLB,2000000,2.5,2015-04-01,2030-03-31,maturity,,,MAIN\n' >"$T/loans.csv"
p import loans "$T/loans.csv" --authority EAST
expect_rc 0 "EAST's PWLB loan L1 settling in MAIN"
# MAIN's statement, imported before the merger, runs past the day: 01-02/04 are UNITY's
cat >"$T/stmt.csv" <<'CSV'
date,description,amount,balance
2020-03-30,receipts,1000.00,1000.00
2020-03-31,grant,234.56,1234.56
2020-04-01,rates,100.00,1334.56
2020-04-02,fees,-0.56,1334.00
CSV
p import statement "$T/stmt.csv" --account MAIN --authority EAST
expect_rc 0 "EAST's statement of MAIN, 30/03 to 02/04"

# capital plans from 2019/20 (the fixture's figures, two years earlier)
jq '.effective_from = "2019-04-01" | .years[0].year = "2019/20" | .years[1].year = "2020/21" | .years[2].year = "2021/22"
    | .mrp_tranches[0].year = "2018/19" | .mrp_tranches[1].year = "2018/19" | .mrp_tranches[2].year = "2019/20"' \
    "$FIXTURES/capital/plan.json" >"$T/plan.json"
for a in EAST UNITY; do
    p import capital-plan "$T/plan.json" --authority "$a"
    expect_rc 0 "$a's capital plan from 2019/20"
done

cf() { # AUTHORITY FROM TO [ACCOUNT]: "opening minimum | date source ref account amount,..."
    "$PRUDENT_BIN" cashflow --authority "$1" --from "$2" --to "$3" ${4:+--account "$4"} --json |
        jq -r '"\(.opening_balance) \(.minimum_balance) | " + ([.items[] | "\(.date) \(.source) \(.ref) \(.account) \(.amount)"] | join(","))'
}
debt() { # AUTHORITY AS_OF: each plan year's existing debt
    "$PRUDENT_BIN" liability-benchmark --authority "$1" --as-of "$2" --json | jq -r '[.years[] | "\(.year) \(.existing_debt)"] | join(",")'
}
EAST_MARCH=$(cf EAST 2020-03-01 2020-03-31)
# (the statement opens at 0.00, where the book had MAIN at -730,000.00: rebased by 730,000.00)
expect_eq "before the merger: E2 goes out of MAIN on 23/03, the statement's lines" "$EAST_MARCH" \
    "0.00 1000.00 | 2020-03-23 book E2 MAIN -730000.00,2020-03-30 actual S1/1 MAIN 1000.00,2020-03-30 actual S1/opening MAIN 730000.00,2020-03-31 actual S1/2 MAIN 234.56"
expect_eq "before the merger EAST counts L1 in every year" "$(debt EAST 2020-03-31)" \
    "2019/20 2000000.00,2020/21 2000000.00,2021/22 2000000.00"

p authority merge --into UNITY --from EAST --on 2020-04-01 --by admin --json
expect_rc 0 "EAST merges into UNITY on 01/04/2020"
expect_json "MAIN moves as EAST-MAIN" '[.predecessors[0].accounts[] | "\(.was)>\(.code)"] | join(",")' "MAIN>EAST-MAIN"

# ---- 1. the moved holdings settle in EAST-MAIN --------------------------------------------------
# From 01/04: L1's interest 2,000,000.00 x 2.5% / 2 = 25,000.00 out on 01/04 and 01/10; E2 back
# with 3,000.00 on 01/07; E1 back with 15,000.00 on 30/09. EAST-MAIN opens at 1,234.56 (EAST's
# statement to 31/03) and its lines of 01-02/04 replace the book on those days.
expect_eq "UNITY's EAST-MAIN has every flow of the moved holdings" "$(cf UNITY 2020-04-01 2020-10-31 EAST-MAIN)" \
    "1234.56 1000.00 | 2020-04-01 actual S1/3 EAST-MAIN 100.00,2020-04-02 actual S1/4 EAST-MAIN -0.56,2020-07-01 book E2 EAST-MAIN 733000.00,2020-09-30 book E1 EAST-MAIN 1015000.00,2020-10-01 book L1 EAST-MAIN -25000.00"
expect_eq "UNITY's own MAIN has none of them" "$(cf UNITY 2020-04-01 2020-10-31 MAIN)" "0.00 1000.00 | "
expect_eq "EAST's rows still name MAIN (E2 none): nothing updated in place" \
    "$(sql "SELECT string_agg(ref || ':' || coalesce(settlement_account, '-'), ',' ORDER BY ref) FROM (SELECT ref, settlement_account FROM investments UNION ALL SELECT ref, settlement_account FROM loans) x")" \
    "E1:MAIN,E2:-,L1:MAIN"
expect_eq "as at before the day EAST's forecast is as before the merger" "$(cf EAST 2020-03-01 2020-03-31)" "$EAST_MARCH"
p portfolio --authority UNITY --as-of 2020-04-01 --json
expect_json "UNITY holds E1 and E2 from the day" '[.holdings[].ref] | sort | join(",")' "E1,E2"

# ---- 2. EAST's MAIN ends the day before -----------------------------------------------------------
p accounts --authority EAST --json
expect_json "EAST lists MAIN ending 31/03/2020, moved to UNITY as EAST-MAIN" \
    '.accounts[] | "\(.code) \(.ends) \(.moved_to) \(.moved_as) \(.moved_on)"' "MAIN 2020-03-31 UNITY EAST-MAIN 2020-04-01"
p accounts --authority EAST
expect_match "in the text too" "$OUT" 'MAIN .* yes +2020-03-31 \(moved to UNITY as EAST-MAIN on 2020-04-01\)'
p accounts --authority UNITY --json
expect_json "UNITY's list is as before: no end date" '[.accounts[] | "\(.code):\(.ends // "-")"] | join(",")' "EAST-MAIN:-,MAIN:-"
expect_eq "EAST's forecast from the day: no opening, no minimum, no statement lines, nothing moved" \
    "$(cf EAST 2020-04-01 2020-10-31)" "0.00 0.00 | "
expect_eq "EAST's forecast of MAIN alone likewise" "$(cf EAST 2020-04-01 2020-04-30 MAIN)" "0.00 0.00 | "
expect_eq "UNITY's EAST-MAIN from 03/04 opens at the last line (1,334.00)" \
    "$(cf UNITY 2020-04-03 2020-04-30 EAST-MAIN | cut -d' ' -f1)" "1334.00"

# ---- 3. the whole-book figures cut at the day ----------------------------------------------------
expect_eq "EAST's existing debt ends with 2019/20 (as at the eve and after)" \
    "$(debt EAST 2020-03-31) $(debt EAST 2020-06-30)" \
    "2019/20 2000000.00,2020/21 0.00,2021/22 0.00 2019/20 2000000.00,2020/21 0.00,2021/22 0.00"
expect_eq "UNITY's starts with 2020/21" "$(debt UNITY 2020-06-30)" "2019/20 0.00,2020/21 2000000.00,2021/22 2000000.00"
p reconcile --account MAIN --authority EAST --json
expect_rc 0 "EAST reconciles MAIN"
expect_json "over its days to 31/03 only; L1's interest of 01/04 not expected of EAST" \
    '"\(.from) \(.to) \(.summary.lines) " + ([.missing[] | "\(.date) \(.ref) \(.amount)"] | join(","))' \
    "2020-03-30 2020-03-31 2 "
p reconcile --account EAST-MAIN --from 2020-04-01 --to 2020-04-02 --authority UNITY --json
expect_rc 0 "UNITY reconciles EAST-MAIN"
expect_json "UNITY's lines of 01-02/04; L1's interest expected of UNITY, in EAST-MAIN" \
    '"\(.summary.lines) " + ([.missing[] | "\(.date) \(.ref) \(.amount)"] | join(","))' "2 2020-04-01 L1 -25000.00"

# A rating change recomputes the authorities holding the counterparty then, a holding moved in
# included: Fitch cuts Bank A to A-, below every criterion, and the import raises UNITY's alert
# for E1 at once (EAST holds nothing of Bank A now).
expect_eq "no alert about Bank A yet" "$(sql "SELECT count(*) FROM alerts WHERE subject = 'BANKA'")" "0"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,A-,negative,,2020-06-29\n' >"$T/downgrade.csv"
p import ratings "$T/downgrade.csv"
expect_rc 0 "Bank A downgraded"
expect_eq "the import raised UNITY's alert for the moved E1, none of EAST's" \
    "$(sql "SELECT string_agg(a.code || ' ' || l.kind || ' ' || l.subject, ',') FROM alerts l JOIN authorities a ON a.id = l.authority_id WHERE l.subject = 'BANKA'")" \
    "UNITY counterparty.not_approved_exposure BANKA"

# ---- 4. a bank account moved twice: refused --------------------------------------------------------
p authority merge --into GRAND --from UNITY --on 2021-04-01 --by admin
expect_rc 2 "UNITY merged again is refused"
expect_match "saying why" "$ERR" 'UNITY is the successor of a merger on 01/04/2020: a successor cannot be merged again \(what it took over, its bank accounts included, would move twice\)'
expect_eq "nothing written" "$(sql "SELECT count(*) FROM authority_mergers")" "1"
finish
