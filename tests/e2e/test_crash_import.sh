#!/usr/bin/env bash
# test_crash_import.sh: `kill -9` of an import of 300,000 investments while it is writing leaves
# all of them or none (one transaction), and the same import then succeeds; an import file over
# the size limit is refused whole with a clear error.
. "$(dirname "$0")/lib.sh"

p authority add WSX --name "Wessex County Council"
p import counterparties "$ROOT/config/demo/counterparties.csv"
awk 'BEGIN {
    print "ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days"
    split("LLOYDS,BOS,BARCLAYS,HSBC,NATIONWIDE,LANCASHIRE,THURROCK", cps, ",")
    for (i = 0; i < 300000; i++)
        printf "K%06d,fixed,%s,%d,0.%02d,2017-%02d-%02d,2019-%02d-15,\n", i, cps[i % 7 + 1], \
            (i % 1000 + 1) * 1000, i % 90 + 10, i % 12 + 1, i % 28 + 1, i % 12 + 1
}' >"$T/big.csv"
expect_eq "generated 300,001 lines" "$(wc -l <"$T/big.csv")" 300001

# Start the import; once its connection has begun writing (a backend of this database other than
# ours in a transaction), kill it without warning.
"$PRUDENT_BIN" import investments "$T/big.csv" >"$T/imp.out" 2>"$T/imp.err" &
pid=$!
busy=0
for _ in $(seq 1 600); do
    n=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
               AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
               AND query ~* '(copy|insert)'")
    if [ "$n" -gt 0 ]; then busy=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
expect_eq "the import was seen writing inside its transaction" "$busy" 1
kill -9 "$pid" 2>/dev/null
wait "$pid"
rc=$?
expect_eq "the import was killed mid-way (exit 137 = SIGKILL)" "$rc" 137
# the server notices the dead client and rolls back; wait for its backend to go
for _ in $(seq 1 300); do
    n=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
    [ "$n" -eq 0 ] && break
    sleep 0.1
done
expect_eq "the killed import's backend is gone" "$n" 0
count=$(sql "SELECT count(*) FROM investments")
expect_match "all or none after kill -9 (got $count)" "$count" '^(0|300000)$'
expect_eq "no import audit row without its rows" \
    "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'import'") $count" \
    "$([ "$count" -eq 0 ] && echo 0 || echo 1) $count"

p import investments "$T/big.csv"
expect_rc 0 "the same import then succeeds"
expect_eq "300,000 stored" "$(sql "SELECT count(*) FROM investments")" 300000
expect_eq "total principal exact" "$(sql "SELECT sum(principal) FROM investments")" \
    "$(awk -F, 'NR > 1 { s += $4 } END { printf "%.2f", s }' "$T/big.csv")"
rm -f "$T/big.csv"

# Size limit: a (sparse) file over 256 MiB is refused before it is read, nothing written.
printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\n' >"$T/huge.csv"
truncate -s 300M "$T/huge.csv"
p import investments "$T/huge.csv"
expect_rc 2 "an import file over 256 MiB is refused"
expect_match "the error says why" "$ERR" 'huge.csv: the file is larger than 256 MiB: split it into smaller files'
expect_eq "nothing written by the refused file" "$(sql "SELECT count(*) FROM investments")" 300000
rm -f "$T/huge.csv"
finish
