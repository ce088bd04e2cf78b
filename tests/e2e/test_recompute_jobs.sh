#!/usr/bin/env bash
# test_recompute_jobs.sh: `recompute --jobs N` shares the authorities among N connections and
# must give exactly what one connection gives: every authority recomputed once, its own figures
# reported against its own code, the same alerts. 130 authorities (a connection takes at least
# 64), written with SQL for speed; the odd-numbered ones hold deals that breach, the even ones
# deals that do not, so figures reported against the wrong authority show.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

lending_fixture
sql "INSERT INTO authorities (code, name)
     SELECT 'T' || lpad(g::text, 3, '0'), 'Test council ' || g FROM generate_series(1, 129) g" >/dev/null
sql "INSERT INTO strategies (authority_id, effective_from, document)
     SELECT a.id, s.effective_from, s.document FROM authorities a
     JOIN strategies s ON s.authority_id = (SELECT id FROM authorities WHERE code = 'WSX')
     WHERE a.code <> 'WSX'" >/dev/null
# every authority: 5m with Bank A (within its 25m limit); odd ones also 1m with Low Bank (rated
# BBB: not approved) and 20m with Bank B (over its 15m limit)
sql "INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
     SELECT a.id, a.code || '-' || c.code, 'fixed', c.id, amt, 0.5, DATE '2018-03-01', DATE '2018-06-01'
     FROM authorities a
     CROSS JOIN (VALUES ('BANKA', 5000000), ('LOWB', 1000000), ('BANKB', 20000000)) v(cp, amt)
     JOIN counterparties c ON c.code = v.cp
     WHERE a.code <> 'WSX' AND (v.cp = 'BANKA' OR right(a.code, 1)::int % 2 = 1)" >/dev/null
expect_eq "130 authorities, 259 deals" "$(sql "SELECT (SELECT count(*) FROM authorities) || ' ' || (SELECT count(*) FROM investments)")" "130 259"

p recompute --as-of 2018-03-31 --jobs 2 --json
expect_rc 0 "recompute over two connections"
expect_json "every authority reported once" '.authorities | length' 130
expect_json "each code once" '[.authorities[].code] | unique | length' 130
expect_json "odd ones: two breaches each, raised" \
    '[.authorities[] | select(.code | test("^T..[13579]$")) | "\(.breaches)/\(.raised)"] | unique | join(",")' "2/2"
expect_json "even ones and WSX: none" \
    '[.authorities[] | select(.code | test("^T..[13579]$") | not) | .breaches] | unique | join(",")' "0"
expect_eq "the alerts: 65 authorities x 2 kinds" \
    "$(sql "SELECT count(*) || ' ' || count(DISTINCT authority_id) || ' ' || string_agg(DISTINCT kind || ':' || subject, ',')
            FROM alerts WHERE state <> 'resolved'")" \
    "130 65 counterparty.not_approved_exposure:LOWB,counterparty.over_limit:BANKB"
before=$(sql "SELECT md5(string_agg(authority_id || kind || subject || details::text, '|' ORDER BY authority_id, kind, subject)) FROM alerts")

p recompute --as-of 2018-03-31 --jobs 1 --json
expect_rc 0 "recompute over one connection"
expect_json "the same figures, nothing new raised" \
    '[.authorities[] | select(.code | test("^T..[13579]$")) | "\(.breaches)/\(.raised)/\(.resolved)"] | unique | join(",")' "2/0/0"
expect_eq "the alerts unchanged" \
    "$(sql "SELECT md5(string_agg(authority_id || kind || subject || details::text, '|' ORDER BY authority_id, kind, subject)) FROM alerts")" \
    "$before"

# Bank B's deals repaid early at the odd authorities: the over-limit alerts resolve, on every
# connection's share
sql "UPDATE investments SET maturity_date = DATE '2018-03-15' WHERE ref LIKE '%-BANKB'" >/dev/null
p recompute --as-of 2018-03-31 --jobs 3 --json
expect_rc 0 "recompute over up to three connections"
expect_json "odd ones: one breach left, one resolved" \
    '[.authorities[] | select(.code | test("^T..[13579]$")) | "\(.breaches)/\(.resolved)"] | unique | join(",")' "1/1"
expect_eq "only Low Bank alerts stay live" \
    "$(sql "SELECT count(*) || ' ' || string_agg(DISTINCT subject, ',') FROM alerts WHERE state <> 'resolved'")" "65 LOWB"

# sql/071: every authority's mark is the committed versions it was recomputed at
in_line="SELECT count(*) FROM alert_marks m
    WHERE m.universe_version = coalesce((SELECT version FROM change_versions WHERE scope = 0), 0)
      AND m.authority_version = coalesce((SELECT version FROM change_versions WHERE scope = m.scope), 0)"
expect_eq "130 marks, all in line at 31/03/2018" \
    "$(sql "$in_line AND m.as_of = DATE '2018-03-31'")" 130
# a ratings import recomputes (at today, PRUDENT_TODAY here) the authorities it moves, in its
# own transaction, and marks them: the 65 holding Low Bank. The rating cannot move the other
# 65, so their marks are carried to the new version too: the service has nothing to redo.
uv_before=$(sql "SELECT version FROM change_versions WHERE scope = 0")
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nLOWB,fitch,long,BBB-,negative,,2018-03-30\n' >"$T/lowb.csv"
p import ratings "$T/lowb.csv"
expect_rc 0 "import a rating for Low Bank"
expect_eq "the universe's version moved" "$(sql "SELECT version > $uv_before FROM change_versions WHERE scope = 0")" t
expect_eq "all 130 marks in line with the new version" "$(sql "$in_line AND m.as_of = DATE '$PRUDENT_TODAY'")" 130
expect_eq "the 65 holding Low Bank recomputed: their breaches still 2 each" \
    "$(sql "SELECT count(DISTINCT authority_id) FROM alerts WHERE state <> 'resolved' AND subject = 'LOWB'")" 65

# Only the authorities holding the re-rated bank at today's date are recomputed: Bank B's deals
# at the odd authorities were repaid on 15/03, so a Bank B rating cannot move them on 31/03. To
# see who was recomputed, T001 and T003 are each given a stale alert about Bank A (a recompute
# resolves it: they are within Bank A's limit), and T003 a live deal with Bank B.
for a in T001 T003; do
    sql "INSERT INTO alerts (authority_id, kind, subject, details)
         SELECT id, 'counterparty.over_limit', 'BANKA', '{}' FROM authorities WHERE code = '$a'" >/dev/null
done
sql "INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate, start_date, maturity_date)
     SELECT a.id, 'T003-BANKB-2', 'fixed', c.id, 1000000, 0.5, DATE '2018-03-20', DATE '2018-06-01'
     FROM authorities a, counterparties c WHERE a.code = 'T003' AND c.code = 'BANKB'" >/dev/null
printf 'counterparty,agency,term,rating,outlook,watch,effective_date\nBANKB,fitch,long,A+,stable,,2018-03-29\n' >"$T/bankb.csv"
p import ratings "$T/bankb.csv"
expect_rc 0 "import a rating for Bank B"
expect_eq "T003, holding Bank B today, was recomputed: its stale alert resolved" \
    "$(sql "SELECT l.state FROM alerts l JOIN authorities a ON a.id = l.authority_id
            WHERE a.code = 'T003' AND l.subject = 'BANKA'")" "resolved"
expect_eq "T001, whose Bank B deal was repaid, was not: its stale alert is as it was" \
    "$(sql "SELECT l.state FROM alerts l JOIN authorities a ON a.id = l.authority_id
            WHERE a.code = 'T001' AND l.subject = 'BANKA'")" "open"
expect_eq "and every mark is in line with the new version" "$(sql "$in_line AND m.as_of = DATE '$PRUDENT_TODAY'")" 130

p recompute --jobs 0
expect_rc 2 "--jobs 0 refused"
expect_match "says the range" "$ERR" "from 1 to 16"
finish
