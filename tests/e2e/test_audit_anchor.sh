#!/usr/bin/env bash
# test_audit_anchor.sh: signed anchors of the audit trail (Ed25519, a key outside the database):
# `audit anchor` appends a signed line, `audit verify` checks the chain against every anchor and
# catches what the chain alone cannot: a trail rewritten with its hashes recomputed, a row
# inserted, a tail cut with the head moved back, an emptied trail, an edited anchor line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/service_lib.sh"

KEY="$T/keys/anchor.key" ANCH="$T/anchors"
export PRUDENT_AUDIT_KEY="$KEY" PRUDENT_AUDIT_ANCHORS="$ANCH"
for code in AAA BBB CCC DDD; do p authority add "$code" --name "Council $code"; done

p audit key
expect_rc 0 "audit key makes the key on first use"
expect_match "and prints its public half" "$OUT" '^[0-9a-f]{64}$'
PUB=$OUT
expect_eq "the key file is private (0600)" "$(stat -c %a "$KEY")" "600"
p audit key --help
expect_match "audit has --help naming anchor" "$OUT" 'prudent audit anchor'

p audit anchor
expect_rc 0 "audit anchor signs the head"
expect_match "the anchor line names rows, seq, hash, time, key and signature" "$(tail -1 "$ANCH")" \
    "^prudent-audit-anchor/1 db=$TEST_DB rows=4 seq=4 id=4 hash=[0-9a-f]{64} at=[0-9T:-]+Z key=$PUB sig=[0-9a-f]{128}\$"
expect_eq "the anchor file is private too" "$(stat -c %a "$ANCH")" "600"
p authority add EEE --name "Council EEE"
p audit anchor
p audit verify
expect_rc 0 "an honest trail verifies against both anchors"
expect_match "and says so" "$OUT" $'^audit trail intact: 5 rows, head [0-9a-f]{64}\nanchors: 2 verified in .*, the latest at seq 5'

cp "$ANCH" "$T/anchors.good"
# Each attack starts from a copy of the honest database.
tamper() { psql -X -q -v ON_ERROR_STOP=1 -d "$PRUDENT_DB_ADMIN" -c "SET session_replication_role = replica; $1"; }
SNAP="${TEST_DB}_snap"
env -u PRUDENT_DB "$PRUDENT_BIN" db psql -q -c "CREATE DATABASE $SNAP TEMPLATE $TEST_DB" >/dev/null
restore() {
    env -u PRUDENT_DB "$PRUDENT_BIN" db psql -q -c "DROP DATABASE $TEST_DB" >/dev/null
    env -u PRUDENT_DB "$PRUDENT_BIN" db psql -q -c "CREATE DATABASE $TEST_DB TEMPLATE $SNAP" >/dev/null
    cp "$T/anchors.good" "$ANCH"
}
# Recompute every hash from seq FROM on, as someone with psql and the function would.
rechain() {
    tamper "DO \$\$ DECLARE r record; prev bytea; BEGIN
      SELECT hash INTO prev FROM audit_log WHERE seq = $1 - 1; prev := coalesce(prev, ''::bytea);
      FOR r IN SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LOOP
        UPDATE audit_log SET prev_hash = prev, hash = audit_row_hash(prev, r.seq, r.at, r.actor, r.authority_id,
          r.entity, r.entity_key, r.action, r.before, r.after, r.reason) WHERE id = r.id RETURNING hash INTO prev;
      END LOOP;
      UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log), hash = prev; END \$\$"
}

# 1. A row rewritten and the chain recomputed: the chain alone says intact.
tamper "UPDATE audit_log SET after = jsonb_set(after, '{name}', '\"Council X\"') WHERE seq = 2"
rechain 2
p audit verify --anchors /dev/null
expect_rc 0 "(without anchors a recomputed chain looks intact: the attack works on the chain alone)"
p audit verify
expect_rc 1 "a rewritten chain with recomputed hashes is caught by the anchors (exit 1)"
expect_match "naming the anchor and the row that differs" "$ERR" \
    'anchor on line 1 \(.*\): row seq 4 has hash [0-9a-f]{16}\.\.\., the anchor signed [0-9a-f]{16}\.\.\.: the trail up to seq 4 was rewritten'
p audit verify --json
expect_json "verify --json says not intact, and which anchor line" '[.intact, .anchors.first_bad_line] | join(",")' "false,1"
restore

# 2. A row inserted in the middle (seq shifted, chain recomputed).
tamper "UPDATE audit_log SET seq = -seq WHERE seq >= 3; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0;
        INSERT INTO audit_log (seq, at, actor, entity, entity_key, action, prev_hash, hash)
        VALUES (3, now(), 'mallory', 'authority', 'ZZZ', 'insert', '', '')"
rechain 3
p audit verify --anchors /dev/null
expect_rc 0 "(an inserted row with the chain recomputed passes the chain check)"
p audit verify
expect_rc 1 "an inserted row is caught by the anchors"
expect_match "as a rewrite up to the anchored seq" "$ERR" 'row seq 4 has hash .* was rewritten'
restore

# 3. The tail cut and the head moved back.
tamper "DELETE FROM audit_log WHERE seq >= 4; UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)"
p audit verify --anchors /dev/null
expect_rc 0 "(a cut tail with the head moved back passes the chain check)"
p audit verify
expect_rc 1 "a cut tail is caught"
expect_match "saying where the trail ends and what the anchor signed" "$ERR" \
    'signed 4 rows up to seq 4, but the trail ends at seq 3: rows were removed from the end'
restore

# 4. The trail emptied.
tamper "DELETE FROM audit_log; UPDATE audit_head SET seq = 0, hash = ''"
p audit verify --anchors /dev/null
expect_rc 0 "(an emptied trail passes the chain check: intact, 0 rows)"
p audit verify
expect_rc 1 "an emptied trail is caught"
expect_match "as emptied" "$ERR" 'the trail ends at seq 0: rows were removed from the end \(the trail was emptied\)'
restore

# 5. The anchor file edited: a line's seq changed, or a line signed by another key.
sed -i '1s/ rows=4 seq=4 / rows=3 seq=3 /' "$ANCH"
p audit verify
expect_rc 1 "an edited anchor line is caught"
expect_match "by its signature" "$ERR" 'anchor on line 1 .*the signature does not match'
cp "$T/anchors.good" "$ANCH"
PRUDENT_AUDIT_KEY="$T/other.key" p audit anchor
p audit verify
expect_rc 1 "an anchor signed by another key is refused"
expect_match "as such" "$ERR" 'anchor on line 3 .* was signed by another key'
cp "$T/anchors.good" "$ANCH"

# Honest growth after the anchors still verifies; anchors of another database are left alone.
p authority add FFF --name "Council FFF"
echo "prudent-audit-anchor/1 db=some_other rows=9 seq=9 id=9 hash=00 at=2026-01-01T00:00:00Z key=$PUB sig=00" >>"$ANCH"
p audit verify --json
expect_json "rows added after the last anchor verify; another database's anchor is not counted" \
    '[.intact, .rows, .anchors.checked, .anchors.other_databases] | map(tostring) | join(",")' "true,6,2,1"
p audit verify --anchors "$T/missing"
expect_rc 3 "a named anchor file that does not exist is an error, not a pass"

env -u PRUDENT_DB "$PRUDENT_BIN" db psql -q -c "DROP DATABASE $SNAP" >/dev/null

# Audit rows are written by the database with the change (sql/130_audit_writes.sql): the request
# role cannot append a row that would chain and verify, nor move the head.
as_service() { # SQL run as the service's request role for authority AAA's user dan
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -o /dev/null 2>&1 <<SQL
SELECT set_config('prudent.authority_ids', (SELECT '{' || id || '}' FROM authorities WHERE code = 'AAA'), false),
       set_config('prudent.user', 'dan', false);
SET ROLE prudent_service;
$1
SQL
}
rows_before=$(sql "SELECT count(*) FROM audit_log")
out=$(as_service "INSERT INTO audit_log (actor, entity, entity_key, action) VALUES ('dan', 'deal', 'FAKE-1', 'approve')")
expect_match "the request role may not INSERT into audit_log" "$out" 'permission denied for table audit_log'
out=$(as_service "UPDATE audit_head SET seq = 1")
expect_match "nor move the head" "$out" 'permission denied for table audit_head'
out=$(as_service "SELECT audit_write('dan', NULL, 'deal', 'FAKE-2', 'approve', NULL, NULL, NULL)")
expect_match "audit_write with no change in the transaction is refused" "$out" 'written only with the change it records'
out=$(as_service "BEGIN; UPDATE authorities SET name = name WHERE code = 'AAA';
                  SELECT audit_write('alice', NULL, 'deal', 'FAKE-3', 'approve', NULL, NULL, NULL); COMMIT")
expect_match "audit_write in another user's name is refused" "$out" "names the request's user \(dan\), not alice"
expect_eq "no row was added" "$(sql "SELECT count(*) FROM audit_log")" "$rows_before"

# The service anchors by itself: at start-up, and after a batch of changes (here 1 s after).
: >"$ANCH"
start_service "$T/svc.log" PRUDENT_AUDIT_ANCHOR_AFTER=1
wait_lines() { local i; for i in $(seq 1 100); do [ "$(grep -c . "$ANCH")" -ge "$1" ] && return 0; sleep 0.1; done; return 1; }
wait_lines 1
expect_match "the service anchors at start-up" "$(head -1 "$ANCH")" "^prudent-audit-anchor/1 db=$TEST_DB rows=6 seq=6 "
p authority add GGG --name "Council GGG"
wait_lines 2
expect_match "and again after a change" "$(tail -1 "$ANCH")" "^prudent-audit-anchor/1 db=$TEST_DB rows=7 seq=7 "
expect_match "logging it" "$(cat "$T/svc.log")" '"msg":"audit anchored".*"seq":7'
p audit verify
expect_rc 0 "the service's anchors verify"
expect_match "both of them" "$OUT" 'anchors: 2 verified'
finish
