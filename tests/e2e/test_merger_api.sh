#!/usr/bin/env bash
# test_merger_api.sh: the merger through the API (docs/api.md, docs/shared-services.md "A merger
# on a vesting day"): POST /api/v1/authorities/NEW/merge is refused (403, nothing written) for an
# admin whose token covers only some of the authorities named and for a dealer, and merges for an
# admin covering the successor and every predecessor, exactly as `prudent authority merge`; the
# successor's users then read a moved deal's earlier versions as known at a moment (sql/223), and
# the forecast items live on the day move to the successor's cashflow from the day (sql/224).
export PRUDENT_TODAY=2020-06-30
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

for a in EAST:"East District Council" WEST:"West District Council" UNITY:"Unity Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
    expect_rc 0 "authority ${a%%:*} added"
done
printf 'code,name,sector,country,group\nBANKA,Bank A,bank,GB,\n' >"$T/cps.csv"
p import counterparties "$T/cps.csv"
expect_rc 0 "counterparties imported"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKA,fitch,long,AA-,stable,,2017-01-01\n' >"$T/ratings.csv"
p import ratings "$T/ratings.csv"
expect_rc 0 "ratings imported"
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
for a in EAST WEST UNITY; do
    p import strategy "$T/strategy.json" --authority "$a"
    expect_rc 0 "strategy of $a"
done
for d in EAST:E1:2019-10-01 WEST:W1:2020-01-02; do
    IFS=: read -r a ref start <<<"$d"
    p deal book --authority "$a" --ref "$ref" --type fixed --counterparty BANKA --amount 1000000 --rate 1.5 \
        --start "$start" --maturity 2020-09-30 --by alice --late-reason "the predecessor's dealing sheet" --as-of "$start"
    expect_rc 0 "$a books $ref"
done

# forecast items of EAST: one before the day (stays), one after it (moves), one monthly across it
# (its occurrences from the day move); sql/224
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,General account,Barclays,20-00-00,12345678,0\n' >"$T/accounts.csv"
for a in EAST UNITY; do
    p import accounts "$T/accounts.csv" --authority "$a"
    expect_rc 0 "$a's account MAIN"
done
cat >"$T/cashflows.csv" <<'CSV'
date,account,amount,category,description,repeat,until
2020-03-16,MAIN,-100000,creditors,before the day,,
2020-04-15,MAIN,200000,grants,after the day,,
2020-02-28,MAIN,-50000,payroll,salaries,monthly,2020-05-31
CSV
p import cashflows "$T/cashflows.csv" --authority EAST
expect_rc 0 "EAST's forecast items"
flows() { # AUTHORITY: the forecast flows of March to May 2020, "date ref amount" each
    "$PRUDENT_BIN" cashflow --authority "$1" --from 2020-03-01 --to 2020-05-31 --json |
        jq -r '[.items[] | select(.source == "forecast") | "\(.date) \(.ref) \(.amount)"] | join(",")'
}
EAST_BEFORE=$(flows EAST)

SOME=$("$PRUDENT_BIN" user add ann --role admin --authority UNITY,EAST)
ALL=$("$PRUDENT_BIN" user add bob --role admin --authority UNITY,EAST,WEST)
DEAL=$("$PRUDENT_BIN" user add dan --role dealer --authority UNITY,EAST,WEST)
if ! start_service "$T/serve.log"; then
    _notok "the service starts"; finish
fi

BODY='{"from": ["EAST", "WEST"], "on": "2020-04-01"}'
req POST /api/v1/authorities/UNITY/merge "$SOME" -H 'Content-Type: application/json' -d "$BODY"
expect_eq "an admin covering only some is refused" "$STATUS" "403"
expect_json "naming the authority it does not cover" '"\(.error.code) \(.error.field) \(.error.message)"' \
    "forbidden_authority from this token does not cover authority WEST"
req POST /api/v1/authorities/WEST/merge "$SOME" -H 'Content-Type: application/json' -d '{"from": ["EAST"], "on": "2020-04-01"}'
expect_eq "nor may it name a successor it does not cover" "$STATUS" "403"
req POST /api/v1/authorities/UNITY/merge "$DEAL" -H 'Content-Type: application/json' -d "$BODY"
expect_eq "a dealer is refused" "$STATUS" "403"
expect_json "for the role" '.error.code' "forbidden_role"
req POST /api/v1/authorities/UNITY/merge "$ALL" -H 'Content-Type: application/json' -d '{"from": ["EAST", "EAST"], "on": "2020-04-01"}'
expect_eq "a predecessor named twice is refused" "$STATUS" "400"
expect_json "and named" '"\(.error.field) \(.error.message)"' "from EAST is named twice"
req POST /api/v1/authorities/UNITY/merge "$ALL" -H 'Content-Type: application/json' -d '{"from": ["EAST", "WEST"], "on": "2019-12-01"}'
expect_eq "a vesting day before a predecessor's booking is refused as by the CLI" "$STATUS" "409"
expect_json "with the CLI's reason and its own code" '"\(.error.code) \(.error.field) \(.error.message)"' \
    "booked_after_vesting on --on 2019-12-01: WEST's book must end the day before, but its W1 starts on 02/01/2020"
expect_eq "nothing was written by the refusals" \
    "$(sql 'SELECT (SELECT count(*) FROM authority_mergers) + (SELECT count(*) FROM holding_transfers)')" 0

req POST /api/v1/authorities/UNITY/merge "$ALL" -H 'Content-Type: application/json' -d "$BODY"
expect_eq "an admin covering every authority named merges" "$STATUS" "201"
expect_json "the document of \`authority merge --json\`" \
    '"\(.successor) \(.vesting_date) " + ([.predecessors[] | "\(.code):\([.investments[].ref] | join("+"))"] | join(","))' \
    "UNITY 2020-04-01 EAST:E1,WEST:W1"
expect_eq "the trail names the token's user" \
    "$(sql "SELECT string_agg(DISTINCT actor, ',') FROM audit_log WHERE entity = 'merger'")" "bob"
p portfolio --authority UNITY --as-of 2020-04-01 --json
expect_json "UNITY holds the predecessors' deals on the day" '"\([.holdings[].ref] | sort | join(",")) \(.total)"' \
    "E1,W1 2000000.00"
p portfolio --authority EAST --as-of 2020-04-01 --json
expect_json "EAST holds nothing on the day" '.count' "0"
req POST /api/v1/authorities/UNITY/merge "$ALL" -H 'Content-Type: application/json' -d "$BODY"
expect_eq "merging again is refused" "$STATUS" "409"
expect_json "as merged already, naming the authority" '"\(.error.code) \(.error.field) \(.error.message)"' \
    "already_merged from EAST is part of the merger into UNITY on 01/04/2020 already"

# ---- the forecast items live on the day move from it (sql/224) -----------------------------------
expect_eq "EAST's forecast before the merger: CF3 monthly (28/03 a Saturday: paid 30/03)" "$EAST_BEFORE" \
    "2020-03-16 CF1 -100000.00,2020-03-30 CF3 -50000.00,2020-04-15 CF2 200000.00,2020-04-28 CF3 -50000.00,2020-05-28 CF3 -50000.00"
expect_eq "after it, EAST keeps what falls before the day" "$(flows EAST)" \
    "2020-03-16 CF1 -100000.00,2020-03-30 CF3 -50000.00"
expect_eq "and UNITY has the rest, from the day" "$(flows UNITY)" \
    "2020-04-15 CF2 200000.00,2020-04-28 CF3 -50000.00,2020-05-28 CF3 -50000.00"
expect_eq "the merger listed the items it moved" \
    "$(sql "SELECT string_agg(ref, ',' ORDER BY ref) FROM holding_transfers WHERE kind = 'cash_item'")" "CF2,CF3"
req GET "/api/v1/authorities/UNITY/cashflow?from=2020-03-01&to=2020-05-31" "$ALL"
expect_json "UNITY's API user sees them (the successor policy on cash_items)" \
    '[.items[] | select(.source == "forecast") | .ref] | join(",")' "CF2,CF3,CF3"

# ---- the book's flows of a moved deal: the predecessor's to the day before, the successor's from it
bookflows() { # AUTHORITY: the book's flows of March to October 2020, "date ref amount" each
    "$PRUDENT_BIN" cashflow --authority "$1" --from 2020-03-01 --to 2020-10-31 --json |
        jq -r '[.items[] | select(.source != "forecast") | "\(.date) \(.ref) \(.amount)"] | join(",")'
}
expect_eq "EAST's forecast no longer has E1's maturity (moved on 01/04/2020)" "$(bookflows EAST)" ""
# by hand: E1 1,000,000.00 + 1.5% x 365 nights (01/10/2019 to 30/09/2020) = 1,015,000.00;
# W1 1,000,000.00 + 1.5% x 272 nights (02/01/2020 to 30/09/2020) = 1,011,178.08
expect_eq "UNITY's has E1's and W1's" "$(bookflows UNITY)" \
    "2020-09-30 E1 1015000.00,2020-09-30 W1 1011178.08"

# ---- the successor changes a moved item, the predecessor no longer (sql/265) ----------------------
PRUDENT_TOKEN=$DEAL p cashflow amend CF3 --authority EAST --amount -55000 --by dan --reason "pay rise"
expect_rc 2 "EAST can no longer amend CF3"
expect_match "saying who changes it now" "$ERR" "forecast item CF3 moved to UNITY on 01/04/2020 .a merger.: UNITY changes it now"
req POST /api/v1/authorities/EAST/cashflow/items/2/cancel "$DEAL" -H 'Content-Type: application/json' -d '{}'
expect_eq "nor cancel CF2 over the API" "$STATUS" "409"
expect_json "as moved" '.error.code' "moved"
req POST /api/v1/authorities/UNITY/cashflow/items/3/amend "$DEAL" -H 'Content-Type: application/json' \
    -d '{"amount": "-60000", "reason": "the unitary pay scale"}'
expect_eq "UNITY's API user amends CF3" "$STATUS" "201"
expect_json "keeping its number" '"\(.ref) \(.status) \(.item.amount)"' "CF3 amended -60000.00"
req POST /api/v1/authorities/UNITY/cashflow/items/2/cancel "$DEAL" -H 'Content-Type: application/json' \
    -d '{"reason": "the grant went to the county"}'
expect_eq "and cancels CF2" "$STATUS" "201"
expect_eq "UNITY's forecast from the day has the change" "$(flows UNITY)" \
    "2020-04-28 CF3 -60000.00,2020-05-28 CF3 -60000.00"
expect_eq "EAST's, before the day, is as it stood at the merger" "$(flows EAST)" \
    "2020-03-16 CF1 -100000.00,2020-03-30 CF3 -50000.00"
expect_eq "the rows keep EAST's authority; the audit rows are UNITY's" \
    "$(sql "SELECT string_agg(DISTINCT a.code, ',') FROM cash_items i JOIN authorities a ON a.id = i.authority_id"),$(sql "SELECT string_agg(a.code || ' ' || l.action, ',' ORDER BY l.seq) FROM audit_log l JOIN authorities a ON a.id = l.authority_id WHERE l.entity = 'cash_items' AND l.action IN ('amend', 'cancel')")" \
    "EAST,UNITY amend,UNITY cancel"

# ---- as known at a moment after the merger: the successor's users see a moved deal's earlier
# version (sql/223: the successor policy on investments_history) ----------------------------------
sleep 0.01
K=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
sleep 0.01
PRUDENT_TOKEN=$DEAL p deal amend E1 --authority EAST --amount 1500000 --by dan --reason "the predecessor's confirmation said 1.5m"
expect_rc 0 "E1 amended after the moment (in place: its old version kept in investments_history)"
req GET "/api/v1/authorities/UNITY/portfolio?as_of=2020-04-01" "$ALL"
expect_json "UNITY's API user sees E1 as it is now" '[.holdings[] | "\(.ref) \(.principal)"] | sort | join(",")' \
    "E1 1500000.00,W1 1000000.00"
req GET "/api/v1/authorities/UNITY/portfolio?as_of=2020-04-01&as_known_at=$K" "$ALL"
expect_eq "and as known at the moment" "$STATUS" "200"
expect_json "E1's earlier version, not nothing" '[.holdings[] | "\(.ref) \(.principal)"] | sort | join(",")' \
    "E1 1000000.00,W1 1000000.00"

finish
