#!/usr/bin/env bash
# test_service.sh: `prudent serve` for real on a free loopback port: tokens (401), authorities
# and roles (403), 404 vs 405 with Allow, 413, 400 for malformed JSON, /healthz, /metrics, the
# request log, view endpoints returning the CLI's JSON, row-level security proven from SQL,
# change notifications reaching the background thread, a PostgreSQL restart mid-run (in a
# cluster of the test's own), and a clean stop on SIGTERM.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/service_lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

# --- a book with two authorities and users of each role -------------------------------------
p authority add BORSET --name "Borsetshire County Council"
p authority add WSX --name "Wessex County Council"
p user add dana --role dealer --authority BORSET;   DEALER=$OUT
expect_rc 0 "user add prints a token"
expect_match "the token alone on stdout: prt_ and 43 base64url characters" "$OUT" '^prt_[A-Za-z0-9_-]{43}$'
p user add wes --role viewer --authority WSX;       WSX_VIEWER=$OUT
p user add ada --role admin --all-authorities;      ADMIN=$OUT
p user add amy --role approver --authority BORSET WSX; APPROVER=$OUT
p user add dana --role viewer --authority BORSET
expect_rc 2 "adding the same name twice exits 2"
p user add zed --role viewer --authority NOPE
expect_rc 2 "an unknown authority exits 2"
p user add zed --role dealer --all-authorities
expect_rc 2 "only admins may cover every authority"
p user add zed --role boss --authority BORSET
expect_rc 2 "an unknown role exits 2"
expect_eq "no user made by the refused adds" "$(sql "SELECT count(*) FROM users WHERE name = 'zed'")" "0"
p user list --json
expect_json "user list --json" '[.users[] | "\(.name):\(.role):\(.authorities | join("+"))"] | join(",")' \
    "ada:admin:*,amy:approver:BORSET+WSX,dana:dealer:BORSET,wes:viewer:WSX"
expect_eq "only the hash of a token is stored" \
    "$(sql "SELECT count(*) FROM users WHERE position(convert_to('$DEALER', 'UTF8') IN token_hash) > 0 OR encode(token_hash, 'escape') LIKE '%prt_%'")" "0"
expect_eq "user changes are audited" "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'user' AND action = 'insert'")" "4"

BORSET_ID=$(sql "SELECT id FROM authorities WHERE code = 'BORSET'")
WSX_ID=$(sql "SELECT id FROM authorities WHERE code = 'WSX'")
sql "INSERT INTO counterparties (code, name, sector, country) VALUES ('BARC', 'Barclays Bank', 'bank', 'GB');
     INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
       SELECT a.id, a.code || '-1', 'fixed', c.id, 5000000, 4.5, '2018-01-02', '2018-07-02'
       FROM authorities a, counterparties c;
     INSERT INTO loans (authority_id, ref, type, lender_id, principal, rate, start_date, maturity_date, repayment)
       SELECT a.id, a.code || '-L1', 'market', c.id, 1000000, 3, '2010-01-01', '2030-01-01', 'maturity'
       FROM authorities a, counterparties c;
     INSERT INTO loan_instalments SELECT id, 1, maturity_date, principal, 30000, 0 FROM loans;
     INSERT INTO alerts (authority_id, kind, subject) VALUES ($BORSET_ID, 'deal.maturing', 'BORSET-1'),
       ($WSX_ID, 'deal.maturing', 'WSX-1'), (NULL, 'feed.stale', 'boe');" >/dev/null

# --- row-level security, from SQL ------------------------------------------------------------
as_service() { # IDS SQL: run SQL as prudent_service seeing authorities IDS
    sql "BEGIN; SET LOCAL ROLE prudent_service; SET LOCAL prudent.authority_ids = '$1'; $2; COMMIT;"
}
expect_eq "the owner sees both authorities' investments" "$(sql "SELECT count(*) FROM investments")" "2"
expect_eq "prudent_service set to WSX sees only WSX's investments" \
    "$(as_service "{$WSX_ID}" "SELECT string_agg(ref, ',') FROM investments")" "WSX-1"
expect_eq "... no BORSET investment even when asked for by id" \
    "$(as_service "{$WSX_ID}" "SELECT count(*) FROM investments WHERE authority_id = $BORSET_ID")" "0"
expect_eq "... only WSX's loans" "$(as_service "{$WSX_ID}" "SELECT string_agg(ref, ',') FROM loans")" "WSX-L1"
expect_eq "... only WSX's loan instalments (through loans)" \
    "$(as_service "{$WSX_ID}" "SELECT count(*) FROM loan_instalments")" "1"
expect_eq "... WSX's alerts and the shared feed alert" \
    "$(as_service "{$WSX_ID}" "SELECT string_agg(subject, ',' ORDER BY subject) FROM alerts")" "WSX-1,boe"
expect_eq "... only the WSX authority row" "$(as_service "{$WSX_ID}" "SELECT string_agg(code, ',') FROM authorities")" "WSX"
expect_eq "... only WSX's audit entries" \
    "$(as_service "{$WSX_ID}" "SELECT count(*) FROM audit_log WHERE authority_id IS DISTINCT FROM $WSX_ID")" "0"
expect_eq "with no authority set it sees no book at all" \
    "$(as_service "" "SELECT (SELECT count(*) FROM investments) + (SELECT count(*) FROM loans)")" "0"
run psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "BEGIN; SET LOCAL ROLE prudent_service;
    SELECT set_config('prudent.authority_ids', '{$WSX_ID}', true);
    INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
    SELECT $BORSET_ID, 'SNEAK', 'fixed', id, 1, 1, '2018-01-01', '2018-02-01' FROM counterparties; COMMIT;"
expect_match "prudent_service cannot write into another authority's book" "$ERR" 'row-level security'
run psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "SET ROLE prudent_service; SELECT count(*) FROM users"
expect_match "prudent_service cannot read users or token hashes" "$ERR" 'permission denied'
expect_eq "every table with an authority_id has row-level security" "$(sql "SELECT count(*) FROM prudent_tenant_gaps()")" "0"
sql "CREATE TABLE later_things (id int, authority_id bigint NOT NULL)" >/dev/null
expect_eq "a table added outside a migration with an authority_id is reported as a gap" \
    "$(sql "SELECT * FROM prudent_tenant_gaps()")" "later_things: has authority_id but no row-level security"
sql "CREATE VIEW later_view AS SELECT id, authority_id FROM later_things" >/dev/null
# What the migration runner calls after every migration (sql/073), in place of an event trigger
# that also ran on each import's temporary table.
expect_eq "no event trigger runs on every CREATE TABLE" "$(sql "SELECT count(*) FROM pg_event_trigger")" "0"
sql "SELECT prudent_tenant_protect_new()" >/dev/null
expect_eq "the runner's safety net protects the table" \
    "$(sql "SELECT relrowsecurity FROM pg_class WHERE relname = 'later_things'")" "t"
sql "INSERT INTO later_things VALUES (1, $BORSET_ID), (2, $WSX_ID); GRANT SELECT ON later_things TO prudent_service" >/dev/null
expect_eq "... and prudent_service sees only its authority's rows of it" \
    "$(as_service "{$BORSET_ID}" "SELECT string_agg(id::text, ',') FROM later_things")" "1"

expect_eq "a view added later runs with the caller's rights (security_invoker)" \
    "$(as_service "{$WSX_ID}" "SELECT string_agg(id::text, ',') FROM later_view")" "2"
sql "CREATE TABLE later_children (id int, thing_id int)" >/dev/null
sql "ALTER TABLE later_things ADD PRIMARY KEY (id); ALTER TABLE later_children ADD FOREIGN KEY (thing_id) REFERENCES later_things (id)" >/dev/null
expect_eq "a child table of a protected table without policy is reported as a gap" \
    "$(sql "SELECT * FROM prudent_tenant_gaps()")" "later_children: references later_things but has no row-level security"
sql "SELECT prudent_tenant_table_via('later_children', 'thing_id', 'later_things'); INSERT INTO later_children VALUES (10, 1), (20, 2); GRANT SELECT ON later_children TO prudent_service" >/dev/null
expect_eq "... and once protected through its parent, prudent_service sees only its authority's children" \
    "$(as_service "{$BORSET_ID}" "SELECT string_agg(id::text, ',') FROM later_children")" "10"
expect_eq "no gaps left" "$(sql "SELECT count(*) FROM prudent_tenant_gaps()")" "0"

# A feed of the service's own to poll: a PWLB-style CSV file.
mkdir -p "$T/feeds"
printf 'date,maturity_10y\n2018-03-28,2.41\n2018-03-29,2.43\n' >"$T/pwlb.csv"
cat >"$T/feeds/pwlb.json" <<JSON
{"name": "pwlb", "url": "file://$T/pwlb.csv", "format": "csv", "every": "6h",
 "series": {"maturity_10y": "pwlb_maturity_10y"}}
JSON
export SERVICE_FEEDS="$T/feeds"

# --- the service ------------------------------------------------------------------------------
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
_ok "the service starts on a free loopback port ($URL)"

req GET /healthz
expect_eq "/healthz is 200" "$STATUS" "200"
expect_json "/healthz says ok" '"\(.status) \(.database)"' "ok ok"
expect_json "/healthz: the database is the primary; this lone instance leads the jobs" \
    '"\(.database_role) \(.background_jobs)"' "primary leader"

req GET /api/v1/authorities
expect_eq "401 without a token" "$STATUS" "401"
expect_json "401 error code" '.error.code' "unauthorized"
expect_match "401 asks for a bearer token" "$HDR" 'WWW-Authenticate: Bearer'
req GET /api/v1/authorities "prt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect_eq "401 with a made-up token" "$STATUS" "401"
expect_json "401 error code for a bad token" '.error.code' "invalid_token"

req GET /api/v1/authorities "$DEALER"
expect_eq "the authority list with a token" "$STATUS" "200"
expect_json "a BORSET dealer is shown BORSET only" '[.authorities[].code] | join(",")' "BORSET"
req GET /api/v1/authorities "$ADMIN"
p authority list --json
expect_eq "an all-authorities admin gets the same JSON as \`authority list --json\`" \
    "$(jq -S . "$T/.body")" "$(printf '%s' "$OUT" | jq -S .)"

req GET /api/v1/authorities/WSX "$DEALER"
expect_eq "403 for an authority the token does not cover" "$STATUS" "403"
expect_json "403 error code and field" '"\(.error.code) \(.error.field)"' "forbidden_authority code"
req GET /api/v1/authorities/BORSET "$WSX_VIEWER"
expect_eq "403 the other way round" "$STATUS" "403"
req GET /api/v1/authorities/NOSUCH "$DEALER"
expect_eq "403 (not 404) for an unknown authority: its existence is not disclosed" "$STATUS" "403"
req GET /api/v1/authorities/NOSUCH "$ADMIN"
expect_eq "404 for an unknown authority to an all-authorities admin" "$STATUS" "404"
req GET /api/v1/authorities/BORSET "$APPROVER"
expect_eq "a user of two authorities reaches the first" "$STATUS" "200"
req GET /api/v1/authorities/WSX "$APPROVER"
expect_eq "... and the second" "$STATUS" "200"
expect_json "the authority's name" '.name' "Wessex County Council"

req GET /api/v1/nothing-here "$DEALER"
expect_eq "404 for an unknown path" "$STATUS" "404"
expect_json "404 error document" '"\(.error.code)|\(.error.field)"' "not_found|null"
req GET /api/v1/authorities/BORSET/nonsense "$DEALER"
expect_eq "404 for an unknown view" "$STATUS" "404"
req POST /healthz
expect_eq "405 for a known path with the wrong method" "$STATUS" "405"
expect_match "405 carries Allow" "$HDR" $'Allow: GET\r'
expect_json "405 error code" '.error.code' "method_not_allowed"
req PUT /api/v1/users "$ADMIN"
expect_match "405 Allow lists the methods of the path" "$HDR" $'Allow: POST\r'

head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'x' >"$T/big"
req POST /api/v1/users "$ADMIN" -H 'Content-Type: application/json' --data-binary @"$T/big"
expect_eq "413 for a body over 1 MiB" "$STATUS" "413"
expect_json "413 error code" '.error.code' "body_too_large"
req POST /api/v1/users "$ADMIN" -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$T/big"
expect_eq "413 for a chunked body over 1 MiB" "$STATUS" "413"

req POST /api/v1/users "$ADMIN" -H 'Content-Type: application/json' --data '{"name": "x", "role":'
expect_eq "400 for malformed JSON" "$STATUS" "400"
expect_json "400 error code" '.error.code' "malformed_json"
req POST /api/v1/users "$ADMIN" --data '{"name": "carl", "role": "chief", "authorities": ["WSX"]}'
expect_eq "400 for an invalid field" "$STATUS" "400"
expect_json "400 names the field" '"\(.error.code) \(.error.field)"' "invalid_field role"
req POST /api/v1/users "$DEALER" --data '{"name": "carl", "role": "viewer", "authorities": ["BORSET"]}'
expect_eq "403 for a role that is not enough" "$STATUS" "403"
expect_json "403 role error code" '.error.code' "forbidden_role"
req POST /api/v1/users "$ADMIN" --data '{"name": "carl", "role": "viewer", "authorities": ["WSX"]}'
expect_eq "an admin makes a user over the API: 201" "$STATUS" "201"
CARL=$(jq -r .token "$T/.body")
expect_match "... and gets the token once" "$CARL" '^prt_[A-Za-z0-9_-]{43}$'
req GET /api/v1/authorities "$CARL"
expect_eq "... which is refused while carl is pending (four eyes on user administration): 401" "$STATUS" "401"
req POST /api/v1/users/carl/approve "$ADMIN"
expect_eq "the admin who made carl may not approve him: 403 same_admin" "$STATUS:$(jq -r .error.code "$T/.body")" \
    "403:same_admin"
p user add eve --role admin --all-authorities; ADMIN2=$OUT
req POST /api/v1/users/carl/approve "$ADMIN2"
expect_eq "a second admin approves him: 200" "$STATUS:$(jq -r .pending "$T/.body")" "200:false"
req GET /api/v1/authorities "$CARL"
expect_json "the new token works" '[.authorities[].code] | join(",")' "WSX"
req POST /api/v1/users "$ADMIN" --data '{"name": "carl", "role": "viewer", "authorities": ["WSX"]}'
expect_eq "409 for a user that exists" "$STATUS" "409"
req DELETE /api/v1/users/carl "$ADMIN"
expect_eq "an admin revokes a user" "$STATUS" "200"
req GET /api/v1/authorities "$CARL"
expect_eq "a revoked token gets 401" "$STATUS" "401"
p user revoke wes
expect_rc 0 "user revoke"
req GET /api/v1/authorities "$WSX_VIEWER"
expect_eq "a token revoked from the CLI gets 401 at once" "$STATUS" "401"

# --- views: the same JSON as the CLI verbs ------------------------------------------------
# Over the demo book (config/demo), loaded into an authority of its own while the service runs.
p authority add DEMO --name "Borsetshire (demo book)"
for kind in counterparties ratings strategy investments loans; do
    for f in "$ROOT"/config/demo/$kind*.csv "$ROOT"/config/demo/$kind*.json; do
        [ -f "$f" ] || continue
        p import "$kind" "$f" --authority DEMO
        expect_rc 0 "import the demo $kind"
    done
done
req GET /api/v1/authorities/DEMO "$ADMIN"
VIEWS=$(jq -r '.views[]' "$T/.body")
for v in $VIEWS; do
    if ! "$PRUDENT_BIN" "$v" --help >/dev/null 2>&1; then # a view with no verb of its own (reports)
        req GET "/api/v1/authorities/DEMO/$v?as_of=2018-03-31&from=2017-04-01&to=2018-03-31" "$ADMIN"
        expect_match "GET .../DEMO/$v (a view without a verb) answers 200 or 400" "$STATUS" '^(200|400)$'
        continue
    fi
    query="as_of=2018-03-31"; opts=(--as-of 2018-03-31)
    [ "$v" = maturing ] && query="$query&from=2018-04-01&to=2019-03-31" && opts+=(--from 2018-04-01 --to 2019-03-31)
    for i in $(seq 1 20); do # until the background recompute of the import has settled
        req GET "/api/v1/authorities/DEMO/$v?$query" "$ADMIN"
        api=$(jq -S . "$T/.body" 2>/dev/null)
        p "$v" --authority DEMO "${opts[@]}" --json
        [ "$api" == "$(printf '%s' "$OUT" | jq -S . 2>/dev/null)" ] && break
        sleep 0.3
    done
    if [ "$RC" -eq 0 ]; then
        expect_eq "GET .../DEMO/$v is the JSON of \`prudent $v --json\`" "$STATUS:$api" "200:$(printf '%s' "$OUT" | jq -S .)"
    else
        expect_match "GET .../DEMO/$v refuses what \`prudent $v\` refuses" "$STATUS" '^(400|503)$'
    fi
done
if [[ " $(echo $VIEWS) " == *" portfolio "* ]]; then
    req GET "/api/v1/authorities/DEMO/portfolio?as_of=2018-03-31" "$ADMIN"
    expect_match "the demo portfolio over the API is not empty" "$(jq -r '.holdings | length' "$T/.body")" '^[1-9][0-9]*$'
fi
for v in $VIEWS; do
    req GET "/api/v1/authorities/BORSET/$v?as_of=2018-03-31&from=2018-01-01&to=2018-12-31" "$DEALER"
    expect_eq "GET .../BORSET/$v shows nothing of the demo authority's book" \
        "$(grep -c 'DEMO\|Borsetshire (demo' "$T/.body")" "0"
done
[ -z "$VIEWS" ] && echo "# no views registered yet: only the authority listing is compared with the CLI"
if [ -n "$VIEWS" ]; then
    v=$(echo "$VIEWS" | head -1)
    req GET "/api/v1/authorities/BORSET/$v?as_of=31-13-2018" "$DEALER"
    expect_eq "400 for a bad as_of date" "$STATUS:$(jq -r .error.field "$T/.body")" "400:as_of"
    req POST "/api/v1/authorities/BORSET/$v" "$DEALER"
    expect_eq "405 for POST to a view" "$STATUS" "405"
fi

# --- metrics, logs, change notifications -------------------------------------------------------
req GET /metrics
expect_eq "/metrics is 200" "$STATUS" "200"
expect_match "/metrics is Prometheus text" "$HDR" 'Content-Type: text/plain; version=0.0.4'
expect_match "requests counted by route, method and status" "$OUT" \
    'prudent_http_requests_total\{route="/healthz",method="GET",status="200"\} 1'
expect_match "401s counted" "$OUT" 'prudent_http_requests_total\{route="/api/v1/authorities",method="GET",status="401"\} 5'
expect_match "a latency histogram" "$OUT" 'prudent_http_request_duration_seconds_bucket\{route="/healthz",le="\+Inf"\} 1'
for i in $(seq 1 20); do # the background recompute may be raising alerts meanwhile
    want=$(sql "SELECT count(*) FROM alerts WHERE state = 'open'")
    req GET /metrics "$ADMIN"
    [[ "$OUT" == *$'\n'"prudent_alerts_open $want"$'\n'* ]] && break
    sleep 0.2
done
expect_match "open alerts, with the token of a user covering every authority" "$OUT" $'\n'"prudent_alerts_open $want"$'\n'
for i in $(seq 1 50); do
    [ "$(sql "SELECT last_success IS NOT NULL FROM feed_state WHERE name = 'pwlb'")" = t ] && break; sleep 0.1
done
expect_eq "the background thread polled the feed" "$(sql "SELECT string_agg(date || '=' || value, ',' ORDER BY date) FROM rate_observations WHERE series = 'pwlb_maturity_10y'")" \
    "2018-03-28=2.410000,2018-03-29=2.430000"
req GET /metrics
expect_match "feed ages in /metrics" "$OUT" 'prudent_feed_age_seconds\{feed="pwlb"\} [0-9]+'
expect_eq "no figures of the book without a token" "$(grep -cE '^prudent_(deals|alerts_open)' "$T/.body")" "0"
req GET /metrics "$DEALER"
expect_eq "... nor with one authority's token" "$(grep -cE '^prudent_(deals|alerts_open)' "$T/.body")" "0"
req GET /metrics "$ADMIN"

expect_match "deals by status" "$OUT" "prudent_deals\\{status=\"confirmed\"\\} $(sql "SELECT count(*) FROM investments WHERE status = 'confirmed'")"
expect_match "the database is up" "$OUT" 'prudent_database_up 1'

expect_eq "one JSON log line per request on stderr" \
    "$(jq -R -r 'fromjson? | select(.msg == "request" and .path == "/healthz") | "\(.method) \(.status)"' "$T/serve.log" | head -1)" "GET 200"
expect_eq "log lines name the user and authority" \
    "$(jq -R -r 'fromjson? | select(.msg == "request" and .status == 403 and .user == "dana") | .error' "$T/serve.log" | head -1)" "forbidden_authority"

sql "UPDATE investments SET rate = 4.75 WHERE ref = 'WSX-1'" >/dev/null
for i in $(seq 1 50); do
    grep -q "\"msg\":\"change\",\"authority_id\":$WSX_ID}" "$T/serve.log" && break; sleep 0.1
done
expect_match "a change to WSX's book reaches the background thread (LISTEN/NOTIFY)" \
    "$(cat "$T/serve.log")" "\"msg\":\"change\",\"authority_id\":$WSX_ID\}"

p alerts raise counterparty.over_limit SERVICE-TEST --authority BORSET
expect_rc 0 "raise a test alert (its notification waits in the outbox)"
for i in $(seq 1 80); do
    grep -q '"subject":"SERVICE-TEST"' "$T/serve.log" && break; sleep 0.1
done
expect_match "the background thread delivers it (log channel, the service's stderr)" \
    "$(grep '"subject":"SERVICE-TEST"' "$T/serve.log")" '"event":"alert.raised"'
for i in $(seq 1 30); do
    [ "$(sql "SELECT d.state FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.subject = 'SERVICE-TEST'")" = delivered ] && break
    sleep 0.1
done
expect_eq "... and marks it delivered" \
    "$(sql "SELECT d.state FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.subject = 'SERVICE-TEST'")" "delivered"

# the API describes itself (http/openapi.c; test_openapi checks it against the route table)
req GET /api/v1/openapi.json
expect_eq "GET /api/v1/openapi.json needs no token" "$STATUS" "200"
expect_json "... is OpenAPI 3.1.0" '.openapi' "3.1.0"
expect_json "... with the methods of a path" '.paths["/api/v1/authorities/{code}/deals"] | keys | join(",")' "get,post"
expect_json "... and bearer security" '.components.securitySchemes.bearerAuth.scheme' "bearer"
found404=""
for path in $(jq -r '.paths | keys[] | select(contains("{") | not)' "$T/.body"); do
    req GET "$path"
    [ "$STATUS" = 404 ] && found404="$found404 $path"
done
expect_eq "every path it lists without parameters is one the service answers (no 404)" "${found404# }" ""

# --- a clean stop ------------------------------------------------------------------------------
kill -TERM "$SVC_PID"
for i in $(seq 1 50); do kill -0 "$SVC_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SVC_PID" 2>/dev/null; then _notok "SIGTERM stops the service within 5 s"; else
    wait "$SVC_PID"; rc=$?
    expect_eq "SIGTERM stops the service within 5 s, exit 0" "$rc" "0"
fi
expect_eq "it logs that it stopped" "$(jq -R -r 'fromjson? | select(.msg == "stopped") | .level' "$T/serve.log")" "info"

# --- a PostgreSQL restart mid-run, in a cluster of the test's own --------------------------
H="$T/home"
EMB=(env -u PRUDENT_DB PRUDENT_HOME="$H")
run "${EMB[@]}" "$PRUDENT_BIN" authority add BORSET --name "Borsetshire County Council"
expect_rc 0 "an embedded cluster of the test's own"
TOKEN=$("${EMB[@]}" "$PRUDENT_BIN" user add ops --role admin --all-authorities)
# The lending fixture (authority WSX, counterparties, ratings, strategy) in that cluster.
SAVED_DB=$PRUDENT_DB
PRUDENT_DB=$("${EMB[@]}" "$PRUDENT_BIN" db url)
lending_fixture
PRUDENT_DB=$SAVED_DB
if start_service "$T/serve2.log" -u PRUDENT_DB PRUDENT_HOME="$H"; then
    req GET /healthz
    expect_eq "healthy before the restart" "$STATUS" "200"
    req POST /api/v1/users "$TOKEN" --data '{"name": "before", "role": "viewer", "authorities": ["BORSET"]}'
    expect_eq "a write acknowledged before the restart" "$STATUS" "201"
    req POST /api/v1/authorities/WSX/deals "$TOKEN" --data '{"late_reason": "entered late", "ref": "R-1", "counterparty": "BANKB",
        "principal": "1000000", "rate": "0.5", "start_date": "2018-03-05", "maturity_date": "2018-06-30"}'
    expect_eq "a deal acknowledged (201) before the restart" "$STATUS" "201"
    run "${EMB[@]}" "$PRUDENT_BIN" db stop
    expect_rc 0 "PostgreSQL stopped under the running service"
    req POST /api/v1/authorities/WSX/deals "$TOKEN" --data '{"late_reason": "entered late", "ref": "R-2", "counterparty": "BANKB",
        "principal": "1000000", "rate": "0.5", "start_date": "2018-03-05", "maturity_date": "2018-06-30"}'
    expect_eq "booking while the database is down: 503" "$STATUS:$(jq -r .error.code "$T/.body")" "503:database_unavailable"
    req GET /healthz
    expect_eq "/healthz is 503 while the database is down" "$STATUS" "503"
    expect_json "... and says so" '.database' "unavailable"
    expect_json "... with no database role" '.database_role' "null"
    req GET /api/v1/authorities "$TOKEN"
    expect_eq "the API is 503 while the database is down" "$STATUS" "503"
    expect_json "503 error code" '.error.code' "database_unavailable"
    run "${EMB[@]}" "$PRUDENT_BIN" db start
    expect_rc 0 "PostgreSQL started again"
    for i in $(seq 1 50); do req GET /healthz; [ "$STATUS" = 200 ] && break; sleep 0.2; done
    expect_eq "/healthz is 200 again without restarting the service" "$STATUS" "200"
    req GET /api/v1/authorities "$TOKEN"
    expect_eq "the API answers again after the restart" "$STATUS" "200"
    expect_eq "the acknowledged deal survived the restart; the refused one was not booked" \
        "$("${EMB[@]}" "$PRUDENT_BIN" db psql -At -c "SELECT string_agg(ref || ':' || status, ',' ORDER BY ref) FROM investments")" "R-1:pending"
    req POST /api/v1/authorities/WSX/deals "$TOKEN" --data '{"late_reason": "entered late", "ref": "R-2", "counterparty": "BANKB",
        "principal": "1000000", "rate": "0.5", "start_date": "2018-03-05", "maturity_date": "2018-06-30"}'
    expect_eq "booking works again after the restart" "$STATUS" "201"
    expect_eq "the acknowledged write survived" \
        "$("${EMB[@]}" "$PRUDENT_BIN" user list --json | jq -r '[.users[].name] | join(",")')" "before,ops"
    req GET /metrics
    expect_match "metrics still served" "$OUT" 'prudent_http_requests_total\{route="/healthz",method="GET",status="503"\} [1-9]'
    # The background thread retries about once a second: wait for its reconnection (the event),
    # not for time, before stopping the service.
    for i in $(seq 1 150); do grep -q 'background jobs reconnected' "$T/serve2.log" && break; sleep 0.1; done
    kill -TERM "$SVC_PID"; wait "$SVC_PID"; rc=$?
    expect_eq "and it still stops cleanly" "$rc" "0"
    expect_match "the background thread saw the database go and come back" "$(cat "$T/serve2.log")" \
        'background jobs reconnected'
else
    _notok "the service starts on the test's own cluster" "$(cat "$T/serve2.log")"
fi

# --- secrets never logged ---------------------------------------------------------------------
# Tokens travelled in every request above (and one was printed once by POST /api/v1/users); no
# log line may hold one, nor any Authorization header.
expect_eq "no token in the service logs" \
    "$(cat "$T/serve.log" "$T/serve2.log" 2>/dev/null | grep -cE 'prt_[A-Za-z0-9_-]{8}|Bearer ')" "0"
expect_eq "the logs did hold the requests of those tokens' users" \
    "$(jq -R -r 'fromjson? | select(.msg == "request" and .user == "dana") | .user' "$T/serve.log" | head -1)" "dana"

finish
