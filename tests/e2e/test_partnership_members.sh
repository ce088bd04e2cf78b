#!/usr/bin/env bash
# test_partnership_members.sh: a partnership's members change from a date (issue 22,
# docs/shared-services.md "Members changing from a date"). ADUR and WORTH begin WSUSSEX on
# 01/01/2018; ARUN joins from 01/10/2018. ADUR has lent ARUN 2,000,000.00 (ADUR's deal A2, ARUN's
# loan R-L1). Every figure as at a date counts the members of that date: on 30/09 ARUN is absent
# and the loan is an outside exposure; from 01/10 ARUN counts and the loan is eliminated. The
# combined forecast over September and October counts ARUN from 01/10 only, its balance brought in
# that day. As known at a moment before the change: the old members. The refusals are named.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

for a in ADUR:"Adur District Council" WORTH:"Worthing Borough Council" ARUN:"Arun District Council" \
    HOVE:"Hove Borough Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
    expect_rc 0 "authority ${a%%:*} added"
done
cat >"$T/cps.csv" <<'CSV'
code,name,sector,country,group
BANKA,Bank A,bank,GB,
BANKB,Bank B,bank,GB,
ADUR,Adur District Council,local_authority,GB,
WORTH,Worthing Borough Council,local_authority,GB,
ARUN,Arun District Council,local_authority,GB,
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

book() { # AUTHORITY REF COUNTERPARTY AMOUNT MATURITY (fixed at 0.5% from 01/03/2018)
    p deal book --authority "$1" --ref "$2" --type fixed --counterparty "$3" --amount "$4" --rate 0.5 \
        --start 2018-03-01 --maturity "$5" --by alice --late-reason "entered from the dealing sheet" --as-of 2018-03-31
    expect_rc 0 "$1 books $2: $4 with $3"
}
book ADUR A1 BANKA 5000000 2018-12-31
book ADUR A2 ARUN 2000000 2018-10-31     # ADUR lends to ARUN (ARUN's loan R-L1 below)
book WORTH W1 BANKA 3000000.50 2018-12-31
book WORTH W2 BANKA 400000 2018-09-28
book ARUN R1 BANKA 1500000 2018-12-31
book ARUN R2 BANKA 250000 2018-09-28
printf 'ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months\nR-L1,temporary,ADUR,2000000,0.5,2018-03-01,2018-10-31,maturity,,\n' >"$T/loans.csv"
p import loans "$T/loans.csv" --authority ARUN
expect_rc 0 "ARUN's loan from ADUR imported"
for a in ADUR WORTH ARUN; do
    printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,Main,Bank A,10-20-30,1234567%s,0\n' \
        "${#a}" >"$T/acc_$a.csv"
    p import accounts "$T/acc_$a.csv" --authority "$a"
    expect_rc 0 "$a's account"
done
printf 'date,description,amount,balance\n2018-08-31,receipts,350000,350000\n' >"$T/adur_st.csv"
p import statement "$T/adur_st.csv" --account MAIN --authority ADUR
expect_rc 0 "ADUR's statement: 350,000.00 on 31/08"
printf 'date,description,amount,balance\n2018-08-31,receipts,100000,100000\n' >"$T/arun_st.csv"
p import statement "$T/arun_st.csv" --account MAIN --authority ARUN
expect_rc 0 "ARUN's statement: 100,000.00 on 31/08"

p partnership add WSUSSEX --name "West Sussex Districts" --members ADUR,WORTH --from 2018-01-01
expect_rc 0 "partnership of ADUR and WORTH from 01/01/2018"
K=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")

# ---- the refusals: nothing written ----------------------------------------------------------------
changes() { sql "SELECT count(*) FROM partnership_member_changes"; }
p partnership members WSUSSEX --add NOPE --from 2018-10-01 --by alice --reason "x"
expect_rc 2 "an unknown authority is refused"
expect_match "and named" "$ERR" '--add: unknown authority "NOPE"'
p partnership members WSUSSEX --remove ARUN --from 2018-10-01 --by alice --reason "x"
expect_rc 2 "removing a non-member is refused"
expect_match "and said" "$ERR" 'ARUN is not a member of WSUSSEX on 2018-10-01'
p partnership members WSUSSEX --add WORTH --from 2018-10-01 --by alice --reason "x"
expect_rc 2 "adding a member already in is refused"
expect_match "and said" "$ERR" 'WORTH is a member of WSUSSEX on 2018-10-01 already'
p partnership members WSUSSEX --remove WORTH --from 2018-10-01 --by alice --reason "x"
expect_rc 2 "leaving one member is refused"
expect_match "and said" "$ERR" 'would have 1 member on 2018-10-01: a partnership needs at least two'
p partnership members WSUSSEX --add ARUN --from 2017-12-31 --by alice --reason "x"
expect_rc 2 "a date before the partnership began is refused"
expect_match "and said" "$ERR" 'partnership WSUSSEX began on 2018-01-01'
p partnership members WSUSSEX --add ARUN --from 2018-10-01 --by alice
expect_rc 2 "a change needs --reason"
p partnership members NOPE --add ARUN --from 2018-10-01 --by alice --reason "x"
expect_match "an unknown partnership is named" "$ERR" 'unknown partnership "NOPE"'
expect_eq "nothing written by the refusals" "$(changes)" 0

# ---- ARUN joins from 01/10/2018 -----------------------------------------------------------------------
p partnership members WSUSSEX --add ARUN --from 2018-10-01 --by alice --reason "joined the shared team" --json
expect_rc 0 "ARUN joins from 01/10/2018"
expect_json "the change and the members from that day" '"\(.joined | join(",")) \(.members | join(","))"' \
    "ARUN ADUR,ARUN,WORTH"
expect_eq "a new row, with who and why" "$(sql "SELECT change, valid_from, entered_by, reason FROM partnership_member_changes")" \
    "join|2018-10-01|alice|joined the shared team"
expect_eq "audited under ARUN" \
    "$(sql "SELECT l.action, l.after->>'from', l.reason FROM audit_log l JOIN authorities a ON a.id = l.authority_id WHERE l.entity = 'partnership_member' AND a.code = 'ARUN'")" \
    "join|2018-10-01|joined the shared team"
p partnership members WSUSSEX --add ARUN --from 2018-11-01 --by alice --reason "again"
expect_rc 2 "ARUN is a member on 01/11: adding again is refused"

# ---- limits and portfolio as at a date: the members of that date ---------------------------------
cp_of() { printf '%s' "$OUT" | jq -r ".counterparties[] | select(.code == \"$1\") | $2"; }
p limits --partnership WSUSSEX --as-of 2018-09-30 --json
expect_rc 0 "limits on 30/09"
expect_json "members on 30/09: ADUR and WORTH" '.members | join(",")' "ADUR,WORTH"
# BANKA: ADUR's A1 5,000,000.00 + WORTH's W1 3,000,000.50; ARUN's R1 not yet counted
expect_eq "BANKA on 30/09" "$(cp_of BANKA .exposure)" "8000000.50"
expect_eq "ADUR's loan to ARUN is an outside exposure on 30/09" "$(cp_of ARUN .exposure)" "2000000.00"
expect_json "nothing eliminated on 30/09" '(.eliminated | length) + (.member_loans | length)' 0
p limits --partnership WSUSSEX --as-of 2018-10-01 --json
expect_json "members on 01/10: ARUN too" '.members | join(",")' "ADUR,ARUN,WORTH"
# BANKA: 8,000,000.50 + ARUN's R1 1,500,000.00
expect_eq "BANKA on 01/10" "$(cp_of BANKA .exposure)" "9500000.50"
expect_eq "ARUN no longer an outside counterparty" "$(cp_of ARUN .exposure)" ""
expect_json "ADUR's A2 with ARUN eliminated from 01/10" \
    '[.eliminated[] | "\(.member)>\(.counterparty_member) \(.exposure)"] | join(";")' "ADUR>ARUN 2000000.00"
expect_json "ARUN's loan from ADUR flagged" '[.member_loans[] | "\(.member)<\(.lender_member) \(.ref) \(.principal)"] | join(";")' \
    "ARUN<ADUR R-L1 2000000.00"
p portfolio --partnership WSUSSEX --as-of 2018-09-30 --json
# ADUR 5,000,000.00 + 2,000,000.00; WORTH 3,000,000.50 (W2 matured on 28/09)
expect_json "portfolio on 30/09: ADUR and WORTH" '"\(.total) \(.by_member | keys | join(","))"' "10000000.50 ADUR,WORTH"
p portfolio --partnership WSUSSEX --as-of 2018-10-01 --json
# 01/10: W2 matured on 28/09 (and ARUN's R2); + ARUN's R1 1,500,000.00
expect_json "portfolio on 01/10: ARUN too" '"\(.total) \(.between_members)"' "11500000.50 2000000.00"
p limits --partnership WSUSSEX --as-of 2017-12-31 --json
expect_json "before the partnership began: no members" '.members | length' 0

# ---- show --as-of, list, as known at a moment before the change ------------------------------------
p partnership show WSUSSEX --as-of 2018-09-30 --json
expect_json "show on 30/09" '[.members[].code] | join(",")' "ADUR,WORTH"
expect_json "with the beginning and the change" '"\(.began) \(.changes | map("\(.member) \(.change) \(.from) \(.entered_by)") | join(";"))"' \
    "2018-01-01 ARUN join 2018-10-01 alice"
p partnership show WSUSSEX --as-of 2018-10-01 --json
expect_json "show on 01/10" '[.members[] | "\(.code) \(.added_by)"] | join(",")' \
    "ADUR $(sql "SELECT entered_by FROM partnerships"),ARUN alice,WORTH $(sql "SELECT entered_by FROM partnerships")"
p partnership show WSUSSEX --as-of 2018-10-01 --as-known-at "$K" --json
expect_json "as known before the change: the old members" '[.members[].code] | join(",")' "ADUR,WORTH"
p limits --partnership WSUSSEX --as-of 2018-10-01 --as-known-at "$K" --json
expect_json "limits on 01/10 as known before the change: the old members" '.members | join(",")' "ADUR,WORTH"
expect_eq "... and BANKA without ARUN" "$(cp_of BANKA .exposure)" "8000000.50"
p partnership list --json
expect_json "list: the members of today (31/03/2018 in the tests)" '.partnerships[0].members | join(",")' "ADUR,WORTH"

# ---- the combined forecast over the change ---------------------------------------------------------
p cashflow --partnership WSUSSEX --from 2018-09-01 --to 2018-10-31 --by month --json
expect_rc 0 "cashflow --partnership over September and October"
printf '%s' "$OUT" >"$T/cf.json"
"$PRUDENT_BIN" cashflow --authority ARUN --from 2018-09-01 --to 2018-10-31 --by month --json >"$T/arun.json"
# opening on 01/09: ADUR's 350,000.00 + WORTH's 0.00 (ARUN not a member yet)
expect_json "opening: the members of 01/09" '.opening_balance' "350000.00"
# September: WORTH's W2 400,000.00 + 211 days at 0.5% (1,156.16); ARUN's R2 back the same day not counted
expect_json "September: only the members of September" '.periods[0] | "\(.receipts) \(.closing_balance)"' \
    "401156.16 751156.16"
expect_json "ARUN's September flows not among the items" '[.items[] | select(.member == "ARUN" and .date < "2018-10-01")] | length' 0
# 01/10: ARUN brings its balance of 30/09: 100,000.00 + R2 250,000.00 + 722.60 less R-L1's
# half-year interest paid on 03/09 (2,000,000.00 at 0.5% for half a year: 5,000.00) = 345,722.60,
# exactly its own forecast's September closing
expect_eq "ARUN's own closing on 30/09" "$(jq -r '.periods[0].closing_balance' "$T/arun.json")" "345722.60"
expect_json "ARUN's balance brought in on 01/10" \
    '[.items[] | select(.source == "member") | "\(.date) \(.member) \(.amount)"] | join(";")' "2018-10-01 ARUN 345722.60"
expect_json "R-L1's September interest not counted (ARUN not a member then)" \
    '[.items[], .eliminated[] | select(.ref == "R-L1" and .date < "2018-10-01")] | length' 0
# 31/10: ADUR's A2 back from ARUN (2,000,000.00 + 244 days: 6,684.93) and ARUN's R-L1 repaid
# (2,000,000.00 + the interest since 01/09, 60 days: 1,643.84): both members that day, eliminated
expect_json "the loan between members eliminated on 31/10" \
    '[.eliminated[] | "\(.date) \(.member)>\(.with) \(.ref) \(.amount)"] | join(";")' \
    "2018-10-31 ADUR>ARUN A2 2006684.93;2018-10-31 ARUN>ADUR R-L1 -2001643.84"
# October: 751,156.16 + 345,722.60
expect_json "October: ARUN's balance in, nothing else" '.periods[1] | "\(.receipts) \(.payments) \(.closing_balance)"' \
    "345722.60 0.00 1096878.76"
p cashflow --partnership WSUSSEX --from 2018-09-01 --to 2018-10-31 --by month --as-known-at "$K" --json
expect_rc 0 "the combined forecast as known before the change"
# as known then, ADUR's A2 is a deal with an outside council: its return on 31/10 counts:
# 751,156.16 + 2,006,684.93
expect_json "as known then: ADUR and WORTH only" '"\(.members | join(",")) \(.periods[1].closing_balance)"' \
    "ADUR,WORTH 2757841.09"
expect_json "... A2 an outside flow then" '[.items[] | select(.ref == "A2") | .amount] | join(",")' "2006684.93"

# ---- ARUN leaves from 01/12/2018 (a later change, also a new row) -------------------------------
p partnership members WSUSSEX --remove ARUN --from 2018-12-01 --by alice --reason "left the shared team"
expect_rc 0 "ARUN leaves from 01/12/2018"
expect_match "said" "$OUT" 'members from 2018-12-01: ADUR WORTH'
p limits --partnership WSUSSEX --as-of 2018-12-01 --json
expect_json "members on 01/12" '.members | join(",")' "ADUR,WORTH"
p limits --partnership WSUSSEX --as-of 2018-11-30 --json
expect_json "members on 30/11" '.members | join(",")' "ADUR,ARUN,WORTH"
p cashflow --partnership WSUSSEX --from 2018-11-01 --to 2018-12-31 --by month --json
# ARUN's balance in this forecast on 30/11: its opening (its last statement, 100,000.00) and
# nothing moving in November; it leaves with ARUN on 01/12 (the day of the change, not a bank day)
expect_eq "ARUN's own closing on 30/11" \
    "$("$PRUDENT_BIN" cashflow --authority ARUN --from 2018-11-01 --to 2018-11-30 --by month --json | jq -r '.periods[0].closing_balance')" \
    "100000.00"
expect_json "ARUN's balance taken out on 01/12" \
    '[.items[] | select(.source == "member") | "\(.date) \(.member) \(.amount)"] | join(";")' "2018-12-01 ARUN -100000.00"
# the opening on 01/11 counts ARUN (a member then): 350,000.00 + 0.00 + 100,000.00
expect_json "the opening on 01/11 with ARUN" '.opening_balance' "450000.00"
# December: A1 5,000,000.00 + 305 days at 0.5% (20,890.41) and W1 3,000,000.50 + 12,534.25 back on
# 31/12; ARUN's R1 that day not counted (ARUN left on 01/12): 450,000.00 + 8,033,425.16 - 100,000.00
expect_json "ARUN's R1 on 31/12 not counted" '[.items[] | select(.ref == "R1")] | length' 0
expect_json "December's closing without ARUN" '.periods[1].closing_balance' "8383425.16"
expect_eq "rows kept: the join and the leave" "$(changes)" 2

# ---- over the API: the members of the date, those the token covers -----------------------------------
ALL=$("$PRUDENT_BIN" user add val --role viewer --authority ADUR WORTH ARUN)
ADUR_ONLY=$("$PRUDENT_BIN" user add ada --role viewer --authority ADUR)
ARUN_ONLY=$("$PRUDENT_BIN" user add arn --role viewer --authority ARUN)
export PRUDENT_TODAY=2018-03-31
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
for d in 2018-09-30 2018-10-01; do
    req GET "/api/v1/partnerships/WSUSSEX?as_of=$d" "$ALL"
    expect_eq "GET .../WSUSSEX?as_of=$d: 200, the JSON of \`prudent partnership show --as-of $d --json\`" \
        "$STATUS $(jq -S . "$T/.body")" \
        "200 $("$PRUDENT_BIN" partnership show WSUSSEX --as-of "$d" --json | jq -S .)"
done
req GET "/api/v1/partnerships/WSUSSEX?as_of=2018-10-01" "$ALL"
expect_eq "... on 01/10: three members" "$(jq -c '[.members[].code]' "$T/.body")" '["ADUR","ARUN","WORTH"]'
req GET "/api/v1/partnerships/WSUSSEX?as_of=2018-10-01&as_known_at=$K" "$ALL"
expect_eq "... as known before the change: two" "$(jq -c '[.members[].code]' "$T/.body")" '["ADUR","WORTH"]'
req GET "/api/v1/partnerships/WSUSSEX?as_of=2018-10-01" "$ADUR_ONLY"
expect_eq "a token covering ADUR only sees ADUR" "$STATUS $(jq -c '[.members[].code]' "$T/.body")" '200 ["ADUR"]'
req GET "/api/v1/partnerships/WSUSSEX?as_of=2018-09-30" "$ARUN_ONLY"
expect_match "a token covering ARUN only: no member on 30/09" "$STATUS $(jq -c .error.code "$T/.body")" '^404 "unknown_partnership"'
req GET "/api/v1/partnerships/WSUSSEX?as_of=2018-10-01" "$ARUN_ONLY"
expect_eq "... ARUN on 01/10" "$STATUS $(jq -c '[.members[].code]' "$T/.body")" '200 ["ARUN"]'
req GET "/api/v1/partnerships/WSUSSEX/limits?as_of=2018-10-01" "$ALL"
expect_eq "limits over the API on 01/10: BANKA with ARUN" \
    "$(jq -r '.counterparties[] | select(.code == "BANKA") | .exposure' "$T/.body")" "9500000.50"
req GET "/api/v1/partnerships/WSUSSEX/cashflow?from=2018-09-01&to=2018-10-31&by=month&as_known_at=$K" "$ALL"
expect_eq "the combined forecast over the API as known before the change" \
    "$STATUS $(jq -S . "$T/.body")" \
    "200 $("$PRUDENT_BIN" cashflow --partnership WSUSSEX --from 2018-09-01 --to 2018-10-31 --by month --as-known-at "$K" --json | jq -S .)"
req GET "/api/v1/partnerships/WSUSSEX?as_of=2018-02-30" "$ALL"
expect_eq "a bad as_of: 400" "$STATUS $(jq -r .error.field "$T/.body")" "400 as_of"

finish
