#!/usr/bin/env bash
# test_foundation.sh: authorities, exit codes, --help everywhere, migrations, the audit trail,
# and the embedded cluster (first use, restart after stop, concurrent start, ordinary user).
. "$(dirname "$0")/lib.sh"

p authority add "bad code!" --name X
expect_rc 2 "a bad authority code exits 2"
expect_match "the error says what failed" "$ERR" '^prudent: authority code "bad code!" is not valid'

p authority list --json
expect_rc 0 "authority list on an empty book"
expect_json "no authorities yet" '.authorities | length' 0

p authority add WSX --name "Wessex County Council"
expect_rc 0 "authority add"
p authority add WSX --name "Again"
expect_rc 2 "adding the same code twice exits 2"
p authority add NTH --name "Northshire Council"
p authority list --json
expect_json "two authorities listed by code" '[.authorities[].code] | join(",")' "NTH,WSX"
expect_json "names kept" '.authorities[1].name' "Wessex County Council"

p nonsense
expect_rc 2 "an unknown verb exits 2"
p --help
expect_rc 0 "prudent --help"
# Every verb of the command table is listed exactly once, under a group (none left to "other").
expect_eq "prudent --help lists each verb of the command table once" \
    "$(echo "$OUT" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort | tr '\n' ' ')" \
    "$(sed -n 's/^    {\.name = "\([a-z-]*\)".*/\1/p' "$ROOT/src/cli/commands.c" | sort | tr '\n' ' ')"
expect_eq "every verb is in a group" "$(echo "$OUT" | grep -c '^other:')" "0"
for verb in $(echo "$OUT" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'); do
    p "$verb" --help
    expect_rc 0 "prudent $verb --help"
    expect_match "$verb --help starts with usage" "$OUT" '^usage: prudent '
done

p migrate
expect_rc 0 "migrate when up to date"
expect_match "nothing left to apply" "$OUT" '^0 migrations applied'
expect_eq "every migration recorded once" \
    "$(sql "SELECT count(*) = count(DISTINCT version) FROM schema_migrations")" "t"

expect_eq "authority add is in the audit trail" \
    "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'authority' AND action = 'insert'")" "2"
expect_eq "audit rows are chained" \
    "$(sql "SELECT bool_and(a.prev_hash = b.hash) FROM audit_log a JOIN audit_log b ON b.seq = a.seq - 1")" "t"
run psql -X -q -d "$PRUDENT_DB" -c "UPDATE audit_log SET actor = 'mallory'"
expect_match "the audit trail refuses UPDATE" "$ERR" 'append-only'
run psql -X -q -d "$PRUDENT_DB" -c "DELETE FROM audit_log"
expect_match "the audit trail refuses DELETE" "$ERR" 'append-only'

# --- the embedded default database, in a home of its own -----------------------------------
H="$T/home1"
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" authority add EMB --name "Embedded"
expect_rc 0 "first use creates, migrates and starts the embedded cluster"
expect_eq "the cluster lives under PRUDENT_HOME/pg" "$(test -f "$H/pg/data/PG_VERSION" && echo yes)" "yes"
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db status
expect_match "db status says running" "$OUT" 'state: +running'
expect_eq "no TCP port: listen_addresses is empty" \
    "$(env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db psql -At -c 'SHOW listen_addresses')" ""
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db stop
expect_rc 0 "db stop"
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db status
expect_match "db status says stopped" "$OUT" 'state: +stopped'
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" authority list --json
expect_rc 0 "any verb starts a stopped cluster again"
expect_json "and the data is still there" '.authorities[0].code' "EMB"
run env -u PRUDENT_DB PRUDENT_HOME="$H" "$PRUDENT_BIN" db stop

# Two processes starting a brand-new cluster at once: the lock makes one wait for the other.
H2="$T/home2"
env -u PRUDENT_DB PRUDENT_HOME="$H2" "$PRUDENT_BIN" authority list --json >"$T/a.out" 2>"$T/a.err" &
pa=$!
env -u PRUDENT_DB PRUDENT_HOME="$H2" "$PRUDENT_BIN" authority list --json >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
expect_eq "two concurrent first uses both succeed" "$ra $rb" "0 0"
expect_eq "and see the same empty book" "$(jq -c .authorities "$T/a.out") $(jq -c .authorities "$T/b.out")" "[] []"
expect_eq "initdb ran once" "$(grep -c 'creating the embedded database' "$T/a.err" "$T/b.err" | awk -F: '{s+=$2} END {print s}')" "1"
run env -u PRUDENT_DB PRUDENT_HOME="$H2" "$PRUDENT_BIN" db stop

# As an ordinary user (when the suite runs as root, through a dedicated test account).
if [ "$(id -u)" -eq 0 ]; then
    if ! id prudent-test >/dev/null 2>&1; then
        useradd --create-home --shell /bin/sh prudent-test >/dev/null 2>&1
    fi
    if id prudent-test >/dev/null 2>&1; then
        cp "$PRUDENT_BIN" "$T/prudent"; chmod 755 "$T/prudent"
        H3="$T/home3"; mkdir -p "$H3"; chown prudent-test "$H3"
        run runuser -u prudent-test -- env -u PRUDENT_DB PRUDENT_HOME="$H3/p" "$T/prudent" authority add USR --name "User run"
        expect_rc 0 "an ordinary user gets an embedded cluster of its own"
        expect_eq "owned by that user" "$(stat -c %U "$H3/p/pg/data")" "prudent-test"
        run runuser -u prudent-test -- env -u PRUDENT_DB HOME=/home/prudent-test sh -c \
            "cd /tmp && $T/prudent db status | head -1"
        expect_match "the default home of an ordinary user is under ~/.local/share" \
            "$(runuser -u prudent-test -- env -u PRUDENT_DB -u PRUDENT_HOME HOME=/home/prudent-test "$T/prudent" db status)" \
            'data: +/home/prudent-test/.local/share/prudent/pg/data'
        runuser -u prudent-test -- env -u PRUDENT_DB PRUDENT_HOME="$H3/p" "$T/prudent" db stop >/dev/null 2>&1
    else
        skip "ordinary user" "could not create the prudent-test account"
    fi
else
    H3="$T/home3"
    run env -u PRUDENT_DB PRUDENT_HOME="$H3" "$PRUDENT_BIN" authority add USR --name "User run"
    expect_rc 0 "an ordinary user gets an embedded cluster of its own"
    run env -u PRUDENT_DB PRUDENT_HOME="$H3" "$PRUDENT_BIN" db stop
fi

finish
