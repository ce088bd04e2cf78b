#!/usr/bin/env bash
# test_controls.sh: the four-eyes and identity controls of issue 19, each attack reproduced
# against the real database and the running service and shown refused:
#   1. an approver amends a deal, then approves it himself over the API (same_person);
#   2. an admin makes a second user over the API to book with (pending until another admin);
#   3. the CLI's --by as free text (a made-up name, a near-miss, a viewer's token);
#   4. approving a deal on a counterparty suspended after booking (the check runs again);
#  11. a deal dated years back booked silently (late: needs a reason, shown, audited).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
export PRUDENT_TODAY=2018-03-31

# --- before any user: the first-evaluation mode, --by taken as given ---------------------------
p deal book --counterparty BANKB --amount 1000 --rate 0.5 --start 2018-03-30 --maturity 2018-06-29 --ref EVAL-1 --by alice
expect_rc 0 "with no users at all, --by is taken as given (a first evaluation)"

DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
BA=$("$PRUDENT_BIN" user add ba --role approver --authority WSX)
AMOS=$("$PRUDENT_BIN" user add amos --role approver --authority WSX)
VIC=$("$PRUDENT_BIN" user add vic --role viewer --authority WSX)
ADA=$("$PRUDENT_BIN" user add ada --role admin --all-authorities)
id_of() { sql "SELECT id FROM users WHERE name = '$1'"; }

if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
J=(-H 'Content-Type: application/json')

# --- 3. --by is no longer free text once users exist ------------------------------------------
p deal book --counterparty BANKB --amount 1000 --rate 0.5 --start 2018-03-30 --maturity 2018-06-29 --ref AM-0 --by dan
expect_rc 1 "no token once users exist: refused"
expect_match "... saying to set PRUDENT_TOKEN" "$ERR" 'set PRUDENT_TOKEN'
PRUDENT_TOKEN=$DAN p deal book --counterparty BANKB --amount 1000 --rate 0.5 --start 2018-03-30 --maturity 2018-06-29 --ref AM-1
expect_rc 0 "dan books AM-1 with his token (no --by needed)"
expect_eq "... booked by dan's name and user id" \
    "$(sql "SELECT booked_by || ' ' || (booked_by_id = $(id_of dan)) FROM investments WHERE ref = 'AM-1'")" "dan true"
for name in Alice "ba " dan; do
    PRUDENT_TOKEN=$BA p deal approve AM-1 --by "$name"
    expect_rc 2 "--by \"$name\" with ba's token: refused"
    expect_match "... naming the token's user" "$ERR" 'is not the token.s user ba'
done
PRUDENT_TOKEN=$VIC p deal approve AM-1 --by vic
expect_rc 1 "a viewer's token may not approve"
expect_match "... the role says why" "$ERR" 'needs the approver role; user vic has viewer'
PRUDENT_TOKEN=$DAN p deal approve AM-1
expect_rc 1 "the dealer may not approve (role)"
PRUDENT_TOKEN=prt_made_up p deal approve AM-1 --by ba
expect_rc 1 "a made-up token: refused"
expect_eq "AM-1 still pending after every attempt" "$(sql "SELECT status FROM investments WHERE ref = 'AM-1'")" "pending"

# --- 1. amend, then approve it yourself --------------------------------------------------------
PRUDENT_TOKEN=$BA p deal amend AM-1 --amount 4000000 --by ba --reason "counterparty asked"
expect_rc 0 "ba amends AM-1 to 4m"
expect_eq "... recorded as the last amender, by id" \
    "$(sql "SELECT amended_by || ' ' || (amended_by_id = $(id_of ba)) || ' ' || status FROM investments WHERE ref = 'AM-1'")" \
    "ba true pending"
req GET /api/v1/authorities/WSX/deals "$BA"
expect_eq "the approver sees who amended it" "$(jq -r '.deals[] | select(.ref == "AM-1") | .amended_by' "$T/.body")" "ba"
req POST /api/v1/authorities/WSX/deals/AM-1/approve "$BA"
expect_eq "ba approves his own amendment over the API: 403 same_person" "$STATUS:$(jq -r .error.code "$T/.body")" \
    "403:same_person"
expect_match "... saying why" "$(jq -r .error.message "$T/.body")" 'last amended'
PRUDENT_TOKEN=$BA p deal approve AM-1
expect_rc 1 "... nor over the CLI"
expect_eq "AM-1 still pending" "$(sql "SELECT status FROM investments WHERE ref = 'AM-1'")" "pending"
expect_eq "the database refuses it too (approved_by_id = amended_by_id)" \
    "$(sql "UPDATE investments SET status = 'confirmed', approved_by = 'x', approved_by_id = amended_by_id
            WHERE ref = 'AM-1'" 2>&1 | grep -c investments_four_eyes_ids)" "1"
req POST /api/v1/authorities/WSX/deals/AM-1/approve "$AMOS"
expect_eq "a third person approves: 200" "$STATUS:$(jq -r .status "$T/.body")" "200:confirmed"
expect_eq "... recorded by id" "$(sql "SELECT approved_by || ' ' || (approved_by_id = $(id_of amos)) FROM investments WHERE ref = 'AM-1'")" \
    "amos true"

# --- 4. the check runs again at approval ----------------------------------------------------------
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"ref": "SUS-1", "counterparty": "BANKA",
    "principal": "1000000", "rate": "0.6", "start_date": "2018-03-30", "maturity_date": "2018-06-29"}'
expect_eq "dan books SUS-1 with BANKA: 201" "$STATUS" "201"
PRUDENT_TOKEN=$AMOS p counterparty suspend BANKA --from 2018-03-31 --reason "s114 notice"
expect_rc 0 "an approver suspends BANKA after the booking (the officer act takes the token's user)"
expect_eq "... audited under amos" "$(sql "SELECT actor FROM audit_log WHERE action = 'suspend' ORDER BY seq DESC LIMIT 1")" "amos"
req POST /api/v1/authorities/WSX/deals/SUS-1/approve "$BA"
expect_eq "approving a deal on a suspended counterparty: 409 limit_breach" "$STATUS:$(jq -r .error.code "$T/.body")" \
    "409:limit_breach"
expect_json "... with the reason" '[.reasons[].kind] | join(",")' "counterparty.suspended"
PRUDENT_TOKEN=$BA p deal approve SUS-1
expect_rc 1 "the CLI refuses it too, exit 1"
expect_match "... with the reason on stderr" "$ERR" 'counterparty.suspended'
expect_eq "SUS-1 stays pending" "$(sql "SELECT status FROM investments WHERE ref = 'SUS-1'")" "pending"

# --- 2. a sock puppet needs two admins ----------------------------------------------------------
req POST /api/v1/users "$ADA" "${J[@]}" --data '{"name": "sock", "role": "dealer", "authorities": ["WSX"]}'
expect_eq "an admin makes a dealer over the API: 201, pending" "$STATUS:$(jq -r .pending "$T/.body")" "201:true"
SOCK=$(jq -r .token "$T/.body")
req POST /api/v1/authorities/WSX/deals "$SOCK" "${J[@]}" --data '{"ref": "SOCK-1", "counterparty": "BANKB",
    "principal": "1000", "rate": "0.6", "start_date": "2018-03-30", "maturity_date": "2018-06-29"}'
expect_eq "the pending user's token books nothing: 401" "$STATUS" "401"
PRUDENT_TOKEN=$SOCK p deal book --counterparty BANKB --amount 1000 --rate 0.6 --start 2018-03-30 --maturity 2018-06-29
expect_rc 1 "... nor over the CLI"
req POST /api/v1/users/sock/approve "$ADA"
expect_eq "the admin who made it may not approve it: 403 same_admin" "$STATUS:$(jq -r .error.code "$T/.body")" "403:same_admin"
p user list --json
expect_json "user list shows sock pending" '.users[] | select(.name == "sock") | .pending' "true"
ED=$("$PRUDENT_BIN" user add ed --role admin --all-authorities)
req POST /api/v1/users/sock/approve "$ED"
expect_eq "a second admin approves: 200" "$STATUS" "200"
req POST /api/v1/authorities/WSX/deals "$SOCK" "${J[@]}" --data '{"ref": "SOCK-1", "counterparty": "BANKB",
    "principal": "1000", "rate": "0.6", "start_date": "2018-03-30", "maturity_date": "2018-06-29"}'
expect_eq "... then the token works: 201" "$STATUS" "201"
expect_eq "the audit trail has the making and the approval, by two admins" \
    "$(sql "SELECT string_agg(action || ':' || actor, ',' ORDER BY seq) FROM audit_log WHERE entity = 'user' AND entity_key = 'sock'")" \
    "insert:ada,approve:ed"

# --- 11. late bookings: allowed, but marked -----------------------------------------------------
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"ref": "OLD-1", "counterparty": "BANKB",
    "principal": "1000", "rate": "0.6", "start_date": "2010-03-01", "maturity_date": "2010-06-01"}'
expect_eq "a deal dated eight years back without a reason: 400 naming late_reason" \
    "$STATUS:$(jq -r .error.field "$T/.body")" "400:late_reason"
expect_eq "... nothing booked" "$(sql "SELECT count(*) FROM investments WHERE ref = 'OLD-1'")" "0"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"ref": "OLD-1", "counterparty": "BANKB",
    "principal": "1000", "rate": "0.6", "start_date": "2010-03-01", "maturity_date": "2010-06-01",
    "late_reason": "found in the 2010 ledger"}'
expect_eq "with the reason: 201" "$STATUS" "201"
req GET /api/v1/authorities/WSX/deals?status=pending "$BA"
expect_eq "the approver sees it late, with the reason" \
    "$(jq -r '.deals[] | select(.ref == "OLD-1") | "\(.late) \(.late_reason)"' "$T/.body")" "true found in the 2010 ledger"
expect_eq "... and an on-time deal carries no late field" \
    "$(jq -r '.deals[] | select(.ref == "SUS-1") | has("late")' "$T/.body")" "false"
expect_eq "the audit trail lists it late, with the reason" \
    "$(sql "SELECT (after->>'late') || ' ' || (after->>'late_reason') FROM audit_log WHERE entity_key = 'OLD-1' AND action = 'book'")" \
    "true found in the 2010 ledger"
PRUDENT_TOKEN=$DAN p deal book --counterparty BANKB --amount 1000 --rate 0.6 --start 2018-03-27 --maturity 2018-06-29
expect_rc 2 "the CLI: four days back needs --late-reason"
expect_match "... saying so" "$ERR" 'late booking needs a reason'
PRUDENT_TOKEN=$DAN p deal book --counterparty BANKB --amount 1000 --rate 0.6 --start 2018-03-28 --maturity 2018-06-29
expect_rc 0 "three days back (a Friday deal entered on Monday) is not late"
finish
