#!/usr/bin/env bash
# test_downgrade_path.sh: a ratings import raises and resolves its alerts on the O(affected
# deals) path (service/rating_reach.h): only the deals of the counterparties the changed ratings
# reach are loaded and judged. Equivalence is the test: after one import that downgrades a
# group's parent (its members' group limit falls, an authority holding only the members is
# reached), a sovereign (its non-UK bank is no longer approved), upgrades a bank (its alerts
# clear) and puts a bank on negative watch (overnight only), the alerts of every authority (kind,
# subject, state, passive, details with their figures) are exactly those a full `prudent
# recompute` then leaves; an authority whose strategy sets a credit score limit takes the full
# path; an authority the ratings do not reach keeps its alerts and its marks.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh" # STRATEGY_JSON

for a in WSX XYZ ABC CSX; do p authority add "$a" --name "Authority $a"; done
cat >"$T/cps.csv" <<'CSV'
code,name,sector,country,group
BANKB,Bank B,bank,GB,
WATCHB,Watched Bank,bank,GB,
PARENTB,Parent Bank,bank,GB,
SUBB,Sub Bank,bank,GB,PARENTB
SUB2,Sub Bank Two,bank,GB,PARENTB
FRB,French Bank,bank,FR,
FRGOV,French Republic,central_government,FR,
COUNCIL1,Council One,local_authority,GB,
CSV
p import counterparties "$T/cps.csv"
expect_rc 0 "counterparties"
cat >"$T/ratings.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
BANKB,fitch,long,A,stable,,2017-01-01
WATCHB,fitch,long,AA-,stable,,2017-01-01
PARENTB,fitch,long,AA-,stable,,2017-01-01
SUBB,fitch,long,A+,stable,,2017-01-01
SUB2,fitch,long,A+,stable,,2017-01-01
FRB,fitch,long,AA-,stable,,2017-01-01
FRGOV,fitch,long,AA,stable,,2017-01-01
CSV
p import ratings "$T/ratings.csv"
expect_rc 0 "ratings"
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
for a in WSX XYZ ABC; do p import strategy "$T/strategy.json" --authority "$a"; done
# CSX's strategy sets a credit score limit: the indicator reads every deal's rating.
printf '%s\n' "$STRATEGY_JSON" | jq '. + {indicators: {credit_score_max: "A"}}' >"$T/strategy-csx.json"
p import strategy "$T/strategy-csx.json" --authority CSX
expect_rc 0 "CSX's strategy, with a credit score limit"

book() { # AUTHORITY REF COUNTERPARTY AMOUNT
    p deal book --authority "$1" --late-reason "entered late" --counterparty "$3" --amount "$4" --rate 0.6 \
        --start 2018-03-01 --maturity 2018-08-28 --ref "$2" --by alice --as-of 2018-03-01
    expect_rc 0 "book $2 ($1, $3, $4)"
}
book WSX B1 BANKB 12000000
book WSX P1 PARENTB 12000000
book WSX S1 SUBB 12000000
book WSX F1 FRB 5000000
book WSX W1 WATCHB 5000000
book WSX C1 COUNCIL1 5000000
book XYZ X1 SUBB 10000000
book XYZ X2 SUB2 8000000
book XYZ XB BANKB 3000000
book ABC A1 COUNCIL1 4000000
book CSX K1 BANKB 2000000

# Bank B falls below every criterion: both holders' exposure is no longer approved.
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKB,fitch,long,A-,negative,,2018-03-10\n' >"$T/cut.csv"
p import ratings "$T/cut.csv"
expect_rc 0 "Bank B cut to A-"
# An alert no rating reaches: WSX's officers suspend Council One.
p counterparty suspend COUNCIL1 --authority WSX --from 2018-03-15 --reason "s114 notice" --by alice
expect_rc 0 "Council One suspended at WSX"
p recompute
expect_rc 0 "a full recompute: every authority's alerts in line"

alerts() { # every authority's alerts, as documents without ids and times
    sql "SELECT u.code || ' ' || a.kind || ' ' || a.subject || ' ' || a.state || ' ' || a.passive || ' '
           || a.details::text FROM alerts a JOIN authorities u ON u.id = a.authority_id
         ORDER BY u.code, a.kind, a.subject, a.state, a.details::text"
}
expect_eq "before: Bank B not approved for its three holders, Council One suspended at WSX, CSX's credit score (all A-) worse than A" \
    "$(alerts | awk '{print $1, $2, $3, $4, $5}' | tr '\n' ';')" \
    "CSX counterparty.not_approved_exposure BANKB open true;CSX indicator.breach credit_score.time_weighted open false;CSX indicator.breach credit_score.value_weighted open false;WSX counterparty.not_approved_exposure BANKB open true;WSX counterparty.suspended_exposure COUNCIL1 open true;XYZ counterparty.not_approved_exposure BANKB open true;"
ABC_MARK=$(sql "SELECT universe_version FROM alert_marks m JOIN authorities u ON u.id = m.scope WHERE u.code = 'ABC'")

COUNCIL_RAISED=$(sql "SELECT last_raised_at FROM alerts WHERE subject = 'COUNCIL1'")
cat >"$T/moves.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
PARENTB,fitch,long,A,negative,,2018-03-28
FRGOV,fitch,long,AA-,negative,,2018-03-28
BANKB,fitch,long,A,stable,,2018-03-28
WATCHB,fitch,long,AA-,stable,negative,2018-03-28
CSV
p import ratings "$T/moves.csv"
expect_rc 0 "one import: a parent, a sovereign, an upgrade and a negative watch"
expect_eq "its output unchanged" "$OUT" "imported 4 ratings: 4 new, 0 unchanged"
AFTER_IMPORT=$(alerts)
p alerts --all --json --authority WSX
JSON_IMPORT=$(printf '%s' "$OUT" | jq -S '[.alerts[] | del(.id, .raised_at, .last_raised_at, .acknowledged_at, .resolved_at)] | sort_by(.kind, .subject, .state)')

expect_eq "the group's limit fell to its best member's A (15m): both holders over it, passively" \
    "$(printf '%s\n' "$AFTER_IMPORT" | awk '$2 == "group.over_limit" {print $1, $3, $4, $5}' | tr '\n' ';')" \
    "WSX PARENTB open true;XYZ PARENTB open true;"
expect_eq "XYZ, holding only the members, at their 18m" \
    "$(sql "SELECT details->>'exposure' || ' ' || (details->>'limit') FROM alerts a JOIN authorities u ON u.id = a.authority_id WHERE u.code = 'XYZ' AND kind = 'group.over_limit'")" \
    "18000000.00 15000000.00"
expect_eq "the sovereign below AA: the French bank is no longer approved" \
    "$(printf '%s\n' "$AFTER_IMPORT" | awk '$3 == "FRB" {print $1, $2, $4, $5}')" \
    "WSX counterparty.not_approved_exposure open true"
expect_eq "the upgrade resolves Bank B's alerts where judged on the reached deals" \
    "$(printf '%s\n' "$AFTER_IMPORT" | awk '$3 == "BANKB" {print $1, $4}' | tr '\n' ';')" \
    "CSX resolved;WSX resolved;XYZ resolved;"
expect_eq "CSX, on the full path: Bank B back at A, its credit score alerts resolve too" \
    "$(printf '%s\n' "$AFTER_IMPORT" | awk '$1 == "CSX" && $2 == "indicator.breach" {print $3, $4}' | tr '\n' ';')" \
    "credit_score.time_weighted resolved;credit_score.value_weighted resolved;"
expect_eq "negative watch: overnight only, the 150 days left of W1 beyond it" \
    "$(sql "SELECT kind || ' ' || (details->>'days') || ' ' || (details->>'max_days') || ' ' || passive FROM alerts WHERE subject = 'WATCHB'")" \
    "counterparty.over_duration 150 1 true"
expect_eq "WSX judged on the reached deals alone: its Council One alert not raised again" \
    "$(sql "SELECT kind || ' ' || (last_raised_at = '$COUNCIL_RAISED') FROM alerts WHERE subject = 'COUNCIL1'")" \
    "counterparty.suspended_exposure true"
expect_eq "ABC, reached by nothing, has no alert and its mark carried" \
    "$(sql "SELECT count(*) FROM alerts a JOIN authorities u ON u.id = a.authority_id WHERE u.code = 'ABC'") $(sql "SELECT universe_version > $ABC_MARK FROM alert_marks m JOIN authorities u ON u.id = m.scope WHERE u.code = 'ABC'")" \
    "0 t"
expect_eq "every authority's alerts in line at the versions now (the service recomputes none)" \
    "$(sql "SELECT count(*) FROM alert_marks m WHERE m.universe_version = (SELECT version FROM change_versions WHERE scope = 0)
              AND m.authority_version = coalesce((SELECT version FROM change_versions WHERE scope = m.scope), 0)")" 4

p recompute
expect_rc 0 "a full recompute of every authority's whole book"
expect_eq "the alerts (codes, figures, passive flags, states) equal the full recompute's" "$(alerts)" "$AFTER_IMPORT"
expect_eq "which raises Council One's again (a control: the import did not)" \
    "$(sql "SELECT last_raised_at > '$COUNCIL_RAISED' FROM alerts WHERE subject = 'COUNCIL1'")" t
p alerts --all --json --authority WSX
expect_eq "WSX's alert documents equal too" \
    "$(printf '%s' "$OUT" | jq -S '[.alerts[] | del(.id, .raised_at, .last_raised_at, .acknowledged_at, .resolved_at)] | sort_by(.kind, .subject, .state)')" \
    "$JSON_IMPORT"

# The path before it, kept for comparison (PRUDENT_RATINGS_FULL=1), gives the same again: the
# parent back to AA- (the group limit 25m again) and the sovereign to AA.
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nPARENTB,fitch,long,AA-,stable,,2018-03-29\nFRGOV,fitch,long,AA,stable,,2018-03-29\n' >"$T/back.csv"
p import ratings "$T/back.csv"
expect_rc 0 "the parent and the sovereign restored"
BACK=$(alerts)
expect_eq "the group and French bank alerts resolved" \
    "$(printf '%s\n' "$BACK" | awk '($3 == "PARENTB" || $3 == "FRB") {print $1, $3, $4}' | tr '\n' ';')" \
    "WSX FRB resolved;WSX PARENTB resolved;XYZ PARENTB resolved;"
p recompute
expect_eq "and equal to the full recompute's" "$(alerts)" "$BACK"
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nPARENTB,fitch,long,A,negative,,2018-03-30\n' >"$T/again.csv"
PRUDENT_RATINGS_FULL=1 p import ratings "$T/again.csv"
expect_rc 0 "the parent cut again, on the full path"
FULL=$(alerts)
expect_eq "the full path raises the group's alerts again" \
    "$(printf '%s\n' "$FULL" | awk '$2 == "group.over_limit" && $4 == "open" {print $1}' | tr '\n' ';')" "WSX;XYZ;"
finish
