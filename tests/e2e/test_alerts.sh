#!/usr/bin/env bash
# test_alerts.sh: the alerts state machine (raise once, ack, resolve, --all), the outbox filled
# in the raising transaction, and delivery to a real webhook receiver and a real SMTP listener
# on loopback: log line, JSON POST, e-mail headers and figures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alerts_lib.sh"
trap stop_all_sinks EXIT

export PRUDENT_CONFIG="$T/config"
mkdir -p "$PRUDENT_CONFIG/alerts"
HOOK="$T/hook" MAIL="$T/mail"
HPORT=$(start_sink http "$HOOK") || { expect_eq "webhook receiver started" no yes; finish; exit; }
MPORT=$(start_sink smtp "$MAIL") || { expect_eq "smtp listener started" no yes; finish; exit; }

cat >"$PRUDENT_CONFIG/alerts/WSX.json" <<JSON
{
  "channels": [
    {"name": "ops-log", "type": "log"},
    {"name": "treasury-hook", "type": "webhook", "url": "http://127.0.0.1:$HPORT/wsx",
     "headers": {"X-Team": "treasury"}, "timeout_seconds": 5},
    {"name": "s151-mail", "type": "email", "url": "smtp://127.0.0.1:$MPORT",
     "from": "Prudent <prudent@wessex.example>",
     "to": ["treasury@wessex.example", "s151@wessex.example"],
     "kinds": ["counterparty.*", "indicator.breach"], "events": ["raised"]}
  ],
  "retry": {"backoff_seconds": 30, "max_backoff_seconds": 3600, "max_attempts": 3}
}
JSON
cat >"$PRUDENT_CONFIG/alerts/default.json" <<JSON
{"channels": [{"type": "log"},
              {"name": "ops-hook", "type": "webhook", "url": "http://127.0.0.1:$HPORT/ops"}]}
JSON

p authority add WSX --name "Wessex County Council"
p authority add NTH --name "Northshire Council"

p alerts --authority WSX --json
expect_rc 0 "alerts on an empty book"
expect_json "no alerts yet" '.alerts | length' 0

p alerts channels --authority WSX
expect_rc 0 "alerts channels shows WSX's configuration"
expect_match "the three channels are listed" "$OUT" 'ops-log.*treasury-hook|treasury-hook'
p alerts channels --authority NTH --json
expect_json "an authority without a file uses default.json" '.origin | endswith("alerts/default.json")' true
expect_json "default.json has two channels" '[.channels[].name] | join(",")' "log,ops-hook"

# --- raising: one alert and one delivery set per condition -----------------------------------
DETAILS='{"exposure": "30000000.00", "limit": "25000000.00", "counterparty": "Barclays Bank plc"}'
p alerts raise counterparty.over_limit BARC --authority WSX --passive --details "$DETAILS" --json
expect_rc 0 "raise an over-limit alert"
expect_json "a new alert was opened" '.created' true
A1=$(echo "$OUT" | jq -r .id)
p alerts raise counterparty.over_limit BARC --authority WSX --passive --details "$DETAILS" --json
expect_json "raising the same condition again opens nothing" '.created' false
expect_json "it is the same alert" '.id' "$A1"
expect_eq "one alert for the condition" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind = 'counterparty.over_limit'")" 1
expect_eq "one delivery per WSX channel, queued once" \
    "$(sql "SELECT string_agg(channel_name || ':' || event || ':' || state, ',' ORDER BY id) FROM alert_deliveries WHERE alert_id = $A1")" \
    "ops-log:raised:pending,treasury-hook:raised:pending,s151-mail:raised:pending"

# two raisers at once still open one alert
( "$PRUDENT_BIN" alerts raise counterparty.over_duration D-77 --authority WSX >/dev/null 2>&1 & \
  "$PRUDENT_BIN" alerts raise counterparty.over_duration D-77 --authority WSX >/dev/null 2>&1 & wait )
expect_eq "two concurrent raises of one condition open one alert" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind = 'counterparty.over_duration'")" 1
expect_eq "and queue one delivery set (the e-mail channel wants it too)" \
    "$(sql "SELECT count(*) FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.kind = 'counterparty.over_duration'")" 3

p alerts raise feed.failed boe-sonia --feed --details '{"error": "HTTP 503"}' --json
expect_rc 0 "raise a feed alert"
F1=$(echo "$OUT" | jq -r .id)
expect_eq "a feed alert belongs to no authority" "$(sql "SELECT authority_id IS NULL FROM alerts WHERE id = $F1")" t
expect_eq "feed alerts go to default.json's channels" \
    "$(sql "SELECT string_agg(channel_name, ',' ORDER BY id) FROM alert_deliveries WHERE alert_id = $F1")" "log,ops-hook"
p alerts raise indicator.warning operational_boundary --authority NTH --json
N1=$(echo "$OUT" | jq -r .id)
p alerts raise deal.maturing X --feed
expect_rc 2 "--feed is refused for a non-feed kind"
p alerts raise made.up X --authority WSX
expect_rc 2 "an unknown kind is refused"

# --- listing ----------------------------------------------------------------------------------
p alerts --authority WSX --json
expect_rc 0 "alerts --json"
expect_json "WSX sees its own alerts and the feed alert, not NTH's" \
    '[.alerts[] | .kind] | sort | join(",")' "counterparty.over_duration,counterparty.over_limit,feed.failed"
expect_json "the fields of an alert" \
    ".alerts[] | select(.id == $A1) | [.kind, .subject, .state, .passive, .authority] | join(\" \")" \
    "counterparty.over_limit BARC open true WSX"
expect_json "raised_at is an ISO UTC timestamp" \
    ".alerts[] | select(.id == $A1) | .raised_at | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$\")" true
expect_json "the figures behind it" ".alerts[] | select(.id == $A1) | .details.exposure" "30000000.00"
expect_json "the feed alert has authority null" ".alerts[] | select(.id == $F1) | .authority" "null"
p alerts --authority NTH --json
expect_json "NTH sees its alert and the feed alert" '[.alerts[].id] | length' 2
p alerts --authority WSX
expect_rc 0 "alerts as a text table"
expect_match "the table has a header" "$OUT" 'ID +State +Kind +Subject'
expect_match "the passive breach is marked" "$OUT" 'open \(passive\) +counterparty.over_limit +BARC'
expect_match "the feed alert is marked" "$OUT" 'feed.failed \[feed\]'
expect_match "the figures are shown, amounts in pounds" "$OUT" 'BARC +.*exposure £30,000,000\.00'
expect_match "times as UK readers write them" "$OUT" ' [0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2} '

# --- delivery ---------------------------------------------------------------------------------
p alerts deliver --json
expect_rc 0 "alerts deliver"
TOTAL=$(sql "SELECT count(*) FROM alert_deliveries")
expect_json "every queued delivery attempted" '.attempted' "$TOTAL"
expect_json "and delivered" '.delivered' "$TOTAL"
expect_eq "no delivery left pending" "$(sql "SELECT count(*) FROM alert_deliveries WHERE state <> 'delivered'")" 0
expect_eq "each sent once" "$(sql "SELECT max(attempts) FROM alert_deliveries")" 1
expect_match "the log channel wrote a structured line on stderr" "$ERR" \
    "\{\"event\":\"alert.raised\",\"delivery_id\":[0-9]+,\"sent_at\":\"[^\"]+\",\"alert\":\{\"id\":$A1,\"kind\":\"counterparty.over_limit\""

# webhook: 2 WSX alerts + feed alert (ops-hook) + NTH alert (ops-hook) = 4 POSTs
expect_eq "the webhook receiver got one POST per webhook delivery" "$(received "$HOOK")" \
    "$(sql "SELECT count(*) FROM alert_deliveries WHERE channel = 'webhook'")"
W=$(webhook_bodies "$HOOK")
expect_eq "the WSX POST carries the alert and its figures" \
    "$(echo "$W" | jq -r ".[] | select(.alert.id == $A1) | [.event, .alert.kind, .alert.subject, .alert.details.exposure, .alert.details.limit, .alert.authority] | join(\" \")")" \
    "alert.raised counterparty.over_limit BARC 30000000.00 25000000.00 WSX"
REQ=$(grep -l "\"id\\\\\": $A1\|\\\\\"id\\\\\":$A1," "$HOOK"/req-*.json | head -1)
expect_eq "it went to the WSX path" "$(jq -r .path "$REQ")" "/wsx"
expect_eq "as JSON" "$(jq -r '.headers["Content-Type"]' "$REQ")" "application/json"
expect_eq "with the configured header" "$(jq -r '.headers["X-Team"]' "$REQ")" "treasury"
expect_eq "with the delivery id for de-duplication" "$(jq -r '.headers["X-Prudent-Delivery"]' "$REQ")" \
    "$(sql "SELECT id FROM alert_deliveries WHERE alert_id = $A1 AND channel = 'webhook'")"
expect_eq "the feed alert went to the operations hook" \
    "$(jq -r 'select(.body | fromjson | .alert.kind == "feed.failed") | .path' "$HOOK"/req-*.json)" "/ops"

# e-mail: the two WSX counterparty alerts (the channel's kinds), none for the feed or NTH
expect_eq "the SMTP listener got one message per e-mail delivery" "$(received "$MAIL")" 2
M=$(for f in "$MAIL"/msg-*.json; do jq -c . "$f"; done | jq -s 'map(select(.data | test("BARC")))[0]')
DATA=$(echo "$M" | jq -r .data)
expect_eq "envelope sender" "$(echo "$M" | jq -r .from)" "<prudent@wessex.example>"
expect_eq "envelope recipients" "$(echo "$M" | jq -r '.to | join(",")')" \
    "<treasury@wessex.example>,<s151@wessex.example>"
expect_match "From header" "$DATA" $'From: Prudent <prudent@wessex.example>\r'
expect_match "To header" "$DATA" 'To: treasury@wessex.example,'
expect_match "Subject header" "$DATA" \
    $'Subject: \\[prudent\\] WSX: counterparty.over_limit BARC raised \\(passive breach\\)\r'
expect_match "Date header (RFC 5322)" "$DATA" $'Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \\+0000\r'
expect_match "Message-ID header" "$DATA" "Message-ID: <alert-$A1\\.delivery-[0-9]+\\.[0-9]+@[^>]+>"
expect_match "a readable body with the figures" "$DATA" 'exposure +£30,000,000\.00'
expect_match "and the limit" "$DATA" 'limit +£25,000,000\.00'
expect_match "and how to acknowledge" "$DATA" "prudent alerts ack $A1 --by NAME --authority WSX"

p alerts deliver --json
expect_rc 0 "a second deliver run"
expect_json "finds nothing due" '.attempted' 0
expect_eq "nothing sent twice" "$(received "$HOOK")" 4
p alerts deliveries --authority WSX --json
expect_rc 0 "alerts deliveries"
expect_json "lists WSX's and the feed's deliveries" '.deliveries | length' \
    "$(sql "SELECT count(*) FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.authority_id IS DISTINCT FROM (SELECT id FROM authorities WHERE code = 'NTH')")"

# --- acknowledging ----------------------------------------------------------------------------
p alerts ack "$A1" --authority WSX
expect_rc 2 "ack needs --by"
p alerts ack "$N1" --by "J. Smith" --authority WSX
expect_rc 2 "WSX cannot acknowledge NTH's alert"
expect_match "it says there is no such alert for WSX" "$ERR" "no alert $N1 for authority WSX"
p alerts ack 999999 --by "J. Smith" --authority WSX
expect_rc 2 "an unknown alert id"
p alerts ack "$A1" --by "J. Smith" --authority WSX
expect_rc 0 "ack an open alert"
p alerts --authority WSX --json
expect_json "it is acknowledged, by whom" ".alerts[] | select(.id == $A1) | [.state, .acknowledged_by] | join(\" \")" \
    "acknowledged J. Smith"
expect_json "and when" ".alerts[] | select(.id == $A1) | .acknowledged_at | test(\"T.*Z$\")" true
expect_eq "the acknowledgement is in the audit trail" \
    "$(sql "SELECT actor || ' ' || action FROM audit_log WHERE entity = 'alert' AND entity_key = '$A1' AND action = 'acknowledge'")" \
    "J. Smith acknowledge"
expect_eq "so is raising it by hand (once)" \
    "$(sql "SELECT count(*) || ' ' || min(reason) FROM audit_log WHERE entity = 'alert' AND entity_key = '$A1' AND action = 'raise'")" \
    "1 operator test tool"
p alerts ack "$A1" --by "Someone Else" --authority WSX
expect_rc 0 "acknowledging twice is harmless"
expect_eq "and keeps the first acknowledgement" "$(sql "SELECT acknowledged_by FROM alerts WHERE id = $A1")" "J. Smith"
p alerts ack "$F1" --by "K. Jones" --authority NTH
expect_rc 0 "any authority may acknowledge a feed alert"

# --- resolving --------------------------------------------------------------------------------
p alerts resolve counterparty.over_limit BARC --authority WSX
expect_rc 0 "resolve the condition"
p alerts --authority WSX --json
expect_json "a resolved alert leaves the default listing" "[.alerts[] | select(.id == $A1)] | length" 0
p alerts --authority WSX --all --json
expect_json "--all lists it, resolved, with when" \
    ".alerts[] | select(.id == $A1) | [.state, (.resolved_at | test(\"Z$\") | tostring)] | join(\" \")" "resolved true"
expect_json "--all has every WSX and feed alert" '.alerts | length' 3
p alerts ack "$A1" --by "J. Smith" --authority WSX
expect_rc 2 "a resolved alert cannot be acknowledged"
expect_match "it says so" "$ERR" "alert $A1 is resolved"
expect_eq "the resolution is queued for the channels that want it (not s151-mail)" \
    "$(sql "SELECT string_agg(channel_name, ',' ORDER BY id) FROM alert_deliveries WHERE alert_id = $A1 AND event = 'resolved'")" \
    "ops-log,treasury-hook"
p alerts deliver --json
expect_json "the resolution notices are delivered" '.delivered' 2
expect_eq "the webhook got the resolution" \
    "$(webhook_bodies "$HOOK" | jq -r ".[] | select(.event == \"alert.resolved\") | [.alert.id, .alert.state] | join(\" \")")" \
    "$A1 resolved"
p alerts raise counterparty.over_limit BARC --authority WSX --json
expect_json "the condition recurring opens a new alert" ".created" true
expect_eq "a new one" "$([ "$(echo "$OUT" | jq -r .id)" != "$A1" ] && echo yes)" yes

# --- a bad configuration never loses an alert -------------------------------------------------
echo '{"channels": [{"type": "pigeon"}]}' >"$PRUDENT_CONFIG/alerts/NTH.json"
p alerts channels --authority NTH
expect_rc 2 "alerts channels refuses a bad configuration"
expect_match "and says what is wrong" "$ERR" 'NTH.json: channels\[0\]: type "pigeon" is not log, webhook or email'
p alerts raise indicator.breach authorised_limit --authority NTH --json
expect_rc 0 "raising still works with a bad configuration"
expect_match "with a warning" "$ERR" 'warning: .*NTH.json'
N2=$(echo "$OUT" | jq -r .id)
expect_eq "the alert goes to the built-in log channel" \
    "$(sql "SELECT channel || ':' || target FROM alert_deliveries WHERE alert_id = $N2")" "log:-"
echo '{"channels": [{"type": "webhook", "url": "ftp://x"}], "retyr": {}}' >"$PRUDENT_CONFIG/alerts/NTH.json"
p alerts channels --authority NTH
expect_match "unknown fields are reported" "$ERR" 'unknown field "retyr"'


# --- the shipped configuration and example are valid --------------------------------------
run env PRUDENT_CONFIG="$ROOT/config" "$PRUDENT_BIN" alerts channels --feed --json
expect_rc 0 "config/alerts/default.json is valid"
expect_json "it logs every alert" '.channels[0].type' log
mkdir -p "$T/example/alerts" && cp "$ROOT/config/alerts/examples/WSX.json" "$T/example/alerts/WSX.json"
run env PRUDENT_CONFIG="$T/example" "$PRUDENT_BIN" alerts channels --authority WSX --json
expect_rc 0 "config/alerts/examples/WSX.json is valid"
expect_json "with its four channels" '[.channels[].type] | join(",")' "log,webhook,email,email"
expect_json "the S151 officer's channel filters kinds" '.channels[3].kinds | join(",")' \
    "counterparty.*,group.*,country.*,indicator.breach"

finish
