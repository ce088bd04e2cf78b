#!/usr/bin/env bash
# test_loan_events.sh: `prudent loan premium|repay|option`: the PWLB premature-repayment premium
# against the DMO's worked example, LOBO options and PWLB repayments changing the book's figures
# only from their dates, and refusals that write nothing.
. "$(dirname "$0")/lib.sh"

p authority add WSX --name "Wessex County Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
cat >"$T/loans.csv" <<'EOF2'
ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months
DMO,pwlb,PWLB,12000000,8.375,1982-09-18,1992-09-18,maturity,,
P2,pwlb,PWLB,4000000,5.25,2008-03-31,2040-03-31,maturity,,
L1,lobo,DEXIA,5000000,4.75,2008-03-31,2058-03-31,maturity,2018-03-31,6
EOF2
p import loans "$T/loans.csv"
expect_rc 0 "import the loans"
events() { sql "SELECT count(*) FROM loan_events"; }

# --- the premium: the DMO's own example ---
# £12,000,000 at 8 3/8%, final payment 18/09/1992, repaid 02/10/1989 at 11 1/2%: N = 6, D = 14,
# a discount of £919,000.48; accrued 12,000,000 x 0.041875 x 14/182.5 = £38,547.95; settlement
# 12,000,000 + 38,547.95 - 919,000.48 = £11,119,547.47.
p loan premium DMO --date 1989-10-02 --rate 11.5 --json
expect_rc 0 "premium --json"
expect_json "the interface's fields" '[.ref, .date, .outstanding, .repayment_rate] | join(" ")' \
    "DMO 1989-10-02 12000000.00 11.5000"
expect_json "the DMO's discount" '.premium' "-919000.48"
expect_json "accrued interest" '.accrued_interest' "38547.95"
expect_json "settlement" '.settlement' "11119547.47"
expect_json "D and N" '"\(.days) \(.periods) \(.last_interest_date)"' "14 6 1989-09-18"
p loan discount --date 1989-10-02 --rate 11.5 --json
expect_json "the discount watch in 1989: the DMO loan alone" '"\(.count) \(.total_premium)"' "1 -919000.48"
expect_eq "no warning with three years to run" "$ERR" ""
p loan premium DMO --date 1989-10-02 --rate 11.5
expect_rc 0 "premium as text"
expect_match "text names the discount" "$OUT" 'Discount +£919,000\.48'
p loan premium DMO --date 1991-10-02 --rate 11.5 --json
expect_rc 0 "premium under a year before maturity"
expect_match "warns under one year to run" "$ERR" 'less than a year to run'
p loan --help
expect_rc 0 "loan --help"
expect_match "help shows the verbs" "$OUT" 'prudent loan option REF --date D'

# --- refusals write nothing ---
p loan premium NOPE --date 2019-01-01 --rate 4
expect_rc 2 "unknown ref refused"
expect_match "says which" "$ERR" 'no loan NOPE'
p loan premium DMO --date 1992-09-18 --rate 4
expect_rc 2 "a date on the maturity refused"
expect_match "says why" "$ERR" 'on or after the maturity of loan DMO'
p loan premium L1 --date 2019-01-01 --rate 4
expect_rc 2 "a LOBO is not priced by the PWLB's formula"
expect_match "says why" "$ERR" 'lobo loan'
p loan option L1 --date 2018-10-01 --rate 5 --by alice
expect_rc 2 "an option off an option date refused"
expect_match "names the next option date" "$ERR" 'the next is 2019-03-31'
p loan option P2 --date 2018-09-30 --rate 5 --by alice
expect_rc 2 "an option on a PWLB loan refused"
p loan repay DMO --date 1993-01-01 --rate 4 --by alice
expect_rc 2 "a repayment after maturity refused"
p loan repay P2 --date 2019-06-14 --rate 4 --amount 5000000 --by alice
expect_rc 2 "a repayment above the outstanding refused"
p loan option NOPE --date 2018-09-30 --rate 5 --by alice
expect_rc 2 "an option on an unknown loan refused"
expect_eq "the refusals wrote no event" "$(events)" "0"

# --- a LOBO option changes the rate from its date ---
# 29/09/2018: L1 5m at 4.75, P2 4m at 5.25: (23.75 + 21) / 9 = 4.97222 -> 4.9722;
# from 30/09/2018 L1 at 5.75: (28.75 + 21) / 9 = 5.52777 -> 5.5278.
auth=$(sql "SELECT id FROM authorities WHERE code = 'WSX'")
v0=$(sql "SELECT version FROM change_versions WHERE scope = $auth")
p loan option L1 --date 2018-09-30 --rate 5.75 --by alice --reason "Dexia's new rate" --json
expect_rc 0 "record the lender's option"
expect_json "the option's document" '"\(.kind) \(.rate) \(.previous_rate) \(.next_option_date)"' \
    "rate_change 5.7500 4.7500 2019-03-31"
v1=$(sql "SELECT version FROM change_versions WHERE scope = $auth")
expect_eq "the book's version moved" "$([ "$v1" -gt "$v0" ] && echo yes)" "yes"
expect_eq "audited with who and why" "$(sql "SELECT actor || ' ' || action || ' ' || reason FROM audit_log WHERE entity = 'loan' AND action = 'option'")" \
    "alice option Dexia's new rate"
p debt --as-of 2018-09-29 --json
expect_json "average rate the day before" '.average_rate' "4.9722"
p debt --as-of 2018-09-30 --json
expect_json "average rate from the option date" '.average_rate' "5.5278"
expect_json "the LOBO's rate" '.loans[] | select(.ref == "L1") | .rate' "5.7500"
# interest: the half-year to 30/09/2018 at 4.75 (118,750.00), the next to 31/03/2019 at 5.75
# (143,750.00); P2 105,000.00 each.
p interest --from 2018-09-30 --to 2018-09-30 --json
expect_json "the instalment on the option date is at the old rate" '.loans[] | select(.ref == "L1") | .payable' "118750.00"
p interest --from 2019-03-31 --to 2019-03-31 --json
expect_json "the next at the new rate" '.loans[] | select(.ref == "L1") | .payable' "143750.00"

# --- a LOBO repaid at par: gone from its date ---
p maturing --from 2057-04-01 --to 2058-03-31 --json
expect_json "L1's final instalment is due" '[.instalments[].ref] | join(",")' "L1"
p loan option L1 --date 2019-03-31 --repaid --by bob --json
expect_rc 0 "record the loan repaid at par"
expect_json "repaid at par" '"\(.kind) \(.rate) \(.outstanding)"' "repaid_at_par null 5000000.00"
p debt --as-of 2019-03-30 --json
expect_json "external debt the day before" '.external_debt' "9000000.00"
p debt --as-of 2019-03-31 --json
expect_json "external debt from the date" '.external_debt' "4000000.00"
expect_json "L1 is gone" '[.loans[].ref] | join(",")' "P2"
p maturing --from 2057-04-01 --to 2058-03-31 --json
expect_json "its final instalment is gone" '.instalments | length' "0"
p loan option L1 --date 2019-09-30 --rate 5 --by bob
expect_rc 2 "no option on a loan already repaid"

# --- a partial PWLB repayment reduces outstanding only from its date ---
p loan premium P2 --date 2019-06-14 --rate 4.0 --json
full=$OUT
# the discount watch on that day: P2 only (L1 is a LOBO and gone, DMO matured), at 4.0 given or the
# latest observation of a series on or before the day (the one after it is not used)
p4=$(printf '%s' "$full" | jq -r '.premium')
p loan discount --date 2019-06-14 --rate 4.0 --json
expect_rc 0 "discount watch at a rate"
expect_json "one PWLB loan watched" '"\(.count) \([.loans[].ref] | join(",")) \(.total_outstanding)"' "1 P2 4000000.00"
expect_json "its premium as the premium verb's" '.total_premium' "$p4"
sql "INSERT INTO rate_observations (series, date, value, feed) VALUES ('pwlb_repay', '2019-06-01', 4.0, 'hand'), ('pwlb_repay', '2019-06-20', 9.0, 'hand')"
p loan discount --date 2019-06-14 --series pwlb_repay --json
expect_rc 0 "discount watch from a series"
expect_json "the latest observation on or before the day" '"\(.repayment_rate) \(.rate_date) \(.total_premium)"' "4.0000 2019-06-01 $p4"
p loan discount --date 2019-06-14 --series nope
expect_rc 2 "an unknown series refused"
p loan discount --date 2019-06-14 --rate 4.0
expect_match "discount watch as a table" "$OUT" 'P2 +2040-03-31 +5\.2500 +£4,000,000\.00'
p loan repay P2 --date 2019-06-14 --rate 4.0 --amount 1000000 --by alice --reason "cash surplus" --json
expect_rc 0 "record a partial repayment"
expect_json "outstanding before it" '.outstanding' "4000000.00"
expect_json "the part repaid" '.amount' "1000000.00"
# the premium on £1m is the factor on £4m over 4, to the penny
p1=$(printf '%s' "$OUT" | jq -r '.premium')
expect_eq "premium on a quarter is a quarter (within a penny)" \
    "$(echo "d = $p4 / 4 - $p1; if (d < 0) d = -d; d <= 0.01" | bc -l)" "1"
expect_eq "priced and stored with the event" "$(sql "SELECT premium FROM loan_events WHERE kind = 'repaid'")" "$p1"
p debt --as-of 2019-06-13 --json
expect_json "4m the day before" '.loans[] | select(.ref == "P2") | .principal' "4000000.00"
p debt --as-of 2019-06-14 --json
expect_json "3m from the repayment date" '.loans[] | select(.ref == "P2") | "\(.principal) \(.original_principal)"' \
    "3000000.00 4000000.00"
p maturing --from 2039-04-01 --to 2040-03-31 --json
expect_json "3m left to repay at maturity" '.total' "3000000.00"
n=$(events)
p loan repay P2 --date 2019-01-01 --rate 4 --amount 1 --by alice
expect_rc 2 "a repayment dated before the last event refused"
expect_match "says why" "$ERR" 'date order'
expect_eq "and wrote nothing" "$(events)" "$n"

# --- repaid in whole: gone from its date, its instalments after it too ---
p loan repay P2 --date 2020-03-31 --rate 4.0 --by alice --json
expect_rc 0 "record the whole repayment"
expect_json "the whole outstanding" '.amount' "3000000.00"
p debt --as-of 2020-03-30 --json
expect_json "3m the day before" '.external_debt' "3000000.00"
p debt --as-of 2020-03-31 --json
expect_json "no debt from the date" '.external_debt' "0.00"
p maturing --from 2039-04-01 --to 2040-03-31 --json
expect_json "no instalment left" '.instalments | length' "0"
p loan premium P2 --date 2020-06-01 --rate 4 --json
expect_rc 2 "no premium on a loan repaid"
expect_match "says so" "$ERR" 'repaid in whole'

finish
