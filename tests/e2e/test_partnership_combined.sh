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
printf '%s\n' "$OUT" >/tmp/d1/limits.txt

# ---- the combined cash-flow forecast -----------------------------------------------------------
# ADUR and WORTH have bank accounts (minimum balances 100,000.00 and 50,000.00); ADUR's statement
# of 29/03 closes at 350,000.00 (its opening balance); ARUN forecasts council tax of 75,000.00 on
# 16/04 and pays it nowhere else. WORTH's account has no statement: its opening is 0.00.
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,Main,Bank A,10-20-30,12345678,100000\n' >"$T/adur_acc.csv"
p import accounts "$T/adur_acc.csv" --authority ADUR
expect_rc 0 "ADUR's account"
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,Main,Bank B,10-20-31,22345678,50000\n' >"$T/worth_acc.csv"
p import accounts "$T/worth_acc.csv" --authority WORTH
expect_rc 0 "WORTH's account"
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,Main,Bank B,10-20-32,32345678,0\n' >"$T/arun_acc.csv"
p import accounts "$T/arun_acc.csv" --authority ARUN
expect_rc 0 "ARUN's account"
printf 'date,description,amount,balance\n2018-03-29,receipts,350000,350000\n' >"$T/adur_st.csv"
p import statement "$T/adur_st.csv" --account MAIN --authority ADUR
expect_rc 0 "ADUR's statement"
printf 'date,account,amount,category,description,repeat,until\n2018-04-16,MAIN,75000,council tax,April instalment,,\n' >"$T/arun_cf.csv"
p import cashflows "$T/arun_cf.csv" --authority ARUN
expect_rc 0 "ARUN's forecast item"

p cashflow --partnership WSUSSEX --from 2018-04-01 --to 2018-06-30 --by month --json
expect_rc 0 "cashflow --partnership"
printf '%s' "$OUT" >"$T/cf.json"
for a in ADUR WORTH ARUN; do
    "$PRUDENT_BIN" cashflow --authority $a --from 2018-04-01 --to 2018-06-30 --by month --json >"$T/cf_$a.json"
done
expect_json "opening and minimum balances summed: 350,000.00 + 0 + 0; 100,000.00 + 50,000.00 + 0" \
    '"\(.opening_balance) \(.minimum_balance)"' "350000.00 150000.00"
expect_json "each member's beside" '.by_member | to_entries | map("\(.key)=\(.value.opening_balance)") | join(" ")' \
    "ADUR=350000.00 ARUN=0.00 WORTH=0.00"
# the flows between members: ADUR's A2 back from WORTH on 29/06 (2,000,000.00 + 120 days at 0.5%:
# 3,287.67), WORTH's W-L1 repaid to ADUR the same day (the other side), WORTH's W3 back from ARUN
# (500,000.00 + 821.92)
expect_json "the flows between members eliminated, listed" \
    '[.eliminated[] | "\(.date) \(.member)>\(.with) \(.ref) \(.amount)"] | join(";")' \
    "2018-06-29 ADUR>WORTH A2 2003287.67;2018-06-29 WORTH>ADUR W-L1 -2003287.67;2018-06-29 WORTH>ARUN W3 500821.92"
expect_json "and not among the items" '[.items[] | select(.ref == "A2" or .ref == "W-L1" or .ref == "W3")] | length' 0
expect_json "every item names its member" '[.items[] | "\(.member) \(.ref)"] | join(",")' \
    "ARUN CF1,ARUN R1,ADUR A3,WORTH W1,ADUR A1,WORTH W4"
# June by hand: A1 4,000,000.00 + 6,575.34 and W4 600,000.00 + 986.30 in; nothing out (W-L1 eliminated)
expect_json "June: receipts and payments" '.periods[2] | "\(.receipts) \(.payments)"' "4607561.64 0.00"
# April: R1 1,500,000.00 + 1,232.88 and ARUN's council tax 75,000.00; closing 350,000.00 + 1,576,232.88
expect_json "April: receipts and closing" '.periods[0] | "\(.receipts) \(.closing_balance)"' "1576232.88 1926232.88"
# per period, the combined = the members' summed less the flows eliminated in it (in pence):
# less the receipts between members from receipts, the payments from payments, both from closing
members_less() { # FIELD: per period, the members' FIELD summed less the eliminated flows it counts
    jq -s -r --arg f "$1" '
        def p: gsub("\\."; "") | tonumber;
        def counts($q): if $f == "receipts" then select(.date >= $q.start and .date <= $q.end and (.amount | p) > 0) | .amount | p
            elif $f == "payments" then select(.date >= $q.start and .date <= $q.end and (.amount | p) < 0) | -(.amount | p)
            else select(.date <= $q.end) | .amount | p end;
        .[0] as $c | [range(0; $c.periods | length) as $i | $c.periods[$i] as $q
            | ([.[1:][] | .periods[$i][$f] | p] | add) - ([$c.eliminated[] | counts($q)] | add // 0) | tostring]
        | join(" ")' "$T/cf.json" "$T/cf_ADUR.json" "$T/cf_WORTH.json" "$T/cf_ARUN.json"
}
combined() { jq -r --arg f "$1" '[.periods[][$f] | gsub("\\."; "") | tonumber | tostring] | join(" ")' "$T/cf.json"; }
for f in receipts payments closing_balance; do
    [ -n "$(combined $f)" ] || _notok "$f per month: read" "no figures"
    expect_eq "$f per month: the members' summed less the flows between members" "$(members_less $f)" "$(combined $f)"
done
expect_json "the shape of one authority's forecast, and the partnership's fields" \
    '[keys_unsorted[]] | join(",")' \
    "from,to,by,account,opening_balance,minimum_balance,periods,items,low_point,partnership,name,members,by_member,eliminated"
p cashflow --partnership WSUSSEX --from 2018-04-01 --to 2018-06-30 --by month
expect_rc 0 "cashflow --partnership (text)"
expect_match "text: June" "$OUT" '2018-06-01  2018-06-30  4,607,561.64  +0.00  4,607,561.64  10,538,781.33'
expect_match "text: the loan between members" "$OUT" '2018-06-29  WORTH   ADUR   book    W-L1 .* -2,003,287.67'
p cashflow --partnership WSUSSEX --from 2018-04-01 --to 2018-06-30 --account MAIN
expect_rc 2 "--account with --partnership is refused"
p cashflow --partnership WSUSSEX --authority ADUR --from 2018-04-01 --to 2018-06-30
expect_rc 2 "--authority with --partnership is refused"
p cashflow --partnership NOPE --from 2018-04-01 --to 2018-06-30
expect_match "an unknown partnership is named" "$ERR" 'unknown partnership "NOPE"'

# ---- partnership show ----------------------------------------------------------------------------
p authority link ARUN --counterparty ARUN
expect_rc 0 "ARUN linked to the counterparty ARUN (its own code, said)"
p partnership show WSUSSEX --json
expect_rc 0 "partnership show"
expect_json "its name, who added it" '"\(.code) \(.name) \(.added_by)"' "WSUSSEX West Sussex Districts $(sql "SELECT entered_by FROM partnerships")"
expect_json "when, as entered" '.added_at' "$(sql "SELECT to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM partnerships")"
expect_json "each member with its name and the counterparty it is" \
    '[.members[] | "\(.code)|\(.name)|\(.counterparty)|\(.linked)"] | join(";")' \
    "ADUR|Adur District Council|ADUR|false;ARUN|Arun District Council|ARUN|true;WORTH|Worthing Borough Council|WORTH|false"
expect_json "each member's who and when" '[.members[] | (.added_by != "" and (.added_at | test("^2[0-9-]{9}T")))] | all' true
p partnership show WSUSSEX
expect_rc 0 "partnership show (text)"
expect_match "text: a member" "$OUT" 'ARUN +Arun District Council +ARUN \(linked\)'
p partnership show NOPE
expect_rc 2 "an unknown partnership"
expect_match "is named" "$ERR" 'unknown partnership "NOPE"'
p partnership show
expect_rc 2 "show needs a CODE"

finish
