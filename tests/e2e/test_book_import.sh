#!/usr/bin/env bash
# test_book_import.sh: importing counterparties, investments and loans: a realistic book (the
# demo), all-or-nothing on bad rows (every one reported), idempotent re-import, a changed ref
# refused, --dry-run, JSON equivalent to CSV, the amount and date forms, BOM and CRLF, audit.
. "$(dirname "$0")/lib.sh"
DEMO="$ROOT/config/demo"
FX="$ROOT/tests/fixtures/book"

p authority add BORSET --name "Borsetshire County Council"
p authority add WSX --name "Wessex County Council"

# --- counterparties (shared) ---
p import counterparties "$DEMO/counterparties.csv"
expect_rc 0 "import the demo counterparties"
expect_match "summary line" "$OUT" '^imported 47 counterparties: 47 new, 0 unchanged$'
expect_eq "47 counterparties stored" "$(sql "SELECT count(*) FROM counterparties")" 47
expect_eq "Bank of Scotland is in the Lloyds group" \
    "$(sql "SELECT group_code FROM counterparties WHERE code = 'BOS'")" LLOYDS
p import counterparties "$DEMO/counterparties.csv"
expect_match "counterparties re-import changes nothing" "$OUT" '47 counterparties: 0 new, 47 unchanged'

cat >"$T/cp_bad.csv" <<'EOF'
code,name,sector,country,group
NEWBANK,New Bank plc,bank,GB,NOSUCH
OTHER,Lloyds Bank plc,bank,GB,
BAD CODE,Bad plc,bank,GB,
X1,X One,bank_ish,GBR,
LLOYDS,Lloyds Bank plc,bank,GB,
EOF
p import counterparties "$T/cp_bad.csv"
expect_rc 2 "bad counterparties refused"
expect_match "unknown group named" "$ERR" 'cp_bad.csv:2: group "NOSUCH" is not the code of a counterparty'
expect_match "a name already taken" "$ERR" 'cp_bad.csv:3: name "Lloyds Bank plc" is already the name of counterparty LLOYDS'
expect_match "bad code" "$ERR" 'cp_bad.csv:4: code "BAD CODE" is not valid'
expect_match "bad sector" "$ERR" 'cp_bad.csv:5: sector "bank_ish" is not one of bank, building_society'
expect_match "bad country" "$ERR" 'cp_bad.csv:5: country "GBR" is not an ISO 3166'
expect_eq "still 47 counterparties" "$(sql "SELECT count(*) FROM counterparties")" 47

# --- a realistic book: the demo investments and loans ---
p import investments "$DEMO/investments.csv" --authority BORSET
expect_rc 0 "import the demo investments"
expect_match "61 new investments" "$OUT" '^imported 61 investments: 61 new, 0 unchanged$'
p import loans "$DEMO/loans.csv" --authority BORSET
expect_rc 0 "import the demo loans"
expect_match "23 new loans" "$OUT" '^imported 23 loans: 23 new, 0 unchanged$'
expect_eq "investment total as in the file" \
    "$(sql "SELECT sum(principal) FROM investments")" \
    "$(python3 -c 'import csv, sys; print("%.2f" % sum(float(r["principal"].replace(",", "")) for r in csv.DictReader(open(sys.argv[1]))))' "$DEMO/investments.csv")"
expect_eq "loan total as in the file" \
    "$(sql "SELECT sum(principal) FROM loans")" \
    "$(awk -F, 'NR > 1 { s += $4 } END { printf "%.2f", s }' "$DEMO/loans.csv")"
expect_eq "every loan's instalments repay its principal exactly" \
    "$(sql "SELECT count(*) FROM loans l WHERE principal <> (SELECT sum(principal) FROM loan_instalments i WHERE i.loan_id = l.id)")" 0
expect_eq "the 10-year EIP loan has 20 instalments of 500,000.00" \
    "$(sql "SELECT count(*) || ' ' || min(i.principal) || ' ' || max(i.principal) FROM loan_instalments i JOIN loans l ON l.id = i.loan_id WHERE l.ref = 'PWLB-490912'")" \
    "20 500000.00 500000.00"
expect_eq "audit: one row per inserted investment" \
    "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'investment' AND action = 'insert'")" 61
expect_eq "audit: one row per inserted loan" \
    "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'loan'")" 23

# re-import: identical rows change nothing
audit_before=$(sql "SELECT count(*) FROM audit_log")
p import investments "$DEMO/investments.csv" --authority BORSET
expect_rc 0 "re-import identical investments"
expect_match "all unchanged" "$OUT" '61 investments: 0 new, 61 unchanged'
p import loans "$DEMO/loans.csv" --authority BORSET
expect_match "loans all unchanged" "$OUT" '23 loans: 0 new, 23 unchanged'
expect_eq "re-import wrote no audit rows" "$(sql "SELECT count(*) FROM audit_log")" "$audit_before"
expect_eq "still 61 investments" "$(sql "SELECT count(*) FROM investments")" 61

# --- one authority's fixture book, CSV, and the same as JSON for another ---
p import investments "$FX/investments.csv" --authority WSX --dry-run
expect_rc 0 "dry run of a good file"
expect_match "dry run says so" "$OUT" '^dry run: 8 investments valid: 8 new, 0 unchanged; nothing written$'
expect_eq "dry run wrote nothing" "$(sql "SELECT count(*) FROM investments i JOIN authorities a ON a.id = i.authority_id WHERE a.code = 'WSX'")" 0
p import investments "$FX/investments.csv" --authority WSX
expect_rc 0 "import the fixture investments"
expect_eq "the four amount forms: 5000000, £15,000,000, 2,500,000.00, 7000000.00" \
    "$(sql "SELECT string_agg(principal::text, ' ' ORDER BY ref) FROM investments i JOIN authorities a ON a.id = i.authority_id WHERE a.code = 'WSX' AND ref LIKE 'F%'")" \
    "5000000.00 15000000.00 2500000.00 7000000.00"
expect_eq "both date forms: 31/12/2017 and 30/04/2018" \
    "$(sql "SELECT start_date || ' ' || maturity_date FROM investments WHERE ref = 'F2'")" "2017-12-31 2018-04-30"
expect_eq "a counterparty given by its exact name" \
    "$(sql "SELECT c.code FROM investments i JOIN counterparties c ON c.id = i.counterparty_id WHERE ref = 'F2'")" BARCLAYS

p authority add JSN --name "Jsonshire Council"
p import investments "$FX/investments.json" --authority JSN
expect_rc 0 "import the same book as JSON"
expect_match "8 new from JSON" "$OUT" '8 investments: 8 new'
p portfolio --authority WSX --as-of 2018-03-31 --json
csv_doc=$OUT
p portfolio --authority JSN --as-of 2018-03-31 --json
expect_eq "JSON input gives the same portfolio as CSV" "$OUT" "$csv_doc"
expect_json "and not an empty one" '.total' "30000000.00"

# --- a changed ref is refused with the difference ---
sed 's/^F1,fixed,LANCASHIRE,5000000,0.50/F1,fixed,LANCASHIRE,5000000,0.55/' "$FX/investments.csv" >"$T/changed.csv"
p import investments "$T/changed.csv" --authority WSX
expect_rc 2 "a ref with different terms is refused"
expect_match "the difference is shown" "$ERR" 'changed.csv:2: ref "F1" exists with different terms \(rate 0.500000 in the book, 0.550000 in the file\)'
expect_match "with the way to amend it" "$ERR" 'prudent deal amend F1'
expect_eq "the rate is unchanged" "$(sql "SELECT rate FROM investments i JOIN authorities a ON a.id = i.authority_id WHERE a.code = 'WSX' AND ref = 'F1'")" "0.500000"

# --- one bad row among many: nothing written, every bad row reported ---
{
    echo "ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days"
    for i in $(seq 1 60); do
        case $i in
            17) echo "B$i,fixed,LANCASHIRE,\"5,00O\",0.5,2017-06-01,2018-06-01," ;;
            33) echo "B$i,fixed,Nonesuch Bank,1000000,0.5,2017-06-01,2018-06-01," ;;
            41) echo "B$i,fixed,HSBC,1000000,0.5,31/02/2018,2018-06-01," ;;
            52) echo "B$i,call,HSBC,1000000,0.5,2017-06-01,2018-06-01," ;;
            58) echo "B3,fixed,HSBC,1000000,0.5,2017-06-01,2018-06-01," ;;
            *) echo "B$i,fixed,HSBC,1000000,0.5,2017-06-01,2018-06-01," ;;
        esac
    done
} >"$T/bad.csv"
before=$(sql "SELECT count(*) FROM investments")
p import investments "$T/bad.csv" --authority WSX
expect_rc 2 "a file with bad rows exits 2"
expect_match "bad amount: line and field" "$ERR" 'prudent: [^ ]*bad.csv:18: principal "5,00O" is not an amount'
expect_match "unknown counterparty named" "$ERR" 'bad.csv:34: counterparty "Nonesuch Bank" is not a known counterparty'
expect_match "impossible date" "$ERR" 'bad.csv:42: start_date "31/02/2018" is not a date: no such day'
expect_match "a call account with a maturity" "$ERR" 'bad.csv:53: maturity_date "2018-06-01" must be empty'
expect_match "duplicate ref in the file" "$ERR" 'bad.csv:59: ref "B3" appears more than once in the file \(first on line 4\)'
expect_match "the closing count" "$ERR" 'bad.csv: 5 errors: no investments imported'
expect_eq "the book is unchanged" "$(sql "SELECT count(*) FROM investments")" "$before"

# the same bad row in JSON is located by line
cat >"$T/bad.json" <<'EOF'
[
  {"ref": "J1", "type": "fixed", "counterparty": "HSBC", "principal": "1000000",
   "rate": "0.5", "start_date": "2017-06-01", "maturity_date": "2018-06-01"},
  {"ref": "J2", "type": "fixed", "counterparty": "HSBC",
   "principal": "5,00O",
   "rate": "0.5", "start_date": "2017-06-01", "maturity_date": "2018-06-01"}
]
EOF
p import investments "$T/bad.json" --authority WSX
expect_rc 2 "bad JSON row refused"
expect_match "JSON error located at the field's line" "$ERR" 'bad.json:5: principal "5,00O" is not an amount'
printf '[{"ref": "J1",' >"$T/broken.json"
p import investments "$T/broken.json" --authority WSX
expect_rc 2 "malformed JSON refused"
expect_match "malformed JSON reported" "$ERR" 'broken.json:1: not valid JSON'

# missing column, unknown column
printf 'ref,type,counterparty,principal,start_date,colour\n' >"$T/cols.csv"
p import investments "$T/cols.csv" --authority WSX
expect_rc 2 "a wrong header is refused"
expect_match "unknown column named" "$ERR" 'cols.csv:1: column "colour" is not a field'
expect_match "missing column named" "$ERR" 'cols.csv:1: column "rate" is missing from the header'

# UTF-8 BOM and CRLF line ends, and a quoted field with a comma
printf '\xEF\xBB\xBFref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\r\nW1,FIXED,HSBC,"1,250,000.50",0.61,01/06/2017,01/06/2019,\r\nW2,notice,"Santander UK plc",500000,0.7,2017-06-01,,35\r\n' >"$T/crlf.csv"
p import investments "$T/crlf.csv" --authority WSX
expect_rc 0 "BOM and CRLF are tolerated"
expect_eq "values read exactly" "$(sql "SELECT principal || ' ' || rate || ' ' || notice_days FROM investments WHERE ref = 'W2'")" "500000.00 0.700000 35"
expect_eq "quoted amount with commas and pence" "$(sql "SELECT principal FROM investments WHERE ref = 'W1'")" "1250000.50"
expect_eq "a type in capitals is stored in lower case" "$(sql "SELECT type FROM investments WHERE ref = 'W1'")" "fixed"

p audit verify
expect_rc 0 "the audit chain is intact after set-based imports"

# A ref booked by someone else while the import runs: the import does not see it when it compares
# with the book, waits for that transaction at the insert, then refuses whole.
printf 'ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days\nRACE1,fixed,HSBC,100000,1,2017-06-01,2018-06-01,\nRACE2,fixed,HSBC,200000,1,2017-06-01,2018-06-01,\n' >"$T/race.csv"
cat >"$T/race.sql" <<SQL
BEGIN;
INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
SELECT a.id, 'RACE2', 'fixed', c.id, 5, 1, '2017-06-01', '2018-06-01'
FROM authorities a, counterparties c WHERE a.code = 'WSX' AND c.code = 'HSBC';
\\! touch $T/race.booked
\\! for i in \$(seq 600); do [ -e $T/race.release ] && break; sleep 0.05; done
COMMIT;
SQL
psql -X -q -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -f "$T/race.sql" >/dev/null &
race_pid=$!
for _ in $(seq 200); do [ -e "$T/race.booked" ] && break; sleep 0.05; done
"$PRUDENT_BIN" import investments "$T/race.csv" --authority WSX >"$T/race.out" 2>"$T/race.err" &
imp_pid=$!
# The booking commits only once the import is seen waiting for its lock (the event, not a time).
for _ in $(seq 600); do
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                AND wait_event_type = 'Lock'")" -gt 0 ] && break
    kill -0 "$imp_pid" 2>/dev/null || break
    sleep 0.05
done
touch "$T/race.release"
wait "$imp_pid"; RC=$?; ERR=$(cat "$T/race.err")
wait "$race_pid"
expect_rc 3 "a ref booked while the import ran makes it fail"
expect_match "... saying the book changed" "$ERR" 'race.csv: the book changed while importing: run it again'
expect_eq "... and nothing of the file was written" \
    "$(sql "SELECT string_agg(ref || ' ' || principal, ',') FROM investments WHERE ref LIKE 'RACE%'")" "RACE2 5.00"

# per-authority import needs an authority when there are several
p import investments "$FX/investments.csv"
expect_rc 2 "no --authority with several authorities exits 2"

finish
