#!/usr/bin/env bash
# test_reports.sh: `prudent report`: usage errors exit 2 and write nothing, every format is
# written atomically, the HTML is well-formed and self-contained, the xlsx opens as a workbook,
# and a section whose view is missing says "not available" instead of inventing figures.
source "$(dirname "$0")/lib.sh"
export PRUDENT_NOW=2018-04-03T09:00:00Z

p report pi --format docx -o "$T/x.docx"
expect_rc 2 "an unknown format exits 2"
expect_match "it names the format" "$ERR" 'unknown report format "docx"'
p report annual --format md -o "$T/x.md"
expect_rc 2 "an unknown kind exits 2"
expect_match "it names the kind" "$ERR" 'unknown report "annual"'
p report pi --format md -o "$T/no/such/dir/x.md"
expect_rc 2 "an unwritable -o path exits 2"
expect_match "it says what cannot be written" "$ERR" 'no/such/dir/x.md: cannot write'
p report outturn --from 2017-04-01 --format md
expect_rc 2 "--from without --to exits 2"
p report portfolio --format xlsx
expect_rc 2 "xlsx without -o exits 2"
expect_eq "nothing was written by the refused commands" "$(ls -A "$T" | grep -vxE '\.(out|err)')" ""

p authority add TST --name "Testshire County Council"
expect_rc 0 "add an authority"

for fmt in md html csv json xlsx; do
    p report pi --as-of 2018-03-31 --format "$fmt" -o "$T/pi.$fmt"
    expect_rc 0 "report pi --format $fmt"
    [ -s "$T/pi.$fmt" ]; RC=$?; expect_rc 0 "pi.$fmt is written"
done
run ls -A "$T"
expect_eq "no temporary file is left behind" "$(echo "$OUT" | grep -c tmp)" "0"

run cat "$T/pi.json"
expect_json "json names the report" '.report' 'pi'
expect_json "json names the authority" '.authority.name' 'Testshire County Council'
expect_json "json carries the as-of date" '.as_of' '2018-03-31'
expect_json "json carries the generated time" '.generated_at' '2018-04-03T09:00:00Z'
run xmllint --noout "$T/pi.html"
expect_rc 0 "the html is well-formed"
run grep -cE '<(link|script)|src=' "$T/pi.html"
expect_eq "the html loads nothing from elsewhere" "$OUT" "0"
run python3 "$ROOT/tests/tools/xlsx_dump.py" "$T/pi.xlsx"
expect_rc 0 "the xlsx reads back as a workbook"
expect_match "the xlsx has a Summary sheet titled with the report" "$OUT" $'Summary!A1\tTreasury management: prudential indicators'

p report portfolio --as-of 2018-03-31 --format md
expect_rc 0 "md to standard output"
expect_match "md has the authority and date" "$OUT" 'As at 31/03/2018'

p report outturn --from 2017-04-01 --to 2018-03-31 --format json -o "$T/outturn.json"
expect_rc 0 "report outturn --format json"
run cat "$T/outturn.json"
expect_json "outturn period" '.from + " " + .to' '2017-04-01 2018-03-31'
expect_json "outturn annexes" '[.sections[].id] | join(",")' \
    'debt_financing,maturing_debt,lending_list_changes,investment_portfolio,indicator_outturn,interest,returns'

p report portfolio --as-of 2018-03-31 --json
expect_rc 0 "--json prints the report as JSON"
expect_json "--json is the json format" '.report' 'portfolio'

p report outturn --as-of 2018-03-31 --format json
expect_rc 0 "outturn without a period covers the financial year to --as-of"
expect_json "the financial year" '.from + " " + .to' '2017-04-01 2018-03-31'

finish
