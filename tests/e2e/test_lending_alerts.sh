#!/usr/bin/env bash
# test_lending_alerts.sh: recompute turns breaches into alerts: a rating downgrade after a deal
# raises exactly one passive alert and a second recompute raises none; the condition clearing
# resolves it; a suspension after a deal raises counterparty.suspended_exposure in the same
# transaction as the officer action; active over-limit and group breaches are not passive.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/alerts_lib.sh"
trap stop_all_sinks EXIT

# WSX's alerts go to a webhook receiver on loopback.
export PRUDENT_CONFIG="$T/config"
mkdir -p "$PRUDENT_CONFIG/alerts"
HOOK="$T/hook"
HPORT=$(start_sink http "$HOOK") || { expect_eq "webhook receiver started" no yes; finish; exit; }
cat >"$PRUDENT_CONFIG/alerts/WSX.json" <<JSON
{"channels": [{"name": "hook", "type": "webhook", "url": "http://127.0.0.1:$HPORT/in", "timeout_seconds": 3}]}
JSON
lending_fixture
live() { sql "SELECT count(*) FROM alerts WHERE state <> 'resolved' AND kind = '$1' AND subject = '$2'"; }

p deal book --late-reason "entered late" --counterparty BANKB --amount 12000000 --rate 0.6 --start 2018-03-01 --maturity 2018-08-28 --ref B1 --by alice --as-of 2018-03-01
expect_rc 0 "a deal within the limit"
p recompute --as-of 2018-03-31
expect_rc 0 "recompute"
expect_eq "no breach, no alert" "$OUT" "WSX: 0 breaches, 0 alerts raised, 0 resolved"

# Fitch cuts Bank B from A to A-: below every criterion, so the 12m is now exposure to a
# counterparty no longer approved. The deal was within the list when placed: passive.
sql "INSERT INTO ratings (counterparty_id, agency, term, rating, effective_date)
     SELECT id, 'fitch', 'long', 'A-', '2018-03-20' FROM counterparties WHERE code = 'BANKB'" >/dev/null
p limits --as-of 2018-03-31 --json
expect_json "the breach is in limits" '[.breaches[] | "\(.kind) \(.subject) \(.exposure) \(.passive)"] | join(";")' \
    "counterparty.not_approved_exposure BANKB 12000000.00 true"
p recompute --as-of 2018-03-31 --json
expect_json "one breach" '.authorities[0].breaches' 1
expect_json "one alert raised" '.authorities[0].raised' 1
expect_eq "exactly one alert, passive" \
    "$(sql "SELECT count(*) || ' ' || bool_and(passive) FROM alerts")" "1 true"
expect_eq "its details carry the figures" \
    "$(sql "SELECT details->>'exposure' || ' ' || (details->>'passive') FROM alerts")" "12000000.00 true"
p alerts
expect_match "the alerts table shows the figures in pounds" "$OUT" 'BANKB +.*exposure £12,000,000\.00'
expect_match "and, below it, why the alert was raised, in full" "$OUT" \
    $'\nwhy\n +[0-9]+  £12,000,000.00 of exposure .*passive'
p limits --as-of 2018-03-31
expect_match "the lending list as text reads in pounds" "$OUT" 'BANKB +not_approved +£0\.00 +0 +£12,000,000\.00'
p recompute --as-of 2018-03-31 --json
expect_json "a second recompute raises none" '.authorities[0].raised' 0
expect_eq "still exactly one alert" "$(sql "SELECT count(*) FROM alerts")" "1"
p alerts deliver --json
expect_rc 0 "deliver the alert"
expect_eq "the webhook received the passive breach once" \
    "$(webhook_bodies "$HOOK" | jq -r '[.[] | select(.event == "alert.raised")] | map("\(.alert.kind) \(.alert.subject) \(.alert.details.passive) \(.alert.details.exposure)") | join(";")')" \
    "counterparty.not_approved_exposure BANKB true 12000000.00"

# Fitch restores A on 2018-03-25; the condition clears and the alert resolves.
sql "INSERT INTO ratings (counterparty_id, agency, term, rating, effective_date)
     SELECT id, 'fitch', 'long', 'A', '2018-03-25' FROM counterparties WHERE code = 'BANKB'" >/dev/null
p recompute --as-of 2018-03-31 --json
expect_json "the alert is resolved" '.authorities[0].resolved' 1
expect_eq "resolved, with a time" "$(sql "SELECT state || ' ' || (resolved_at IS NOT NULL) FROM alerts")" "resolved true"

# A suspension after a deal: the officer action raises the alert in its own transaction.
p deal book --late-reason "entered late" --counterparty COUNCIL1 --amount 5000000 --rate 0.4 --start 2018-01-15 --maturity 2018-07-15 --ref C1 --by alice --as-of 2018-01-15
expect_rc 0 "a deal with a council"
p counterparty suspend COUNCIL1 --from 2018-02-05 --reason "section 114 notice" --by s151
expect_rc 0 "suspend after the deal"
expect_eq "counterparty.suspended_exposure raised at once" "$(live counterparty.suspended_exposure COUNCIL1)" "1"
expect_eq "passive" "$(sql "SELECT passive FROM alerts WHERE kind = 'counterparty.suspended_exposure'")" "t"
p recompute --as-of 2018-03-31
expect_eq "recompute keeps the one alert" "$(sql "SELECT count(*) FROM alerts WHERE kind = 'counterparty.suspended_exposure'")" "1"

# Active breaches: a deal imported over the limit, and a banking group over its shared limit.
sql "INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
     SELECT a.id, v.ref, 'fixed', c.id, v.amount, 0.5, '2018-02-01', '2018-06-30'
     FROM authorities a, (VALUES ('A1', 'BANKA', 26000000), ('P1', 'PARENTB', 20000000), ('S1', 'SUBB', 10000000)) v(ref, code, amount)
     JOIN counterparties c ON c.code = v.code" >/dev/null
p recompute --as-of 2018-03-31
expect_eq "over the limit: raised" "$(live counterparty.over_limit BANKA)" "1"
expect_eq "not passive: the limit was the same when the deal was placed" \
    "$(sql "SELECT passive FROM alerts WHERE kind = 'counterparty.over_limit'")" "f"
expect_eq "group over its shared limit (25m, 30m out)" "$(live group.over_limit PARENTB)" "1"
expect_eq "the group alert's figures" \
    "$(sql "SELECT details->>'exposure' || '/' || (details->>'limit') FROM alerts WHERE kind = 'group.over_limit'")" \
    "30000000.00/25000000.00"
p limits --as-of 2018-03-31 --json
expect_json "limits lists the same breaches" '[.breaches[].kind] | sort | join(",")' \
    "counterparty.over_limit,counterparty.suspended_exposure,group.over_limit"
expect_json "group totals" '.groups[] | select(.key == "PARENTB") | .exposure' "30000000.00"

# A downgrade that shortens the maximum duration: a passive over_duration breach.
p deal book --late-reason "entered late" --counterparty USB --amount 1000000 --rate 0.7 --start 2018-03-01 --maturity 2019-03-01 --ref U1 --by alice --as-of 2018-03-01
expect_rc 0 "a year with a US bank (AA-: 395 days)"
sql "INSERT INTO ratings (counterparty_id, agency, term, rating, effective_date)
     SELECT id, 'sp', 'long', 'A', '2018-03-28' FROM counterparties WHERE code = 'USB'" >/dev/null
p limits --as-of 2018-03-31 --json
expect_json "USB at A now: 182 days" '.counterparties[] | select(.code == "USB") | .max_days' "182"
expect_json "over_duration, passive, with the figures" \
    '.breaches[] | select(.kind == "counterparty.over_duration") | "\(.subject) \(.refs) \(.days)/\(.max_days) \(.passive)"' \
    "USB U1 335/182 true"
p recompute --as-of 2018-03-31
expect_eq "one passive over_duration alert" \
    "$(sql "SELECT count(*) || ' ' || bool_and(passive) FROM alerts WHERE kind = 'counterparty.over_duration' AND subject = 'USB'")" "1 true"

finish
