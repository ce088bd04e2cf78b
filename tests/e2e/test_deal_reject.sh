#!/usr/bin/env bash
# test_deal_reject.sh: `prudent deal reject` and `prudent deal withdraw`, the CLI's side of what
# the web pages offer (tests/e2e/test_web_reject.sh): a second officer rejects a pending deal,
# never its booker; only the booker withdraws one; both need a reason, cancel the deal (it stays
# in the book, cancelled), record who and why in the audit trail, and free the exposure.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

lending_fixture
book() { p deal book --late-reason "entered late" --counterparty BANKB --amount "$1" --rate 0.55 --start 2018-03-05 --maturity 2018-06-30 \
    --ref "$2" --by bob --as-of 2018-03-31; }
book 10000000 R-1
expect_rc 0 "bob books R-1"
book 5000000 W-1
expect_rc 0 "bob books W-1 up to Bank B's 15m limit"
book 1 X-1
expect_rc 1 "a penny more is refused while both are pending"

p deal reject R-1 --by bob --reason "mine"
expect_rc 1 "the booker may not reject their own deal"
expect_match "says why" "$ERR" "different|booker|same"
p deal reject R-1 --by carol
expect_rc 2 "a rejection needs a reason"
expect_match "asks for it" "$ERR" "reason"
expect_eq "R-1 still pending" "$(sql "SELECT status FROM investments WHERE ref = 'R-1'")" "pending"
p deal reject R-1 --by carol --reason "rate below the broker's quote" --json
expect_rc 0 "carol rejects R-1"
expect_json "answers the ref" '.ref' "R-1"
expect_eq "R-1 kept, cancelled, by carol, with the reason" \
    "$(sql "SELECT status || '|' || cancelled_by || '|' || cancel_reason FROM investments WHERE ref = 'R-1'")" \
    "cancelled|carol|rejected: rate below the broker's quote"

p deal withdraw W-1 --by carol --reason "not hers"
expect_rc 1 "only the booker may withdraw"
p deal withdraw W-1 --by bob --reason "booked twice"
expect_rc 0 "bob withdraws W-1"
expect_eq "W-1 cancelled by bob" "$(sql "SELECT status || '|' || cancelled_by FROM investments WHERE ref = 'W-1'")" \
    "cancelled|bob"
expect_eq "the audit trail says reject and withdraw, with who and why" \
    "$(sql "SELECT string_agg(entity_key || ':' || action || ':' || actor || ':' || reason, ',' ORDER BY seq)
            FROM audit_log WHERE entity = 'deal' AND action IN ('reject', 'withdraw')")" \
    "R-1:reject:carol:rate below the broker's quote,W-1:withdraw:bob:booked twice"
p deal reject W-1 --by carol --reason "again"
expect_rc 2 "a cancelled deal cannot be rejected"

book 15000000 N-1
expect_rc 0 "with both cancelled, the whole 15m limit is free again"
p deal frobnicate N-1 --by bob
expect_rc 2 "an unknown action"
expect_match "lists the actions" "$ERR" "reject, withdraw"
finish
