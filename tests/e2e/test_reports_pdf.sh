#!/usr/bin/env bash
# test_reports_pdf.sh: `--format pdf` (the HTML report rendered by WeasyPrint as a tagged PDF/UA
# file) and the quarterly pack (`report quarterly --quarter YYYY-QN`) on the small book of
# tests/fixtures/reports/book/: the PDF's text (pdftotext) holds the indicators the json states,
# it is tagged and on A4, the xlsx has one sheet per table, and bad --quarter values are named.
# KEEP_PDF=FILE keeps a copy of the quarterly PDF (for docs/screenshots/: pdftoppm -png -r 60).
source "$(dirname "$0")/lib.sh"
export PRUDENT_NOW=2018-04-03T09:00:00Z
BOOK="$FIXTURES/reports/book"

p authority add TST --name "Testshire County Council"
for kind in counterparties ratings investments loans; do
    p import "$kind" "$BOOK/$kind.csv" --authority TST
    expect_rc 0 "import $kind"
done
p import strategy "$BOOK/strategy.json" --authority TST
expect_rc 0 "import the strategy"
p counterparty suspend FIFE --from 2018-02-05 --reason "officers' decision: audit concerns" --authority TST
expect_rc 0 "suspend a counterparty"

# --- bad --quarter values are named, before the database is opened, writing nothing ----------
for q in 2017-Q5 2017-Q0 2017Q4 17-Q4 2017-Q4x 2017-q4 ""; do
    p report quarterly --quarter "$q" --format json -o "$T/bad.json"
    expect_rc 2 "--quarter \"$q\" is refused"
    expect_match "the refusal names \"$q\"" "$ERR" "--quarter \"$q\""
done
expect_eq "nothing written for a bad quarter" "$(ls "$T"/bad.json 2>/dev/null)" ""
p report quarterly --format json
expect_rc 2 "the quarterly report without --quarter"
expect_match "it asks for --quarter" "$ERR" "needs --quarter YYYY-QN"
p report pi --quarter 2017-Q4
expect_rc 2 "--quarter for another report"
p report quarterly --quarter 2017-Q4 --from 2018-01-01 --to 2018-03-31
expect_rc 2 "--quarter with --from and --to"
p report pi --as-of 2018-03-31 --format pdf
expect_rc 2 "a pdf needs -o"

# --- the quarterly pack: Q4 of 2017/18 is 01/01/2018 .. 31/03/2018 ---------------------------
p report quarterly --quarter 2017-Q4 --format json -o "$T/q.json"
expect_rc 0 "report quarterly --format json"
run cat "$T/q.json"
expect_json "the quarter's first day" .from 2018-01-01
expect_json "the quarter's last day" .to 2018-03-31
expect_json "the sections" '[.sections[].id] | join(",")' \
    "indicators,liability_benchmark,debt_financing,maturing_debt,investment_activity,lending_list_changes,returns,breaches"
expect_json "no capital plan: the liability benchmark is noted as not available" \
    '[.not_available[] | select(test("liability benchmark"))] | length' 1
# The indicators at the quarter end are those of the monthly report at 31/03/2018, row for row,
# with the year's limit and forecast beside them.
p report pi --as-of 2018-03-31 --format json
pi_rows=$(printf '%s' "$OUT" | jq -c '.tables.indicators.rows')
run cat "$T/q.json"
expect_json "the indicators at the quarter end are the pi report's at 31/03/2018" \
    '.tables.indicators.rows | map(del(.forecast_limit, .forecast)) | tostring' "$pi_rows"
expect_json "Q4 ends the year: the year's forecast and limit are the quarter end's" \
    '[.tables.indicators.rows[] | .forecast == .actual and .forecast_limit == .limit] | all' true
expect_json "the indicators table has rows" '.tables.indicators.rows | length > 3' true
indicators=$(printf '%s' "$OUT" | jq -r '.tables.indicators.rows[].indicator')
expect_match "FIFE's suspension is a lending list change of the quarter" \
    "$(printf '%s' "$OUT" | jq -c '.tables.suspensions.rows')" 'FIFE|Fife'
# Q3 (October to December 2017): the year's limit and forecast, which the pack computes without
# the lending list or the liquidity forecast (view_args.figures_only), are the limits and actuals
# of the monthly report at 31/03/2018, which computes them in full.
pi_year=$(printf '%s' "$pi_rows" | jq -c 'map({indicator, limit, actual})')
p report quarterly --quarter 2017-Q3 --format json
expect_rc 0 "report quarterly 2017-Q3"
expect_json "2017-Q3's year's limit and forecast are the pi report's at 31/03/2018" \
    '.tables.indicators.rows | map({indicator, limit: .forecast_limit, actual: .forecast}) | tostring' "$pi_year"
# Q1 of 2017/18 is April to June 2017: a quarter has its own period.
p report quarterly --quarter 2017-Q1 --format json
expect_rc 0 "report quarterly 2017-Q1"
expect_json "2017-Q1 is 01/04/2017 .. 30/06/2017" '.from + " " + .to' "2017-04-01 2017-06-30"

for fmt in md html csv; do
    p report quarterly --quarter 2017-Q4 --format "$fmt" -o "$T/q.$fmt"
    expect_rc 0 "report quarterly --format $fmt"
done
run xmllint --noout "$T/q.html"
expect_rc 0 "the quarterly html is well-formed"

# xlsx: a Summary sheet and one sheet per table.
p report quarterly --quarter 2017-Q4 -o "$T/q.xlsx"
expect_rc 0 "report quarterly --format xlsx (from the extension)"
run python3 "$ROOT/tests/tools/xlsx_dump.py" "$T/q.xlsx"
expect_rc 0 "the workbook reads back"
sheets=$(printf '%s\n' "$OUT" | grep -v '^Summary!' | cut -f1 | sed 's/!.*//' | sort -u | wc -l)
tables=$(jq '.tables | length' "$T/q.json")
expect_eq "one sheet per table ($tables tables)" "$sheets" "$tables"

# --- PDF ----------------------------------------------------------------------------------
if ! command -v weasyprint >/dev/null || ! command -v pdftotext >/dev/null; then
    skip "pdf" "weasyprint or pdftotext missing (scripts/bootstrap test installs them)"
    finish
fi
p report quarterly --quarter 2017-Q4 -o "$T/q.pdf"
expect_rc 0 "report quarterly --format pdf (from the extension)"
[ -n "${KEEP_PDF:-}" ] && cp "$T/q.pdf" "$KEEP_PDF"
run pdfinfo "$T/q.pdf"
expect_match "the PDF is tagged" "$OUT" "Tagged: +yes"
expect_match "the PDF is on A4" "$OUT" "Page size: +595.* x 841.* pts \(A4\)"
expect_match "the PDF has its title" "$OUT" "Title: +Quarterly prudential indicators and treasury activity - Testshire County Council"
run pdftotext -layout "$T/q.pdf" "$T/q.txt"
expect_rc 0 "pdftotext reads the quarterly PDF"
text=$(tr -s ' ' <"$T/q.txt")
while IFS= read -r name; do
    [ -n "$name" ] && expect_match "the PDF states the indicator \"$name\"" "$text" "$name"
done <<<"$indicators"
expect_match "the PDF numbers its pages" "$text" "Page 1 of [0-9]+"
expect_match "the PDF names the quarter" "$text" "01/01/2018"
expect_eq "no temporary file left beside the PDF" "$(ls -A "$T" | grep -c '^\.q\.pdf\.tmp')" 0

p report pi --as-of 2018-03-31 --format pdf -o "$T/pi.pdf"
expect_rc 0 "report pi --format pdf"
run pdftotext "$T/pi.pdf" -
expect_match "the pi PDF states the indicators" "$OUT" "Prudential indicators"
for kind in portfolio outturn; do
    p report "$kind" --as-of 2018-03-31 --format pdf -o "$T/$kind.pdf"
    expect_rc 0 "report $kind --format pdf"
done

# Renderer failures are named and leave nothing behind (the old report stays whole).
cp "$T/pi.pdf" "$T/keep.pdf"
PRUDENT_PDF_RENDERER=false p report pi --as-of 2018-03-31 --format pdf -o "$T/keep.pdf"
expect_rc 3 "a failing renderer"
expect_match "its failure is named" "$ERR" "cannot render the PDF: false exited with status 1"
expect_eq "the old PDF is untouched" "$(cmp "$T/pi.pdf" "$T/keep.pdf" && echo same)" same
PRUDENT_PDF_RENDERER=/nonexistent/renderer p report pi --as-of 2018-03-31 --format pdf -o "$T/keep.pdf"
expect_rc 3 "a missing renderer"
expect_match "its absence is named" "$ERR" "cannot run /nonexistent/renderer: No such file"
PRUDENT_PDF_RENDERER=true p report pi --as-of 2018-03-31 --format pdf -o "$T/keep.pdf"
expect_rc 3 "a renderer that writes no PDF"
expect_match "the missing PDF is named" "$ERR" "true wrote no PDF"
expect_eq "no temporary files left" "$(ls -A "$T" | grep -c '\.tmp\.')" 0

# With a bank account the liquidity indicator carries a forecast object of its own (the coming 13
# weeks' low point); the pack's year-end columns must still show the year's limit and forecast.
cat >"$T/accounts.csv" <<'CSV'
code,name,bank,sort_code,account_number,min_balance
MAIN,General account,Barclays,20-00-00,12345678,500000
CSV
p import accounts "$T/accounts.csv" --authority TST
expect_rc 0 "a bank account for TST"
p report pi --as-of 2018-03-31 --format json
pi_liq=$(printf '%s' "$OUT" | jq -c '[.tables.indicators.rows[] | select(.indicator | test("iquidity")) | {limit, actual}]')
expect_eq "the pi report has a liquidity row with an actual" \
    "$(printf '%s' "$pi_liq" | jq '.[0].actual != null')" true
p report quarterly --quarter 2017-Q3 --format json
expect_rc 0 "report quarterly 2017-Q3 with a bank account"
expect_json "with a bank account the liquidity row's year's limit and forecast are the pi report's at 31/03/2018" \
    '[.tables.indicators.rows[] | select(.indicator | test("iquidity")) | {limit: .forecast_limit, actual: .forecast}] | tostring' "$pi_liq"
finish
