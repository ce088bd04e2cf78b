#!/usr/bin/env bash
# test_web_reject.sh: rejecting a pending deal is a second officer's act, over the HTTP API: the
# booker may not reject their own deal (403 same_person, nothing changed), a dealer may not reject
# at all (403 forbidden_role), a reason is required (400); a different approver rejects it (200,
# cancelled, the reason in the book and in the audit trail as action "reject"). The booker may
# withdraw their own pending deal (audit action "withdraw"); nobody else may (403 not_booker).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
ANN=$("$PRUDENT_BIN" user add ann --role approver --authority WSX)
AMOS=$("$PRUDENT_BIN" user add amos --role approver --authority WSX)
export PRUDENT_TODAY=2018-03-31
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"; finish; exit
fi
J=(-H 'Content-Type: application/json')
book() { # book REF TOKEN: a small pending deal with BANKB
    req POST /api/v1/authorities/WSX/deals "$2" "${J[@]}" --data "{\"late_reason\": \"entered late\", \"ref\": \"$1\", \"type\": \"fixed\",
        \"counterparty\": \"BANKB\", \"principal\": \"100000\", \"rate\": \"0.55\", \"start_date\": \"2018-03-01\",
        \"maturity_date\": \"2018-06-30\"}"
    [ "$STATUS" = 201 ] || echo "booking $1: $STATUS $OUT" >&2
}
status_of() { sql "SELECT status FROM investments WHERE ref = '$1'"; }

book R-1 "$ANN"   # an approver books: they may not reject their own deal either
req POST /api/v1/authorities/WSX/deals/R-1/reject "$ANN" "${J[@]}" --data '{"reason": "changed my mind"}'
expect_eq "the booker rejecting their own deal: 403 same_person" "$STATUS:$(jq -r .error.code "$T/.body")" "403:same_person"
expect_match "... with a message saying why and what to do instead" "$(jq -r .error.message "$T/.body")" 'different person.*withdraw'
expect_eq "... and the deal is still pending" "$(status_of R-1)" "pending"
req POST /api/v1/authorities/WSX/deals/R-1/reject "$DAN" "${J[@]}" --data '{"reason": "no"}'
expect_eq "a dealer may not reject: 403 forbidden_role" "$STATUS:$(jq -r .error.code "$T/.body")" "403:forbidden_role"
req POST /api/v1/authorities/WSX/deals/R-1/reject "$AMOS" "${J[@]}" --data '{"reason": "   "}'
expect_eq "a blank reason: 400 invalid_field reason" "$STATUS:$(jq -r .error.code "$T/.body"):$(jq -r .error.field "$T/.body")" "400:invalid_field:reason"
req POST /api/v1/authorities/WSX/deals/R-1/reject "$AMOS"
expect_eq "no body at all: 400 too" "$STATUS" "400"
expect_eq "... still pending" "$(status_of R-1)" "pending"
req POST /api/v1/authorities/WSX/deals/R-1/reject "$AMOS" "${J[@]}" --data '{"reason": "rate below the day'"'"'s best"}'
expect_eq "a second approver rejects: 200 cancelled" "$STATUS:$(jq -r .status "$T/.body"):$(jq -r .rejected_by "$T/.body")" "200:cancelled:amos"
expect_eq "the book says who and why" "$(sql "SELECT status || '|' || cancelled_by || '|' || cancel_reason FROM investments WHERE ref = 'R-1'")" \
    "cancelled|amos|rejected: rate below the day's best"
expect_eq "the audit trail records the rejection with its reason" \
    "$(sql "SELECT actor || '|' || action || '|' || reason || '|' || (after->>'status') FROM audit_log WHERE entity = 'deal' AND entity_key = 'R-1' AND action = 'reject'")" \
    "amos|reject|rate below the day's best|cancelled"
req POST /api/v1/authorities/WSX/deals/R-1/reject "$AMOS" "${J[@]}" --data '{"reason": "again"}'
expect_eq "rejecting it again: 409 not_pending" "$STATUS:$(jq -r .error.code "$T/.body")" "409:not_pending"
req POST /api/v1/authorities/WSX/deals/NOPE/reject "$AMOS" "${J[@]}" --data '{"reason": "x"}'
expect_eq "an unknown deal: 404" "$STATUS" "404"

book W-1 "$DAN"
req POST /api/v1/authorities/WSX/deals/W-1/withdraw "$ANN" "${J[@]}" --data '{"reason": "not yours"}'
expect_eq "an approver may not withdraw someone else's deal: 403 not_booker" "$STATUS:$(jq -r .error.code "$T/.body")" "403:not_booker"
expect_eq "... still pending" "$(status_of W-1)" "pending"
req POST /api/v1/authorities/WSX/deals/W-1/withdraw "$DAN" "${J[@]}" --data '{}'
expect_eq "withdrawing needs a reason: 400" "$STATUS:$(jq -r .error.field "$T/.body")" "400:reason"
req POST /api/v1/authorities/WSX/deals/W-1/withdraw "$DAN" "${J[@]}" --data '{"reason": "typed the wrong amount"}'
expect_eq "the booker withdraws their own pending deal: 200 cancelled" "$STATUS:$(jq -r .status "$T/.body"):$(jq -r .withdrawn_by "$T/.body")" "200:cancelled:dan"
expect_eq "the audit trail records the withdrawal" \
    "$(sql "SELECT actor || '|' || action || '|' || reason FROM audit_log WHERE entity = 'deal' AND entity_key = 'W-1' AND action = 'withdraw'")" \
    "dan|withdraw|typed the wrong amount"
book W-2 "$DAN"
req POST /api/v1/authorities/WSX/deals/W-2/approve "$ANN"
req POST /api/v1/authorities/WSX/deals/W-2/withdraw "$DAN" "${J[@]}" --data '{"reason": "late"}'
expect_eq "a confirmed deal cannot be withdrawn: 409 not_pending" "$STATUS:$(jq -r .error.code "$T/.body")" "409:not_pending"
p audit verify
expect_rc 0 "the audit chain verifies"
finish
