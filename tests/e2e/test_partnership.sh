#!/usr/bin/env bash
# test_partnership.sh: shared services (docs/shared-services.md): three district councils in a
# partnership with deposits at shared banks, a deposit of one member with another (one by the
# counterparty code of its own, one through `authority link`) and a loan between two members:
# `limits --partnership` combines the exposure by counterparty with each member's share, the
# exposure between members eliminated and the member loan flagged; `portfolio --partnership`
# sums the members' portfolios; each member's own limits are unchanged; the partnership is read
# as known at a moment before the link; unknown members and partnerships are named.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

# ---- three authorities, each with the fixture's strategy; ADUR and WORTH are counterparties
# with their own codes, ARUN is ARUN-DC (linked below) ----------------------------------------
for a in ADUR:"Adur District Council" WORTH:"Worthing Borough Council" ARUN:"Arun District Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
    expect_rc 0 "authority ${a%%:*} added"
done
cat >"$T/cps.csv" <<'CSV'
code,name,sector,country,group
BANKA,Bank A,bank,GB,
BANKB,Bank B,bank,GB,
ADUR,Adur District Council,local_authority,GB,
WORTH,Worthing Borough Council,local_authority,GB,
ARUN-DC,Arun District Council,local_authority,GB,
CSV
p import counterparties "$T/cps.csv"
expect_rc 0 "counterparties imported"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,AA-,stable,,2017-01-01\nBANKB,fitch,long,A,stable,,2017-01-01\n' >"$T/ratings.csv"
p import ratings "$T/ratings.csv"
expect_rc 0 "ratings imported"
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
for a in ADUR WORTH ARUN; do
    p import strategy "$T/strategy.json" --authority "$a"
    expect_rc 0 "strategy of $a"
done

book() { # AUTHORITY REF COUNTERPARTY AMOUNT MATURITY
    p deal book --authority "$1" --ref "$2" --type fixed --counterparty "$3" --amount "$4" --rate 0.5 \
        --start 2018-03-01 --maturity "$5" --by alice --late-reason "entered from the dealing sheet" --as-of 2018-03-31
    expect_rc 0 "$1 books $2: $4 with $3"
}
book ADUR A1 BANKA 5000000 2018-08-28
book ADUR A2 WORTH 2000000 2019-02-28   # ADUR lends to WORTH (WORTH's loan W-L1 below)
book WORTH W1 BANKA 3000000.50 2018-09-28
book WORTH W2 BANKB 1000000 2018-06-29
book WORTH W3 ARUN-DC 400000 2018-12-31 # a deposit with ARUN, once ARUN is linked to ARUN-DC
book ARUN R1 BANKA 1500000 2018-07-31
p deal book --authority ARUN --ref R2 --type call --counterparty BANKB --amount 250000 --rate 0.3 --start 2018-03-01 --by alice --late-reason "entered from the dealing sheet" --as-of 2018-03-31
expect_rc 0 "ARUN books R2: a call account of 250000 with BANKB"
printf 'ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months\nW-L1,temporary,ADUR,2000000,0.5,2018-03-01,2019-02-28,maturity,,\n' >"$T/loans.csv"
p import loans "$T/loans.csv" --authority WORTH
expect_rc 0 "WORTH's loan from ADUR imported"

own_limits() { for a in ADUR WORTH ARUN; do "$PRUDENT_BIN" limits --authority "$a" --as-of 2018-03-31 --json; done; }
own_limits >"$T/own_before.json"

# ---- the partnership -------------------------------------------------------------------------
p partnership add WSUSSEX --name "West Sussex Districts" --members ADUR,WORTH,NOPE
expect_rc 2 "an unknown member is refused"
expect_match "and named" "$ERR" 'unknown authority "NOPE"'
p partnership add WSUSSEX --name "West Sussex Districts" --members ADUR
expect_rc 2 "one member is not a partnership"
p partnership add WSUSSEX --name "West Sussex Districts" --members ADUR,WORTH,ADUR
expect_rc 2 "a member named twice is refused"
expect_eq "nothing was added by the refusals" "$(sql 'SELECT count(*) FROM partnerships')" 0
p partnership add WSUSSEX --name "West Sussex Districts" --members WORTH,ADUR,ARUN
expect_rc 0 "partnership added"
p partnership add WSUSSEX --name "Again" --members WORTH,ADUR
expect_rc 2 "the same code twice is refused"
p partnership list --json
expect_json "listed with its members by code" '.partnerships[0] | "\(.code) \(.members | join(","))"' "WSUSSEX ADUR,ARUN,WORTH"
expect_eq "one audit row per member" "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'partnership_member'")" 3

sleep 0.01
T1=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
p authority link ARUN --counterparty NOSUCH
expect_rc 2 "a link to an unknown counterparty is refused"
p authority link ARUN --counterparty ARUN-DC
expect_rc 0 "ARUN is counterparty ARUN-DC"

# ---- limits --partnership --------------------------------------------------------------------
p limits --partnership WSUSSEX --as-of 2018-03-31 --json
expect_rc 0 "limits --partnership"
expect_json "as_of, partnership, members" '"\(.as_of) \(.partnership) \(.members | join(","))"' "2018-03-31 WSUSSEX ADUR,ARUN,WORTH"
cp_of() { printf '%s' "$OUT" | jq -r ".counterparties[] | select(.code == \"$1\") | $2"; }
# BANKA: ADUR 5,000,000.00 + WORTH 3,000,000.50 + ARUN 1,500,000.00 = 9,500,000.50
expect_eq "BANKA combined" "$(cp_of BANKA .exposure)" "9500000.50"
expect_eq "BANKA by member" "$(cp_of BANKA '.by_member | to_entries | map("\(.key)=\(.value)") | join(" ")')" \
    "ADUR=5000000.00 ARUN=1500000.00 WORTH=3000000.50"
# BANKB: WORTH 1,000,000.00 + ARUN 250,000.00 = 1,250,000.00
expect_eq "BANKB combined" "$(cp_of BANKB .exposure)" "1250000.00"
expect_eq "BANKB: ADUR has none" "$(cp_of BANKB '.by_member | keys | join(",")')" "ARUN,WORTH"
expect_eq "each member's own limit beside it (A rated: 15m)" "$(cp_of BANKB '.member_limits.WORTH')" "15000000.00"
expect_json "only the outside counterparties" '[.counterparties[].code] | join(",")' "BANKA,BANKB"
expect_json "the deposits between members eliminated" \
    '[.eliminated[] | "\(.member)>\(.counterparty_member) \(.exposure)"] | join(";")' \
    "ADUR>WORTH 2000000.00;WORTH>ARUN 400000.00"
expect_json "the loan between members flagged" \
    '[.member_loans[] | "\(.member)<\(.lender_member) \(.ref) \(.principal)"] | join(";")' "WORTH<ADUR W-L1 2000000.00"
p limits --partnership WSUSSEX --as-of 2018-03-31
expect_rc 0 "limits --partnership (text)"
expect_match "text: BANKA with its members" "$OUT" 'BANKA +£9,500,000.50 +ADUR £5,000,000.00, ARUN £1,500,000.00, WORTH £3,000,000.50'
expect_match "text: eliminations" "$OUT" 'WORTH with ARUN \(ARUN-DC\): £400,000.00'
expect_match "text: the loan between members" "$OUT" '1 loan between members .*loan W-L1: WORTH borrows from ADUR: £2,000,000.00'

# as known before the link: ARUN-DC was an outside counterparty then
p limits --partnership WSUSSEX --as-of 2018-03-31 --json --as-known-at "$T1"
expect_rc 0 "limits --partnership --as-known-at"
expect_eq "before the link ARUN-DC was outside" "$(cp_of ARUN-DC .exposure)" "400000.00"
expect_json "and only ADUR>WORTH eliminated" '.eliminated | length' 1

# each member's own limits are unchanged by the partnership
own_limits >"$T/own_after.json"
expect_eq "each member's own lending list is unchanged" "$(cmp -s "$T/own_before.json" "$T/own_after.json" && echo same)" same
p limits --authority ADUR --as-of 2018-03-31 --json
expect_eq "ADUR alone still counts its deposit with WORTH" "$(cp_of WORTH .exposure)" "2000000.00"

# ---- portfolio --partnership -----------------------------------------------------------------
p portfolio --partnership WSUSSEX --as-of 2018-03-31 --json
expect_rc 0 "portfolio --partnership"
# fixed: 5,000,000 + 2,000,000 + 3,000,000.50 + 1,000,000 + 400,000 + 1,500,000 = 12,900,000.50
# call: 250,000; total 13,150,000.50
expect_json "total" '.total' "13150000.50"
expect_json "count" '.count' 7
expect_json "by_type summed" '.by_type | to_entries | map("\(.key) \(.value.count) \(.value.principal)") | join(";")' \
    "fixed 6 12900000.50;call 1 250000.00"
expect_json "by member" '.by_member | to_entries | map("\(.key)=\(.value)") | join(" ")' \
    "ADUR=7000000.00 ARUN=1750000.00 WORTH=4400000.50"
expect_json "of which with other members: 2,000,000 + 400,000" '.between_members' "2400000.00"
sum=0
for a in ADUR WORTH ARUN; do
    p portfolio --authority "$a" --as-of 2018-03-31 --json
    sum=$(printf '%s\n%s\n' "$sum" "$(printf '%s' "$OUT" | jq -r .total)" | awk '{gsub(/\./,""); s+=$1} END {printf "%d", s}')
done
expect_eq "the sum of the members' own totals (in pence)" "$sum" "1315000050"
p portfolio --partnership WSUSSEX --as-of 2018-03-31
expect_match "text: the total" "$OUT" 'total +7 +£13,150,000.50'

# ---- refusals --------------------------------------------------------------------------------
p limits --partnership NOPE --json
expect_rc 2 "an unknown partnership"
expect_match "is named" "$ERR" 'unknown partnership "NOPE"'
p debt --partnership WSUSSEX
expect_rc 2 "debt has no partnership form"
p limits --partnership WSUSSEX --authority ADUR
expect_rc 2 "--partnership and --authority together are refused"
p limits --partnership WSUSSEX --from 2018-01-01 --to 2018-03-31
expect_rc 2 "the list's changes over a period are not combined: refused, not ignored"
p partnership --help
expect_match "--help" "$OUT" 'partnership add CODE --name NAME --members'
expect_eq "tenancy: the new tables are protected" "$(sql 'SELECT count(*) FROM prudent_tenant_gaps()')" 0

finish
