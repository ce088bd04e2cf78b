#!/usr/bin/env bash
# test_import_direct.sh: the direct load of a first import (issue 23, store/stage.h): a file of
# more than 1,000 investments into an authority with none goes straight into the book, and
# stores exactly what the staged import stores; any problem falls back to the staged import,
# which names every bad line and writes nothing.
. "$(dirname "$0")/lib.sh"
export PRUDENT_DEBUG_IMPORT=1
p import counterparties "$ROOT/config/demo/counterparties.csv"
for a in DIRECT STAGED BAD; do p authority add $a --name "Council $a"; done

# 1,200 deals over five counterparties, with every type's columns and a blank maturity
big="$T/big.csv"
awk 'BEGIN {
    print "ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days"
    split("HSBC BARCLAYS LANCASHIRE THURROCK NORTHUMB", cp, " ")
    for (i = 1; i <= 1200; i++) {
        c = cp[i % 5 + 1]; d = sprintf("2017-%02d-%02d", i % 12 + 1, i % 28 + 1)
        if (i % 4 == 0) printf "D%04d,notice,%s,%d.%02d,0.%d,%s,,%d\n", i, c, 1000 + i, i % 100, i % 90 + 10, d, 30 + i % 60
        else if (i % 4 == 1) printf "D%04d,call,%s,\"%d,%03d,000\",0.25,%s,,\n", i, c, 1 + i % 9, i % 1000, d
        else printf "D%04d,fixed,%s,%d000.5,1.%03d,%s,2019-%02d-%02d,\n", i, c, i, i, d, i % 12 + 1, i % 28 + 1
    } }' >"$big"
printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nFIRST,call,HSBC,5,0.1,2017-01-01,,\n' >"$T/one.csv"

p import investments "$T/one.csv" --authority STAGED
p import investments "$big" --authority STAGED
expect_rc 0 "a file into a book that holds deals"
expect_match "... is staged" "$ERR" 'rows staged'
p import investments "$big" --authority DIRECT
expect_rc 0 "the same file into an empty book"
expect_match "... is loaded direct" "$ERR" 'rows loaded direct'
expect_eq "... with the same summary" "$OUT" "imported 1200 investments: 1200 new, 0 unchanged"

cols="ref, type, c.code, principal, rate, start_date, maturity_date, notice_days, status, source, booked_by,
      settlement_account, approved_by, late_reason, booked_at IS NOT NULL"
book() { sql "SELECT $cols FROM investments i JOIN counterparties c ON c.id = i.counterparty_id
              JOIN authorities a ON a.id = i.authority_id WHERE a.code = '$1' AND ref <> 'FIRST' ORDER BY i.id"; }
direct=$(book DIRECT) staged=$(book STAGED)
expect_eq "1,200 deals stored" "$(printf '%s\n' "$direct" | wc -l)" 1200
expect_eq "... each as the staged import stores it, in the file's order" "$direct" "$staged"
expect_eq "one audit row for the file, as the staged import writes" \
    "$(sql "SELECT l.entity, l.entity_key, l.action, l.after->>'new', l.after->>'rows', l.after->>'unchanged'
            FROM audit_log l JOIN authorities a ON a.id = l.authority_id WHERE a.code = 'DIRECT' AND l.entity <> 'authority'")" \
    "import|investments|import|1200|1200|0"
expect_eq "the authority's version moved (the service reloads its book)" \
    "$(sql "SELECT v.version > 0 FROM change_versions v JOIN authorities a ON a.id = v.scope WHERE a.code = 'DIRECT'")" t
p import investments "$big" --authority DIRECT
expect_match "importing it again: nothing new" "$OUT" 'imported 1200 investments: 0 new, 1200 unchanged'
p audit verify
expect_rc 0 "the audit chain is intact"

# A first import with problems falls back to the staged one, which names each bad line.
{ cat "$big"; printf 'D0007,fixed,HSBC,5,1,2017-01-01,2018-01-01,\nX1,fixed,NOSUCH,5,1,2017-01-01,2018-01-01,\n'; } >"$T/bad.csv"
p import investments "$T/bad.csv" --authority BAD
expect_rc 2 "a first import with a bad row is refused"
expect_match "... after trying the direct load, staged" "$ERR" 'rows staged'
expect_match "... the repeated ref named" "$ERR" 'bad.csv:1202: .*D0007.* appears more than once in the file \(first on line 8\)'
expect_match "... the unknown counterparty named" "$ERR" 'bad.csv:1203: .*NOSUCH.* is not a known counterparty'
expect_eq "... and nothing written" "$(sql "SELECT count(*) FROM investments i JOIN authorities a ON a.id = i.authority_id
                                          WHERE a.code = 'BAD'")" 0
# A repeated ref alone passes the row checks: the table's unique key stops the direct COPY.
{ cat "$big"; printf 'D0007,fixed,HSBC,5,1,2017-01-01,2018-01-01,\n'; } >"$T/repeat.csv"
p import investments "$T/repeat.csv" --authority BAD
expect_rc 2 "a first import repeating a ref is refused"
expect_match "... the line named" "$ERR" 'repeat.csv:1202: .*D0007.* appears more than once in the file'
expect_eq "... and nothing written" "$(sql "SELECT count(*) FROM investments i JOIN authorities a ON a.id = i.authority_id
                                          WHERE a.code = 'BAD'")" 0
p import investments "$big" --authority BAD --dry-run
expect_match "a dry run is staged (it writes nothing)" "$ERR" 'rows staged'

# A file with an account column (any case) still has each row's account checked against the
# authority's bank accounts; one without reads no accounts (importer.h file_may_name).
p authority add ACCT --name "Council ACCT"
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,General account,Barclays,20-00-00,12345678,0\n' >"$T/accounts.csv"
p import accounts "$T/accounts.csv" --authority ACCT
awk 'NR == 1 { print $0 ",Account"; next } { print $0 ",MAIN" }' "$big" >"$T/acct.csv"
{ cat "$T/acct.csv"; printf 'Z1,fixed,HSBC,5,1,2017-01-01,2018-01-01,,NOPE\n'; } >"$T/acct_bad.csv"
p import investments "$T/acct_bad.csv" --authority ACCT
expect_rc 2 "a first import naming an unknown account is refused"
expect_match "... the line named" "$ERR" 'acct_bad.csv:1202: account "NOPE" is not a bank account of ACCT'
p import investments "$T/acct.csv" --authority ACCT
expect_rc 0 "a first import naming the authority's account"
expect_match "... is loaded direct" "$ERR" 'rows loaded direct'
expect_eq "... each deal settling in it" "$(sql "SELECT count(*) FROM investments i JOIN authorities a ON a.id = i.authority_id
                                           WHERE a.code = 'ACCT' AND i.settlement_account = 'MAIN'")" 1200
finish
