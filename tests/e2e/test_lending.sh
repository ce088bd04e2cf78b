#!/usr/bin/env bash
# test_lending.sh: the lending list through bin/prudent: each rule on a small book (rating
# criteria on the lowest rating, sector rules, sovereign floor, negative watch, groups, officer
# actions), `limits` JSON, `check` exit codes, deal book/approve/cancel/amend with the audit
# trail, and recompute: passive breaches after a downgrade and after a suspension, raised once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

lending_fixture

# --- the list ------------------------------------------------------------------------------
p limits --as-of 2018-03-31 --json
expect_rc 0 "limits --json"
cp_field() { printf '%s' "$OUT" | jq -r ".counterparties[] | select(.code == \"$1\") | $2"; }
expect_eq "AA-/Aa3 bank: approved" "$(cp_field BANKA .status)" "approved"
expect_eq "on the AA- row: 25m" "$(cp_field BANKA .limit)" "25000000.00"
expect_eq "for 395 days" "$(cp_field BANKA .max_days)" "395"
expect_eq "basis names the lowest rating and the criterion" "$(cp_field BANKA .basis)" \
    "rating AA- (lowest of fitch AA-, moodys Aa3) meets criterion AA-"
expect_eq "A bank: 15m" "$(cp_field BANKB .limit)" "15000000.00"
expect_eq "A bank: 182 days" "$(cp_field BANKB .max_days)" "182"
expect_eq "BBB bank: not approved" "$(cp_field LOWB .status)" "not_approved"
expect_eq "BBB bank: limit 0" "$(cp_field LOWB .limit)" "0.00"
expect_eq "unrated bank: not approved" "$(cp_field NORATE .basis)" "unrated bank"
expect_eq "local authority: sector rule" "$(cp_field COUNCIL1 .basis)" "sector local_authority"
expect_eq "local authority: 20m" "$(cp_field COUNCIL1 .limit)" "20000000.00"
expect_eq "DMO: unlimited is null" "$(cp_field DMO .limit)" "null"
expect_eq "DMO headroom null too" "$(cp_field DMO .headroom)" "null"
expect_eq "MMF: same day only" "$(cp_field MMF1 .max_days)" "0"
expect_eq "US bank with an AA+ sovereign: approved" "$(cp_field USB .status)" "approved"
expect_eq "French bank with an AA- sovereign: not approved" "$(cp_field FRB .basis)" \
    "sovereign FR rated AA- (only fitch AA-) below the minimum AA for non-UK banks"
expect_eq "negative watch: overnight only" "$(cp_field WATCHB .max_days)" "1"
expect_eq "group member shows its group" "$(cp_field SUBB .group)" "PARENTB"
expect_json "no breaches on an empty book" '.breaches | length' 0

# --- the pre-deal check ---------------------------------------------------------------------
p check --counterparty BANKB --amount 5000000 --start 2018-04-03 --maturity 2018-09-30 --as-of 2018-03-31 --json
expect_rc 0 "check: allowed exits 0"
expect_json "allowed true" '.allowed' true
expect_json "no reasons" '.reasons | length' 0
p check --counterparty BANKB --amount 15000000.01 --start 2018-04-03 --maturity 2018-12-31 --as-of 2018-03-31 --json
expect_rc 1 "check: refused exits 1"
expect_json "every reason: over limit and over duration" '[.reasons[].kind] | sort | join(",")' \
    "counterparty.over_duration,counterparty.over_limit"
expect_json "the duration reason has the figures" '.reasons[] | select(.kind == "counterparty.over_duration") | "\(.days)/\(.max_days)"' "272/182"
p check --counterparty NOSUCH --amount 1 --maturity 2018-09-30
expect_rc 2 "check: unknown counterparty exits 2"
expect_match "and says so" "$ERR" 'no counterparty with code or name "NOSUCH"'
p check --counterparty LOWB --amount 1000 --maturity 2018-04-30 --as-of 2018-03-31
expect_rc 1 "check: a not-approved counterparty is refused"
expect_match "text output names the reason" "$OUT" 'counterparty.not_approved'

# --- deals ----------------------------------------------------------------------------------
p deal book --late-reason "entered late" --type fixed --counterparty BANKB --amount 10000000 --rate 0.55 --start 2018-03-01 \
    --maturity 2018-08-28 --ref B-001 --by alice --as-of 2018-03-31
expect_rc 0 "deal book"
expect_eq "prints the ref" "$OUT" "B-001"
expect_eq "booked pending" "$(sql "SELECT status || ' ' || booked_by FROM investments WHERE ref = 'B-001'")" "pending alice"
p limits --as-of 2018-03-31 --json
expect_eq "pending deals count in exposure" "$(cp_field BANKB .exposure)" "10000000.00"
expect_eq "headroom" "$(cp_field BANKB .headroom)" "5000000.00"
p deal book --late-reason "entered late" --type fixed --counterparty BANKB --amount 5000000.01 --rate 0.55 --start 2018-03-05 \
    --maturity 2018-06-30 --by bob --as-of 2018-03-31
expect_rc 1 "a booking over the limit is refused"
expect_match "reasons on stderr" "$ERR" 'counterparty.over_limit'
expect_eq "nothing booked" "$(sql "SELECT count(*) FROM investments")" "1"
p deal book --late-reason "entered late" --counterparty BANKB --amount 5000000 --rate 0.55 --start 2018-03-05 --maturity 2018-06-30 --by bob --as-of 2018-03-31
expect_rc 0 "exactly up to the limit is allowed"
expect_match "a generated ref" "$OUT" '^DL-[0-9]{6}$'
REF2=$OUT
p deal approve B-001 --by alice
expect_rc 1 "the booker cannot approve"
expect_match "four eyes" "$ERR" 'different person'
p deal approve B-001 --by carol
expect_rc 0 "another person approves"
expect_eq "confirmed, by carol" "$(sql "SELECT status || ' ' || approved_by FROM investments WHERE ref = 'B-001'")" "confirmed carol"
p deal approve B-001 --by dave
expect_rc 2 "approving twice is refused"
p deal cancel "$REF2" --by bob
expect_rc 2 "cancel needs a reason"
p deal cancel "$REF2" --by bob --reason "dealer error"
expect_rc 0 "cancel with a reason"
expect_eq "kept, cancelled, with who and why" \
    "$(sql "SELECT status || '|' || cancelled_by || '|' || cancel_reason FROM investments WHERE ref = '$REF2'")" \
    "cancelled|bob|dealer error"
p deal amend B-001 --amount 12000000 --by alice --reason "counterparty asked for more" --as-of 2018-03-31
expect_rc 0 "amend within the limit"
expect_eq "amended deal goes back to pending" "$(sql "SELECT principal || ' ' || status FROM investments WHERE ref = 'B-001'")" "12000000.00 pending"
expect_eq "the old version is kept in the audit trail with who and why" \
    "$(sql "SELECT before->>'principal' || '|' || (after->>'principal') || '|' || actor || '|' || reason FROM audit_log WHERE entity = 'deal' AND entity_key = 'B-001' AND action = 'amend'")" \
    "10000000.00|12000000.00|alice|counterparty asked for more"
p deal amend B-001 --amount 15000001 --by alice --reason "too much" --as-of 2018-03-31
expect_rc 1 "an amendment over the limit is refused"
expect_eq "the audit trail has book, approve, cancel, amend" \
    "$(sql "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_log WHERE entity = 'deal'")" "book,book,approve,cancel,amend"

# --- officer actions ------------------------------------------------------------------------
p counterparty restrict COUNCIL1 --limit 3000000 --max-days 3650 --from 2018-01-10 --reason "watch list" --by s151
expect_rc 0 "restrict"
p limits --as-of 2018-03-31 --json
expect_eq "restricted" "$(cp_field COUNCIL1 .status)" "restricted"
expect_eq "limit tightened" "$(cp_field COUNCIL1 .limit)" "3000000.00"
expect_eq "a longer duration never loosens the strategy" "$(cp_field COUNCIL1 .max_days)" "1825"
p counterparty suspend COUNCIL2 --from 2018-02-05 --reason "s114 notice" --by s151
expect_rc 0 "suspend"
p check --counterparty COUNCIL2 --amount 1000 --maturity 2018-04-30 --as-of 2018-03-31 --json
expect_rc 1 "a suspended counterparty is refused"
expect_json "kind suspended" '.reasons[0].kind' "counterparty.suspended"
p limits --as-of 2018-02-04 --json
expect_eq "the day before the suspension it was approved" "$(cp_field COUNCIL2 .status)" "approved"
p counterparty reinstate COUNCIL2 --from 2018-03-20 --by s151
p limits --as-of 2018-03-31 --json
expect_eq "reinstated" "$(cp_field COUNCIL2 .status)" "approved"
expect_eq "officer actions in the audit trail" \
    "$(sql "SELECT string_agg(entity_key || ':' || action, ',' ORDER BY seq) FROM audit_log WHERE entity = 'counterparty' AND action IN ('suspend','restrict','reinstate')")" \
    "COUNCIL1:restrict,COUNCIL2:suspend,COUNCIL2:reinstate"
p counterparty suspend NOSUCH --from 2018-02-05 --reason x
expect_rc 2 "suspending an unknown counterparty exits 2"
p counterparty suspend COUNCIL2 --from 2018-02-05
expect_rc 2 "suspend needs a reason"

p limits --as-of 2018-03-31 --from 2017-12-31 --to 2018-03-31 --json
expect_json "changes between two dates: the restriction" \
    '[.changes[] | "\(.code):\(.before.status)->\(.after.status)"] | join(",")' "COUNCIL1:approved->restricted"

finish
