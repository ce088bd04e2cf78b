# tests/e2e/lib.sh: sourced by every tests/e2e/test_*.sh.
#
# On source: makes a scratch directory $T, creates a fresh database of the test's own in the
# cluster that scripts/run-tests started, and exports PRUDENT_DB pointing at it. Then:
#   run CMD ARGS...                run a command; sets $OUT (stdout), $ERR (stderr), $RC
#   p ARGS...                      run bin/prudent with ARGS (same as run "$PRUDENT_BIN" ...)
#   expect_rc N "what"             the last run exited N
#   expect_eq "what" ACTUAL WANT   equal strings
#   expect_match "what" TEXT ERE   TEXT matches the extended regex
#   expect_json "what" FILTER WANT jq FILTER applied to $OUT prints WANT (jq -r)
#   skip "what" "why"              count a skipped check (never counted as passed)
#   sql SQL / sql_admin SQL        run SQL in the test database as its owner (prudent) / as the
#                                  cluster's superuser (prudent_admin: only for tampering)
#   finish                         print the summary; must be the last line of every test file
# Each check prints "ok - what" or "not ok - what" with the evidence.
set -u
: "${PRUDENT_BIN:?run through scripts/run-tests}"
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
FIXTURES="$ROOT/tests/fixtures"
_pass=0 _fail=0 _skip=0
T=$(mktemp -d "${PRUDENT_TEST_TMP:-/tmp}/t.XXXXXX")
chmod 755 "$T"

_fresh_db() {
    local db="t_${TEST_NAME:-$$}_$RANDOM"
    db=$(echo "$db" | tr -c 'a-zA-Z0-9_\n' '_' | tr 'A-Z' 'a-z')
    local base; base=$(env -u PRUDENT_DB "$PRUDENT_BIN" db url) || return 1
    env -u PRUDENT_DB "$PRUDENT_BIN" db psql -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null || return 1
    export PRUDENT_DB="${base/dbname=prudent/dbname=$db}"
    export TEST_DB="$db"
    # The cluster's superuser (prudent_admin), for what the owner may not do (sql_admin).
    local admin; admin=$(env -u PRUDENT_DB "$PRUDENT_BIN" db url --admin) || return 1
    export PRUDENT_DB_ADMIN="${admin/dbname=prudent/dbname=$db}"
}
if [ -z "${NO_FRESH_DB:-}" ]; then
    _fresh_db || { echo "not ok - could not create a test database"; _fail=1; }
fi
unset PRUDENT_AUTHORITY
export PRUDENT_TODAY=${PRUDENT_TODAY:-2018-03-31}

run() {
    "$@" >"$T/.out" 2>"$T/.err"
    RC=$?
    OUT=$(cat "$T/.out")
    ERR=$(cat "$T/.err")
}
p() { run "$PRUDENT_BIN" "$@"; }

_ok() { _pass=$((_pass + 1)); echo "ok - $1"; }
_notok() {
    _fail=$((_fail + 1)); echo "not ok - $1"; shift
    local line; for line in "$@"; do echo "    $line"; done
}
expect_rc() {
    if [ "$RC" -eq "$1" ]; then _ok "$2"; else
        _notok "$2" "exit $RC, wanted $1" "stdout: ${OUT:0:600}" "stderr: ${ERR:0:600}"; fi
}
expect_eq() {
    if [ "$2" == "$3" ]; then _ok "$1"; else _notok "$1" "got:  $2" "want: $3"; fi
}
expect_match() {
    if [[ "$2" =~ $3 ]]; then _ok "$1"; else _notok "$1" "text: ${2:0:600}" "does not match: $3"; fi
}
expect_json() {
    local got; got=$(printf '%s' "$OUT" | jq -r "$2" 2>&1)
    if [ "$got" == "$3" ]; then _ok "$1"; else _notok "$1" "jq $2" "got:  $got" "want: $3"; fi
}
skip() { _skip=$((_skip + 1)); echo "skip - $1: $2"; }
sql() { # run SQL in the test database, print unaligned rows
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "$1"
}
sql_admin() { # the same as the cluster's superuser: only for what the owner may not do (tampering)
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB_ADMIN" -c "$1"
}
finish() {
    echo "$TEST_NAME: $_pass ok, $_fail not ok, $_skip skipped"
    [ -n "${COUNTS_FILE:-}" ] && echo "$_pass $_fail $_skip" >"$COUNTS_FILE"
    # Stop what the file started (alerts_lib.sh's sinks) before their pid list goes with $T.
    if declare -F stop_all_sinks >/dev/null; then stop_all_sinks; fi
    rm -rf "$T"
    [ "$_fail" -eq 0 ]
}
