#!/usr/bin/env bash
# test_reports_demo.sh: the reports of the demo book (config/demo/, Borsetshire County Council),
# pinned by golden files in tests/fixtures/reports/demo/: the md, csv and json of the monthly
# prudential indicator report at 31/03/2018 and of the 2017/18 outturn. When the demo book or a
# view changes on purpose, regenerate them with
#   UPDATE_GOLDEN=1 ONLY=reports_demo make test
# and review the diff. Key figures are also checked against the verbs' own --json output.
source "$(dirname "$0")/lib.sh"
export PRUDENT_NOW=2018-04-03T09:00:00Z
DEMO="$ROOT/config/demo"
EXPECTED="$FIXTURES/reports/demo"

p authority add BORSET --name "Borsetshire County Council"
expect_rc 0 "add the demo authority"
for kind in counterparties ratings strategy investments loans; do
    for f in "$DEMO"/$kind*.csv "$DEMO"/$kind*.json; do
        [ -f "$f" ] || continue
        p import "$kind" "$f" --authority BORSET
        expect_rc 0 "import $(basename "$f")"
    done
done

golden() { # name file
    if [ -n "${UPDATE_GOLDEN:-}" ]; then mkdir -p "$EXPECTED"; cp "$2" "$EXPECTED/$1"; fi
    if diff -u "$EXPECTED/$1" "$2" >"$T/diff" 2>&1; then expect_eq "$1 matches its golden file" ok ok
    else expect_eq "$1 matches its golden file (UPDATE_GOLDEN=1 to regenerate)" "$(head -40 "$T/diff")" "(no difference)"; fi
}

for fmt in md csv json; do
    p report pi --as-of 2018-03-31 --format "$fmt" -o "$T/pi.$fmt"
    expect_rc 0 "report pi --format $fmt"
    golden "pi.$fmt" "$T/pi.$fmt"
    p report outturn --from 2017-04-01 --to 2018-03-31 --format "$fmt" -o "$T/outturn.$fmt"
    expect_rc 0 "report outturn --format $fmt"
    golden "outturn.$fmt" "$T/outturn.$fmt"
done

# The same figures as the verbs print.
p indicators --as-of 2018-03-31 --json
want=$(printf '%s' "$OUT" | jq -r '.indicators[] | select(.code == "authorised_limit") | .actual')
run cat "$T/pi.json"
expect_json "authorised limit actual is the indicators verb's" \
    '.tables.indicators.rows[] | select(.indicator == "Authorised limit for external debt") | .actual' "$want"
p wam --as-of 2018-03-31 --json
want=$(printf '%s' "$OUT" | jq -r '.overall.days')
run cat "$T/pi.json"
expect_json "overall WAM is the wam verb's" '.tables.wam_by_type.totals[0].days' "$want"
p maturing --from 2017-04-01 --to 2018-03-31 --json
want=$(printf '%s' "$OUT" | jq -r '.total + " " + .average_rate')
run cat "$T/outturn.json"
expect_json "maturing debt total and rate are the maturing verb's" \
    '.tables.maturing_debt.totals[0] | .amount + " " + .rate' "$want"
p debt --as-of 2018-03-31 --json
want=$(printf '%s' "$OUT" | jq -r '.external_debt')
run cat "$T/outturn.json"
expect_json "debt at the end is the debt verb's" '.tables.debt_end.totals[0].principal' "$want"

for fmt in html xlsx; do
    p report outturn --from 2017-04-01 --to 2018-03-31 --format "$fmt" -o "$T/outturn.$fmt"
    expect_rc 0 "report outturn --format $fmt"
done
run xmllint --noout "$T/outturn.html"
expect_rc 0 "the demo outturn html is well-formed"
run python3 "$ROOT/tests/tools/xlsx_dump.py" "$T/outturn.xlsx"
expect_rc 0 "the demo outturn workbook reads back"
expect_match "its maturing debt sheet has frozen headings" "$OUT" $'Maturing debt!frozen\tA5'

finish
