#!/usr/bin/env bash
# test_audit.sh: the hash-chained audit trail: verify passes on an honest trail, and catches a
# row edited, a row deleted and rows removed from the end, even by a superuser who bypasses the
# append-only triggers; audit log shows history.
. "$(dirname "$0")/lib.sh"

for code in AAA BBB CCC DDD; do p authority add "$code" --name "Council $code"; done
p audit verify
expect_rc 0 "an honest trail verifies"
expect_match "and says how many rows" "$OUT" '^audit trail intact: 4 rows, head [0-9a-f]{64}$'

p audit log --entity authority --json
expect_json "audit log lists the four inserts in order" '[.entries[].entity_key] | join(",")' "AAA,BBB,CCC,DDD"
expect_json "with what was inserted" '.entries[0].after.name' "Council AAA"
p audit log BBB
expect_match "audit log of one key" "$OUT" 'authority BBB +insert'

# A superuser can bypass the triggers; the chain still gives the edit away.
tamper() { psql -X -q -v ON_ERROR_STOP=1 -d "$PRUDENT_DB_ADMIN" -c "SET session_replication_role = replica; $1"; }

tamper "UPDATE audit_log SET after = jsonb_set(after, '{name}', '\"Council X\"') WHERE seq = 2"
p audit verify
expect_rc 1 "an edited row is caught (exit 1)"
expect_match "and named" "$ERR" 'audit trail broken at seq 2: its contents do not match its hash'

tamper "UPDATE audit_log SET after = jsonb_set(after, '{name}', '\"Council BBB\"') WHERE seq = 2"
p audit verify
expect_rc 0 "putting the row back as it was verifies again"

tamper "DELETE FROM audit_log WHERE seq = 3"
p audit verify
expect_rc 1 "a deleted row is caught"
expect_match "as a gap" "$ERR" 'seq 4: rows are missing before it'

# A fresh database for the tail case.
tamper "DELETE FROM audit_log WHERE seq >= 3"
tamper "UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2)"
p audit verify
expect_rc 0 "a consistent truncation including the head is not detectable by the chain alone"
p audit verify --json
expect_json "verify --json gives the head to anchor elsewhere" '.head | length' "64"
tamper "DELETE FROM audit_log WHERE seq = 2"
p audit verify
expect_rc 1 "removing the last row without fixing the head is caught"
expect_match "as a head mismatch" "$ERR" "head does not match its last row"

finish
