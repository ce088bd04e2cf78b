#!/usr/bin/env bash
# test_demo_analytics.sh: the demo authority's whole book (config/demo) with both strategies:
# the indicators at 31/03/2018 and 01/04/2018 carry each year's limits, and wam, the 364-day
# figure, liquidity and the maturity bands agree with the holdings and loans that the portfolio
# and debt views list (figures recomputed here with jq from those listings).
. "$(dirname "$0")/lib.sh"

DEMO="$ROOT/config/demo"
p authority add BORSET --name "Borsetshire County Council"
for kind in counterparties strategy investments loans; do
    for f in "$DEMO"/$kind*.csv "$DEMO"/$kind*.json; do
        [ -f "$f" ] || continue
        p import "$kind" "$f" --authority BORSET
        expect_rc 0 "import $kind $(basename "$f")"
    done
done

lim() { jq -r ".indicators[] | select(.code == \"$1\") | .limit" <<<"$2"; }
p indicators --as-of 2018-03-31 --json
i2017=$OUT
p indicators --as-of 2018-04-01 --json
i2018=$OUT
expect_eq "2017/18 authorised limit" "$(lim authorised_limit "$i2017")" "455000000.00"
expect_eq "2018/19 authorised limit" "$(lim authorised_limit "$i2018")" "430000000.00"
expect_eq "2017/18 operational boundary" "$(lim operational_boundary "$i2017")" "450000000.00"
expect_eq "2018/19 operational boundary" "$(lim operational_boundary "$i2018")" "425000000.00"
expect_eq "2017/18 over 364 days" "$(lim invested_over_364_days "$i2017")" "85000000.00"
expect_eq "2018/19 over 364 days" "$(lim invested_over_364_days "$i2018")" "75000000.00"
expect_eq "2017/18 under_12m upper" "$(lim maturity_structure.under_12m "$i2017")" "20"
expect_eq "2018/19 under_12m upper" "$(lim maturity_structure.under_12m "$i2018")" "15"
expect_eq "2018/19 liquidity minimum (none in 2017/18)" "$(lim liquidity "$i2017") $(lim liquidity "$i2018")" \
    "null 10000000.00"

# cross-checks at 31/03/2018 against the portfolio's holdings
p portfolio --as-of 2018-03-31 --json
holdings=$OUT
wam_jq='[.holdings[] | select(.type != "pooled")] | (map((.principal | tonumber) * .days) | add) / (map(.principal | tonumber) | add) | . * 100 | round / 100'
want_wam=$(jq -r "$wam_jq" <<<"$holdings")
p wam --as-of 2018-03-31 --json
expect_json "WAM agrees with the portfolio's holdings ($want_wam days)" '.overall.days' "$want_wam"
want_364=$(jq -r '[.holdings[] | select(.type != "pooled" and .days > 364) | .principal | tonumber] | add // 0 | . * 100 | round' <<<"$holdings")
got_364=$(jq -r '.indicators[] | select(.code == "invested_over_364_days") | .actual | tonumber | . * 100 | round' <<<"$i2017")
expect_eq "over 364 days agrees with the holdings" "$got_364" "$want_364"
want_liq=$(jq -r '[.holdings[] | select(.type != "pooled" and .days <= 90) | .principal | tonumber] | add // 0 | . * 100 | round' <<<"$holdings")
got_liq=$(jq -r '.indicators[] | select(.code == "liquidity") | .actual | tonumber | . * 100 | round' <<<"$i2017")
expect_eq "liquidity agrees with the holdings" "$got_liq" "$want_liq"

# the maturity structure: bands add up to the debt, shares to 100
p debt --as-of 2018-03-31 --json
expect_json "debt and indicators agree on external debt" '.external_debt' \
    "$(jq -r .external_debt <<<"$i2017")"
expect_json "the bands add up to the external debt" \
    '([.maturity_structure[].principal | tonumber] | add | . * 100 | round) == (.external_debt | tonumber | . * 100 | round)' "true"
expect_json "shares add up to 100 (within rounding)" \
    '[.maturity_structure[].percent] | add | . - 100 | fabs < 0.05' "true"
expect_json "indicators' bands are the debt view's" \
    '[.maturity_structure[].percent] | map(tostring) | join(",")' \
    "$(jq -r '[.indicators[] | select(.code | startswith("maturity_structure.")) | .actual] | map(tostring) | join(",")' <<<"$i2017")"
finish
