#!/usr/bin/env bash
# test_bench_baseline.sh: the bench's plain-SQL recompute baseline (scripts/bench BASELINE_SQL)
# computes the same exposures as prudent. A small book of scripts/bench-gen (two authorities, two
# years of history: live and matured deals, call and MMF accounts moving every business day, a few
# accounts closed) is imported as the bench imports it; the baseline's exposure of each authority
# to each counterparty at the as-of date must equal `prudent limits --json` of that authority.
# Also: bench-gen is deterministic (the same arguments give byte-identical files) and its
# statement imports (the forecast's statement path).
export PRUDENT_TODAY=2025-06-30
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
AS_OF=2025-06-30

gen() { "$ROOT/scripts/bench-gen" "$1" --authorities 2 --deals 60 --matured 60 --counterparties 60 \
    --ratings 120 --moving-accounts 3 --history-years 2 --as-of $AS_OF; }
gen "$T/book"
expect_eq "bench-gen ran" "$?" "0"
gen "$T/again"
diff -r "$T/book" "$T/again" >/dev/null
expect_eq "bench-gen is deterministic: the same arguments give the same files" "$?" "0"
[ "$(awk -F, -v d=$AS_OF 'NR > 1 && $7 != "" && $7 <= d' "$T/book/investments/LA0000.csv" | wc -l)" -gt 30 ]
expect_eq "more than 30 of LA0000's deals matured before as-of" "$?" "0"
ref=$(awk -F, 'NR == 2 { print $1 }' "$T/book/movements/LA0000.csv")
expect_eq "the moving accounts opened two years (730 days) before as-of" \
    "$(awk -F, -v r="$ref" '$1 == r { print $6 }' "$T/book/investments/LA0000.csv")" "2023-07-01"
expect_eq "and move from their first business day" "$(awk -F, 'NR == 2 { print $2 }' "$T/book/movements/LA0000.csv")" "2023-07-03"

p import counterparties "$T/book/counterparties.csv"
expect_rc 0 "counterparties import"
p import ratings "$T/book/ratings.csv"
expect_rc 0 "ratings import"
for a in LA0000 LA0001; do
    p authority add "$a" --name "Council $a"
    p import strategy "$T/book/strategy/$a.json" --authority "$a"
    p import investments "$T/book/investments/$a.csv" --authority "$a"
    expect_rc 0 "$a: investments import"
    p import movements "$T/book/movements/$a.csv" --authority "$a"
    expect_rc 0 "$a: movements import (never below zero)"
    p import accounts "$T/book/cash/$a-accounts.csv" --authority "$a"
    p import cashflows "$T/book/cash/$a-cashflows.csv" --authority "$a"
    p import statement "$T/book/cash/$a-statement.csv" --account MAIN --authority "$a"
    expect_rc 0 "$a: the statement imports (its balances add up)"
    expect_eq "$a: and says nothing on stderr (no error printed for an account that exists)" "$ERR" ""
done

# The baseline's CTEs as scripts/bench runs them, then its exposures by authority and counterparty.
cte=$(sed -n '/^BASELINE_SQL="/,/^SELECT (SELECT count/p' "$ROOT/scripts/bench" | sed '1s/^BASELINE_SQL="//;$d' |
    sed "s/\\\$AS_OF/$AS_OF/g")
baseline=$(sql "$cte SELECT a.code || ' ' || b.code || ' ' || b.exposure::numeric(20,2)
    FROM (SELECT authority_id, code, sum(exposure) AS exposure FROM by_cp GROUP BY 1, 2) b
    JOIN authorities a ON a.id = b.authority_id WHERE b.exposure <> 0 ORDER BY 1")
ours=$(for a in LA0000 LA0001; do
    p limits --authority "$a" --as-of $AS_OF --json
    jq -r --arg a "$a" '.counterparties[] | select((.exposure | tonumber) != 0) | "\($a) \(.code) \(.exposure)"' <<<"$OUT"
done | LC_ALL=C sort)
baseline=$(LC_ALL=C sort <<<"$baseline")
[ "$(wc -l <<<"$baseline")" -gt 20 ]
expect_eq "the baseline has exposures to compare (more than 20)" "$?" "0"
echo "# $(wc -l <<<"$baseline") exposures compared"
expect_eq "the baseline's exposures at as-of equal prudent limits --json" "$baseline" "$ours"
moving=$(sql "SELECT count(DISTINCT investment_id) FROM movements")
expect_eq "moving and closed accounts are in the comparison" "$([ "$moving" -gt 6 ] && echo yes)" "yes"
finish
