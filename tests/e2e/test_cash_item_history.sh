#!/usr/bin/env bash
# test_cash_item_history.sh: `prudent cashflow items` and GET .../cashflow/items[/N] (docs/cash.md
# "The items and their history"): the forecast items as they stand and one item's versions
# oldest first with who, when and why, as known now and at a moment in between.
#   CF1 capital works -120,000 on 15 April 2026, added by dan; amended by eve to -118,500
#       ("final invoice"), by fay to 18 April ("invoice due later"), cancelled by gus ("paid by
#       the school"): rows 1, 3, 4 and 5, one item.
#   CF2 council tax +400,000 monthly from 4 April to 31 March 2027, added by dan, live.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"
lending_fixture

cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,500000
CSV
p import accounts "$T/accounts.csv" --authority WSX
expect_rc 0 "accounts import"

p cashflow items --authority WSX
expect_rc 0 "items of a book without any"
expect_eq "says there are none" "$OUT" "no forecast items (prudent cashflow add, or prudent import cashflows, adds them)"

p cashflow add --account MAIN --date 2026-04-15 --amount -120000 --category creditors \
    --description "capital works" --by dan --authority WSX
expect_rc 0 "add CF1"
p cashflow add --account MAIN --date 2026-04-04 --amount 400000 --category "council tax" \
    --description instalments --repeat monthly --until 2027-03-31 --by dan --authority WSX
expect_rc 0 "add CF2"
p cashflow amend CF1 --amount -118500 --reason "final invoice" --by eve --authority WSX
expect_rc 0 "amend CF1: the amount"
# the moment the first amendment was recorded (a version is known from its entered_at, included)
T1=$(sql "SELECT to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM cash_items WHERE id = 3")
p cashflow amend CF1 --date 2026-04-18 --reason "invoice due later" --by fay --authority WSX
expect_rc 0 "amend CF1: the date"
p cashflow cancel CF1 --reason "paid by the school" --by gus --authority WSX
expect_rc 0 "cancel CF1"

# ---- the list ------------------------------------------------------------------------------------
p cashflow items --authority WSX --json
expect_rc 0 "cashflow items --json"
expect_json "only the live item" '[.items[] | "\(.ref) \(.state) \(.versions) \(.changed_by)"] | join(",")' \
    "CF2 live 1 dan"
expect_json "with its terms" '.items[0] | "\(.date) \(.account) \(.amount) \(.category): \(.description), \(.repeat) until \(.until)"' \
    "2026-04-04 MAIN 400000.00 council tax: instalments, monthly until 2027-03-31"
p cashflow items --all --authority WSX --json
expect_json "--all: the cancelled one too, as it stood when cancelled, by gus" \
    '[.items[] | "\(.ref) \(.state) \(.versions) \(.date) \(.amount) \(.changed_by)"] | join(",")' \
    "CF1 cancelled 4 2026-04-18 -118500.00 gus,CF2 live 1 2026-04-04 400000.00 dan"
p cashflow items --all --authority WSX
expect_rc 0 "the text list"
expect_match "a header" "$(printf '%s' "$OUT" | head -1)" "^Ref +Date +Account +Amount +Category +Description +Repeat +State +Changed by +Changed at$"
expect_match "CF1's line" "$OUT" "CF1 +2026-04-18 +MAIN +-118,500.00 +creditors +capital works +cancelled +gus +20[0-9-]{8}T[0-9:]{8}Z"
expect_match "CF2's line" "$OUT" "CF2 +2026-04-04 +MAIN +400,000.00 +council tax +instalments +monthly until 2027-03-31 +live +dan"

# ---- one item's versions ------------------------------------------------------------------------------
p cashflow items CF1 --authority WSX --json
expect_rc 0 "cashflow items CF1 --json"
expect_json "the item now" '"\(.ref) \(.id) \(.state) \(.date) \(.amount)"' "CF1 1 cancelled 2026-04-18 -118500.00"
expect_json "its four versions in order: what, terms, who, why" \
    '[.versions[] | "\(.version) \(.change) \(.date) \(.amount) \(.entered_by) \(.reason)"] | join(",")' \
    "1 added 2026-04-15 -120000.00 dan ,2 amended 2026-04-15 -118500.00 eve final invoice,3 amended 2026-04-18 -118500.00 fay invoice due later,4 cancelled 2026-04-18 -118500.00 gus paid by the school"
expect_json "each dated, never before the one it follows" \
    '[.versions[].entered_at] as $t | [range(1; $t | length) | $t[.] >= $t[. - 1]] | all and ($t[0] | test("^20[0-9-]{8}T[0-9:]{8}Z$"))' \
    "true"
expect_eq "the same moments as the rows'" "$(printf '%s' "$OUT" | jq -r '[.versions[].entered_at] | join(",")')" \
    "$(sql "SELECT string_agg(to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ',' ORDER BY id) FROM cash_items WHERE coalesce(origin, id) = 1")"
p cashflow items 1 --authority WSX
expect_rc 0 "the text history (the number without CF)"
expect_eq "its title" "$(printf '%s' "$OUT" | head -1)" "CF1 creditors: capital works, cancelled, 4 versions"
expect_match "the amendment by eve with its reason" "$OUT" \
    "2 +amended +2026-04-15 +MAIN +-118,500.00 +creditors +capital works +eve +20[0-9-]{8}T[0-9:]{8}Z +final invoice"
expect_match "the cancellation" "$OUT" "4 +cancelled +2026-04-18 +MAIN +-118,500.00 .* gus .* paid by the school"
p cashflow items CF2 --authority WSX --json
expect_json "CF2: one version, added, no reason" '[.versions[] | "\(.change) \(.entered_by) [\(.reason)]"] | join(",")' \
    "added dan []"
p cashflow items CF9 --authority WSX
expect_rc 2 "no item 9"
expect_match "said" "$ERR" "no forecast item CF9 in WSX's book"
p cashflow items CF1 CF2 --authority WSX
expect_rc 2 "one item at a time"
p cashflow items CF1 --all --authority WSX
expect_rc 2 "--all is for the list"
p cashflow items X1 --authority WSX
expect_rc 2 "not an item number"

# ---- as known at a moment ---------------------------------------------------------------------------
p cashflow items --all --as-known-at "$T1" --authority WSX --json
expect_rc 0 "items as known at T1, the first amendment"
expect_json "CF1 live then, amended once, by eve" \
    '[.items[] | "\(.ref) \(.state) \(.versions) \(.date) \(.amount) \(.changed_by)"] | join(",")' \
    "CF1 live 2 2026-04-15 -118500.00 eve,CF2 live 1 2026-04-04 400000.00 dan"
p cashflow items CF1 --as-known-at "$T1" --authority WSX --json
expect_json "two versions then" '[.versions[] | "\(.version) \(.change) \(.entered_by)"] | join(",")' "1 added dan,2 amended eve"
p cashflow items CF1 --as-known-at 2000-01-01T00:00:00Z --authority WSX
expect_rc 2 "before anything was recorded, no CF1"
expect_match "said so" "$ERR" "no forecast item CF1 in WSX's book as known at that moment"
p cashflow items --as-known-at yesterday --authority WSX
expect_rc 2 "a moment that is not ISO 8601"

# ---- the API ---------------------------------------------------------------------------------------
VAL=$("$PRUDENT_BIN" user add val --role viewer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
W=/api/v1/authorities/WSX/cashflow/items
req GET "$W" "$VAL"
expect_eq "GET .../cashflow/items: 200 for a viewer" "$STATUS" "200"
expect_json "the live item" '[.items[].ref] | join(",")' "CF2"
p cashflow items --authority WSX --json
expect_eq "the same document as the verb's" "$(req GET "$W" "$VAL"; printf '%s' "$OUT" | jq -S .)" "$(printf '%s' "$OUT" | jq -S .)"
req GET "$W?all=true" "$VAL"
expect_json "all=true" '[.items[] | "\(.ref) \(.state)"] | join(",")' "CF1 cancelled,CF2 live"
req GET "$W?all=maybe" "$VAL"
expect_eq "all=maybe: 400" "$STATUS" "400"
expect_json "naming all" '.error.code + " " + .error.field' "invalid_parameter all"
req GET "$W/1" "$VAL"
expect_eq "GET .../cashflow/items/1: 200" "$STATUS" "200"
expect_json "the four versions" '[.versions[] | "\(.change) \(.entered_by) \(.reason)"] | join(",")' \
    "added dan ,amended eve final invoice,amended fay invoice due later,cancelled gus paid by the school"
req GET "$W/1?as_known_at=$T1" "$VAL"
expect_json "as known at T1: two" '.versions | length' "2"
req GET "$W/9" "$VAL"
expect_eq "no item 9: 404" "$STATUS" "404"
expect_json "not_found" '.error.code' "not_found"
req GET "$W/1?as_known_at=soon" "$VAL"
expect_eq "a bad moment: 400" "$STATUS" "400"
expect_json "naming as_known_at" '.error.field' "as_known_at"
req GET "$W"
expect_eq "without a token: 401" "$STATUS" "401"
finish
