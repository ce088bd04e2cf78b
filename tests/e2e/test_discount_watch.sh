#!/usr/bin/env bash
# test_discount_watch.sh: the discount watch (issue 17). PWLB premature repayment rates saved in
# the PWLB rates file beside the new-loan rates (an old file without them still loads); `prudent
# loans discount` prices every fixed-rate PWLB loan at the rate for its own type and remaining
# term (the DMO's worked example to the penny; an interpolated rate computed by hand); a loan
# crossing into discount raises loan.in_discount once, not again while it stays there, and again
# after it left and came back.
. "$(dirname "$0")/lib.sh"

export PRUDENT_FEEDS="$T/feeds"
mkdir -p "$PRUDENT_FEEDS"
# the shipped definition, reading a file of this test's
sed "s|file://\${PRUDENT_HOME}/pwlb/pwlb-rates.csv|file://$T/pwlb.csv|" "$ROOT/feeds/pwlb.json" >"$PRUDENT_FEEDS/pwlb.json"
p authority add WSX --name "Wessex County Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
cat >"$T/loans.csv" <<'EOF2'
ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months
DMO,pwlb,PWLB,12000000,8.375,1982-09-18,1992-09-18,maturity,,
A1,pwlb,PWLB,3000000,9.5,1982-09-18,1992-09-18,annuity,,
E1,pwlb,PWLB,2000000,9.0,1982-09-18,1995-09-18,eip,,
L1,lobo,DEXIA,5000000,4.75,1982-03-31,2032-03-31,maturity,1988-03-31,6
EOF2
p import loans "$T/loans.csv"
expect_rc 0 "import the loans"
in_discount() { sql "SELECT count(*) || ' ' || coalesce(string_agg(state, ',' ORDER BY id), '') FROM alerts WHERE kind = 'loan.in_discount' AND subject = '$1'"; }

# --- an old file (new-loan rates only) still loads; with no repayment rates the watch says so ---
export PRUDENT_TODAY=1989-10-02
printf 'date,maturity_1y,maturity_5y,maturity_10y,maturity_25y,maturity_50y\n1989-09-29,11.9,11.6,11.2,10.9,10.8\n' >"$T/pwlb.csv"
vold=$(sql "SELECT coalesce(max(version), 0) FROM change_versions WHERE scope > 0")
p feeds poll pwlb
expect_eq "new-loan rates alone change no authority's version" "$(sql "SELECT coalesce(max(version), 0) FROM change_versions WHERE scope > 0")" "$vold"
expect_rc 0 "an old PWLB rates file still loads"
expect_match "five new-loan observations" "$OUT" 'pwlb: 5 observations'
expect_eq "no repayment series is stale for want of a column" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind = 'feed.stale' AND subject LIKE 'pwlb_repayment%'")" "0"
p loans discount --as-of 1989-10-02
expect_rc 2 "no repayment rates: refused"
expect_match "and told why" "$ERR" 'no PWLB repayment rates on or before 1989-10-02'

# --- repayment rates by type and term ---
# maturity loans: 11.5 at 1 and 5 years (the DMO example's rate for any term between);
# annuity loans: 11 at 1 year, 13 at 5 years; none for EIP loans.
cat >"$T/pwlb.csv" <<'EOF2'
date,maturity_1y,maturity_5y,maturity_10y,maturity_25y,maturity_50y,repayment_maturity_1y,repayment_maturity_5y,repayment_annuity_1y,repayment_annuity_5y
1989-09-29,11.9,11.6,11.2,10.9,10.8,,,,
1989-10-02,11.9,11.6,11.2,10.9,10.8,11.5,11.5,11,13
EOF2
version() { sql "SELECT coalesce(max(version), 0) FROM change_versions WHERE scope > 0"; }
v0=$(version)
p feeds poll pwlb
expect_rc 0 "the file with repayment rates loads"
expect_eq "new repayment rates mark the authorities changed (sql/110), so the service recomputes" "$(( $(version) > v0 ))" "1"
expect_eq "repayment series stored" "$(sql "SELECT string_agg(series || '=' || value, ' ' ORDER BY series) FROM rate_observations WHERE series LIKE 'pwlb_repayment%'")" \
    "pwlb_repayment_annuity_1y=11.000000 pwlb_repayment_annuity_5y=13.000000 pwlb_repayment_maturity_1y=11.500000 pwlb_repayment_maturity_5y=11.500000"
p loans discount --as-of 1989-10-02 --json
expect_rc 0 "loans discount"
expect_json "rates of the day" '.rates_date' "1989-10-02"
expect_json "every PWLB loan listed by ref, the LOBO not" '[.loans[].ref] | join(",")' "A1,DMO,E1"
watch=$OUT
# The DMO's worked example: £12,000,000 at 8 3/8% to 18/09/1992 repaid 02/10/1989 at 11 1/2%:
# a discount of £919,000.48; accrued 12,000,000 x 0.041875 x 14/182.5 = £38,547.95; settlement
# 12,000,000 + 38,547.95 - 919,000.48 = £11,119,547.47.
expect_json "DMO: outstanding, rate, discount, accrued, settlement" \
    '.loans[1] | "\(.outstanding) \(.repayment_rate) \(.premium) \(.accrued_interest) \(.settlement) \(.in_discount)"' \
    "12000000.00 11.5000 -919000.48 38547.95 11119547.47 true"
# A1's remaining term, 1,082 days, lies between the 1y term (02/10/1990, 365 days) and the 5y
# (02/10/1994, 1,826 days): 11 + 2 x (1082 - 365)/(1826 - 365) = 11 + 1434/1461 = 11.981520.
expect_json "A1 at the annuity rate for its term" '.loans[0].repayment_rate' "11.9815"
expect_json "E1: no EIP rates, listed unpriced" '.loans[2] | "\(.repayment_rate) \(.premium) \(.outstanding | tonumber > 0)"' "null null true"
expect_json "totals over the priced loans" '"\(.count) \(.in_discount)"' "2 2"
a1=$(printf '%s' "$watch" | jq -r '.loans[0] | "\(.outstanding) \(.premium) \(.settlement)"')
p loan premium A1 --date 1989-10-02 --rate 11.981520 --json
expect_json "A1 priced as the premium verb prices it at that rate" '"\(.outstanding) \(.premium) \(.settlement)"' "$a1"
p loan discount --as-of 1989-10-02 --json
expect_json "loan discount is the same watch" '.loans[1].premium' "-919000.48"
p loans discount --as-of 1989-10-02
expect_match "as a table" "$OUT" 'DMO +1992-09-18 +8\.3750 +£12,000,000\.00 +11\.5000 +-£919,000\.48 +£38,547\.95 +£11,119,547\.47'
expect_match "E1 without a rate" "$OUT" 'E1 +1995-09-18 +9\.0000 +£923,076\.88 +no rate'
p loans discount --as-of 1989-09-29
expect_rc 2 "the day before: that day's row left the repayment cells empty, so there are none"
p loans --help
expect_rc 0 "loans --help"
p loans premium DMO
expect_rc 2 "loans has one action"

# --- loan.in_discount: raised once on the poll that brought the rates ---
expect_eq "DMO's alert raised by the poll" "$(in_discount DMO)" "1 open"
expect_eq "A1's too" "$(in_discount A1)" "1 open"
expect_eq "E1 unpriced: none" "$(in_discount E1)" "0 "
expect_json_alert() { sql "SELECT details->>'premium' || ' ' || (details->>'repayment_rate') FROM alerts WHERE kind = 'loan.in_discount' AND subject = '$1' AND state <> 'resolved'"; }
expect_eq "its details" "$(expect_json_alert DMO)" "-919000.48 11.5000"
expect_eq "its notification queued" "$(sql "SELECT count(*) > 0 FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.kind = 'loan.in_discount' AND a.subject = 'DMO'")" "t"
p recompute
p recompute
expect_eq "not again while it stays in discount (recompute)" "$(in_discount DMO)" "1 open"
export PRUDENT_TODAY=1989-10-03
printf '1989-10-03,11.9,11.6,11.2,10.9,10.8,11.6,11.6,11,13\n' >>"$T/pwlb.csv"
p feeds poll pwlb
expect_eq "nor on the next day's rates" "$(in_discount DMO)" "1 open"
p alerts --json
expect_json "listed once" '[.alerts[] | select(.kind == "loan.in_discount" and .subject == "DMO")] | length' "1"
# rates fall below the loan's: a premium, the alert resolved
export PRUDENT_TODAY=1989-10-04
printf '1989-10-04,11.9,11.6,11.2,10.9,10.8,7,7,7,7\n' >>"$T/pwlb.csv"
p feeds poll pwlb
p loans discount --as-of 1989-10-04 --json
expect_json "DMO at a premium" '.loans[1] | "\(.in_discount) \(.premium | startswith("-"))"' "false false"
expect_eq "left discount: resolved" "$(in_discount DMO)" "1 resolved"
expect_eq "A1 too" "$(in_discount A1)" "1 resolved"
# and back into discount: a new alert
export PRUDENT_TODAY=1989-10-05
printf '1989-10-05,11.9,11.6,11.2,10.9,10.8,11.5,11.5,7,7\n' >>"$T/pwlb.csv"
p feeds poll pwlb
expect_eq "re-entering discount raises it again" "$(in_discount DMO)" "2 resolved,open"
expect_eq "A1 stays at a premium" "$(in_discount A1)" "1 resolved"
# the loan repaid: nothing left to be in discount
p loan repay DMO --date 1989-10-05 --rate 11.5 --by alice --reason "take the discount"
expect_rc 0 "repay the DMO loan"
p recompute
expect_eq "a repaid loan's alert resolves" "$(in_discount DMO)" "2 resolved,resolved"
finish
