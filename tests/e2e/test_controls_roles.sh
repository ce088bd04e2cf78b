#!/usr/bin/env bash
# test_controls_roles.sh: issue 19, item 6 (database roles), each attack tried as the request role
# prudent_service in a request's scope, against the real database:
#   - UPDATE / INSERT / DELETE on shared tables (counterparties, ratings, rates, bank holidays,
#     audit_head): refused; TRUNCATE of a tenant table (past row-level security): refused;
#   - a shared table a later migration makes: read-only to the request role at once;
#   - the request role is no superuser and does not bypass row-level security;
#   - a request still changes its own authority's rows (the service books over the API).
# The login role and RESET ROLE / set_config of the scope: see the end (docs/hardening.md).
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

# --- open: the login role ---------------------------------------------------------------------
login=$(sql "SELECT rolsuper FROM pg_roles WHERE rolname = session_user")
if [ "$login" = t ]; then
    skip "RESET ROLE / set_config of the scope from a request" \
        "open: the service logs in as the owner (a superuser in the embedded cluster); docs/hardening.md, Database roles"
fi
finish
