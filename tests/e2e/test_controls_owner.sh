#!/usr/bin/env bash
# test_controls_owner.sh: issue 19, item 6, step 1 (docs/hardening.md "Database roles"): the
# embedded cluster's owner is not a superuser.
#   - a cluster made now has prudent_admin as its superuser; the CLI, the migrations and the
#     service's owner connection log in as prudent: no superuser, no BYPASSRLS, no CREATEROLE;
#   - what only a superuser may do is refused to the owner, and prudent_role_gaps() names an
#     owner that is a superuser;
#   - a cluster made before (prudent its initdb superuser) keeps working, and `db start` says
#     how to move.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
flags() { # role -> "rolsuper rolbypassrls rolcreaterole"
    sql "SELECT rolsuper || ' ' || rolbypassrls || ' ' || rolcreaterole FROM pg_roles WHERE rolname = '$1'"
}

# --- which role is which ----------------------------------------------------------------------
run env -u PRUDENT_DB "$PRUDENT_BIN" db url
expect_match "db url: the owner, prudent" "$OUT" ' user=prudent '
run env -u PRUDENT_DB "$PRUDENT_BIN" db url --admin
expect_match "db url --admin: the cluster's superuser, prudent_admin" "$OUT" ' user=prudent_admin '
run env -u PRUDENT_DB "$PRUDENT_BIN" db start
expect_rc 0 "db start on this cluster"
expect_eq "... with no notice to move (the owner is no superuser)" "$ERR" ""
expect_eq "prudent_admin is the superuser" "$(flags prudent_admin)" "true true true"
expect_eq "the CLI's role (db url's) is prudent: no superuser, no BYPASSRLS, no CREATEROLE" \
    "$(sql "SELECT current_user || ' ' || rolsuper || ' ' || rolbypassrls || ' ' || rolcreaterole FROM pg_roles WHERE rolname = current_user")" \
    "prudent false false false"
expect_eq "the migrations ran as prudent (the owner of schema_migrations and of every table)" \
    "$(sql "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'public'")" "prudent"
expect_eq "prudent_role_gaps() is empty" "$(sql "SELECT count(*) FROM prudent_role_gaps()")" "0"

# The service: its owner connection (authentication, background jobs) and its request one.
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
req GET /api/v1/authorities/WSX/deals "$DAN"
expect_eq "a dealer's request is served" "$STATUS" "200"
expect_eq "the service's connections log in as prudent (owner) and prudent_app (requests)" \
    "$(sql "SELECT string_agg(DISTINCT usename::text, ',' ORDER BY usename::text) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()")" "prudent,prudent_app"
expect_eq "... neither is a superuser or bypasses row-level security" \
    "$(sql "SELECT string_agg(DISTINCT r.rolsuper || ' ' || r.rolbypassrls, ',') FROM pg_stat_activity a
            JOIN pg_roles r ON r.rolname = a.usename WHERE a.datname = current_database()")" "false false"

# --- what the owner may not do ------------------------------------------------------------------
owner_refused() { # what SQL
    run psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "$2"
    if [ "$RC" -ne 0 ] && [[ "$ERR" =~ (permission denied|must be superuser|must have) ]]; then _ok "the owner: $1 refused"
    else _notok "the owner: $1 refused" "exit $RC" "stdout: $OUT" "stderr: $ERR"; fi
}
owner_refused "bypass the triggers (session_replication_role)" "SET session_replication_role = replica"
owner_refused "create a role" "CREATE ROLE mallory LOGIN SUPERUSER"
owner_refused "run a program on the server (COPY FROM PROGRAM)" "COPY rate_observations FROM PROGRAM 'id'"
owner_refused "grant itself pg_execute_server_program" "GRANT pg_execute_server_program TO prudent"
owner_refused "make itself BYPASSRLS" "ALTER ROLE prudent BYPASSRLS"
run psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB_ADMIN" -c "SET session_replication_role = replica; SELECT 1"
expect_rc 0 "prudent_admin may (for repairs: db psql --admin)"

# prudent_role_gaps() names an owner that is a superuser (here: schema_migrations given to
# prudent_admin in this test's own database, and given back).
sql_admin "ALTER TABLE schema_migrations OWNER TO prudent_admin" >/dev/null
expect_eq "prudent_role_gaps() names a superuser owner" \
    "$(sql_admin "SELECT string_agg(g, '; ') FROM prudent_role_gaps() g")" \
    "owner prudent_admin: superuser, bypasses row-level security, may create roles"
sql_admin "ALTER TABLE schema_migrations OWNER TO prudent" >/dev/null
expect_eq "... and nothing once it is prudent again" "$(sql "SELECT count(*) FROM prudent_role_gaps()")" "0"

# --- a cluster made before prudent_admin ---------------------------------------------------------
# Made by hand as store/cluster.c used to: initdb -U prudent, the same settings.
H="$T/legacy"
mkdir -p "$H/pg/run"
chmod 755 "$H"
as_server() { if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$H/pg"; runuser -u postgres -- "$@"; else "$@"; fi; }
INITDB=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
chmod 700 "$H/pg"
run as_server "${INITDB:-initdb}" -D "$H/pg/data" -U prudent -A trust -E UTF8 --no-locale
expect_rc 0 "initdb -U prudent, as before"
printf "listen_addresses = ''\nport = 5432\nunix_socket_directories = '%s'\nunix_socket_permissions = 0700\n" \
    "$H/pg/run" >>"$H/pg/data/postgresql.conf"
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db start
expect_rc 0 "an old cluster starts and migrates"
expect_match "... with a one-line notice saying how to move" "$ERR" \
    'predates prudent_admin: its owner prudent is a superuser.*Moving the owner off the superuser'
expect_eq "... one line" "$(printf '%s\n' "$ERR" | grep -c .)" "1"
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" authority add OLD --name "Old Council"
expect_rc 0 "... and works as before"
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db url --admin
expect_match "db url --admin there names the owner, its superuser" "$OUT" ' user=prudent '
OLD_DB=$(env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db url)
expect_eq "prudent_role_gaps() names the superuser owner" \
    "$(psql -X -q -At -d "$OLD_DB" -c "SELECT string_agg(g, '; ') FROM prudent_role_gaps() g")" \
    "owner prudent: superuser, bypasses row-level security, may create roles"
env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db stop >/dev/null 2>&1

finish
