#!/usr/bin/env bash
# test_feeds.sh: the rate feeds end to end against a real HTTP server on loopback
# (tests/e2e/feedserver.py) serving recorded-style payloads: Bank of England CSV, GOV.UK bank
# holidays JSON, PWLB rates from a file:// URL. Faults (HTML with 200, 500, truncated body,
# timeout, dead server, wrong header) each exit 3, leave the stored data exactly as before and
# raise feed.failed; re-polling is idempotent; a changed value is kept as a revision; feed.stale.
. "$(dirname "$0")/lib.sh"

WWW="$T/www" FEEDS="$T/feeds"
mkdir -p "$WWW" "$FEEDS"
export PRUDENT_FEEDS="$FEEDS"

# --- recorded-style payloads ----------------------------------------------------------------
printf '\xEF\xBB\xBFDATE,IUDBEDR,IUDSOIA\r\n02 Jan 2026,3.75,3.7293\r\n05 Jan 2026,3.75,3.7281\r\n06 Jan 2026,3.75,3.7275\r\n07 Jan 2026,3.75,..\r\n' >"$WWW/boe.csv"
printf 'DATE,IUDBEDR\n02 Jan 2026,3.75\n' >"$WWW/boe-wrong.csv"
cat >"$WWW/bank-holidays.json" <<'JSON'
{"england-and-wales":{"division":"england-and-wales","events":[
 {"title":"New Year’s Day","date":"2022-01-03","notes":"Substitute day","bunting":true},
 {"title":"Good Friday","date":"2022-04-15","notes":"","bunting":false},
 {"title":"Easter Monday","date":"2022-04-18","notes":"","bunting":true},
 {"title":"Early May bank holiday","date":"2022-05-02","notes":"","bunting":true},
 {"title":"Spring bank holiday","date":"2022-06-02","notes":"","bunting":true},
 {"title":"Platinum Jubilee bank holiday","date":"2022-06-03","notes":"","bunting":true},
 {"title":"Summer bank holiday","date":"2022-08-29","notes":"","bunting":true},
 {"title":"Bank Holiday for the State Funeral of Queen Elizabeth II","date":"2022-09-19","notes":"","bunting":false},
 {"title":"Boxing Day","date":"2022-12-26","notes":"","bunting":true},
 {"title":"Christmas Day","date":"2022-12-27","notes":"Substitute day","bunting":true},
 {"title":"New Year’s Day","date":"2023-01-02","notes":"Substitute day","bunting":true},
 {"title":"Good Friday","date":"2023-04-07","notes":"","bunting":false},
 {"title":"Easter Monday","date":"2023-04-10","notes":"","bunting":true},
 {"title":"Early May bank holiday","date":"2023-05-01","notes":"","bunting":true},
 {"title":"Bank holiday for the coronation of King Charles III","date":"2023-05-08","notes":"","bunting":true},
 {"title":"Spring bank holiday","date":"2023-05-29","notes":"","bunting":true},
 {"title":"Summer bank holiday","date":"2023-08-28","notes":"","bunting":true},
 {"title":"Christmas Day","date":"2023-12-25","notes":"","bunting":true},
 {"title":"Boxing Day","date":"2023-12-26","notes":"","bunting":true}]},
 "scotland":{"division":"scotland","events":[{"title":"2nd January","date":"2023-01-03","notes":"","bunting":true}]},
 "northern-ireland":{"division":"northern-ireland","events":[{"title":"St Patrick’s Day","date":"2023-03-17","notes":"","bunting":true}]}}
JSON
printf 'date,maturity_10y,maturity_50y\r\n2026-01-05,5.62,5.98\r\n2026-01-06,5.60,\r\n' >"$T/pwlb.csv"

# --- the server -------------------------------------------------------------------------------
python3 "$ROOT/tests/e2e/feedserver.py" --dir "$WWW" --port-file "$T/port" --log "$T/requests.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 300); do [ -s "$T/port" ] && break; sleep 0.1; done   # up to 30 s on a loaded machine
PORT=$(cat "$T/port")
BASE="http://127.0.0.1:$PORT"
# a port with nothing listening: bind, note it, close
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

def_boe() { # URL [TIMEOUT]
    cat >"$FEEDS/boe.json" <<JSON
{"name": "boe", "url": "$1", "format": "boe-iadb-csv",
 "series": {"IUDBEDR": "bank_rate", "IUDSOIA": "sonia"}, "every": "1d", "stale": "7d",
 "timeout": ${2:-10}}
JSON
}
def_hol() {
    cat >"$FEEDS/holidays.json" <<JSON
{"name": "holidays", "url": "$1", "format": "govuk-bank-holidays",
 "series": {"england-and-wales": "england-and-wales"}, "every": "1w", "timeout": 10}
JSON
}
def_pwlb() {
    cat >"$FEEDS/pwlb.json" <<JSON
{"name": "pwlb", "url": "$1", "format": "csv", "every": "6h",
 "series": {"maturity_10y": "pwlb_maturity_10y", "maturity_50y": "pwlb_maturity_50y"}}
JSON
}
def_boe "$BASE/boe.csv"
def_hol "$BASE/bank-holidays.json"
def_pwlb "file://$T/pwlb.csv"

dump() {
    sql "SELECT series, date, value, feed FROM rate_observations ORDER BY 1, 2;
         SELECT series, date, old_value, new_value FROM rate_revisions ORDER BY id;
         SELECT division, date, title FROM bank_holidays ORDER BY 1, 2"
}
failed_alert() { sql "SELECT state FROM alerts WHERE kind = 'feed.failed' AND subject = '$1' ORDER BY id DESC LIMIT 1"; }

# --- the definitions --------------------------------------------------------------------------
p feeds list --json
expect_rc 0 "feeds list before any poll"
expect_json "three feeds, by file name" '[.feeds[].name] | join(",")' "boe,holidays,pwlb"
expect_json "never polled" '.feeds[0].status + " " + (.feeds[0].last_success | tostring)' "never polled null"

# --- good polls -------------------------------------------------------------------------------
p feeds poll
expect_rc 0 "poll every feed"
expect_match "boe: BOM, CRLF and '..' read" "$OUT" 'boe: 7 observations \(7 new, 0 revised\)'
expect_match "holidays stored" "$OUT" 'holidays: 19 holidays'
expect_match "pwlb file read" "$OUT" 'pwlb: 3 observations \(3 new'
expect_match "a descriptive User-Agent" "$(head -1 "$T/requests.log")" $'\tprudent/0\\.1 \\(treasury management'

p rates bank_rate --from 2026-01-01 --to 2026-01-31 --json
expect_rc 0 "rates bank_rate"
expect_json "bank rate observations" '[.observations[] | .date + "=" + .value] | join(" ")' \
    "2026-01-02=3.7500 2026-01-05=3.7500 2026-01-06=3.7500 2026-01-07=3.7500"
expect_json "the series is named" '.series' "bank_rate"
p rates sonia --from 2026-01-02 --to 2026-01-06 --json
expect_json "'..' is no observation" '.observations | length' "3"
# 3.7293 x 3 days (Fri, Sat, Sun) + 3.7281 + 3.7275 = 18.6435 / 5 = 3.7287
expect_json "the average carries Friday over the weekend" '.average' "3.7287"
p rates pwlb_maturity_50y --from 2026-01-01 --to 2026-01-31 --json
expect_json "an empty csv cell is no observation" '[.observations[].value] | join(",")' "5.9800"
p rates no_such_series --from 2026-01-01 --to 2026-01-31
expect_rc 2 "an unknown series exits 2"

p calendar holidays --from 2022-01-01 --to 2022-12-31 --json
expect_rc 0 "calendar holidays"
expect_json "2022 from the feed, the funeral and jubilee included" \
    '[.holidays[] | select(.source == "feed") | .date] | join(" ")' \
    "2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 2022-12-26 2022-12-27"
expect_json "curly apostrophes kept" '.holidays[0].title' "New Year’s Day"
p calendar holidays --from 2023-01-01 --to 2023-12-31 --json
expect_json "scotland's holidays are not England and Wales'" '[.holidays[].date] | index("2023-01-03")' "null"
p calendar holidays --from 2015-12-01 --to 2015-12-31 --json
expect_json "a year the feed does not cover comes from the rules" \
    '[.holidays[] | .date + "/" + .source] | join(" ")' "2015-12-25/built-in 2015-12-28/built-in"
p calendar next-business-day 2022-09-16
expect_eq "next business day after the Friday before the State Funeral" "$OUT" "2022-09-20"
p calendar next-business-day 2022-06-01
expect_eq "next business day over the Platinum Jubilee" "$OUT" "2022-06-06"
p calendar next-business-day 2015-12-24
expect_eq "next business day over Christmas 2015 (built in)" "$OUT" "2015-12-29"
p calendar settlement-date 2018-03-31
expect_eq "modified following: Saturday 31 March 2018 settles on Thursday 29th (Good Friday)" "$OUT" "2018-03-29"
p calendar settlement-date 2022-09-17 --json
expect_json "modified following within the month: to Tuesday 20th" '.settlement_date' "2022-09-20"
p calendar next-business-day 2023-05-05
expect_eq "next business day over the coronation" "$OUT" "2023-05-09"

# --- idempotent re-polls ------------------------------------------------------------------------
BEFORE=$(dump)
p feeds poll boe
expect_rc 0 "re-poll boe"
expect_match "the server answered 304 to If-None-Match" "$OUT" 'boe: not modified'
expect_match "the conditional request carried the ETag" "$(tail -1 "$T/requests.log")" $'\t"[0-9a-f]{16}"$'
sql "UPDATE feed_state SET etag = NULL, last_modified = NULL" >/dev/null
p feeds poll
expect_rc 0 "re-poll everything without validators"
expect_match "the same answer again changes nothing" "$OUT" 'boe: 7 observations \(0 new, 0 revised\)'
expect_match "pwlb re-read changes nothing" "$OUT" 'pwlb: 3 observations \(0 new, 0 revised\)'
expect_eq "stored data identical after re-polling" "$(dump)" "$BEFORE"

p feeds poll --due
expect_rc 0 "feeds poll --due"
N=$(wc -l <"$T/requests.log")
p feeds poll --due
expect_eq "nothing is due again within its interval" "$(wc -l <"$T/requests.log")" "$N"
sql "UPDATE feed_state SET last_attempt = now() - interval '25 hours' WHERE name = 'boe'" >/dev/null
p feeds poll --due
expect_eq "a day later boe (every 1d) is due, the weekly holidays are not" \
    "$(tail -n +$((N + 1)) "$T/requests.log" | cut -f1 | tr '\n' ' ')" "/boe.csv "

# --- faults: each exits 3, stores nothing, raises feed.failed ----------------------------------
fault() { # what URL [TIMEOUT] [ERROR-REGEX]
    local what=$1
    def_boe "$2" "${3:-10}"
    local before; before=$(dump)
    p feeds poll boe
    expect_rc 3 "$what: exits 3"
    expect_eq "$what: stored data exactly as before" "$(dump)" "$before"
    expect_eq "$what: feed.failed is open" "$(failed_alert boe)" "open"
    [ -n "${4:-}" ] && expect_match "$what: the error says why" "$ERR" "$4"
    p feeds list --json
    expect_json "$what: feeds list shows the error" '.feeds[0].status + " " + (.feeds[0].error != null | tostring)' "failed true"
    # a good poll resolves the alert
    def_boe "$BASE/boe.csv"
    sql "UPDATE feed_state SET etag = NULL, last_modified = NULL" >/dev/null
    p feeds poll boe
    expect_rc 0 "$what: then a good poll succeeds"
    expect_eq "$what: and resolves feed.failed" "$(failed_alert boe)" "resolved"
}
fault "HTML with status 200" "$BASE/html/boe.csv" 10 'HTML page'
fault "HTTP 500" "$BASE/status/500/boe.csv" 10 'HTTP status 500'
fault "truncated body" "$BASE/truncate/boe.csv" 10 'feed boe failed'
fault "timeout" "$BASE/slow/4/boe.csv" 1 'timed out'
fault "dead server" "http://127.0.0.1:$DEAD/boe.csv" 10 'feed boe failed'
fault "wrong header" "$BASE/boe-wrong.csv" 10 'column "IUDSOIA" is missing'
fault "HTML behind a redirect" "$BASE/redirect/html" 10 'HTML page'

p feeds poll boe
expect_eq "a redirect to the payload is followed" "$RC" "0"

# the other feeds, served over HTTP, with the same faults
cp "$T/pwlb.csv" "$WWW/pwlb.csv"
printf 'date,maturity_10y\n2026-01-05,5.62\n' >"$WWW/pwlb-wrong.csv"
fault_other() { # feed def-function good-url what url error-regex
    local feed=$1 deffn=$2 good=$3 what="$1: $4"
    "$deffn" "$5"
    local before; before=$(dump)
    p feeds poll "$feed"
    expect_rc 3 "$what: exits 3"
    expect_eq "$what: stored data exactly as before" "$(dump)" "$before"
    expect_eq "$what: feed.failed is open" "$(failed_alert "$feed")" "open"
    expect_match "$what: the error says why" "$ERR" "$6"
    "$deffn" "$good"
    p feeds poll "$feed"
    expect_rc 0 "$what: then a good poll succeeds"
    expect_eq "$what: and resolves feed.failed" "$(failed_alert "$feed")" "resolved"
}
for feed in holidays pwlb; do
    if [ $feed = holidays ]; then fn=def_hol file=bank-holidays.json wrong=boe.csv why='not valid JSON'
    else fn=def_pwlb file=pwlb.csv wrong=pwlb-wrong.csv why='column "maturity_50y" is missing'; fi
    fault_other $feed $fn "$BASE/$file" "HTML with status 200" "$BASE/html/$file" 'HTML page'
    fault_other $feed $fn "$BASE/$file" "HTTP 500" "$BASE/status/500/$file" 'HTTP status 500'
    fault_other $feed $fn "$BASE/$file" "truncated body" "$BASE/truncate/$file" 'transfer closed'
    fault_other $feed $fn "$BASE/$file" "dead server" "http://127.0.0.1:$DEAD/$file" 'onnect'
    fault_other $feed $fn "$BASE/$file" "wrong payload" "$BASE/$wrong" "$why"
done
def_pwlb "file://$T/pwlb.csv"

# the size cap
printf 'DATE,IUDBEDR,IUDSOIA\n' >"$WWW/big.csv"
for i in $(seq 1 9); do for m in Jan Feb Mar Apr May Jun Jul Aug Sep; do
    printf '0%d %s 2025,4.00,3.9500\n' "$i" "$m"; done; done >>"$WWW/big.csv"
cat >"$FEEDS/boe.json" <<JSON
{"name": "boe", "url": "$BASE/big.csv", "format": "boe-iadb-csv", "every": "1d", "max_bytes": 1024,
 "series": {"IUDBEDR": "bank_rate", "IUDSOIA": "sonia"}}
JSON
BEFORE=$(dump)
p feeds poll boe
expect_rc 3 "an answer over the size cap exits 3"
expect_match "the error names the cap" "$ERR" 'larger than the cap of 1024 bytes'
expect_eq "over the cap: stored data as before" "$(dump)" "$BEFORE"
def_boe "$BASE/boe.csv"

def_hol "$BASE/truncate/bank-holidays.json"
BEFORE=$(dump)
p feeds poll holidays
expect_rc 3 "a truncated GOV.UK transfer exits 3"
expect_match "truncated transfer: the error says why" "$ERR" 'transfer closed'
expect_eq "truncated transfer: holidays as before" "$(dump)" "$BEFORE"
expect_eq "truncated transfer: feed.failed is open" "$(failed_alert holidays)" "open"
head -c 700 "$WWW/bank-holidays.json" >"$WWW/cut.json"   # complete transfer of a cut file
def_hol "$BASE/cut.json"
p feeds poll holidays
expect_rc 3 "a cut GOV.UK file exits 3"
expect_match "cut JSON: the error says why" "$ERR" 'not valid JSON'
expect_eq "cut JSON: holidays as before" "$(dump)" "$BEFORE"
def_hol "$BASE/bank-holidays.json"

def_pwlb "file://$T/no-such-file.csv"
p feeds poll pwlb
expect_rc 3 "a missing saved PWLB file exits 3"
expect_eq "missing file: stored data as before" "$(dump)" "$BEFORE"
p feeds poll
expect_rc 3 "polling all with one failing feed exits 3"
expect_match "the other feeds still poll" "$OUT" 'boe: .*holidays: '
def_pwlb "file://$T/pwlb.csv"

# a hand-saved file cut in its last value (the file has no line end there)
printf 'date,maturity_10y,maturity_50y\r\n2026-01-05,5.62,5.98\r\n2026-01-06,5.60,5.9' >"$T/pwlb-cut.csv"
def_pwlb "file://$T/pwlb-cut.csv"
BEFORE=$(dump)
p feeds poll pwlb
expect_rc 3 "a saved file cut short exits 3"
expect_match "cut file: the error says truncated" "$ERR" 'line 3: the answer ends in the middle of a line \(truncated\)'
expect_eq "cut file: stored data as before" "$(dump)" "$BEFORE"
def_pwlb "file://$T/pwlb.csv"

p feeds poll nosuch
expect_rc 2 "an unknown feed name exits 2"

p authority add WSX --name "Wessex County Council"
p alerts --json
expect_rc 0 "alerts with a failing feed"
expect_json "feed.failed is listed with the authority's alerts" \
    '[.alerts[] | select(.kind == "feed.failed") | .subject] | sort | join(",")' "pwlb"

# --- a changed value is a revision --------------------------------------------------------------
sed -i 's/05 Jan 2026,3.75,3.7281/05 Jan 2026,3.75,3.7300/' "$WWW/boe.csv"
p feeds poll boe
expect_rc 0 "poll a revised answer"
expect_match "one value revised" "$OUT" 'boe: 7 observations \(0 new, 1 revised\)'
p rates sonia --from 2026-01-05 --to 2026-01-05 --json
expect_json "the latest value is served" '.observations[0].value' "3.7300"
expect_json "and the revision is shown" '.revisions[] | .date + " " + .old_value + " -> " + .new_value' \
    "2026-01-05 3.7281 -> 3.7300"
expect_eq "the old value is kept as a revision" \
    "$(sql "SELECT series || ' ' || date || ' ' || old_value || ' -> ' || new_value FROM rate_revisions")" \
    "sonia 2026-01-05 3.728100 -> 3.730000"
p feeds poll boe
expect_eq "re-polling the revised answer adds no revision" "$(sql "SELECT count(*) FROM rate_revisions")" "1"

# --- feed.stale ---------------------------------------------------------------------------------
PRUDENT_TODAY=2026-02-01 p feeds poll boe
expect_rc 0 "a good poll of old data still succeeds"
expect_match "it warns that series are stale" "$ERR" '2 series not updated within 7d'
expect_eq "feed.stale raised for bank_rate and sonia" \
    "$(sql "SELECT string_agg(subject, ',' ORDER BY subject) FROM alerts WHERE kind = 'feed.stale' AND state = 'open'")" \
    "bank_rate,sonia"
expect_eq "feed alerts belong to no authority" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind LIKE 'feed.%' AND authority_id IS NOT NULL")" "0"
PRUDENT_TODAY=2026-02-01 p feeds poll boe
expect_eq "raised once, not once per poll" "$(sql "SELECT count(*) FROM alerts WHERE kind = 'feed.stale'")" "2"
PRUDENT_TODAY=2026-01-10 p feeds poll boe
expect_eq "fresh again: feed.stale resolved" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind = 'feed.stale' AND state = 'open'")" "0"

# a definition in other words: "every": "daily", no "stale" (default: 1 day + 4 = 5 days)
printf 'date,value\n2026-01-02,4.5\n' >"$T/other.csv"
echo "{\"name\": \"Other.Feed\", \"url\": \"file://$T/other.csv\", \"format\": \"csv\", \"series\": {\"value\": \"OTHER_RATE\"}, \"every\": \"daily\"}" >"$FEEDS/other.json"
PRUDENT_TODAY=2026-01-07 p feeds poll Other.Feed
expect_rc 0 "a feed defined with every: daily"
expect_eq "5 days after its latest observation it is not stale" \
    "$(sql "SELECT count(*) FROM alerts WHERE kind = 'feed.stale' AND subject = 'OTHER_RATE' AND state = 'open'")" "0"
PRUDENT_TODAY=2026-01-08 p feeds poll Other.Feed
expect_match "6 days after, it is (default stale period 5d)" "$ERR" 'not updated within 5d'
p feeds list --json
expect_json "the default stale period is listed" '.feeds[] | select(.name == "Other.Feed") | .every + " " + .stale' "daily 5d"
rm "$FEEDS/other.json"

# --- bad definitions ----------------------------------------------------------------------------
echo '{"name": "bad", "url": "x", "format": "xml", "every": "1d", "series": {"a": "b"}}' >"$FEEDS/zz.json"
p feeds list
expect_rc 2 "a bad definition exits 2"
expect_match "naming the file and field" "$ERR" 'zz.json: "format" "xml" is not one of'
rm "$FEEDS/zz.json"

# --- the shipped definitions: bin/../feeds when PRUDENT_FEEDS is unset ---------------------------
run env -u PRUDENT_FEEDS PRUDENT_HOME=/srv/prudent-home "$PRUDENT_BIN" feeds list --json
if [ -d "$(dirname "$PRUDENT_BIN")/../feeds" ]; then
    expect_rc 0 "feeds list with the shipped definitions"
    expect_json "the shipped feeds" '[.feeds[].name] | join(",")' "bank-holidays,boe,pwlb"
    expect_json "found beside bin/" ".folder" "$(cd "$(dirname "$PRUDENT_BIN")/../feeds" && pwd -P)"
    expect_json "the Bank of England's Bank Rate, SONIA and the SONIA compounded index" '[.feeds[1].series[]] | join(",")' "bank_rate,sonia,sonia_index"
    expect_json "PWLB rates are read from under PRUDENT_HOME" '.feeds[2].url' "file:///srv/prudent-home/pwlb/pwlb-rates.csv"
elif [ ! -d /usr/local/share/prudent/feeds ]; then   # e.g. build/asan/bin/prudent
    expect_rc 2 "no feeds folder beside bin/ nor installed: exit 2"
    expect_match "naming the installed folder it tried last" "$ERR" 'feeds folder /usr/local/share/prudent/feeds'
fi

finish
