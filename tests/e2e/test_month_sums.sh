#!/usr/bin/env bash
# test_month_sums.sh: the month sums of sql/230 (movement_month_sums), what a balance at a date
# reads for the months before the date's month. After every change of the book (an import, a
# pending, approved and rejected top-up, a repayment of an account and of a dated deal, a
# correction that supersedes a row in another month, a row inserted by the request role) the
# table equals what prudent_movement_month_sums_of() computes from the rows, both ways; balances
# on each side of month boundaries are the hand figures; as known before a correction the old
# figure comes back (the exact twin in prudent_known); the request role cannot write the table.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
export PRUDENT_TODAY=2018-04-15
lending_fixture

same_as_rebuild() { # WHEN: the table equals the rows' sums, both ways
    expect_eq "$1: the month sums equal the rebuild (table EXCEPT rows, rows EXCEPT table)" \
        "$(sql "SELECT (SELECT count(*) FROM (SELECT * FROM movement_month_sums EXCEPT SELECT * FROM prudent_movement_month_sums_of()) a)
                    || ' ' || (SELECT count(*) FROM (SELECT * FROM prudent_movement_month_sums_of() EXCEPT SELECT * FROM movement_month_sums) b)")" "0 0"
}
held() { # DATE REF [--as-known-at T]: the principal of REF in the portfolio at DATE
    local d=$1 ref=$2; shift 2
    p portfolio --json --as-of "$d" --authority WSX "$@"
    printf '%s' "$OUT" | jq -r ".holdings[] | select(.ref == \"$ref\") | .principal"
}

printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nMMF-A,mmf,MMF1,4000000,,2018-01-10,,\nFD1,fixed,BANKA,3000000,0.5,2018-01-05,2018-09-28,\n' >"$T/deals.csv"
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "fixture: an MMF of 4m from 10/01, a fixed deal of 3m to 28/09"
same_as_rebuild "no movement yet"
expect_eq "no movement, no month sum" "$(sql "SELECT count(*) FROM movement_month_sums")" "0"

cat >"$T/moves.csv" <<'EOF'
ref,date,kind,amount,note
MMF-A,2018-01-31,deposit,100000.00,month end in
MMF-A,2018-02-15,withdrawal,50000.00,payroll
MMF-A,2018-02-28,interest,1234.56,february
MMF-A,2018-03-01,deposit,200000.00,first of the month
MMF-A,2018-03-31,deposit,10000.00,quarter end
EOF
p import movements "$T/moves.csv" --authority WSX
expect_rc 0 "five movements over three months imported"
same_as_rebuild "after the import"
expect_eq "one cell per month moved: January to March" \
    "$(sql "SELECT string_agg(to_char(month, 'YYYY-MM') || '=' || net, ',' ORDER BY month) FROM movement_month_sums")" \
    "2018-01=100000.00,2018-02=-48765.44,2018-03=210000.00"
expect_eq "before the first movement (30/01): the opening 4m" "$(held 2018-01-30 MMF-A)" "4000000.00"
expect_eq "on 31/01 (a month end): 4m + 100,000" "$(held 2018-01-31 MMF-A)" "4100000.00"
expect_eq "on 01/02 (first of a month, January summed): 4,100,000" "$(held 2018-02-01 MMF-A)" "4100000.00"
expect_eq "on 14/02: still 4,100,000" "$(held 2018-02-14 MMF-A)" "4100000.00"
expect_eq "on 28/02: less 50,000, plus interest 1,234.56" "$(held 2018-02-28 MMF-A)" "4051234.56"
expect_eq "on 01/03: plus 200,000 that day" "$(held 2018-03-01 MMF-A)" "4251234.56"
expect_eq "on 31/03: plus 10,000" "$(held 2018-03-31 MMF-A)" "4261234.56"
expect_eq "on 15/04 (three months summed, none in April yet)" "$(held 2018-04-15 MMF-A)" "4261234.56"

p deal top-up MMF-A --amount 500000 --date 2018-04-15 --by dan --reason "sweep" --authority WSX
expect_rc 0 "dan tops MMF-A up by 500,000 (pending)"
same_as_rebuild "after a pending top-up"
expect_eq "a pending top-up counts at once" "$(held 2018-04-15 MMF-A)" "4761234.56"
p deal approve MMF-A --by eve --authority WSX
expect_rc 0 "eve approves it"
same_as_rebuild "after the approval"
expect_eq "approved: the same" "$(held 2018-04-15 MMF-A)" "4761234.56"
p deal top-up MMF-A --amount 300000 --date 2018-04-15 --by eve --reason "sweep 2" --authority WSX
expect_eq "a second pending top-up counts too" "$(held 2018-04-15 MMF-A)" "5061234.56"
p deal reject MMF-A --by dan --reason "too much" --authority WSX
expect_rc 0 "dan rejects eve's"
same_as_rebuild "after the rejection"
expect_eq "rejected: it no longer counts" "$(held 2018-04-15 MMF-A)" "4761234.56"
expect_eq "April's cell is the approved 500,000 alone" \
    "$(sql "SELECT net FROM movement_month_sums WHERE month = '2018-04-01'")" "500000.00"

p deal repay MMF-A --amount 61234.56 --date 2018-04-15 --by dan --reason payroll --authority WSX
expect_rc 0 "61,234.56 repaid from the account"
same_as_rebuild "after an account's repayment"
expect_eq "repaid: 4,700,000" "$(held 2018-04-15 MMF-A)" "4700000.00"
p deal repay FD1 --amount 1000000 --date 2018-02-15 --by dan --reason "cash need" --authority WSX
expect_rc 0 "1m of FD1 repaid early from 15/02"
same_as_rebuild "after a dated deal's early repayment"
expect_eq "FD1 on 14/02: 3m" "$(held 2018-02-14 FD1)" "3000000.00"
expect_eq "FD1 on 15/02: 2m" "$(held 2018-02-15 FD1)" "2000000.00"
expect_eq "FD1 on 01/03 (February summed): 2m" "$(held 2018-03-01 FD1)" "2000000.00"

T0=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
sleep 0.1
# A correction: the payroll withdrawal of 15/02 was 60,000 on 10/03 (it moves to another month).
sql "INSERT INTO movements (authority_id, investment_id, date, kind, amount, note, entered_by, supersedes)
     SELECT authority_id, investment_id, '2018-03-10', 'withdrawal', 60000, 'payroll, corrected', 'dan', id
     FROM movements WHERE note = 'payroll' AND date = '2018-02-15'"
same_as_rebuild "after a correction moved a row from February to March"
expect_eq "February's and March's cells follow" \
    "$(sql "SELECT string_agg(to_char(month, 'YYYY-MM') || '=' || net, ',' ORDER BY month) FROM movement_month_sums m JOIN investments i ON i.id = m.investment_id WHERE i.ref = 'MMF-A'")" \
    "2018-01=100000.00,2018-02=1234.56,2018-03=150000.00,2018-04=438765.44"
expect_eq "corrected, on 28/02: no withdrawal in February" "$(held 2018-02-28 MMF-A)" "4101234.56"
expect_eq "corrected, on 09/03: plus 200,000 on 01/03" "$(held 2018-03-09 MMF-A)" "4301234.56"
expect_eq "corrected, on 10/03: less 60,000" "$(held 2018-03-10 MMF-A)" "4241234.56"
expect_eq "corrected, on 15/04: 10,000 less than before" "$(held 2018-04-15 MMF-A)" "4690000.00"
expect_eq "as known before the correction (the exact sums of the rows known then): 28/02 as it was" \
    "$(held 2018-02-28 MMF-A --as-known-at "$T0")" "4051234.56"
expect_eq "... and 15/04 as it was" "$(held 2018-04-15 MMF-A --as-known-at "$T0")" "4700000.00"

# The request role keeps the sums through the trigger, and cannot write them itself.
AUTH=$(sql "SELECT id FROM authorities WHERE code = 'WSX'")
sql "BEGIN; SELECT set_config('prudent.authority_ids', '{$AUTH}', true); SET LOCAL ROLE prudent_service;
     INSERT INTO movements (authority_id, investment_id, date, kind, amount, note, entered_by)
     SELECT authority_id, id, '2018-04-02', 'deposit', 1000, 'by the request role', 'dan' FROM investments WHERE ref = 'MMF-A';
     COMMIT;" >/dev/null
same_as_rebuild "after a movement inserted as prudent_service"
expect_eq "... April's cell has it" "$(sql "SELECT net FROM movement_month_sums WHERE month = '2018-04-01'")" "439765.44"
expect_eq "prudent_service may not write the month sums" \
    "$(sql "BEGIN; SELECT set_config('prudent.authority_ids', '{$AUTH}', true); SET LOCAL ROLE prudent_service;
            DELETE FROM movement_month_sums; COMMIT;" 2>&1 | grep -c 'permission denied')" "1"
expect_eq "... and sees only its authorities' sums" \
    "$(sql "BEGIN; SET LOCAL ROLE prudent_service; SELECT count(*) FROM movement_month_sums; COMMIT;")" "0"

sql "SELECT prudent_rebuild_movement_month_sums()" >/dev/null
same_as_rebuild "after a rebuild"
expect_eq "the rebuild gives the same balances" "$(held 2018-03-10 MMF-A)" "4241234.56"
finish
