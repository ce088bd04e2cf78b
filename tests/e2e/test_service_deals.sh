#!/usr/bin/env bash
# test_service_deals.sh: the pre-deal check, booking and four-eyes approval over the HTTP API,
# against the lending fixture: 200 check answers equal to `prudent check --json`, 201 pending
# deals that count in exposure, 409 with reasons over a limit (nothing booked), 400 for invalid
# bodies and unknown counterparties, 403 for the booker approving, for a missing role and across
# authorities, and a deal pending until a different approver confirms it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
p authority add BORSET --name "Borsetshire County Council"
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
ANN=$("$PRUDENT_BIN" user add ann --role approver --authority WSX)
AMOS=$("$PRUDENT_BIN" user add amos --role approver --authority WSX)
VIC=$("$PRUDENT_BIN" user add vic --role viewer --authority WSX)
BO=$("$PRUDENT_BIN" user add bo --role dealer --authority BORSET)
export PRUDENT_TODAY=2018-03-31

if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
J=(-H 'Content-Type: application/json')

# --- the pre-deal check ----------------------------------------------------------------------
req POST /api/v1/authorities/WSX/check "$DAN" "${J[@]}" \
    --data '{"counterparty": "BANKB", "amount": "5000000", "start_date": "2018-04-03", "maturity_date": "2018-09-30"}'
expect_eq "check within the limits: 200" "$STATUS" "200"
expect_json "allowed" '.allowed' "true"
api=$(jq -S . "$T/.body")
p check --authority WSX --counterparty BANKB --amount 5000000 --start 2018-04-03 --maturity 2018-09-30 --as-of 2018-03-31 --json
expect_eq "the same JSON as \`prudent check --json\`" "$api" "$(printf '%s' "$OUT" | jq -S .)"
req POST /api/v1/authorities/WSX/check "$DAN" "${J[@]}" \
    --data '{"counterparty": "BANKB", "amount": "15000000.01", "start_date": "2018-04-03", "maturity_date": "2018-12-31"}'
expect_eq "check over the limit: still 200" "$STATUS" "200"
expect_json "refused with reasons" '"\(.allowed) \(.reasons | length > 0)"' "false true"
api=$(jq -S . "$T/.body")
p check --authority WSX --counterparty BANKB --amount 15000000.01 --start 2018-04-03 --maturity 2018-12-31 --as-of 2018-03-31 --json
expect_eq "the refusal is the JSON of \`prudent check --json\`" "$api" "$(printf '%s' "$OUT" | jq -S .)"
req POST /api/v1/authorities/WSX/check "$DAN" "${J[@]}" --data '{"counterparty": "NOSUCH", "amount": "1", "maturity_date": "2018-09-30"}'
expect_eq "check of an unknown counterparty: 400" "$STATUS" "400"
expect_json "... unknown_counterparty, field counterparty" '"\(.error.code) \(.error.field)"' "unknown_counterparty counterparty"
req POST /api/v1/authorities/WSX/check "$VIC" "${J[@]}" --data '{"counterparty": "BANKB", "amount": "1", "maturity_date": "2018-09-30"}'
expect_eq "a viewer may not run checks: 403" "$STATUS:$(jq -r .error.code "$T/.body")" "403:forbidden_role"
req GET /api/v1/authorities/WSX/check "$DAN"
expect_eq "GET on check: 405" "$STATUS" "405"
expect_match "... Allow: POST" "$HDR" $'Allow: POST\r'

# --- booking ----------------------------------------------------------------------------------
DEAL='{"late_reason": "entered late", "ref": "API-1", "type": "fixed", "counterparty": "BANKB", "principal": "10000000", "rate": "0.55",
       "start_date": "2018-03-01", "maturity_date": "2018-06-30"}'
req POST /api/v1/authorities/WSX/deals "$VIC" "${J[@]}" --data "$DEAL"
expect_eq "a viewer may not book: 403" "$STATUS" "403"
req POST /api/v1/authorities/WSX/deals "$BO" "${J[@]}" --data "$DEAL"
expect_eq "a dealer of another authority may not book here: 403" "$STATUS:$(jq -r .error.code "$T/.body")" "403:forbidden_authority"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data "$DEAL"
expect_eq "a dealer books: 201" "$STATUS" "201"
expect_json "... pending" '"\(.ref) \(.status)"' "API-1 pending"
expect_eq "the deal is pending in the book, booked by the token's user" \
    "$(sql "SELECT status || ' ' || booked_by || ' ' || principal FROM investments WHERE ref = 'API-1'")" "pending dan 10000000.00"
expect_eq "booking is audited under the user's name" \
    "$(sql "SELECT count(*) FROM audit_log WHERE entity_key = 'API-1' AND actor = 'dan'")" "1"
req POST /api/v1/authorities/WSX/check "$DAN" "${J[@]}" \
    --data '{"counterparty": "BANKB", "amount": "5000000.01", "start_date": "2018-04-03", "maturity_date": "2018-06-30"}'
expect_json "the pending deal counts in exposure at once" '.allowed' "false"

req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"late_reason": "entered late", "ref": "API-X", "counterparty": "BANKB",
    "principal": "5000000.01", "rate": "0.55", "start_date": "2018-03-05", "maturity_date": "2018-06-30"}'
expect_eq "a deal over the limit: 409" "$STATUS" "409"
expect_json "... with the reasons" '"\(.error.code) \(.allowed) \(.reasons | length > 0)"' "limit_breach false true"
expect_eq "... and nothing booked" "$(sql "SELECT count(*) FROM investments WHERE ref = 'API-X'")" "0"

req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"late_reason": "entered late", "ref": "API-2", "counterparty": "BANKB"'
expect_eq "malformed JSON: 400" "$STATUS:$(jq -r .error.code "$T/.body")" "400:malformed_json"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"late_reason": "entered late", "ref": "API-2", "counterparty": "BANKB", "principal": "1000"}'
expect_eq "no rate: 400 naming the field" "$STATUS:$(jq -r .error.field "$T/.body")" "400:rate"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"late_reason": "entered late", "ref": "API-2", "counterparty": "BANKB", "principal": "5,00O", "rate": "1"}'
expect_eq "a bad amount: 400 naming the field" "$STATUS:$(jq -r .error.field "$T/.body")" "400:principal"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data '{"late_reason": "entered late", "ref": "API-2", "counterparty": "NOSUCH", "principal": "1000",
    "rate": "1", "start_date": "2018-03-05", "maturity_date": "2018-06-30"}'
expect_eq "an unknown counterparty: 400" "$STATUS:$(jq -r .error.code "$T/.body")" "400:unknown_counterparty"
expect_eq "nothing booked by the refused requests" "$(sql "SELECT count(*) FROM investments WHERE ref = 'API-2'")" "0"

# --- four eyes -------------------------------------------------------------------------------
req POST /api/v1/authorities/WSX/deals/API-1/approve "$DAN"
expect_eq "a dealer may not approve: 403" "$STATUS:$(jq -r .error.code "$T/.body")" "403:forbidden_role"
req POST /api/v1/authorities/WSX/deals "$ANN" "${J[@]}" --data '{"late_reason": "entered late", "ref": "API-3", "counterparty": "BANKA",
    "principal": "1000000", "rate": "0.6", "start_date": "2018-03-05", "maturity_date": "2018-06-30"}'
expect_eq "an approver books a deal of her own: 201" "$STATUS" "201"
req POST /api/v1/authorities/WSX/deals/API-3/approve "$ANN"
expect_eq "... and may not approve it: 403" "$STATUS" "403"
expect_eq "... which stays pending" "$(sql "SELECT status FROM investments WHERE ref = 'API-3'")" "pending"
req POST /api/v1/authorities/WSX/deals/API-3/approve "$AMOS"
expect_eq "another approver confirms it: 200" "$STATUS" "200"
expect_json "... confirmed" '"\(.ref) \(.status)"' "API-3 confirmed"
req POST /api/v1/authorities/WSX/deals/API-1/approve "$ANN"
expect_eq "the dealer's deal approved by an approver: 200" "$STATUS" "200"
expect_eq "booked by dan, approved by ann, confirmed" \
    "$(sql "SELECT status || ' ' || booked_by || ' ' || approved_by FROM investments WHERE ref = 'API-1'")" "confirmed dan ann"
req POST /api/v1/authorities/WSX/deals/API-1/approve "$AMOS"
expect_eq "approving twice: 409" "$STATUS:$(jq -r .error.code "$T/.body")" "409:not_pending"
req POST /api/v1/authorities/WSX/deals/NOPE/approve "$AMOS"
expect_eq "approving an unknown deal: 404" "$STATUS" "404"
req POST /api/v1/authorities/BORSET/deals/API-1/approve "$AMOS"
expect_eq "approving in an authority the token does not cover: 403" "$STATUS" "403"

# Row-level security held the connection: after all this, the next request still sees only its
# authority and the service role was reset (the owner's view is the full book).
req GET /api/v1/authorities "$BO"
expect_json "the connection's role and scope were reset after the deal requests" '[.authorities[].code] | join(",")' "BORSET"

# --- recompute on change ------------------------------------------------------------------------
# A deal entered behind the API's back (as the owner, e.g. an import) that breaches BANKA's
# 25m limit: the change notification makes the service recompute WSX and raise the alert.
sql "INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
     SELECT a.id, 'SIDE-1', 'fixed', c.id, 30000000, 0.7, '2018-03-01', '2018-06-30'
     FROM authorities a, counterparties c WHERE a.code = 'WSX' AND c.code = 'BANKA'" >/dev/null
for i in $(seq 1 50); do
    [ "$(sql "SELECT count(*) FROM alerts WHERE kind = 'counterparty.over_limit' AND subject = 'BANKA' AND state = 'open'")" = 1 ] && break
    sleep 0.2
done
expect_eq "a change to the book raises its alert by itself (LISTEN/NOTIFY, recompute)" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind = 'counterparty.over_limit' AND subject = 'BANKA' AND state = 'open'")" "1"
req GET "/api/v1/authorities/WSX/alerts" "$VIC"
expect_match "... and the alerts endpoint shows it" "$(jq -r '[.alerts[] | .kind + ":" + .subject] | join(",")' "$T/.body")" 'counterparty.over_limit:BANKA'
sql "UPDATE investments SET status = 'cancelled', cancelled_by = 'test', cancel_reason = 'test' WHERE ref = 'SIDE-1'" >/dev/null
for i in $(seq 1 50); do
    [ "$(sql "SELECT state FROM alerts WHERE kind = 'counterparty.over_limit' AND subject = 'BANKA'")" = resolved ] && break
    sleep 0.2
done
expect_eq "... and resolves it when the breach goes" \
    "$(sql "SELECT state FROM alerts WHERE kind = 'counterparty.over_limit' AND subject = 'BANKA'")" "resolved"

OPS=$("$PRUDENT_BIN" user add ops --role admin --all-authorities)
req GET /metrics "$OPS"
expect_match "deals by status in /metrics (the token of an admin of every authority)" "$OUT" 'prudent_deals\{status="pending"\} 0'
finish
