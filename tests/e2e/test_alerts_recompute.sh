#!/usr/bin/env bash
# test_alerts_recompute.sh: the whole path of a breach, as issue 5 asks: a rating downgrade
# after a deal, then `recompute`, raises exactly one passive-breach alert; it is delivered once
# to a real webhook receiver and a real SMTP listener on loopback; recomputing again sends
# nothing new; the officer acknowledges it; the rating restored, recompute resolves it and the
# resolution is delivered.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/alerts_lib.sh"
trap stop_all_sinks EXIT

export PRUDENT_CONFIG="$T/config"
mkdir -p "$PRUDENT_CONFIG/alerts"
HOOK="$T/hook" MAIL="$T/mail"
HPORT=$(start_sink http "$HOOK") || { expect_eq "webhook receiver started" no yes; finish; exit; }
MPORT=$(start_sink smtp "$MAIL") || { expect_eq "smtp listener started" no yes; finish; exit; }
cat >"$PRUDENT_CONFIG/alerts/WSX.json" <<JSON
{"channels": [
   {"name": "treasury-hook", "type": "webhook", "url": "http://127.0.0.1:$HPORT/treasury"},
   {"name": "s151-mail", "type": "email", "url": "smtp://127.0.0.1:$MPORT",
    "from": "Prudent <prudent@wessex.example>", "to": ["s151@wessex.example"],
    "kinds": ["counterparty.*"], "events": ["raised"]}]}
JSON

lending_fixture
p deal book --late-reason "entered late" --counterparty BANKB --amount 12000000 --rate 0.6 --start 2018-03-01 --maturity 2018-08-28 --ref B1 --by alice --as-of 2018-03-01
expect_rc 0 "a deal within Bank B's limit"
p recompute --as-of 2018-03-31
expect_rc 0 "recompute before the downgrade"
expect_eq "no alert, nothing queued" "$(sql "SELECT (SELECT count(*) FROM alerts) + (SELECT count(*) FROM alert_deliveries)")" 0

# Fitch cuts Bank B from A to A-, below every criterion: the 12m is now exposure to a
# counterparty no longer approved, a passive breach.
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKB,fitch,long,A-,negative,,2018-03-20\n' >"$T/downgrade.csv"
p import ratings "$T/downgrade.csv"
expect_rc 0 "import the downgrade"
p recompute --as-of 2018-03-31
expect_rc 0 "recompute after the downgrade"
expect_eq "exactly one alert, passive" \
    "$(sql "SELECT count(*) || ' ' || bool_and(passive) || ' ' || min(kind) || ' ' || min(subject) FROM alerts")" \
    "1 true counterparty.not_approved_exposure BANKB"
expect_eq "its notifications queued in the same transaction, one per channel" \
    "$(sql "SELECT string_agg(channel_name || ':' || state, ',' ORDER BY id) FROM alert_deliveries")" \
    "treasury-hook:pending,s151-mail:pending"
p recompute --as-of 2018-03-31
expect_eq "recomputing again queues nothing more" "$(sql "SELECT count(*) FROM alert_deliveries")" 2

p alerts deliver --json
expect_rc 0 "deliver"
expect_json "both delivered" '.delivered' 2
expect_eq "the webhook received one POST" "$(received "$HOOK")" 1
expect_eq "the passive breach with its figures" \
    "$(webhook_bodies "$HOOK" | jq -r '.[0] | [.event, .alert.kind, .alert.subject, .alert.passive, .alert.details.exposure] | join(" ")')" \
    "alert.raised counterparty.not_approved_exposure BANKB true 12000000.00"
expect_eq "the SMTP listener received one message" "$(received "$MAIL")" 1
DATA=$(jq -r .data "$MAIL"/msg-0001.json)
expect_match "its subject names the passive breach" "$DATA" \
    'Subject: \[prudent\] WSX: counterparty.not_approved_exposure BANKB raised \(passive breach\)'
expect_match "its body has the exposure in pounds" "$DATA" 'exposure +£12,000,000\.00'

p recompute --as-of 2018-03-31
p alerts deliver --json
expect_json "nothing new to deliver after another recompute" '.attempted' 0

ID=$(sql "SELECT id FROM alerts")
p alerts ack "$ID" --by "S151 Officer"
expect_rc 0 "the officer acknowledges it"
p alerts --json
expect_json "acknowledged" '.alerts[0] | "\(.state) \(.acknowledged_by)"' "acknowledged S151 Officer"
p recompute --as-of 2018-03-31
expect_eq "recompute keeps it acknowledged" "$(sql "SELECT state FROM alerts")" acknowledged

printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKB,fitch,long,A,stable,,2018-03-25\n' >"$T/restore.csv"
p import ratings "$T/restore.csv"
p recompute --as-of 2018-03-31
expect_eq "the rating restored, the alert resolves" "$(sql "SELECT state FROM alerts")" resolved
p alerts deliver --json
expect_json "the resolution goes to the webhook only (the mail channel wants raised)" '.delivered' 1
expect_eq "the webhook heard it resolve" "$(webhook_bodies "$HOOK" | jq -r '[.[].event] | join(",")')" \
    "alert.raised,alert.resolved"
p alerts --json
expect_json "no live alert left" '.alerts | length' 0
p alerts --all --json
expect_json "--all shows the resolved one" '.alerts[0].state' resolved
finish
