#!/usr/bin/env bash
# test_partnership_combined.sh: the partnership view completed (issue 22, docs/shared-services.md):
# three district councils with deposits in one banking group, with outside councils, a deposit
# of one member with another and a loan between two members (ADUR lends WORTH 2,000,000.00:
# ADUR's deal A2, WORTH's loan W-L1). `limits --partnership` gives group, country and sector totals
# with the exposure between members eliminated, each member's own limit beside; `cashflow
# --partnership` is the members' forecasts summed less the flows between members, which it
# lists; `partnership show` names the members, the counterparty each is and who added it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

for a in ADUR:"Adur District Council" WORTH:"Worthing Borough Council" ARUN:"Arun District Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
    expect_rc 0 "authority ${a%%:*} added"
done
cat >"$T/cps.csv" <<'CSV'
code,name,sector,country,group
PARENTB,Parent Bank,bank,GB,
SUBB,Sub Bank,bank,GB,PARENTB
BANKB,Bank B,bank,GB,
ADUR,Adur District Council,local_authority,GB,
WORTH,Worthing Borough Council,local_authority,GB,
ARUN,Arun District Council,local_authority,GB,
COUNCIL1,Council One,local_authority,GB,
COUNCIL2,Council Two,local_authority,GB,
CSV
p import counterparties "$T/cps.csv"
expect_rc 0 "counterparties imported"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nPARENTB,fitch,long,AA-,,,2017-01-01\nSUBB,fitch,long,A+,,,2017-01-01\nBANKB,fitch,long,A,,,2017-01-01\n' >"$T/ratings.csv"
p import ratings "$T/ratings.csv"
expect_rc 0 "ratings imported"
# ADUR and ARUN: the fixture's strategy (a group's limit: its largest member's, 25m; local
# authorities and GB unlimited in total). WORTH's own: the group PARENTB 8m, local authorities 10m.
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
jq '. + {"group_limits": {"groups": {"PARENTB": "8000000"}}, "sector_limits": {"local_authority": "10000000"}}' \
    "$T/strategy.json" >"$T/worth.json"
p import strategy "$T/strategy.json" --authority ADUR
expect_rc 0 "strategy of ADUR"
p import strategy "$T/worth.json" --authority WORTH
expect_rc 0 "strategy of WORTH"
p import strategy "$T/strategy.json" --authority ARUN
expect_rc 0 "strategy of ARUN"

book() { # AUTHORITY REF COUNTERPARTY AMOUNT MATURITY
    p deal book --authority "$1" --ref "$2" --type fixed --counterparty "$3" --amount "$4" --rate 0.5 \
        --start 2018-03-01 --maturity "$5" --by alice --late-reason "entered from the dealing sheet" --as-of 2018-03-31
    expect_rc 0 "$1 books $2: $4 with $3"
}
book ADUR A1 PARENTB 4000000 2018-06-29
book ADUR A2 WORTH 2000000 2018-06-29    # ADUR lends to WORTH (WORTH's loan W-L1 below)
book ADUR A3 COUNCIL1 1000000 2018-05-31
book WORTH W1 SUBB 3000000.50 2018-05-31
book WORTH W3 ARUN 500000 2018-06-29     # a deposit with ARUN, a member
book WORTH W4 COUNCIL2 600000 2018-06-29
book ARUN R1 PARENTB 1500000 2018-04-30
book ARUN R2 BANKB 250000 2018-08-28
printf 'ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months\nW-L1,temporary,ADUR,2000000,0.5,2018-03-01,2018-06-29,maturity,,\n' >"$T/loans.csv"
p import loans "$T/loans.csv" --authority WORTH
expect_rc 0 "WORTH's loan from ADUR imported"
p partnership add WSUSSEX --name "West Sussex Districts" --members ADUR,WORTH,ARUN
expect_rc 0 "partnership added"

# ---- group, country and sector totals ---------------------------------------------------------
p limits --partnership WSUSSEX --as-of 2018-03-31 --json
expect_rc 0 "limits --partnership"
total() { printf '%s' "$OUT" | jq -c "[.$1[] | select(.code == \"$2\") | $3][0]"; }
# the group PARENTB: ADUR's A1 4,000,000.00 + WORTH's W1 (SUBB) 3,000,000.50 + ARUN's R1 1,500,000.00
expect_eq "group PARENTB combined" "$(total groups PARENTB .exposure)" '"8500000.50"'
expect_eq "group PARENTB by member" "$(total groups PARENTB .by_member)" \
    '{"ADUR":"4000000.00","ARUN":"1500000.00","WORTH":"3000000.50"}'
expect_eq "each member's own group limit beside it (WORTH's 8m, the others' 25m)" \
    "$(total groups PARENTB .member_limits)" '{"ADUR":"25000000.00","ARUN":"25000000.00","WORTH":"8000000.00"}'
# GB counts the banks only: 8,500,000.50 + ARUN's R2 250,000.00
expect_eq "country GB: the banks" "$(total countries GB .exposure)" '"8750000.50"'
expect_eq "sector bank" "$(total sectors bank .exposure)" '"8750000.50"'
# local authorities: ADUR's A3 1,000,000.00 + WORTH's W4 600,000.00; ADUR's A2 with WORTH
# (2,000,000.00) and WORTH's W3 with ARUN (500,000.00) eliminated
expect_eq "sector local_authority: the members eliminated" "$(total sectors local_authority .exposure)" '"1600000.00"'
expect_eq "... by member, each member's own sector limit beside (ADUR unlimited, WORTH 10m)" \
    "$(total sectors local_authority '[.by_member, .member_limits]')" \
    '[{"ADUR":"1000000.00","WORTH":"600000.00"},{"ADUR":null,"WORTH":"10000000.00"}]'
expect_json "the exposures between members still listed" \
    '[.eliminated[] | "\(.member)>\(.counterparty_member) \(.exposure)"] | join(";")' \
    "ADUR>WORTH 2000000.00;WORTH>ARUN 500000.00"
expect_json "the contract's fields are kept" '[.as_of, .partnership, (.counterparties | map(.code) | join(","))] | join(" ")' \
    "2018-03-31 WSUSSEX BANKB,COUNCIL1,COUNCIL2,PARENTB,SUBB"
p limits --authority ADUR --as-of 2018-03-31 --json
expect_eq "ADUR alone still counts its loan to WORTH in its local_authority sector" \
    "$(printf '%s' "$OUT" | jq -r '.sectors[] | select(.key == "local_authority") | .exposure')" "3000000.00"
p limits --partnership WSUSSEX --as-of 2018-03-31
expect_rc 0 "limits --partnership (text)"
expect_match "text: the group with each member's own limit" "$OUT" \
    'PARENTB +£8,500,000.50 +ADUR £4,000,000.00 \(limit £25,000,000.00\), ARUN £1,500,000.00 \(limit £25,000,000.00\), WORTH £3,000,000.50 \(limit £8,000,000.00\)'
expect_match "text: the sector, unlimited said" "$OUT" \
    'local_authority +£1,600,000.00 +ADUR £1,000,000.00 \(unlimited\), WORTH £600,000.00 \(limit £10,000,000.00\)'
printf '%s\n' "$OUT" >"$T/limits.txt"

finish
