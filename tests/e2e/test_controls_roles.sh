#!/usr/bin/env bash
# test_controls_roles.sh: issue 19, item 6 (database roles), each attack tried as the request role
# prudent_service in a request's scope, against the real database:
#   - UPDATE / INSERT / DELETE on shared tables (counterparties, ratings, rates, bank holidays,
#     audit_head): refused; TRUNCATE of a tenant table (past row-level security): refused;
#   - a shared table a later migration makes: read-only to the request role at once;
#   - the request role is no superuser and does not bypass row-level security;
#   - a request still changes its own authority's rows (the service books over the API).
#   - the service's request connections log in as prudent_app (sql/185), whose scope is a grant
#     the owner writes: RESET ROLE sees nothing, SET ROLE prudent is refused, set_config of the
#     scope or of prudent.user changes nothing the policies, audit_write or prudent_actor see.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
WSX_ID=$(sql "SELECT id FROM authorities WHERE code = 'WSX'")
sql "INSERT INTO rate_observations (series, date, value, feed) VALUES ('bank_rate', '2018-03-01', 0.5, 'hand')"

# Run SQL as a request would: the scope of WSX for user dan, SET LOCAL ROLE prudent_service.
# Sets $OUT and $ERR and $RC like run.
as_request() {
    printf '%s\n' "BEGIN;" \
        "SELECT set_config('prudent.authority_ids', '{$WSX_ID}', true), set_config('prudent.user', 'dan', true) \\g /dev/null" \
        "SET LOCAL ROLE prudent_service;" "$1;" "COMMIT;" >"$T/.req.sql"
    run psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -f "$T/.req.sql"
}
refused() { # what SQL
    as_request "$2"
    if [ "$RC" -ne 0 ] && [[ "$ERR" =~ permission\ denied ]]; then _ok "$1: refused"
    else _notok "$1: refused" "exit $RC" "stdout: $OUT" "stderr: $ERR"; fi
}

# --- shared tables: no writes from a request --------------------------------------------------
before_cp=$(sql "SELECT string_agg(code || ':' || name, ' ' ORDER BY code) FROM counterparties")
refused "UPDATE counterparties (rename a bank for every authority)" "UPDATE counterparties SET name = 'Mine' WHERE code = 'BANKB'"
refused "INSERT a counterparty" "INSERT INTO counterparties (code, name, sector, country) VALUES ('EVIL', 'Evil', 'bank', 'GB')"
refused "UPDATE ratings (upgrade a bank)" "UPDATE ratings SET rating = 'AAA'"
refused "INSERT a rating" "INSERT INTO ratings (counterparty_id, agency, term, rating, effective_date) SELECT id, 'fitch', 'long', 'AAA', '2018-03-01' FROM counterparties WHERE code = 'LOWB'"
refused "DELETE ratings" "DELETE FROM ratings"
refused "UPDATE rate_observations (move Bank Rate)" "UPDATE rate_observations SET value = 9"
refused "DELETE bank_holidays" "DELETE FROM bank_holidays"
refused "UPDATE audit_head (move the audit chain's head)" "UPDATE audit_head SET seq = 0"
refused "INSERT into audit_log directly" "INSERT INTO audit_log (actor, entity, entity_key, action) VALUES ('dan', 'x', 'y', 'z')"
refused "TRUNCATE investments (TRUNCATE passes row-level security)" "TRUNCATE investments"
expect_eq "... the counterparties are as they were" \
    "$(sql "SELECT string_agg(code || ':' || name, ' ' ORDER BY code) FROM counterparties")" "$before_cp"
as_request "SELECT count(*) FROM ratings"
expect_rc 0 "the request role still reads the shared tables"

# --- what would undo it -----------------------------------------------------------------------
expect_eq "prudent_role_gaps() is empty" "$(sql "SELECT string_agg(g, '; ') FROM prudent_role_gaps() g")" ""
expect_eq "the request role is no superuser and does not bypass row-level security" \
    "$(sql "SELECT rolsuper || ' ' || rolbypassrls || ' ' || rolcanlogin FROM pg_roles WHERE rolname = 'prudent_service'")" "false false false"

# A later migration makes a shared table: the runner's net (prudent_tenant_protect_new) takes the
# writes away, and leaves a new tenant table writable under its policy.
sql "CREATE TABLE later_shared (id int PRIMARY KEY, v text);
     CREATE TABLE later_tenant (id int PRIMARY KEY, authority_id bigint NOT NULL REFERENCES authorities(id));
     SELECT prudent_tenant_protect_new()" >/dev/null
expect_eq "a shared table made later: read-only to the request role" \
    "$(sql "SELECT has_table_privilege('prudent_service', 'later_shared', 'SELECT') || ' ' || has_table_privilege('prudent_service', 'later_shared', 'UPDATE') || ' ' || has_table_privilege('prudent_service', 'later_shared', 'INSERT')")" "true false false"
as_request "INSERT INTO later_tenant VALUES (1, $WSX_ID)"
expect_rc 0 "a tenant table made later: the request writes its own authority's rows"
as_request "INSERT INTO later_tenant VALUES (2, $WSX_ID + 1000)"
expect_match "... and not another authority's" "$RC $ERR" '^3 .*violates row-level security'
sql "DROP TABLE later_shared, later_tenant" >/dev/null

# --- the service still works as the request role ----------------------------------------------
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
req POST /api/v1/authorities/WSX/deals "$DAN" -H 'Content-Type: application/json' \
    --data '{"ref": "RL-1", "counterparty": "BANKB",
    "principal": "1000", "rate": "0.5", "start_date": "2018-03-30", "maturity_date": "2018-06-29"}'
expect_eq "a dealer books over the API (the request role writes its authority's rows)" "$STATUS" "201"
expect_eq "... the deal is there" "$(sql "SELECT count(*) FROM investments WHERE ref = 'RL-1'")" "1"

# --- the login role of the request connections (sql/185) ------------------------------------
expect_eq "the service's request connections log in as prudent_app" \
    "$(sql "SELECT count(*) > 0 FROM pg_stat_activity WHERE usename = 'prudent_app' AND datname = current_database()")" "t"
expect_eq "... which the owner granted dan's scope of WSX" \
    "$(sql "SELECT string_agg(DISTINCT authority_ids::text || ' ' || user_name, '; ') FROM request_grants")" "{$WSX_ID} dan"
expect_eq "prudent_app: no superuser, no BYPASSRLS, logs in, inherits nothing" \
    "$(sql "SELECT rolsuper || ' ' || rolbypassrls || ' ' || rolcanlogin || ' ' || rolinherit FROM pg_roles WHERE rolname = 'prudent_app'")" \
    "false false true false"
expect_eq "... and is a member of prudent_service only" \
    "$(sql "SELECT string_agg(r.rolname, ',') FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
            JOIN pg_roles a ON a.oid = m.member WHERE a.rolname = 'prudent_app'")" "prudent_service"
expect_eq "every policy calls prudent_authority_ids() once per statement" \
    "$(sql "SELECT count(*) FROM pg_policies WHERE (qual ~ 'prudent_authority_ids' AND qual !~ 'SELECT prudent_authority_ids')
            OR (with_check ~ 'prudent_authority_ids' AND with_check !~ 'SELECT prudent_authority_ids')")" "0"

# A second authority with a deal of its own, so that a wider scope would show.
p authority add OTH --name "Other Council"
p import strategy "$T/strategy.json" --authority OTH
p deal book --authority OTH --late-reason "entered after the day in this test" --counterparty BANKB --amount 1000000 \
    --rate 0.5 --start 2018-03-01 --maturity 2018-08-28 --ref OTH-1 --by alice --as-of 2018-03-01
expect_rc 0 "OTH books a deal (as the owner)"
ALL_IDS=$(sql "SELECT array_agg(id)::text FROM authorities")
WSX_DEALS=$(sql "SELECT count(*) FROM investments WHERE authority_id = $WSX_ID")
ALL_DEALS=$(sql "SELECT count(*) FROM investments")
[ "$WSX_DEALS" -lt "$ALL_DEALS" ] && _ok "another authority's deal exists" || _notok "another authority's deal exists" "$WSX_DEALS of $ALL_DEALS"

# Run SQL as a request connection: log in as prudent_app, have the owner grant this backend the
# scope of WSX for dan (as the service does, store/scope.c scope_grant; GRANT=no skips it), then
# the statements given, each on its own line. Sets $OUT, $ERR and $RC like run.
printf '%s\n' '#!/bin/sh' \
    "psql -X -q -At -v ON_ERROR_STOP=1 -d \"\$PRUDENT_DB\" -c \"DELETE FROM request_grants WHERE pid = \$APP_PID\" >/dev/null" \
    "[ \"\$GRANT\" = no ] || psql -X -q -At -v ON_ERROR_STOP=1 -d \"\$PRUDENT_DB\" -c \"INSERT INTO request_grants (pid, authority_ids, user_name) VALUES (\$APP_PID, '{$WSX_ID}', 'dan')\" >/dev/null" \
    >"$T/grant.sh"
chmod +x "$T/grant.sh"
as_app() { # [GRANT=no] SQL...
    { echo "SELECT pg_backend_pid() AS app_pid \gset"; echo '\setenv APP_PID :app_pid'; echo "\\! $T/grant.sh"
      printf '%s;\n' "$@"; } >"$T/.app.sql"
    run psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB user=prudent_app" -f "$T/.app.sql"
}
as_app "SET ROLE prudent_service" "SELECT count(*) FROM investments"
expect_eq "as prudent_app in WSX's scope: WSX's deals" "$RC $OUT" "0 $WSX_DEALS"
as_app "SET ROLE prudent_service" "RESET ROLE" "SELECT count(*) FROM investments"
expect_match "RESET ROLE lands on prudent_app, which sees nothing" "$RC $OUT $ERR" '^3 .*permission denied for table investments'
as_app "SET ROLE prudent"
expect_match "SET ROLE prudent (the owner) is refused" "$RC $ERR" '^3 .*permission denied to set role "prudent"'
as_app "SET ROLE prudent_service" "SELECT set_config('prudent.authority_ids', '$ALL_IDS', false) \g /dev/null" \
    "SELECT count(*) FROM investments" "SELECT count(*) FROM authorities"
expect_eq "set_config of a wider scope changes nothing the policies see" "$RC $(echo $OUT)" "0 $WSX_DEALS 1"
GRANT=no as_app "SET ROLE prudent_service" "SELECT set_config('prudent.authority_ids', '$ALL_IDS', false) \g /dev/null" \
    "SELECT count(*) FROM investments"
expect_eq "... and with no grant, nothing at all" "$RC $OUT" "0 0"
as_app "SET ROLE prudent_service" "SELECT set_config('prudent.user', 'mallory', false) \g /dev/null" "SELECT prudent_actor()"
expect_eq "forging prudent.user does not change who acts" "$RC $OUT" "0 dan"
as_app "SET ROLE prudent_service" "SELECT set_config('prudent.user', 'mallory', false) \g /dev/null" "BEGIN" \
    "UPDATE investments SET ref = ref WHERE ref = 'RL-1'" \
    "SELECT audit_write('mallory', $WSX_ID, 'investment', 'RL-1', 'forged', NULL, NULL, NULL)"
expect_match "... nor the audit user (audit_write in mallory's name is refused)" "$RC $ERR" "^3 .*names the request's user \(dan\), not mallory"
as_app "SET ROLE prudent_service" "UPDATE request_grants SET authority_ids = '$ALL_IDS'"
expect_match "the request role cannot change its grant" "$RC $ERR" '^3 .*permission denied for table request_grants'
as_app "INSERT INTO request_grants (pid, authority_ids) VALUES (pg_backend_pid() + 1, '$ALL_IDS')"
expect_match "... nor can prudent_app itself" "$RC $ERR" '^3 .*permission denied for table request_grants'
finish
