#!/usr/bin/env bash
# test_strategy.sh: `prudent import strategy`: a good strategy, idempotent re-import, a changed
# version refused, every malformed field reported with its path (exit 2, nothing written),
# --dry-run, the audit trail, and versions in force at different dates.
. "$(dirname "$0")/lib.sh"

S2017="$ROOT/config/demo/strategy-2017.json"
S2018="$ROOT/config/demo/strategy-2018.json"
p authority add BORSET --name "Borsetshire County Council"

p import strategy "$S2017" --authority BORSET
expect_rc 0 "import a good strategy"
expect_match "it says it is new" "$OUT" '^imported 1 strategy: 1 new, 0 unchanged \(BORSET, effective from 2017-04-01\)$'
expect_eq "one version stored with its approval record" \
    "$(sql "SELECT effective_from, approved_by, approved_on, reference FROM strategies")" \
    "2017-04-01|Borsetshire County Council|2017-02-21|Minute 14/17"
expect_eq "the import is in the audit trail" \
    "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'strategy' AND entity_key = '2017-04-01' AND action = 'insert'")" "1"

p import strategy "$S2017"
expect_rc 0 "importing the same file again (the only authority is the default)"
expect_match "it says unchanged" "$OUT" '0 new, 1 unchanged'
# the same strategy written differently (compact, amounts as numbers, dates the UK way)
jq -c '.indicators.authorised_limit = 455000000 | .approved.on = "21/02/2017"' "$S2017" >"$T/same.json"
p import strategy "$T/same.json"
expect_rc 0 "the same strategy written differently"
expect_match "is unchanged too" "$OUT" '0 new, 1 unchanged'
expect_eq "still one version, one audit record" \
    "$(sql "SELECT count(*) FROM strategies") $(sql "SELECT count(*) FROM audit_log WHERE entity = 'strategy'")" "1 1"

jq '.indicators.authorised_limit = "460000000"' "$S2017" >"$T/changed.json"
p import strategy "$T/changed.json"
expect_rc 2 "a different document for an existing effective_from is refused"
expect_match "it says what failed first" "$ERR" "^prudent: $T/changed.json: BORSET already has a different strategy effective from 2017-04-01"
expect_match "with a hint" "$ERR" 'hint: give the revised strategy the date it takes effect as effective_from'
expect_eq "the stored version is untouched" \
    "$(sql "SELECT document->'indicators'->>'authorised_limit' FROM strategies")" "455000000"

# a strategy with many mistakes: every one reported with its path, nothing written
cat >"$T/bad.json" <<'JSON'
{
  "effective_from": "2019-04-01",
  "approved": {"by": "County Council", "on": "31/02/2019"},
  "rating_basis": "median",
  "criteria": [
    {"min_long": "AA-", "limit": "25,000,00O", "max_days": 395},
    {"min_long": "A", "limit": "15000000", "max_days": "six months"}
  ],
  "sectors": {"banks": {"limit": null, "max_days": 0}, "mmf": {"limit": "-1", "max_days": 0}},
  "warning_ratio": 90,
  "indicatorz": {},
  "indicators": {
    "authorised_limit": "455000000",
    "operational_boundary": "460000000",
    "maturity_bands": [
      {"band": "under_12m", "lower": 0, "upper": 20},
      {"band": "12m_24m", "lower": 0, "upper": 25},
      {"band": "24m_5y", "lower": 0, "upper": 135},
      {"band": "5y_10y", "lower": 45, "upper": 40},
      {"band": "10y_plus", "lower": 50, "upper": 95}
    ]
  }
}
JSON
before=$(sql "SELECT count(*) FROM audit_log")
p import strategy "$T/bad.json"
expect_rc 2 "a malformed strategy exits 2"
expect_eq "nothing on stdout" "$OUT" ""
for want in \
    "approved.on: \"31/02/2019\" is not a date" \
    "rating_basis: \"median\" is not one of lowest, highest, second_lowest" \
    "criteria\[0\].limit: \"25,000,00O\" is not an amount" \
    "criteria\[1\].max_days: must be a whole number of days" \
    "sectors.banks: unknown sector" \
    "sectors.mmf.limit: must not be negative" \
    "warning_ratio: must be a number above 0 and at most 1" \
    "indicatorz: unknown field" \
    "indicators.operational_boundary: must not be above the authorised limit" \
    "indicators.maturity_bands\[2\].upper: must be between 0 and 100" \
    "indicators.maturity_bands\[3\].lower: must not be above upper"; do
    expect_match "reported: ${want//\\/}" "$ERR" "prudent: $T/bad.json: $want"
done
expect_eq "eleven errors, one line each" "$(grep -c "^prudent: $T/bad.json: " <<<"$ERR")" "11"
expect_eq "nothing written" "$(sql "SELECT count(*) FROM strategies") $(sql "SELECT count(*) FROM audit_log")" "1 $before"

printf '{"effective_from": "2019-04-01",\n "indicators": {]}\n' >"$T/syntax.json"
p import strategy "$T/syntax.json"
expect_rc 2 "a file that is not JSON exits 2"
expect_match "and says where" "$ERR" "^prudent: $T/syntax.json: line 2: not valid JSON"
p import strategy "$T/nonexistent.json"
expect_rc 2 "a missing file exits 2"

p import strategy "$S2018" --dry-run
expect_rc 0 "--dry-run of a good strategy"
expect_match "says it is valid" "$OUT" 'effective from 2018-04-01 is valid \(dry run'
expect_eq "--dry-run writes nothing" "$(sql "SELECT count(*) FROM strategies")" "1"

p import strategy "$S2018" --authority BORSET --by "J Smith"
expect_rc 0 "import the next year's strategy"
expect_eq "audited under the --by name" \
    "$(sql "SELECT actor FROM audit_log WHERE entity = 'strategy' AND entity_key = '2018-04-01'")" "J Smith"
expect_eq "two versions" "$(sql "SELECT string_agg(effective_from::text, ',' ORDER BY effective_from) FROM strategies")" \
    "2017-04-01,2018-04-01"

# the versions, and the one in force at a date
p strategy list --json
expect_json "strategy list" '[.strategies[].effective_from] | join(",")' "2017-04-01,2018-04-01"
expect_json "with the approval record" '.strategies[1].reference' "Minute 11/18"
p strategy show --as-of 2018-03-31
expect_json "in force on 31/03/2018: the 2017 version" '.indicators.authorised_limit' "455000000.00"
p strategy show --as-of 2018-04-01
expect_json "in force on 01/04/2018: the 2018 version" '.indicators.authorised_limit' "430000000.00"
expect_json "defaults spelled out" '.indicators.maturity_bands[4] | "\(.from_months) \(.to_months)"' "120 null"
printf '%s\n' "$OUT" >"$T/canonical.json"
p import strategy "$T/canonical.json"
expect_rc 0 "the canonical document imports"
expect_match "as the same version" "$OUT" '0 new, 1 unchanged'
p strategy show --as-of 2017-03-31
expect_rc 2 "nothing in force before the first version"

# a second authority: its own strategies, and --authority is then required
p authority add WSX --name "Wessex County Council"
p import strategy "$S2018"
expect_rc 2 "with two authorities --authority is needed"
p import strategy "$S2018" --authority WSX
expect_rc 0 "the same document for another authority is that authority's own"
expect_match "new for WSX" "$OUT" '1 new, 0 unchanged \(WSX, effective from 2018-04-01\)'

p import strategy "$S2017" --authority NOPE
expect_rc 2 "an unknown authority exits 2"

p import strategy --help
expect_rc 0 "import --help"
expect_match "mentions strategy" "$OUT" 'strategy'
finish
