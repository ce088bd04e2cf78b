#!/usr/bin/env bash
# test_import_memory.sh: the importer streams (issue 19, item 9): importing 60,000 investments
# (about 3.8 MB) peaks well under what holding every record did (the old engine: about 600
# bytes a row, so over 45 MB here), both --dry-run and the import; the peak is the process's
# own VmHWM, printed with PRUDENT_DEBUG_MEMORY set. A repeated key and a bad line near the end
# are still named with their lines, and nothing is written.
. "$(dirname "$0")/lib.sh"

p authority add WSX --name "Wessex County Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
ROWS=60000
gen() { # gen FILE: ROWS investments, refs M0000000..
    awk -v n="$ROWS" 'BEGIN {
        print "ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days"
        for (i = 0; i < n; i++)
            printf "M%07d,fixed,LLOYDS,%d,0.85,2017-11-04,2018-05-04,\n", i, i % 1000 + 1001
    }' >"$1"
}
gen "$T/big.csv"
ROWS=1000 gen "$T/small.csv"
peak() { sed -n 's/^prudent: peak memory: \([0-9]*\) kB$/\1/p' <<<"$ERR"; }
# Under a sanitizer build (make check) freed memory would sit in AddressSanitizer's quarantine
# and count in the peak; without one this setting is ignored.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
# The bound (kB): the peak of a 1,000-row file, the program's own size in this build (a
# sanitizer's shadow memory included), plus 12 MB. The old engine needed about 600 bytes a row on
# top of that, about 35 MB more for 60,000 rows.
PRUDENT_DEBUG_MEMORY=1 p import investments "$T/small.csv" --authority WSX --dry-run
expect_rc 0 "dry run of 1,000 rows"
BASE=$(peak)
expect_match "the small file's peak" "$BASE" '^[0-9]+$'
BOUND=$(( ${BASE:-0} + 12000 ))

PRUDENT_DEBUG_MEMORY=1 p import investments "$T/big.csv" --authority WSX --dry-run
expect_rc 0 "dry run of 60,000 rows"
expect_eq "dry run summary" "$OUT" "dry run: 60000 investments valid: 60000 new, 0 unchanged; nothing written"
d=$(peak)
expect_match "dry run reports its peak" "$d" '^[0-9]+$'
[ -n "$d" ] && [ "$d" -lt "$BOUND" ] && _ok "dry run peak $d kB < $BOUND kB" || _notok "dry run peak" "peak ${d:-?} kB, bound $BOUND kB"

PRUDENT_DEBUG_MEMORY=1 p import investments "$T/big.csv" --authority WSX
expect_rc 0 "import of 60,000 rows"
expect_eq "import summary" "$OUT" "imported 60000 investments: 60000 new, 0 unchanged"
i=$(peak)
[ -n "$i" ] && [ "$i" -lt "$BOUND" ] && _ok "import peak $i kB < $BOUND kB" || _notok "import peak" "peak ${i:-?} kB, bound $BOUND kB"
expect_eq "60,000 stored" "$(sql "SELECT count(*) FROM investments")" 60000

# The same file again: every row compared with the book in PostgreSQL, all unchanged.
PRUDENT_DEBUG_MEMORY=1 p import investments "$T/big.csv" --authority WSX
expect_eq "re-import unchanged" "$OUT" "imported 60000 investments: 0 new, 60000 unchanged"
r=$(peak)
[ -n "$r" ] && [ "$r" -lt "$BOUND" ] && _ok "re-import peak $r kB < $BOUND kB" || _notok "re-import peak" "peak ${r:-?} kB, bound $BOUND kB"

# A fresh file with a key repeated at the end, a bad line near the end and a changed row: every
# one named with its line, in the order of old (the records', the repeats', the book's).
ROWS=60000 gen "$T/bad.csv"
sed -i 's/^M0059990,fixed,LLOYDS,1991,/M0059990,fixed,LLOYDS,1991x,/' "$T/bad.csv"
sed -i 's/^M0000005,fixed,LLOYDS,1006,/M0000005,fixed,LLOYDS,2006,/' "$T/bad.csv"
echo "M0000007,fixed,LLOYDS,1008,0.85,2017-11-04,2018-05-04," >>"$T/bad.csv"
PRUDENT_DEBUG_MEMORY=1 p import investments "$T/bad.csv" --authority WSX
expect_rc 2 "bad file refused"
want="prudent: $T/bad.csv:59992: principal \"1991x\" is not an amount: "
expect_eq "the bad line first" "$(sed -n 1p <<<"$ERR" | cut -c1-${#want})" "$want"
expect_eq "then the repeated key" "$(sed -n 2p <<<"$ERR")" \
    "prudent: $T/bad.csv:60002: ref \"M0000007\" appears more than once in the file (first on line 9)"
expect_eq "then the changed row" "$(sed -n 3p <<<"$ERR")" \
    "prudent: $T/bad.csv:7: ref \"M0000005\" exists with different terms (principal 1006.00 in the book, 2006.00 in the file): amend it with \`prudent deal amend M0000005\`"
expect_eq "closing line" "$(sed -n 4p <<<"$ERR")" "prudent: $T/bad.csv: 3 errors: no investments imported, nothing was written"
b=$(peak)
[ -n "$b" ] && [ "$b" -lt "$BOUND" ] && _ok "refused import peak $b kB < $BOUND kB" || _notok "refused peak" "peak ${b:-?} kB"
expect_eq "still 60,000 stored" "$(sql "SELECT count(*) FROM investments")" 60000
finish
