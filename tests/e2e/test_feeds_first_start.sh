#!/usr/bin/env bash
# test_feeds_first_start.sh: a fresh install started without a network does not shout (issue 21):
# the service says once which feeds are not fetched yet and where to read their state, records
# each failure in feed_state, and raises no feed.failed / feed.stale in the feeds' first day
# (PRUDENT_FEED_GRACE); a day later a feed still failing is alerted, and a feed that has worked
# and then stops is alerted at once, as before.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/service_lib.sh"

SERVICE_FEEDS="$T/feeds"
mkdir -p "$SERVICE_FEEDS"
# a web feed nobody answers (a closed loopback port) and the saved-PWLB-rates file not saved yet
cat >"$SERVICE_FEEDS/boe.json" <<JSON
{"name": "boe", "url": "http://127.0.0.1:1/boe.csv", "format": "csv",
 "series": {"bank_rate": "bank_rate"}, "every": "1d", "stale": "7d", "timeout": 2}
JSON
cat >"$SERVICE_FEEDS/pwlb.json" <<JSON
{"name": "pwlb", "url": "file://$T/pwlb/pwlb-rates.csv", "format": "csv",
 "series": {"maturity_10y": "pwlb_maturity_10y"}, "every": "6h", "stale": "14d"}
JSON
p authority add WSX --name "Wessex County Council"

start_service "$T/serve.log"
for _ in $(seq 1 100); do
    [ "$(sql "SELECT count(*) FROM feed_state WHERE last_failure IS NOT NULL")" = 2 ] && break
    sleep 0.1
done
sleep 1 # the delivery job's tick (5 s) is not awaited: no alert row means nothing to deliver
expect_eq "both feeds were tried and their failures recorded" \
    "$(sql "SELECT string_agg(name || ':' || (error IS NOT NULL), ' ' ORDER BY name) FROM feed_state")" \
    "boe:true pwlb:true"
expect_eq "... one calm line names them and where to read their state" \
    "$(jq -R -r 'fromjson? | select(.msg | startswith("feeds not fetched yet")) | .feeds + " / " + .state' "$T/serve.log")" \
    "boe, pwlb / prudent feeds list"
expect_eq "... no feed alert is raised on the first day" "$(sql "SELECT count(*) FROM alerts")" "0"
expect_eq "... and nothing shouts on stderr (no failure or alert lines)" \
    "$(grep -c 'failed\|alert.raised\|not reached' "$T/serve.log")" "0"
PRUDENT_FEEDS=$SERVICE_FEEDS p feeds list
expect_match "prudent feeds list shows each one's error" "$OUT" 'pwlb .*couldn.t open file'
kill -TERM "$SVC_PID"; wait "$SVC_PID" 2>/dev/null

# a day later, still failing: alerted as any running installation's feed
sql "UPDATE feed_state SET first_attempt = now() - interval '25 hours', last_attempt = now() - interval '25 hours'" >/dev/null
PRUDENT_FEEDS=$SERVICE_FEEDS p feeds poll --due
expect_rc 3 "a day on, the due poll of feeds still failing exits 3"
expect_eq "... feed.failed for both, and bank_rate and the PWLB series stale" \
    "$(sql "SELECT string_agg(kind || ' ' || subject, ', ' ORDER BY kind, subject) FROM alerts WHERE state = 'open'")" \
    "feed.failed boe, feed.failed pwlb, feed.stale bank_rate, feed.stale pwlb_maturity_10y"

# a feed that has worked and then stops is alerted at once, whatever its age
M=$(sql "SELECT max(id) FROM alerts")
mkdir -p "$T/pwlb"
printf 'date,maturity_10y\n%s,4.50\n' "$(date -u +%F)" >"$T/pwlb/pwlb-rates.csv"
PRUDENT_FEEDS=$SERVICE_FEEDS p feeds poll pwlb
expect_rc 0 "the saved PWLB rates are read"
rm "$T/pwlb/pwlb-rates.csv"
sql "UPDATE feed_state SET first_attempt = now() - interval '7 hours', last_attempt = now() - interval '7 hours'
     WHERE name = 'pwlb'" >/dev/null
PRUDENT_FEEDS=$SERVICE_FEEDS p feeds poll --due
expect_eq "the file gone within the feed's first day: feed.failed pwlb at once (it had worked)" \
    "$(sql "SELECT string_agg(kind || ' ' || subject, ', ' ORDER BY subject) FROM alerts WHERE id > $M")" \
    "feed.failed pwlb"
finish
