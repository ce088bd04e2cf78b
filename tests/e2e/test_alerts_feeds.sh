#!/usr/bin/env bash
# test_alerts_feeds.sh: alerts raised by a real producer: a feed poll that fails raises
# feed.failed through alert_raise, which queues its notification for default.json's channels;
# it is listed with every authority's alerts and delivered to the operations webhook; the good
# poll that follows resolves it and the resolution is delivered too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/alerts_lib.sh"
trap stop_all_sinks EXIT

export PRUDENT_CONFIG="$T/config" PRUDENT_FEEDS="$T/feeds"
mkdir -p "$PRUDENT_CONFIG/alerts" "$PRUDENT_FEEDS"
HOOK="$T/hook"
HPORT=$(start_sink http "$HOOK") || { expect_eq "webhook receiver started" no yes; finish; exit; }
cat >"$PRUDENT_CONFIG/alerts/default.json" <<JSON
{"channels": [{"name": "ops-hook", "type": "webhook", "url": "http://127.0.0.1:$HPORT/ops",
               "kinds": ["feed.failed"]}]}
JSON
cat >"$PRUDENT_FEEDS/pwlb.json" <<JSON
{"name": "pwlb", "url": "file://$T/pwlb.csv", "format": "csv",
 "series": {"maturity_10y": "pwlb_maturity_10y"}, "every": "6h", "stale": "14d"}
JSON
p authority add WSX --name "Wessex County Council"
p authority add NTH --name "Northshire Council"

printf '<html><body>Service unavailable</body></html>\n' >"$T/pwlb.csv"
p feeds poll pwlb
expect_rc 3 "a garbled feed fails the poll"
expect_eq "feed.failed is raised once" "$(sql "SELECT count(*) || ' ' || min(state) FROM alerts WHERE kind = 'feed.failed' AND subject = 'pwlb'")" "1 open"
p feeds poll pwlb
expect_eq "failing again raises nothing new" "$(sql "SELECT count(*) FROM alerts WHERE kind = 'feed.failed'")" 1
expect_eq "and queues one notification, for the operations hook (which wants feed.failed only)" \
    "$(sql "SELECT string_agg(channel_name || ':' || event, ',') FROM alert_deliveries")" "ops-hook:raised"
for code in WSX NTH; do
    p alerts --authority "$code" --json
    expect_json "$code's listing shows the feed alert" '[.alerts[] | select(.kind == "feed.failed") | .subject] | join(",")' pwlb
done
p alerts deliver --json
expect_json "delivered" '.delivered' 1
expect_eq "the operations hook received it" \
    "$(webhook_bodies "$HOOK" | jq -r '.[] | [.event, .alert.kind, .alert.subject, (.alert.authority | tostring)] | join(" ")')" \
    "alert.raised feed.failed pwlb null"

printf 'date,maturity_10y\n2026-01-05,5.62\n' >"$T/pwlb.csv"
p feeds poll pwlb
expect_rc 0 "the feed is good again"
expect_eq "feed.failed is resolved" "$(sql "SELECT state FROM alerts WHERE kind = 'feed.failed'")" resolved
p alerts deliver --json
expect_json "the resolution is delivered" '.delivered' 1
expect_eq "the hook heard both" "$(webhook_bodies "$HOOK" | jq -r '[.[].event] | join(",")')" "alert.raised,alert.resolved"
finish
