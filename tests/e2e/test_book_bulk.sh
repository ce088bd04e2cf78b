#!/usr/bin/env bash
# test_book_bulk.sh: a generated import of 100,000 investments succeeds in one transaction, is
# audited with one row for the file, and re-importing it changes nothing. (No timing asserted.)
. "$(dirname "$0")/lib.sh"

p authority add WSX --name "Wessex County Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
# 100,000 fixed deposits of £1,000.00 .. £1,000,000.00 (i mod 1000 + 1 thousands), in both
# date forms and two amount forms.
awk 'BEGIN {
    print "ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days"
    split("LLOYDS,BOS,BARCLAYS,HSBC,NATIONWIDE,LANCASHIRE,THURROCK,Salford City Council", cps, ",")
    for (i = 0; i < 100000; i++) {
        amount = (i % 1000 + 1) * 1000
        p = (i % 2) ? amount : sprintf("\"£%d,000\"", amount / 1000)
        if (amount >= 1000000) p = (i % 2) ? amount : "\"£1,000,000\""
        start = (i % 3) ? sprintf("2017-%02d-%02d", i % 12 + 1, i % 28 + 1) : sprintf("%02d/%02d/2017", i % 28 + 1, i % 12 + 1)
        printf "G%06d,fixed,%s,%s,0.%02d,%s,2019-%02d-15,\n", i, cps[i % 8 + 1], p, i % 90 + 10, start, i % 12 + 1
    }
}' >"$T/big.csv"
expect_eq "generated 100,001 lines" "$(wc -l <"$T/big.csv")" 100001

p import investments "$T/big.csv"
expect_rc 0 "import 100,000 investments"
expect_match "all new" "$OUT" '^imported 100000 investments: 100000 new, 0 unchanged$'
expect_eq "100,000 stored" "$(sql "SELECT count(*) FROM investments")" 100000
# each block of 1,000 rows holds £1,000 .. £1,000,000: 1000 * 1001 / 2 * 1000 = 500,500,000
# per block, 100 blocks -> £50,050,000,000.00
expect_eq "total principal exact" "$(sql "SELECT sum(principal) FROM investments")" "50050000000.00"
expect_eq "one audit row for the bulk import" \
    "$(sql "SELECT count(*) || ' ' || max(after->>'new') FROM audit_log WHERE entity = 'import' AND entity_key = 'investments'")" "1 100000"

p import investments "$T/big.csv" --dry-run
expect_match "dry run of the same file: all unchanged" "$OUT" '100000 investments valid: 0 new, 100000 unchanged'
p import investments "$T/big.csv"
expect_match "re-import changes nothing" "$OUT" '0 new, 100000 unchanged'

# one bad row at the end rejects the whole of a large file
cp "$T/big.csv" "$T/big_bad.csv"
echo "G999999,fixed,HSBC,1000,0.5,2017-01-01,2016-01-01," >>"$T/big_bad.csv"
sql "DELETE FROM investments" >/dev/null
p import investments "$T/big_bad.csv"
expect_rc 2 "one bad row in 100,001 rejects the file"
expect_match "the bad row reported" "$ERR" 'big_bad.csv:100002: maturity_date "2016-01-01" must be after the start date'
expect_eq "nothing written" "$(sql "SELECT count(*) FROM investments")" 0

p portfolio --as-of 2018-03-31 --json
expect_rc 0 "portfolio of an empty book"
expect_json "empty total" '.total' "0.00"

finish
