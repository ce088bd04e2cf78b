#!/usr/bin/env bash
# test_movements.sh: accounts whose balance moves (interfaces.md "The book over time"): an MMF
# with three movements gives the right portfolio, WAM, exposure (limits) and liquidity on each
# side of each movement; an overdrawing file writes nothing and names its line; bad lines are
# each named; re-importing changes nothing; a council's list with rate-less pooled funds and MMFs
# imports, and a pooled fund reports its latest valuation.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"
lending_fixture

cat >"$T/deals.csv" <<'CSV'
ref,type,counterparty,principal,rate,start_date,maturity_date,notice_days
MMF-A,mmf,MMF1,4000000,,2018-04-01,,
FD1,fixed,BANKA,1000000,0.5,2018-04-01,2018-10-01,
CSV
p import investments "$T/deals.csv" --authority WSX
expect_rc 0 "an MMF without a rate imports"
expect_eq "its rate is stored empty" "$(sql "SELECT coalesce(rate::text, 'null') FROM investments WHERE ref = 'MMF-A'")" "null"

# MMF-A: 4m from 01/04; +2m on 10/04 (6m); -5m on 20/04 (1m); +0.25m interest on 30/04 (1.25m)
cat >"$T/moves.csv" <<'CSV'
ref,date,kind,amount,note
MMF-A,2018-04-10,deposit,2000000,sweep
MMF-A,2018-04-20,withdrawal,"5,000,000.00",payroll
MMF-A,2018-04-30,interest,250000,
CSV
p import movements "$T/moves.csv" --authority WSX --dry-run
expect_rc 0 "dry run"
expect_match "dry run says so" "$OUT" '^dry run: 3 movements valid: 3 new, 0 unchanged; nothing written'
expect_eq "dry run writes nothing" "$(sql "SELECT count(*) FROM movements")" "0"
p import movements "$T/moves.csv" --authority WSX
expect_rc 0 "movements import"
expect_match "summary" "$OUT" '^imported 3 movements: 3 new, 0 unchanged'
v0=$(sql "SELECT version FROM change_versions WHERE scope = (SELECT id FROM authorities WHERE code = 'WSX')")
p import movements "$T/moves.csv" --authority WSX
expect_rc 0 "re-import"
expect_match "re-import changes nothing" "$OUT" '^imported 3 movements: 0 new, 3 unchanged'
expect_eq "still three rows" "$(sql "SELECT count(*) FROM movements")" "3"
expect_eq "the version did not move" \
    "$(sql "SELECT version FROM change_versions WHERE scope = (SELECT id FROM authorities WHERE code = 'WSX')")" "$v0"
expect_eq "who entered them" "$(sql "SELECT count(*) FROM movements WHERE entered_by <> ''")" "3"

# WAM by hand: the MMF counts 0 days, FD1 (1m) its days to 01/10/2018, so WAM = 1m x days / total;
# liquidity is the MMF's balance (FD1 is not liquid). Each date is the day before or of a movement.
mmf() { # DATE MMF TOTAL WAM_IN_HUNDREDTHS_OF_A_DAY
    p portfolio --json --as-of "$1" --authority WSX
    expect_json "$1: portfolio MMF-A" '[.holdings[] | select(.ref == "MMF-A") | .principal] | join(",")' "$2"
    expect_json "$1: portfolio total" '.total' "$3"
    p wam --json --as-of "$1" --authority WSX
    expect_json "$1: WAM principal" '.overall.principal' "$3"
    expect_json "$1: WAM days (x100, rounded)" '.overall.days * 100 | round' "$4"
    expect_json "$1: WAM's mmf line at 0 days" '"\(.by_type.mmf.principal) \(.by_type.mmf.days)"' "$2 0"
    p limits --json --as-of "$1" --authority WSX
    expect_json "$1: exposure to MMF1" '.counterparties[] | select(.code == "MMF1") | .exposure' "${2:-0.00}"
    p indicators --json --as-of "$1" --authority WSX
    if [ "$RC" = 0 ] && printf '%s' "$OUT" | jq -e '.indicators[] | select(.code == "liquidity")' >/dev/null; then
        expect_json "$1: liquidity is the MMF's balance" '.indicators[] | select(.code == "liquidity") | .actual' "$2"
    else
        skip "$1: liquidity" "no liquidity indicator for this strategy"
    fi
}
mmf 2018-04-01 4000000.00 5000000.00 3660 # 183 days / 5
mmf 2018-04-09 4000000.00 5000000.00 3500 # 175 / 5
mmf 2018-04-10 6000000.00 7000000.00 2486 # 174 / 7 = 24.857
mmf 2018-04-19 6000000.00 7000000.00 2357 # 165 / 7 = 23.571
mmf 2018-04-20 1000000.00 2000000.00 8200 # 164 / 2
mmf 2018-04-29 1000000.00 2000000.00 7750 # 155 / 2
mmf 2018-04-30 1250000.00 2250000.00 6844 # 154 / 2.25 = 68.444
p portfolio --json --as-of 2018-04-30 --authority WSX
expect_json "the MMF's rate is null, not invented" '.holdings[] | select(.ref == "MMF-A") | .rate' "null"
expect_json "no value on an MMF" '.holdings[] | select(.ref == "MMF-A") | has("value")' "false"
expect_json "the fixed deal unchanged" '.holdings[] | select(.ref == "FD1") | "\(.principal) \(.rate)"' \
    "1000000.00 0.5000"
p indicators --json --as-of 2018-04-15 --authority WSX
if [ "$RC" = 0 ]; then
    expect_json "liquidity at 15/04: MMF 6m" \
        '.indicators[] | select(.code == "liquidity") | .actual' "6000000.00"
    p indicators --json --as-of 2018-04-25 --authority WSX
    expect_json "liquidity at 25/04: MMF 1m" \
        '.indicators[] | select(.code == "liquidity") | .actual' "1000000.00"
else
    skip "liquidity" "no indicators for this strategy"
fi

# emptied: not held
printf 'ref,date,kind,amount,note\nMMF-A,2018-05-10,withdrawal,1250000,close\n' >"$T/close.csv"
p import movements "$T/close.csv" --authority WSX
expect_rc 0 "withdraw everything"
p portfolio --json --as-of 2018-05-10 --authority WSX
expect_json "an empty account is not held" '[.holdings[].ref] | join(",")' "FD1"
p portfolio --json --as-of 2018-05-09 --authority WSX
expect_json "the day before it is" '[.holdings[].ref] | join(",")' "FD1,MMF-A"

# an overdrawing file writes nothing and names its line (existing and new movements together)
cat >"$T/over.csv" <<'CSV'
ref,date,kind,amount,note
MMF-A,2018-06-01,deposit,100,
MMF-A,2018-04-25,withdrawal,1000000.01,too much
CSV
n0=$(sql "SELECT count(*) FROM movements")
p import movements "$T/over.csv" --authority WSX
expect_rc 2 "an overdraw is refused"
expect_match "names line 3 and the date" "$ERR" 'over\.csv:3: amount "1000000\.01" would take the balance of MMF-A below zero on 2018-04-25'
expect_eq "nothing written" "$(sql "SELECT count(*) FROM movements")" "$n0"

# every bad line named
cat >"$T/bad.csv" <<'CSV'
ref,date,kind,amount,note
NOPE,2018-05-01,deposit,10,
FD1,2018-05-01,deposit,10,
MMF-A,2018-03-01,deposit,10,
MMF-A,2018-05-01,gift,10,
MMF-A,2018-05-01,deposit,-10,
MMF-A,2018-02-30,deposit,10,
MMF-A,2018-05-01,valuation,10,
MMF-A,2018-05-02,deposit,10,x
MMF-A,2018-05-02,deposit,10,x
CSV
p import movements "$T/bad.csv" --authority WSX
expect_rc 2 "bad lines refused"
expect_match "unknown ref" "$ERR" 'bad\.csv:2: ref "NOPE" is not an investment of WSX'
expect_match "a dated deal" "$ERR" 'bad\.csv:3: ref "FD1" is a dated deal'
expect_match "before the start" "$ERR" 'bad\.csv:4: date "2018-03-01" is before the holding.s start date 2018-04-01'
expect_match "bad kind" "$ERR" 'bad\.csv:5: kind "gift"'
expect_match "bad amount" "$ERR" 'bad\.csv:6: amount "-10"'
expect_match "bad date" "$ERR" 'bad\.csv:7: date "2018-02-30"'
expect_match "valuation of an MMF" "$ERR" 'bad\.csv:8: kind "valuation" is for pooled funds only'
expect_match "a repeated line" "$ERR" 'bad\.csv:10: ref "MMF-A" repeats line 9'
expect_eq "still nothing written" "$(sql "SELECT count(*) FROM movements")" "$n0"

# a council's list: rate-less pooled funds and MMFs, then their movements and valuations
p import investments "$FIXTURES/movements/council_investments.csv" --authority WSX
expect_rc 0 "a council's list with rate-less pooled funds and MMFs imports"
p import movements "$FIXTURES/movements/council_movements.csv" --authority WSX
expect_rc 0 "and its movements"
p portfolio --json --as-of 2018-07-31 --authority WSX
expect_json "pooled fund: amount invested 5m + 1m" '.holdings[] | select(.ref == "CCLA-PROP") | .principal' "6000000.00"
expect_json "its latest valuation on or before the date" '.holdings[] | select(.ref == "CCLA-PROP") | .value' "5900000.00"
p portfolio --json --as-of 2018-05-15 --authority WSX
expect_json "no valuation yet: null" '.holdings[] | select(.ref == "CCLA-PROP") | .value' "null"
expect_json "pooled rate null" '.holdings[] | select(.ref == "CCLA-PROP") | .rate' "null"
p interest --json --as-of 2018-07-31 --authority WSX
expect_rc 0 "interest does not fail on rate-less accounts"
p import movements --help
expect_rc 0 "help"
expect_match "help names movements" "$OUT" 'movements'

# Nothing is updated in place: the database refuses an UPDATE or DELETE of a movement, even by
# the owner (a correction is a new row that supersedes).
n=$(sql "SELECT count(*) FROM movements")
run psql -X -q -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "UPDATE movements SET amount = amount + 1"
expect_match "an UPDATE of a movement is refused" "$ERR" 'movements is append-only'
run psql -X -q -v ON_ERROR_STOP=1 -d "$PRUDENT_DB" -c "DELETE FROM movements"
expect_match "a DELETE of a movement is refused" "$ERR" 'movements is append-only'
expect_eq "... and every movement is still there" "$(sql "SELECT count(*) FROM movements")" "$n"
finish
