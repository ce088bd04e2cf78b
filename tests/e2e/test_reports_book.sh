#!/usr/bin/env bash
# test_reports_book.sh: the reports of a small imported book (tests/fixtures/reports/book/),
# pinned by golden files in tests/fixtures/reports/book/expected/ (md, csv and json of each
# report; UPDATE_GOLDEN=1 rewrites them: review the diff). Also: the report's figures are the
# views' figures (the same numbers `prudent VERB --json` prints), the xlsx read back cell by
# cell, and the HTML well-formed.
source "$(dirname "$0")/lib.sh"
export PRUDENT_NOW=2018-04-03T09:00:00Z
BOOK="$FIXTURES/reports/book"
EXPECTED="$BOOK/expected"

p authority add TST --name "Testshire County Council"
expect_rc 0 "add the authority"
for kind in counterparties ratings investments loans; do
    p import "$kind" "$BOOK/$kind.csv" --authority TST
    expect_rc 0 "import $kind"
done
p import strategy "$BOOK/strategy.json" --authority TST
expect_rc 0 "import the strategy"
# As the reference council did with one of its borrowers, the team suspends a council it has a
# deposit with: a passive breach, and a lending list change of the year.
p counterparty suspend FIFE --from 2018-02-05 --reason "officers' decision: audit concerns" --authority TST
expect_rc 0 "suspend a counterparty"

golden() { # name file
    if [ -n "${UPDATE_GOLDEN:-}" ]; then mkdir -p "$EXPECTED"; cp "$2" "$EXPECTED/$1"; fi
    if diff -u "$EXPECTED/$1" "$2" >"$T/diff" 2>&1; then expect_eq "$1 matches its golden file" ok ok
    else expect_eq "$1 matches its golden file" "$(head -40 "$T/diff")" "(no difference)"; fi
}

for kind in portfolio pi outturn; do
    args=(--as-of 2018-03-31)
    [ "$kind" = outturn ] && args=(--from 2017-04-01 --to 2018-03-31)
    for fmt in md csv json; do
        p report "$kind" "${args[@]}" --format "$fmt" -o "$T/$kind.$fmt"
        expect_rc 0 "report $kind --format $fmt"
        golden "$kind.$fmt" "$T/$kind.$fmt"
    done
done

# The report's figures are the views' own.
p portfolio --as-of 2018-03-31 --json
view_total=$(printf '%s' "$OUT" | jq -r .total)
run cat "$T/portfolio.json"
expect_json "portfolio total is the view's total" '.tables.investments_by_type.totals[0].principal' "$view_total"
expect_json "portfolio total by hand: 5m + 10m + 14.8m + 172,324.18 + 25m + 20,424,400" \
    '.tables.investments_by_type.totals[0].principal' "75396724.18"
expect_json "the matured deposit is not held" '[.tables.holdings_fixed.rows[].ref] | join(",")' "D001,D002"
p maturing --from 2017-04-01 --to 2018-03-31 --json
view_total=$(printf '%s' "$OUT" | jq -r .total); view_rate=$(printf '%s' "$OUT" | jq -r .average_rate)
run cat "$T/outturn.json"
expect_json "maturing total is the view's" '.tables.maturing_debt.totals[0].amount' "$view_total"
expect_json "maturing average rate is the view's" '.tables.maturing_debt.totals[0].rate' "$view_rate"
# By hand: 0.5m at 2.35 twice, 5m at 7.875, 5m at 8.125: (2.35 + 39.375 + 40.625) / 11 = 7.48636...
expect_json "maturing debt by hand" '.tables.maturing_debt.totals[0] | .amount + " " + .rate' "11000000.00 7.4864"
expect_json "new borrowing: 5m temporary loan" \
    '.sections[0].blocks[0].figures[] | select(.label == "New external borrowing in the period") | .value' "5000000.00"

# Excel: amounts as numbers in £ format, dates as dates, frozen headings.
p report portfolio --as-of 2018-03-31 --format xlsx -o "$T/portfolio.xlsx"
expect_rc 0 "report portfolio --format xlsx"
run python3 "$ROOT/tests/tools/xlsx_dump.py" "$T/portfolio.xlsx"
expect_rc 0 "the workbook reads back"
money_fmt='"£"#,##0.00;-"£"#,##0.00'
row=$(printf '%s\n' "$OUT" | grep -F $'\tD002\t' | cut -f1)           # e.g. Fixed-term deposits h!B6
sheet=${row%%!*}; r=${row##*!B}
expect_eq "D002 is on the fixed-term deposits sheet" "$sheet" "Fixed-term deposits"
expect_match "principal is a number in £ format" "$OUT" "$sheet!C$r"$'\t'"10000000"$'\t'"$money_fmt"
# 0.9% is the fraction 0.009 (libxlsxwriter writes the double to 16 digits: 0.008999999999999999).
expect_match "rate is a fraction in % format" "$OUT" "$sheet!D$r"$'\t'"0\.00(9|8999999999999999)"$'\t'"0\.0000%"
# 26/06/2018 is Excel day 43277.
expect_match "maturity is an Excel date" "$OUT" "$sheet!E$r"$'\t'"43277"$'\t'"dd/mm/yyyy"
expect_match "headings frozen below row 4" "$OUT" "$sheet!frozen"$'\t'"A5"
expect_match "a totals row in bold £ format" "$OUT" "$sheet!C$((r + 1))"$'\t'"15000000"$'\t'"$money_fmt"

# HTML: well-formed, self-contained, with its charts.
p report outturn --from 2017-04-01 --to 2018-03-31 --format html -o "$T/outturn.html"
expect_rc 0 "report outturn --format html"
golden outturn.html "$T/outturn.html"   # tests/browser renders this golden file
p report pi --as-of 2018-03-31 --format html -o "$T/pi.html"
expect_rc 0 "report pi --format html"
golden pi.html "$T/pi.html"
run xmllint --noout "$T/outturn.html"
expect_rc 0 "the html is well-formed"
expect_eq "the html has its three inline SVG charts (investments by type, limit use, maturity profile)" "$(grep -c "<svg xmlns" "$T/outturn.html")" "3"
expect_eq "each of the seven annexes starts a printed page" "$(grep -c '<section class="annex"' "$T/outturn.html")" "7"
expect_match "A4 page rule" "$(cat "$T/outturn.html")" '@page \{ size: A4'
expect_eq "nothing is loaded from elsewhere" "$(grep -cE '<(link|script|img)|src=|url\(' "$T/outturn.html")" "0"

# CSV directory form: one file per table.
p report outturn --from 2017-04-01 --to 2018-03-31 --format csv -o "$T/annexes/"
expect_rc 0 "report outturn as one CSV file per table"
expect_eq "the maturing debt table's file" "$(head -1 "$T/annexes/maturing_debt.csv")" \
    "Date,Loan,Lender,Amount,Rate,Repayment type"
expect_eq "its total line" "$(tail -1 "$T/annexes/maturing_debt.csv")" \
    ",Total (weighted average rate),,11000000.00,7.4864,"

# Benchmarks from the feeds: Bank Rate 0.25 to 01/11/2017 then 0.50 (215 and 150 days of the
# year): (215 x 0.25 + 150 x 0.50) / 365 = 0.35274; SONIA 0.20 then 0.45: 110.5 / 365 = 0.30274.
mkdir -p "$T/feeds"
printf 'date,sonia,bank_rate\n2017-03-31,0.20,0.25\n2017-11-02,0.45,0.50\n' >"$T/bench.csv"
printf '{"name": "bench", "url": "file://%s/bench.csv", "format": "csv", "series": {"sonia": "sonia", "bank_rate": "bank_rate"}, "every": "1d"}\n' "$T" >"$T/feeds/bench.json"
PRUDENT_FEEDS="$T/feeds" p feeds poll bench
expect_rc 0 "poll the benchmark rates"
p report outturn --from 2017-04-01 --to 2018-03-31 --format json
expect_json "average SONIA over the year" '.tables.benchmarks.rows[0] | .series + " " + .average' "SONIA 0.3027"
expect_json "average Bank Rate over the year" '.tables.benchmarks.rows[1] | .series + " " + .average' "Bank Rate 0.3527"
p report outturn --from 2017-03-01 --to 2018-03-31 --format json
expect_json "no benchmark before its first observation: null, not 0" \
    '.tables.benchmarks.rows[0] | [.average, .note] | tostring' '[null,"no observation on or before 2017-03-01"]'

finish
