#!/usr/bin/env bash
# test_wam.sh: `prudent wam` JSON and text: the 25.00-day check of domain.md, types, pooled funds
# apart, the edge rules (maturing on the as-of date, starting after it) and past dates.
. "$(dirname "$0")/lib.sh"

p authority add BORSET --name "Borsetshire County Council"
p wam --json --as-of 2018-03-31
expect_rc 0 "wam on an empty book"
expect_json "no holdings" '.by_type | length' 0
expect_json "overall principal 0" '.overall.principal' "0.00"

# just the two deals of the check: £5m for 10 days and £15m for 30 days -> 25.00 days
sql "INSERT INTO counterparties (code, name, sector, country) VALUES ('LCC', 'Leeds City Council', 'local_authority', 'GB')"
sql "INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
     SELECT a.id, x.ref, 'fixed', c.id, x.p, 0.75, '2018-01-01', x.m::date
     FROM authorities a, counterparties c, (VALUES ('W1', 5000000, '2018-04-10'), ('W2', 15000000, '2018-04-30')) x(ref, p, m)
     WHERE a.code = 'BORSET' AND c.code = 'LCC'"
p wam --json --as-of 2018-03-31
expect_rc 0 "wam --json"
expect_json "the check: 25.00 days" '.overall.days' 25
expect_json "overall principal" '.overall.principal' "20000000.00"
expect_json "fixed: 2 deals, £20m, 25 days" '.by_type.fixed | "\(.count) \(.principal) \(.days)"' "2 20000000.00 25"
expect_json "as_of echoed" '.as_of' "2018-03-31"
p wam --json --as-of 2018-04-10
expect_json "on W1's maturity date it is repaid: only W2, 20 days" '.overall | "\(.count) \(.days)"' "1 20"
sql "DELETE FROM investments"

sql "$(cat "$FIXTURES/analytics/book.sql")"
# at 31/03/2018: D1 5x10, D2 15x30, L1 8x365 (fixed, £28m), N1 10x95, C1 2x0, M1 3x0; P1 pooled
# apart; X1 matures on the day (out); F1 starts 02/04 (out).
# overall (50 + 450 + 2920 + 950) / 43 = 4370 / 43 = 101.627 -> 101.63
p wam --json --as-of 2018-03-31
expect_json "overall WAM" '.overall.days' 101.63
expect_json "overall count and principal" '.overall | "\(.count) \(.principal)"' "6 43000000.00"
expect_json "fixed: (50 + 450 + 2920) / 28 = 122.14" '.by_type.fixed | "\(.count) \(.principal) \(.days)"' \
    "3 28000000.00 122.14"
expect_json "notice: 95 days" '.by_type.notice.days' 95
expect_json "call and mmf: 0 days" '"\(.by_type.call.days) \(.by_type.mmf.days)"' "0 0"
expect_json "types present, pooled not among them" '.by_type | keys | join(",")' "call,fixed,mmf,notice"
expect_json "pooled funds apart" '.pooled | "\(.count) \(.principal)"' "1 7000000.00"
expect_json "money is a string with two decimals" '.by_type.call.principal' "2000000.00"

# a past date: 31/12/2017, before D1, D2, F1 started; X1 (£9m, 90 days) and L1 (£8m, 455 days)
# fixed: (810 + 3640) / 17 = 261.76; overall with N1 950, C1, M1: 5400 / 32 = 168.75
p wam --json --as-of 2017-12-31
expect_json "past date: fixed" '.by_type.fixed | "\(.count) \(.days)"' "2 261.76"
expect_json "past date: overall" '.overall.days' 168.75

p wam --as-of 2018-03-31
expect_rc 0 "text output"
expect_match "a table with the overall line" "$OUT" 'overall +6 +£43,000,000\.00 +101\.63'
expect_match "pooled shown apart" "$OUT" 'pooled +1 +£7,000,000\.00 +\(not in WAM\)'
p wam --as-of 2018-02-30
expect_rc 2 "a bad date exits 2"
expect_match "naming the option" "$ERR" '^prudent: --as-of "2018-02-30"'
p wam --help
expect_match "help has an example" "$OUT" 'example: prudent wam'
finish
