#!/usr/bin/env bash
# test_lending_concurrency.sh: 20 `deal book` processes at once against one limit: the limit is
# met exactly and never exceeded; the same across a banking group's shared limit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

lending_fixture
# Council One restricted to 10m: twenty dealers each try to place 1m at the same moment.
p counterparty restrict COUNCIL1 --limit 10000000 --from 2018-01-01 --reason "concentration" --by s151
expect_rc 0 "restrict to 10m"

book_many() { # counterparty-list amount: one booking per listed counterparty, all at once
    local amount=$1 i=0 cp; shift
    for cp in "$@"; do
        i=$((i + 1))
        ( "$PRUDENT_BIN" deal book --counterparty "$cp" --amount "$amount" --rate 0.5 --start 2018-04-03 \
            --maturity 2018-09-28 --by "dealer$i" --as-of 2018-03-31 >"$T/out.$cp.$i" 2>"$T/err.$cp.$i"
          echo $? >"$T/rc.$cp.$i" ) &
    done
    wait
}
count_rc() { cat "$T"/rc.* 2>/dev/null | grep -c "^$1\$"; }

book_many 1000000 $(for i in $(seq 20); do echo COUNCIL1; done)
expect_eq "ten bookings succeed" "$(count_rc 0)" "10"
expect_eq "ten are refused (exit 1), none fail otherwise" "$(count_rc 1)" "10"
expect_eq "the limit is met exactly" \
    "$(sql "SELECT sum(principal) FROM investments i JOIN counterparties c ON c.id = i.counterparty_id WHERE c.code = 'COUNCIL1'")" \
    "10000000.00"
expect_match "a refusal says why" "$(cat "$T"/err.* | grep -m1 over_limit)" 'counterparty.over_limit'
p limits --as-of 2018-04-03 --json
expect_json "limits agree: no headroom" '.counterparties[] | select(.code == "COUNCIL1") | .headroom' "0.00"
expect_json "and no breach" '.breaches | length' 0
rm -f "$T"/rc.* "$T"/out.* "$T"/err.*

# A banking group shares one 25m limit (Sub Bank alone may have 15m): 2.5m each, ten dealers
# on the parent and ten on the subsidiary, all at once.
book_many 2500000 $(for i in $(seq 10); do echo PARENTB SUBB; done)
expect_eq "ten group bookings succeed" "$(count_rc 0)" "10"
expect_eq "the group limit is met exactly" \
    "$(sql "SELECT sum(principal) FROM investments i JOIN counterparties c ON c.id = i.counterparty_id WHERE c.code IN ('PARENTB', 'SUBB')")" \
    "25000000.00"
expect_eq "the subsidiary's own 15m is kept" \
    "$(sql "SELECT coalesce(sum(principal), 0) <= 15000000 FROM investments i JOIN counterparties c ON c.id = i.counterparty_id WHERE c.code = 'SUBB'")" "t"
p limits --as-of 2018-04-03 --json
expect_json "no group breach" '[.breaches[] | select(.kind == "group.over_limit")] | length' 0

finish
