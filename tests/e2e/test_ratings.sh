#!/usr/bin/env bash
# test_ratings.sh: `prudent import ratings`: validation with the valid ratings listed, all or
# nothing, idempotent re-import, a changed action refused, JSON input, full history (the rating
# at a date is the latest action on or before it), and a downgrade import raising its alert.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

lending_fixture
expect_eq "the fixture's ratings are in" "$(sql "SELECT count(*) FROM ratings")" "11"

cat >"$T/bad.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
BANKB,moodys,long,AA-,,,2018-01-10
BANKB,fitch,short,F1+,,,2018-01-10
NOSUCH,fitch,long,A,,,2018-01-10
BANKB,sp,long,A,sideways,,2018-01-10
BANKB,fitch,medium,A,,,2018-01-10
BANKB,sp,short,P-1,,,2018-31-01
CSV
p import ratings "$T/bad.csv"
expect_rc 2 "a bad file is refused (exit 2)"
expect_match "a Moody's rating in Fitch letters names the valid ones" "$ERR" \
    'bad.csv:2: rating "AA-" is not a moodys long-term rating \(valid: Aaa, Aa1, Aa2, Aa3, A1,'
expect_match "an unknown counterparty" "$ERR" 'bad.csv:4: counterparty "NOSUCH" is not a known counterparty'
expect_match "an unknown outlook" "$ERR" 'bad.csv:5: outlook "sideways" is not one of stable, positive, negative, developing'
expect_match "an unknown term" "$ERR" 'bad.csv:6: term "medium"'
expect_match "an S&P short-term rating in Moody's symbols" "$ERR" 'bad.csv:7: rating "P-1" is not a sp short-term rating \(valid: A-1\+, A-1, A-2'
expect_match "a bad date" "$ERR" 'bad.csv:7: effective_date "2018-31-01"'
expect_eq "nothing written, not even the good row" "$(sql "SELECT count(*) FROM ratings")" "11"

cat >"$T/hist.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
BANKB,fitch,short,F1,,,2017-01-01
BANKB,fitch,long,A-,negative,,2018-03-20
BANKB,fitch,long,A,stable,,25/03/2018
CSV
p import ratings "$T/hist.csv" --dry-run
expect_rc 0 "dry run"
expect_eq "dry run writes nothing" "$(sql "SELECT count(*) FROM ratings")" "11"
p import ratings "$T/hist.csv"
expect_rc 0 "import a history"
expect_eq "summary" "$OUT" "imported 3 ratings: 3 new, 0 unchanged"
p import ratings "$T/hist.csv"
expect_eq "re-import changes nothing" "$OUT" "imported 3 ratings: 0 new, 3 unchanged"
expect_eq "each action audited once" "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'rating' AND entity_key LIKE 'BANKB/%'")" "4"

p limits --as-of 2018-03-19 --json
expect_json "before the downgrade: A, 15m" '.counterparties[] | select(.code == "BANKB") | "\(.status) \(.limit)"' "approved 15000000.00"
p limits --as-of 2018-03-20 --json
expect_json "on the day of the downgrade: not approved" '.counterparties[] | select(.code == "BANKB") | .status' "not_approved"
expect_json "basis shows A-" '.counterparties[] | select(.code == "BANKB") | .basis' "rating A- (only fitch A-) below every criterion (lowest A)"
p limits --as-of 2018-03-25 --json
expect_json "restored on 25/03/2018" '.counterparties[] | select(.code == "BANKB") | .status' "approved"

cat >"$T/changed.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
BANKB,fitch,long,BBB+,negative,,2018-03-20
CSV
p import ratings "$T/changed.csv"
expect_rc 2 "a different rating for a recorded action is refused"
expect_match "saying what is in the book" "$ERR" 'differs from the fitch long-term rating of BANKB on 2018-03-20 in the book \(A-'

cat >"$T/dup.csv" <<'CSV'
counterparty,agency,term,rating,outlook,watch,effective_date
BANKA,sp,long,AA-,,,2018-02-01
BANKA,sp,long,A+,,,01/02/2018
CSV
p import ratings "$T/dup.csv"
expect_rc 2 "the same key twice in a file is refused"
expect_match "naming the first line" "$ERR" 'dup.csv:3: effective_date "01/02/2018" repeats the sp long-term rating of BANKA on that date \(line 2\)'

# JSON, and a downgrade that breaches: the import raises the alert in its own transaction.
p deal book --late-reason "entered late" --counterparty BANKA --amount 20000000 --rate 0.5 --start 2018-03-01 --maturity 2018-06-29 --ref A1 --by alice --as-of 2018-03-01
expect_rc 0 "20m with Bank A (AA-: 25m)"
cat >"$T/down.json" <<'JSON'
[{"counterparty": "Bank A", "agency": "moodys", "term": "long", "rating": "A1", "outlook": "negative",
  "watch": null, "effective_date": "2018-03-28"}]
JSON
p import ratings "$T/down.json"
expect_rc 0 "a JSON file, counterparty by name"
expect_eq "the downgrade raised a passive over-limit alert at once" \
    "$(sql "SELECT kind || ' ' || subject || ' ' || passive FROM alerts WHERE state = 'open'")" \
    "counterparty.over_limit BANKA true"

finish
