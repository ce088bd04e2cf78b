#!/usr/bin/env bash
# test_cash_items.sh: forecast items one at a time (interfaces.md "Cash"; docs/cash.md "One item
# at a time"): `prudent cashflow add|amend|cancel` and POST .../cashflow/items, each a new row
# saying who and when (sql/195), the item keeping its number (its ref CF<n>) through amendments,
# the forecast moving with them, and the book as known before a change still readable.
#   CF1 payroll -250,000 monthly from Sat 31 Jan 2026 (Fri 30 Jan, ..., Thu 30 April).
#   CF2 council tax +400,000 monthly from Sat 4 Apr: Tue 7 April (Easter Monday the 6th).
#   CF3 added: capital works -120,000 on Wed 15 April; amended to -118,500 on Sat 18 April,
#       which moves to Mon 20 April.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,500000
PAYROLL,Payroll account,Barclays,202015,55555555,0
CSV
p import accounts "$T/accounts.csv" --authority WSX
expect_rc 0 "accounts import"
cat >"$T/cashflows.csv" <<'CSV'
date,account,amount,category,description,repeat,until
2026-01-31,MAIN,-250000,payroll,salaries,monthly,2026-12-31
2026-04-04,MAIN,400000,council tax,instalments,monthly,2027-03-31
CSV
p import cashflows "$T/cashflows.csv" --authority WSX
expect_rc 0 "cashflows import"

items() { # FROM TO -> "date ref amount" of the forecast items, comma separated
    p cashflow --authority WSX --from "$1" --to "$2" --json
    printf '%s' "$OUT" | jq -r '[.items[] | select(.source == "forecast") | "\(.date) \(.ref) \(.amount)"] | join(",")'
}

# ---- add ------------------------------------------------------------------------------------------
p cashflow add --account MAIN --date 2026-04-15 --amount -120000 --category creditors \
    --description "capital works" --by dan --authority WSX
expect_rc 0 "cashflow add"
expect_eq "the new item is CF3, said in one line" "$OUT" \
    "CF3 added: 2026-04-15 MAIN -120,000.00 creditors: capital works (by dan)"
expect_eq "it is in the forecast on its day" "$(items 2026-04-13 2026-04-19)" "2026-04-15 CF3 -120000.00"
expect_eq "recorded by dan, a first row" "$(sql "SELECT entered_by, supersedes IS NULL, origin IS NULL FROM cash_items WHERE id = 3")" \
    "dan|t|t"
p cashflow add --account MAIN --date 2026-04-15 --amount -120000 --category creditors \
    --description "capital works" --by dan --authority WSX
expect_rc 2 "the same item again is refused"
expect_match "as existing" "$ERR" "said exactly this already"
p cashflow add --account NOPE --date 2026-04-15 --amount 5 --by dan --authority WSX
expect_rc 2 "an unknown account is refused"
expect_match "naming it" "$ERR" '"NOPE" is not a bank account of WSX'
p cashflow add --account MAIN --date 2026-04-15 --amount 0 --by dan --authority WSX
expect_rc 2 "a zero amount is refused"
p cashflow add --account MAIN --date 2026-04-15 --amount 5 --until 2026-05-01 --by dan --authority WSX
expect_rc 2 "an end date without a repeat is refused"
expect_match "naming until" "$ERR" "does not repeat"
p cashflow add --account MAIN --amount 5 --by dan --authority WSX
expect_rc 2 "add without --date is a usage error"
expect_eq "nothing more written" "$(sql "SELECT count(*) FROM cash_items")" "3"

# ---- amend ----------------------------------------------------------------------------------------
BEFORE_AMEND=$(sql "SELECT now()")
sleep 0.05
p cashflow amend CF3 --amount -118500 --date 2026-04-18 --reason "final invoice" --by eve --authority WSX --json
expect_rc 0 "cashflow amend"
expect_json "it keeps its ref" '.ref + " " + .status' "CF3 amended"
expect_json "the new terms, the rest kept" '.item | "\(.date) \(.amount) \(.category): \(.description)"' \
    "2026-04-18 -118500.00 creditors: capital works"
expect_eq "Saturday 18 April settles on Monday the 20th, as CF3" "$(items 2026-04-13 2026-04-26)" \
    "2026-04-20 CF3 -118500.00"
expect_eq "a new row superseding, by eve with the reason; the first row unchanged" \
    "$(sql "SELECT id, supersedes, origin, entered_by, reason, amount FROM cash_items WHERE coalesce(origin, id) = 3 ORDER BY id" | tr '\n' ' ')" \
    "3|||dan||-120000.00 4|3|3|eve|final invoice|-118500.00 "
expect_eq "as known before the amendment, the forecast item was the first" \
    "$(sql "SET prudent.as_known_at = '$BEFORE_AMEND'; SELECT coalesce(origin, id) || ' ' || amount FROM prudent_known.current_cash_items WHERE coalesce(origin, id) = 3")" \
    "3 -120000.00"
expect_eq "audited with the terms before and after" \
    "$(sql "SELECT actor, action, before->>'amount', after->>'amount', reason FROM audit_log WHERE entity = 'cash_items' AND entity_key = 'CF3' ORDER BY seq" | tr '\n' ' ')" \
    "dan|add||-120000.00| eve|amend|-120000.00|-118500.00|final invoice "
p cashflow amend 3 --amount -118500 --by eve --authority WSX
expect_rc 2 "an amendment that changes nothing is refused"
p cashflow amend CF99 --amount 1 --by eve --authority WSX
expect_rc 2 "no such item"
expect_match "said" "$ERR" "no forecast item CF99 in WSX"
p cashflow amend CF1 --repeat none --by eve --authority WSX --json
expect_rc 0 "payroll made a one-off"
expect_json "its end date goes with its repeat" '.item | "\(.repeat)|\(.until)"' "|null"
expect_eq "only 30 January left of CF1" "$(items 2026-01-01 2026-03-31)" "2026-01-30 CF1 -250000.00"
p cashflow amend CF1 --repeat monthly --until 2026-02-28 --by eve --authority WSX
expect_rc 0 "repeated again, to February"
expect_eq "30 January and 27 February" "$(items 2026-01-01 2026-03-31)" \
    "2026-01-30 CF1 -250000.00,2026-02-27 CF1 -250000.00"

# ---- cancel ---------------------------------------------------------------------------------------
p cashflow cancel CF2 --reason "collected by the district" --by eve --authority WSX
expect_rc 0 "cashflow cancel"
expect_match "said" "$OUT" "^CF2 cancelled: 2026-04-04 MAIN 400,000.00 council tax: instalments, monthly until 2027-03-31 \(by eve\)"
expect_eq "council tax is out of the forecast" "$(items 2026-04-01 2026-04-30)" "2026-04-20 CF3 -118500.00"
expect_eq "a cancelling row keeps the terms" "$(sql "SELECT cancelled, supersedes, amount FROM cash_items WHERE origin = 2")" \
    "t|2|400000.00"
p cashflow amend CF2 --amount 1 --by eve --authority WSX
expect_rc 2 "a cancelled item is not amended"
expect_match "saying when and by whom" "$ERR" "CF2 was cancelled at 20[0-9-]*T[0-9:]*Z by eve"
p cashflow cancel CF2 --by eve --authority WSX
expect_rc 2 "nor cancelled twice"
p cashflow cancel CF3 --amount 5 --by eve --authority WSX
expect_rc 2 "cancel takes no terms"
p import cashflows "$T/cashflows.csv" --authority WSX
expect_match "the file again adds nothing back" "$OUT" "2 cashflows: 0 new, 2 unchanged"
expect_eq "council tax stays cancelled" "$(items 2026-04-01 2026-04-30)" "2026-04-20 CF3 -118500.00"

# ---- who acts: the token's user once users exist ---------------------------------------------------------
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
VAL=$("$PRUDENT_BIN" user add val --role viewer --authority WSX)
PRUDENT_TOKEN=$DAN p cashflow add --account PAYROLL --date 2026-04-08 --amount 250000 --category transfers \
    --authority WSX --json
expect_rc 0 "added with dan's token"
expect_json "by dan" '.entered_by' "dan"
expect_json "numbers are the rows' ids: the amendments took 4 to 7" '.ref' "CF8"
PRUDENT_TOKEN=$DAN p cashflow cancel CF8 --by eve --authority WSX
expect_rc 2 "--by naming someone else than the token's user is refused"
PRUDENT_TOKEN=$VAL p cashflow cancel CF8 --authority WSX
expect_rc 1 "a viewer may not change the forecast"

# ---- the API ----------------------------------------------------------------------------------------
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
post() { req POST "/api/v1/authorities/WSX/cashflow/items$2" "$1" -H 'Content-Type: application/json' --data "$3"; }
post "$DAN" "" '{"account": "MAIN", "date": "2026-05-01", "amount": "-30000.00", "category": "pensions", "repeat": "monthly"}'
expect_eq "POST .../cashflow/items: 201" "$STATUS" "201"
expect_json "CF9 added by dan" '"\(.ref) \(.status) \(.entered_by) \(.item.repeat)"' "CF9 added dan monthly"
post "$DAN" "/9/amend" '{"amount": "-31000.00", "until": "2026-06-30", "reason": "new rate"}'
expect_eq "amend: 201" "$STATUS" "201"
expect_json "amended, to June" '"\(.ref) \(.item.amount) \(.item.until)"' "CF9 -31000.00 2026-06-30"
req GET "/api/v1/authorities/WSX/cashflow?from=2026-05-01&to=2026-07-31&account=MAIN" "$DAN"
expect_json "the forecast has it on 1 May and 1 June only" \
    '[.items[] | select(.ref == "CF9") | "\(.date) \(.amount)"] | join(",")' "2026-05-01 -31000.00,2026-06-01 -31000.00"
post "$DAN" "/9/amend" '{"until": null, "reason": "open-ended"}'
expect_json "until null takes the end away" '.item.until' "null"
post "$DAN" "/9/amend" '{"amount": 12}'
expect_eq "an amount that is not a string: 400" "$STATUS" "400"
expect_json "invalid_field amount" '.error.code + " " + .error.field' "invalid_field amount"
post "$VAL" "/9/cancel" '{}'
expect_eq "a viewer: 403" "$STATUS" "403"
post "$DAN" "/9/cancel" '{"reason": "paid by the fund"}'
expect_eq "cancel: 201" "$STATUS" "201"
post "$DAN" "/9/cancel" '{}'
expect_eq "again: 409" "$STATUS" "409"
expect_json "cancelled" '.error.code' "cancelled"
post "$DAN" "/77/amend" '{"amount": "1"}'
expect_eq "no item 77: 404" "$STATUS" "404"
post "$DAN" "" '{"account": "MAIN", "date": "2026-05-01"}'
expect_eq "add without an amount: 400" "$STATUS" "400"
expect_json "naming amount" '.error.field' "amount"
finish
