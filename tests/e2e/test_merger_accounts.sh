#!/usr/bin/env bash
# test_merger_accounts.sh: a merger moves the predecessors' bank accounts (sql/270;
# docs/shared-services.md "A merger on a vesting day"): EAST's MAIN keeps its code in UNITY, WEST's
# MAIN (a code UNITY has by then) becomes WEST-MAIN and WEST's moved forecast item follows it;
# UNITY's forecast for MAIN opens at EAST's last statement (closing 1,234.56) and shows the moved
# item; a statement imported after the day is UNITY's own row; the predecessor's forecast before
# the day is as it was; UNITY's users see the moved accounts and statements (row-level security).
export PRUDENT_TODAY=2020-06-30
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

for a in EAST:"East District Council" WEST:"West District Council" UNITY:"Unity Council"; do
    p authority add "${a%%:*}" --name "${a#*:}"
    expect_rc 0 "authority ${a%%:*} added"
done
printf '%s\n' "$STRATEGY_JSON" >"$T/strategy.json"
p import strategy "$T/strategy.json" --authority UNITY
expect_rc 0 "UNITY's strategy"
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,General account,Barclays,20-00-00,12345678,0\n' >"$T/accounts.csv"
for a in EAST WEST; do
    p import accounts "$T/accounts.csv" --authority "$a"
    expect_rc 0 "$a's account MAIN"
done
cat >"$T/stmt.csv" <<'CSV'
date,description,amount,balance
2020-03-30,receipts,1000.00,1000.00
2020-03-31,grant,234.56,1234.56
CSV
p import statement "$T/stmt.csv" --account MAIN --authority EAST
expect_rc 0 "EAST's statement of MAIN (closing 1,234.56)"
printf 'date,account,amount,category,description,repeat,until\n2020-03-16,MAIN,-100,creditors,before the day,,\n2020-04-15,MAIN,200000,grants,after the day,,\n' >"$T/east.csv"
p import cashflows "$T/east.csv" --authority EAST
expect_rc 0 "EAST's forecast items"
printf 'date,account,amount,category,description,repeat,until\n2020-04-20,MAIN,-5000,payroll,west salaries,,\n' >"$T/west.csv"
p import cashflows "$T/west.csv" --authority WEST
expect_rc 0 "WEST's forecast item"

cf() { # AUTHORITY ACCOUNT FROM TO: "opening | date ref amount,..."
    "$PRUDENT_BIN" cashflow --authority "$1" --account "$2" --from "$3" --to "$4" --json |
        jq -r '"\(.opening_balance) | " + ([.items[] | "\(.date) \(.source) \(.amount)"] | join(","))'
}
EAST_MARCH=$(cf EAST MAIN 2020-03-01 2020-03-31)
EAST_APRIL=$(cf EAST MAIN 2020-04-01 2020-04-30)
expect_eq "before the merger EAST's April opens at its statement's closing" "${EAST_APRIL%% |*}" "1234.56"

p authority merge --into UNITY --from EAST,WEST --on 2020-04-01 --by admin --json
expect_rc 0 "EAST and WEST merge into UNITY on 01/04/2020"
expect_eq "the accounts moved, WEST's MAIN as WEST-MAIN" \
    "$(jq -r '[.predecessors[] | .code + ":" + ([.accounts[] | "\(.was)>\(.code)"] | join(" "))] | join(",")' <<<"$OUT")" \
    "EAST:MAIN>MAIN,WEST:MAIN>WEST-MAIN"
expect_eq "a transfer row each, nothing updated in place" \
    "$(sql "SELECT string_agg(was || '>' || ref, ',' ORDER BY id) FROM holding_transfers WHERE kind = 'bank_account'") $(sql 'SELECT count(*) FROM bank_accounts')" \
    "MAIN>MAIN,MAIN>WEST-MAIN 2"

p accounts --authority UNITY --json
expect_rc 0 "UNITY's accounts"
expect_eq "UNITY lists both, MAIN its default" "$(jq -r '[.accounts[] | "\(.code):\(.default)"] | join(",")' <<<"$OUT")" \
    "MAIN:true,WEST-MAIN:false"
p accounts --authority EAST --json
expect_eq "EAST's account stays readable" "$(jq -r '[.accounts[].code] | join(",")' <<<"$OUT")" "MAIN"

expect_eq "UNITY's MAIN opens at EAST's last statement and shows EAST's moved item" \
    "$(cf UNITY MAIN 2020-04-01 2020-04-30)" "1234.56 | 2020-04-15 forecast 200000.00"
expect_eq "WEST's item is in WEST-MAIN (no statement: 0.00)" \
    "$(cf UNITY WEST-MAIN 2020-04-01 2020-04-30)" "0.00 | 2020-04-20 forecast -5000.00"
expect_eq "EAST's March is as before the merger" "$(cf EAST MAIN 2020-03-01 2020-03-31)" "$EAST_MARCH"

# a statement after the day: UNITY's own row; it overlaps nothing of EAST's
printf 'date,description,amount,balance\n2020-04-01,rates,100.00,1334.56\n2020-04-02,fees,-0.56,1334.00\n' >"$T/april.csv"
p import statement "$T/april.csv" --account MAIN --authority UNITY
expect_rc 0 "UNITY imports MAIN's statement of April"
expect_eq "under UNITY" "$(sql "SELECT a.code FROM bank_statements s JOIN authorities a ON a.id = s.authority_id WHERE s.from_date = '2020-04-01'")" "UNITY"
expect_eq "UNITY's MAIN from 03/04 opens at the new statement's closing" \
    "$(cf UNITY MAIN 2020-04-03 2020-04-30 | cut -d' ' -f1)" "1334.00"
p import statement "$T/april.csv" --account MAIN --authority EAST
expect_rc 2 "EAST's statement of MAIN from the day is refused"
expect_match "saying where it goes" "$ERR" 'account MAIN moved to UNITY \(as MAIN\) on 01/04/2020 \(a merger\): import its statements from that day under UNITY'
expect_eq "nothing written" "$(sql "SELECT count(*) FROM bank_statements")" "2"
printf 'date,description,amount,balance\n2020-03-31,grant,234.56,1234.56\n' >"$T/again.csv"
p import statement "$T/again.csv" --account MAIN --authority UNITY
expect_rc 2 "a statement sharing a day with EAST's is refused under UNITY"
expect_match "naming it" "$ERR" 'shares days with the statement of MAIN from 2020-03-30 to 2020-03-31'

# row-level security: a user of UNITY alone sees the moved accounts and their statements
TOK=$("$PRUDENT_BIN" user add una --role admin --authority UNITY)
OUT=$(PRUDENT_TOKEN=$TOK "$PRUDENT_BIN" accounts --authority UNITY --json)
expect_eq "UNITY's user lists the moved accounts" "$(jq -r '[.accounts[].code] | join(",")' <<<"$OUT")" "MAIN,WEST-MAIN"
OUT=$(PRUDENT_TOKEN=$TOK "$PRUDENT_BIN" cashflow --authority UNITY --account MAIN --from 2020-04-01 --to 2020-04-30 --json)
expect_eq "and reads EAST's statement for the opening balance" "$(jq -r .opening_balance <<<"$OUT")" "1234.56"
WTOK=$("$PRUDENT_BIN" user add wes --role admin --authority WEST)
OUT=$(PRUDENT_TOKEN=$WTOK "$PRUDENT_BIN" cashflow --authority WEST --account MAIN --from 2020-03-01 --to 2020-03-31 --json)
expect_eq "a user of WEST sees nothing of EAST's statement" "$(jq -r .opening_balance <<<"$OUT")" "0.00"
finish
