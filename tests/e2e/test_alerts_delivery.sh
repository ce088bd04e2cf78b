#!/usr/bin/env bash
# test_alerts_delivery.sh: at-least-once delivery: a receiver answering 500 and one that is down
# are retried with exponential backoff and delivered once back; a delivery that runs out of
# attempts is 'failed', its alert intact, and can be requeued; two deliverers running at once
# send every row exactly once (SELECT ... FOR UPDATE SKIP LOCKED).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alerts_lib.sh"
trap stop_all_sinks EXIT

export PRUDENT_CONFIG="$T/config"
mkdir -p "$PRUDENT_CONFIG/alerts"
HOOK="$T/hook"
HPORT=$(start_sink http "$HOOK") || { expect_eq "webhook receiver started" no yes; finish; exit; }
cat >"$PRUDENT_CONFIG/alerts/WSX.json" <<JSON
{"channels": [{"name": "hook", "type": "webhook", "url": "http://127.0.0.1:$HPORT/in",
               "timeout_seconds": 3}],
 "retry": {"backoff_seconds": 30, "max_backoff_seconds": 100, "max_attempts": 4}}
JSON
p authority add WSX --name "Wessex County Council"

# Seconds from the last attempt to the next one, for a delivery.
gap() { sql "SELECT extract(epoch FROM next_attempt_at - last_attempt_at)::int FROM alert_deliveries WHERE id = $1"; }
# Make a delivery due now, as if its backoff had elapsed.
make_due() { sql "UPDATE alert_deliveries SET next_attempt_at = now() WHERE id = $1" >/dev/null; }

# --- a receiver answering 500 -----------------------------------------------------------------
echo 500 >"$HOOK/status"
p alerts raise counterparty.over_limit BARC --authority WSX --details '{"exposure": "1.00"}' --json
A=$(echo "$OUT" | jq -r .id)
D=$(sql "SELECT id FROM alert_deliveries WHERE alert_id = $A")
p alerts deliver --json
expect_rc 1 "deliver exits 1 when an attempt failed"
expect_json "one to retry" '[.delivered, .retrying, .failed] | join(" ")' "0 1 0"
expect_match "the failure is reported" "$ERR" "alert delivery $D \\(webhook\\) failed: .*HTTP 500.*will retry"
expect_eq "the receiver saw the attempt" "$(received "$HOOK")" 1
expect_eq "the delivery is still pending after one attempt" \
    "$(sql "SELECT state || ' ' || attempts FROM alert_deliveries WHERE id = $D")" "pending 1"
expect_match "the error is kept" "$(sql "SELECT last_error FROM alert_deliveries WHERE id = $D")" 'HTTP 500 receiver says no'
expect_eq "the first retry waits backoff_seconds (30 s)" "$(gap "$D")" 30
expect_json "the outbox counts it pending, not due" '[.outbox.pending, .outbox.due, .outbox.failed] | join(" ")' "1 0 0"
p alerts deliver --json
expect_json "a delivery not yet due is left alone" '.attempted' 0
expect_eq "nothing sent meanwhile" "$(received "$HOOK")" 1
make_due "$D"
p alerts deliver --json
expect_json "still 500: retry again" '.retrying' 1
expect_eq "the second retry waits twice as long (60 s)" "$(gap "$D")" 60
echo 200 >"$HOOK/status"
make_due "$D"
p alerts deliver --json
expect_rc 0 "the receiver is back"
expect_json "delivered at last" '.delivered' 1
expect_eq "delivered on the third attempt" \
    "$(sql "SELECT state || ' ' || attempts || ' ' || (delivered_at IS NOT NULL) || ' ' || coalesce(last_error, '-') FROM alert_deliveries WHERE id = $D")" \
    "delivered 3 true -"
expect_eq "the receiver accepted it once (two refusals before)" \
    "$(cat "$HOOK"/req-*.json | jq -s '[.[] | select(.status == 200)] | length')" 1

# --- a receiver that is down ------------------------------------------------------------------
stop_sink "$HOOK"
p alerts raise counterparty.over_limit HSBC --authority WSX --json
B=$(echo "$OUT" | jq -r .id)
E=$(sql "SELECT id FROM alert_deliveries WHERE alert_id = $B")
p alerts deliver --json
expect_rc 1 "the receiver is down"
expect_match "connection refused is the reason" "$(sql "SELECT last_error FROM alert_deliveries WHERE id = $E")" \
    "127.0.0.1:$HPORT.*(refused|connect)"
for i in 2 3; do make_due "$E"; p alerts deliver --json; done
expect_eq "the backoff is capped at max_backoff_seconds (30, 60, then 100 not 120)" "$(gap "$E")" 100
make_due "$E"
p alerts deliver --json
expect_json "the fourth failure is the last allowed" '.failed' 1
expect_eq "the delivery is failed" "$(sql "SELECT state || ' ' || attempts FROM alert_deliveries WHERE id = $E")" "failed 4"
expect_json "the outbox counts it failed" '.outbox.failed' 1
p alerts --authority WSX --json
expect_json "a failed delivery never loses the alert" ".alerts[] | select(.id == $B) | .state" "open"
expect_json "the listing shows the failed delivery" ".alerts[] | select(.id == $B) | .deliveries.failed" 1
make_due "$E"
p alerts deliver --json
expect_json "a failed delivery is not retried by itself" '.attempted' 0
HPORT2=$(start_sink http "$HOOK" "$HPORT")
expect_eq "the receiver is back on its port" "$HPORT2" "$HPORT"
p alerts deliver --retry-failed --json
expect_rc 0 "deliver --retry-failed"
expect_json "requeued and delivered" '[.requeued, .delivered] | join(" ")' "1 1"
expect_eq "the receiver got the alert once it was back" \
    "$(webhook_bodies "$HOOK" | jq -r "[.[] | select(.alert.id == $B)] | length")" 1

# --- an SMTP server that is down, then back ---------------------------------------------------
MAIL="$T/mail"
MPORT=$(start_sink smtp "$MAIL") || expect_eq "smtp listener started" no yes
stop_sink "$MAIL"
cat >"$PRUDENT_CONFIG/alerts/default.json" <<JSON
{"channels": [{"name": "ops-mail", "type": "email", "url": "smtp://127.0.0.1:$MPORT",
               "from": "prudent@ops.example", "to": ["ops@ops.example"], "timeout_seconds": 3}]}
JSON
p alerts raise feed.stale boe-sonia --feed --json
S=$(sql "SELECT d.id FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.kind = 'feed.stale'")
p alerts deliver --json
expect_json "the mail server is down: retry later" '.retrying' 1
expect_eq "no message could be sent" "$(received "$MAIL")" 0
MPORT2=$(start_sink smtp "$MAIL" "$MPORT")
expect_eq "the mail server is back on its port" "$MPORT2" "$MPORT"
make_due "$S"
p alerts deliver --json
expect_json "the e-mail is delivered once it is back" '.delivered' 1
expect_eq "one message received" "$(received "$MAIL")" 1
expect_match "it is the feed alert" "$(jq -r .data "$MAIL"/msg-*.json)" 'Subject: \[prudent\] feeds: feed.stale boe-sonia raised'

# --- two deliverers at once: each row is sent once --------------------------------------------
rm -f "$HOOK"/req-*.json
echo 0.5 >"$HOOK/delay"
for i in 1 2 3 4 5 6 7 8; do p alerts raise counterparty.over_duration "DEAL-$i" --authority WSX; done
QUEUED=$(sql "SELECT count(*) FROM alert_deliveries WHERE state = 'pending'")
expect_eq "eight deliveries queued" "$QUEUED" 8
"$PRUDENT_BIN" alerts deliver --json >"$T/d1.json" 2>"$T/d1.err" &
P1=$!
"$PRUDENT_BIN" alerts deliver --json >"$T/d2.json" 2>"$T/d2.err" &
P2=$!
wait "$P1"; R1=$?
wait "$P2"; R2=$?
expect_eq "both deliverers succeed" "$R1 $R2" "0 0"
expect_eq "between them they attempted every row once" \
    "$(( $(jq .attempted "$T/d1.json") + $(jq .attempted "$T/d2.json") ))" 8
expect_eq "both took part" "$([ "$(jq .attempted "$T/d1.json")" -gt 0 ] && [ "$(jq .attempted "$T/d2.json")" -gt 0 ] && echo yes)" yes
expect_eq "the receiver got eight POSTs" "$(received "$HOOK")" 8
expect_eq "each delivery id exactly once" \
    "$(cat "$HOOK"/req-*.json | jq -rs '[.[].headers["X-Prudent-Delivery"]] | unique | length')" 8
expect_eq "every row delivered after one attempt" \
    "$(sql "SELECT count(*) FROM alert_deliveries WHERE state = 'delivered' AND attempts = 1 AND alert_id IN (SELECT id FROM alerts WHERE kind = 'counterparty.over_duration')")" 8

# --- the outbox is filled in the raising transaction: both land or neither -----------------
# Make queuing the notification fail (a constraint refusing one channel name): the alert must
# not be left behind without its notifications.
sql "ALTER TABLE alert_deliveries ADD CONSTRAINT test_refuse CHECK (channel_name <> 'boom')" >/dev/null
cat >"$PRUDENT_CONFIG/alerts/WSX.json" <<JSON
{"channels": [{"name": "ok", "type": "log"}, {"name": "boom", "type": "log"}]}
JSON
p alerts raise indicator.breach authorised_limit --authority WSX
expect_rc 3 "raising fails when its notifications cannot be queued"
expect_eq "and leaves no alert behind" \
    "$(sql "SELECT count(*) FROM alerts WHERE subject = 'authorised_limit'")" 0
expect_eq "nor a half-queued notification" \
    "$(sql "SELECT count(*) FROM alert_deliveries WHERE channel_name = 'ok'")" 0
sql "ALTER TABLE alert_deliveries DROP CONSTRAINT test_refuse" >/dev/null
p alerts raise indicator.breach authorised_limit --authority WSX
expect_rc 0 "once queuing works the alert is raised"
expect_eq "with both notifications" \
    "$(sql "SELECT string_agg(channel_name, ',' ORDER BY d.id) FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.subject = 'authorised_limit'")" "ok,boom"
finish
