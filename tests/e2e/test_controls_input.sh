#!/usr/bin/env bash
# test_controls_input.sh: bounded inputs (issue 19, item 7), against the running service and the
# importer: a NUL inside a JSON string ("5000\u0000999" once booked 5,000.00), trailing data after
# the body and duplicate keys are refused, the same for the API and the JSON imports; and an
# Idempotency-Key makes a retried booking return the first answer without booking twice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
. "$(dirname "$0")/service_lib.sh"

lending_fixture
DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
DORA=$("$PRUDENT_BIN" user add dora --role dealer --authority WSX)
export PRUDENT_TODAY=2018-03-31
if ! start_service "$T/serve.log"; then
    _notok "the service starts" "$(cat "$T/serve.log")"
    finish; exit
fi
J=(-H 'Content-Type: application/json')
booked() { sql "SELECT count(*) FROM investments WHERE ref LIKE '$1'"; }
deal() { # REF PRINCIPAL: a valid booking body (PRINCIPAL as raw JSON text)
    printf '{"ref": "%s", "counterparty": "BANKB", "principal": %s, "rate": "0.55", "start_date": "2018-03-01", "maturity_date": "2018-06-30"}' "$1" "$2"
}

# --- a NUL inside a string ---------------------------------------------------------------------
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data "$(deal NUL-1 '"5000\u0000999"')"
expect_eq "a NUL (\\u0000) inside the amount: 400 malformed_json" "$STATUS:$(jq -r .error.code "$T/.body")" "400:malformed_json"
expect_json "... naming the key" '.error.field' "principal"
expect_match "... and saying why" "$(jq -r .error.message "$T/.body")" 'NUL \(\\u0000\) inside a string is not allowed'
expect_eq "... nothing booked (it once booked 5,000.00)" "$(booked 'NUL-%')" "0"
printf '%s' "$(deal NUL-2 '"5000"')" >"$T/nulbyte.json"; printf '\0junk' >>"$T/nulbyte.json"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data-binary @"$T/nulbyte.json"
expect_eq "a raw NUL byte after the body: 400" "$STATUS:$(jq -r .error.code "$T/.body")" "400:malformed_json"
expect_eq "... nothing booked" "$(booked 'NUL-%')" "0"

# --- trailing data -----------------------------------------------------------------------------
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data "$(deal TR-1 '"5000"') {\"ref\": \"TR-2\"}"
expect_eq "a second JSON value after the body: 400 malformed_json" "$STATUS:$(jq -r .error.code "$T/.body")" "400:malformed_json"
expect_match "... trailing data" "$(jq -r .error.message "$T/.body")" 'trailing data after the JSON value at byte'
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data "$(deal TR-3 '"5000"')junk"
expect_eq "junk after the body: 400" "$STATUS" "400"
expect_eq "... nothing booked" "$(booked 'TR-%')" "0"

# --- duplicate keys ----------------------------------------------------------------------------
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" \
    --data '{"ref": "DUP-1", "counterparty": "BANKB", "principal": "1000", "rate": "0.55", "start_date": "2018-03-01", "maturity_date": "2018-06-30", "principal": "9000000"}'
expect_eq "a key given twice: 400 malformed_json" "$STATUS:$(jq -r .error.code "$T/.body")" "400:malformed_json"
expect_json "... naming it" '"\(.error.field) \(.error.message)"' 'principal the body must be one JSON object: duplicate key "principal"'
expect_eq "... nothing booked" "$(booked 'DUP-%')" "0"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" --data "$(deal OK-1 '"5000"')"
expect_eq "a clean body still books: 201" "$STATUS" "201"

# The imports follow the same rule (util/json.c json_parse_strict).
cat >"$T/dup.json" <<'JSON'
[
  {"ref": "IMP-1", "type": "fixed", "counterparty": "BANKB", "principal": "1000", "rate": "0.5",
   "start_date": "2018-03-01", "maturity_date": "2018-06-30", "principal": "9000000"}
]
JSON
p import investments "$T/dup.json" --authority WSX
expect_rc 2 "an import with a key given twice is refused"
expect_match "... naming the key and the line" "$ERR" 'dup.json:3: duplicate key "principal"'
sed 's/"9000000"}/"9000000"} ]/; s/"principal": "1000", //' "$T/dup.json" >"$T/trail.json"
p import investments "$T/trail.json" --authority WSX
expect_rc 2 "an import with data after the array is refused"
expect_match "... as trailing data" "$ERR" 'trail.json:4: trailing data after the JSON value'
printf '[{"ref": "IMP-2", "type": "fixed", "counterparty": "BANKB", "principal": "5000\\u0000999", "rate": "0.5", "start_date": "2018-03-01", "maturity_date": "2018-06-30"}]\n' >"$T/nul.json"
p import investments "$T/nul.json" --authority WSX
expect_rc 2 "an import with a NUL inside a string is refused"
expect_match "... naming the key" "$ERR" 'nul.json:1: "principal": a NUL \(\\u0000\) inside a string is not allowed'
expect_eq "... nothing imported" "$(booked 'IMP-%')" "0"

# --- Idempotency-Key ---------------------------------------------------------------------------
K=(-H 'Idempotency-Key: book-IK-1-attempt')
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" "${K[@]}" --data "$(deal IK-1 '"2000000"')"
expect_eq "a booking with an Idempotency-Key: 201" "$STATUS" "201"
first=$OUT
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" "${K[@]}" --data "$(deal IK-1 '"2000000"' | jq .)"
expect_eq "the retry (same body, other layout) gets the first answer: 201" "$STATUS" "201"
expect_eq "... the same body" "$OUT" "$first"
expect_eq "... booked once" "$(booked 'IK-1')" "1"
expect_eq "... audited once" "$(sql "SELECT count(*) FROM audit_log WHERE entity_key = 'IK-1'")" "1"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" "${K[@]}" --data "$(deal IK-2 '"3000000"')"
expect_eq "the same key with another body: 422 idempotency_key_reused" \
    "$STATUS:$(jq -r .error.code "$T/.body")" "422:idempotency_key_reused"
expect_eq "... nothing booked" "$(booked 'IK-2')" "0"
req POST /api/v1/authorities/WSX/deals "$DORA" "${J[@]}" "${K[@]}" --data "$(deal IK-3 '"1000"')"
expect_eq "another user's key of the same text is another key: 201" "$STATUS" "201"
# A refusal is an answer too: the retry repeats it, even after the reason went away.
K2=(-H 'Idempotency-Key: over-limit-1')
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" "${K2[@]}" --data "$(deal IK-4 '"99000000"')"
expect_eq "a refused booking with a key: 409" "$STATUS:$(jq -r .error.code "$T/.body")" "409:limit_breach"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" "${K2[@]}" --data "$(deal IK-4 '"99000000"')"
expect_eq "... its retry: the same 409" "$STATUS:$(jq -r .error.code "$T/.body")" "409:limit_breach"
# Ten retries at once: one booking.
par=()
for i in $(seq 1 10); do
    curl -s -o "$T/par.$i" -w '%{http_code}\n' -X POST -H "Authorization: Bearer $DAN" "${J[@]}" \
        -H 'Idempotency-Key: parallel-1' --data "$(deal IK-5 '"1000"')" "$URL/api/v1/authorities/WSX/deals" >"$T/code.$i" &
    par+=($!)
done
wait "${par[@]}"
codes=$(cat "$T"/code.* | sort | uniq -c | awk '{print $2"x"$1}' | paste -sd' ')
expect_match "ten concurrent retries: 201 or 409 in progress, nothing else ($codes)" "$codes" '^(201x[0-9]+)( 409x[0-9]+)?$'
expect_eq "... booked once" "$(booked 'IK-5')" "1"
req POST /api/v1/authorities/WSX/deals "$DAN" "${J[@]}" -H 'Idempotency-Key: has space' --data "$(deal IK-6 '"1000"')"
expect_eq "a key with a space: 400" "$STATUS:$(jq -r .error.field "$T/.body")" "400:Idempotency-Key"
finish
