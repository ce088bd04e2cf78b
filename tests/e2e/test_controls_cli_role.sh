#!/usr/bin/env bash
# test_controls_cli_role.sh: the CLI acts through the request role (issue 19, "Database roles";
# src/cli/scoped.c). With PRUDENT_TOKEN set and users present, a dealing or reporting verb runs
# as an API request does: on a prudent_app connection granted the token's user and authorities,
# as prudent_service, so row-level security limits it and the database names that user; the
# operator's verbs stay on the owner's connection; where prudent_app cannot log in, the CLI
# warns and still drops to prudent_service. Which role did the work is read from a trigger the
# test adds (session_user, the SET ROLE and the request's user at the moment of the write), not
# from timing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lending_fixture.sh"

lending_fixture
export PRUDENT_TODAY=2018-03-31
p authority add OTH --name "Other Borough Council"
p import strategy "$T/strategy.json" --authority OTH
expect_rc 0 "fixture: OTH's strategy"
OTH_DEAL=(--counterparty BANKB --amount 2000 --rate 0.5 --start 2018-03-30 --maturity 2018-06-29)

# --- no users: the first evaluation, as before ----------------------------------------------
PRUDENT_TOKEN=prt_whatever p deal book "${OTH_DEAL[@]}" --ref OTH-1 --by olive --authority OTH
expect_rc 0 "with no users at all, a token names no one and --by is taken as given"
p portfolio
expect_rc 2 "the owner's connection sees every authority (no --authority: which one?)"

DAN=$("$PRUDENT_BIN" user add dan --role dealer --authority WSX)
BA=$("$PRUDENT_BIN" user add ba --role approver --authority WSX)
ADA=$("$PRUDENT_BIN" user add ada --role admin --all-authorities)

# Which session wrote each row of investments: a test-only trigger (SECURITY DEFINER, so the
# request role needs no right on its table; session_user and the role setting stay the caller's).
sql "CREATE TABLE role_seen (n serial, ref text, who text);
CREATE FUNCTION role_seen_note() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS \$\$
BEGIN
    INSERT INTO role_seen (ref, who) VALUES (NEW.ref, session_user || ' ' || current_setting('role')
                                               || ' ' || coalesce(prudent_request_user(), '-'));
    RETURN NEW;
END \$\$;
CREATE TRIGGER role_seen AFTER INSERT OR UPDATE ON investments FOR EACH ROW EXECUTE FUNCTION role_seen_note();" >/dev/null
seen() { sql "SELECT who FROM role_seen WHERE ref = '$1' ORDER BY n DESC LIMIT 1"; }

# --- the token's scope: another authority's book is refused, as over the API --------------------
PRUDENT_TOKEN=$DAN p portfolio --authority OTH --json
expect_rc 1 "dan's token (WSX only): portfolio --authority OTH refused"
expect_match "... saying the user does not cover it" "$ERR" "user dan does not cover authority OTH"
PRUDENT_AUTHORITY=OTH PRUDENT_TOKEN=$DAN p limits --json
expect_rc 1 "... and PRUDENT_AUTHORITY=OTH the same"
PRUDENT_TOKEN=$DAN p portfolio --json
expect_rc 0 "dan's portfolio without --authority: the only authority he covers"
expect_json "... WSX's: OTH-1 not in it (row-level security hides OTH)" '[.holdings[].ref] | index("OTH-1") == null' "true"
PRUDENT_TOKEN=$ADA p portfolio --authority OTH --json
expect_rc 0 "an admin of every authority sees OTH's portfolio"
expect_json "... with its deal" '[.holdings[].ref] | index("OTH-1") != null' "true"
PRUDENT_TOKEN=prt_made_up p portfolio --authority WSX
expect_rc 1 "a token of no user: refused before any work"
expect_match "... saying so" "$ERR" "PRUDENT_TOKEN is not the token of an active user"

# --- the work runs as prudent_app in role prudent_service, naming the token's user --------------
PRUDENT_TOKEN=$DAN p deal book --counterparty BANKB --amount 1000 --rate 0.5 --start 2018-03-30 --maturity 2018-06-29 --ref CR-1
expect_rc 0 "dan books CR-1 with his token"
expect_eq "... written by a prudent_app session as prudent_service for dan" "$(seen CR-1)" "prudent_app prudent_service dan"
expect_eq "... the audit rows of CR-1 name dan" \
    "$(sql "SELECT string_agg(DISTINCT actor, ',') FROM audit_log WHERE entity_key LIKE '%CR-1%'")" "dan"
expect_eq "... and no grant is left behind once the CLI has gone" "$(sql "SELECT count(*) FROM request_grants")" "0"
PRUDENT_TOKEN=$BA p deal approve CR-1
expect_rc 0 "ba approves CR-1 with his token"
expect_eq "... as prudent_app for ba" "$(seen CR-1)" "prudent_app prudent_service ba"
expect_eq "... the approval's audit row names ba" \
    "$(sql "SELECT actor FROM audit_log WHERE entity_key LIKE '%CR-1%' ORDER BY id DESC LIMIT 1")" "ba"
PRUDENT_TOKEN=$DAN p deal book "${OTH_DEAL[@]}" --ref CR-OTH --authority OTH
expect_rc 1 "dan cannot book for OTH"
expect_eq "... and nothing was written" "$(sql "SELECT count(*) FROM investments WHERE ref = 'CR-OTH'")" "0"

# --- each verb that acts as the user works under the request role: WSX's answer as the owner's ---
for verb in limits wam maturing debt indicators interest returns liability-benchmark mrp accounts position \
            "cashflow" "alerts" "check --counterparty BANKB --amount 1000 --maturity 2018-06-29" \
            "strategy list" "strategy show" "loans discount"; do
    # shellcheck disable=SC2086
    p $verb --authority WSX; want="$RC $OUT"
    # shellcheck disable=SC2086
    PRUDENT_TOKEN=$DAN p $verb --authority WSX
    expect_eq "$verb with dan's token: the owner's exit (${want%% *}) and output" "$RC $OUT" "$want"
done

NOW=$(sql "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
p portfolio --authority WSX --as-known-at "$NOW"; want="$RC $OUT"
PRUDENT_TOKEN=$DAN p portfolio --authority WSX --as-known-at "$NOW"
expect_eq "portfolio --as-known-at with dan's token: the owner's answer" "$RC $OUT" "$want"
expect_eq "... which succeeded" "${want%% *}" "0"

# --- alerts: acknowledged as the token's user, only within its authorities ------------------------
PRUDENT_TOKEN=$DAN p alerts raise counterparty.over_limit BANKB --authority WSX --passive --json
expect_rc 0 "alerts raise (the operator's test tool) with a token set runs as the owner"
A_WSX=$(echo "$OUT" | jq -r .id)
p alerts raise counterparty.over_limit BANKB --authority OTH --passive --json
A_OTH=$(echo "$OUT" | jq -r .id)
PRUDENT_TOKEN=$DAN p alerts ack "$A_WSX" --authority WSX
expect_rc 0 "dan acknowledges WSX's alert with his token"
expect_eq "... recorded as dan's" "$(sql "SELECT acknowledged_by FROM alerts WHERE id = $A_WSX")" "dan"
PRUDENT_TOKEN=$DAN p alerts ack "$A_OTH" --authority OTH
expect_rc 1 "dan cannot acknowledge OTH's alert"
expect_eq "... which stays unacknowledged" "$(sql "SELECT acknowledged_by IS NULL FROM alerts WHERE id = $A_OTH")" "t"

# --- reports: made and recorded as the token's user, within its scope -----------------------------
PRUDENT_TOKEN=$DAN p report portfolio --authority WSX --format md -o "$T/wsx.md" --record
expect_rc 0 "dan records WSX's portfolio report with his token"
expect_eq "... recorded by dan" "$(sql "SELECT entered_by FROM report_records ORDER BY id DESC LIMIT 1")" "dan"
PRUDENT_TOKEN=$DAN p report list --authority WSX
expect_rc 0 "... and lists WSX's recorded reports"
PRUDENT_TOKEN=$DAN p report portfolio --authority OTH --format md -o "$T/oth.md"
expect_rc 1 "dan cannot make OTH's report"

# --- the operator's verbs stay on the owner's connection ----------------------------------------
PRUDENT_TOKEN=$DAN p authority list
expect_rc 0 "authority list with a token set (an operator verb)"
expect_match "... lists every authority (the owner's view)" "$OUT" "OTH"
PRUDENT_TOKEN=$DAN p recompute --as-of 2018-03-31
expect_rc 0 "recompute with a token set runs as the owner"
PRUDENT_TOKEN=$DAN p user list
expect_rc 0 "user list with a token set"

# --- loans after they were taken: repay and option as the token's user, within its authorities ---
# The operator imports the loans (import stays on the owner's connection); dan's token records a
# repayment and a LOBO option on WSX's loans and is refused OTH's. Which session wrote each loan
# event is noted by a trigger like role_seen's.
cat >"$T/loans.csv" <<'CSV'
ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months
P2,pwlb,DMO,4000000,5.25,2008-03-31,2040-03-31,maturity,,
L1,lobo,BANKA,5000000,4.75,2008-03-31,2058-03-31,maturity,2018-03-31,6
CSV
cat >"$T/loans_oth.csv" <<'CSV'
ref,type,lender,principal,rate,start_date,maturity_date,repayment,option_date,option_months
PX,pwlb,DMO,3000000,5.25,2008-03-31,2040-03-31,maturity,,
LX,lobo,BANKA,2000000,4.75,2008-03-31,2058-03-31,maturity,2018-03-31,6
CSV
PRUDENT_TOKEN=$DAN p import loans "$T/loans.csv" --authority WSX
expect_rc 0 "the operator imports WSX's loans (import runs as the owner, token or not)"
p import loans "$T/loans_oth.csv" --authority OTH
expect_rc 0 "... and OTH's"
sql "CREATE FUNCTION role_seen_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS \$\$
BEGIN
    INSERT INTO role_seen (ref, who) VALUES ('loan ' || NEW.loan_id || ' ' || NEW.kind,
        session_user || ' ' || current_setting('role') || ' ' || coalesce(prudent_request_user(), '-'));
    RETURN NEW;
END \$\$;
CREATE TRIGGER role_seen AFTER INSERT ON loan_events FOR EACH ROW EXECUTE FUNCTION role_seen_event();" >/dev/null
loan_id() { sql "SELECT id FROM loans WHERE ref = '$1'"; }
loan_events() { sql "SELECT count(*) FROM loan_events WHERE loan_id = $(loan_id "$1")"; }

p loan premium P2 --date 2018-03-30 --rate 4 --authority WSX --json; want="$RC $OUT"
PRUDENT_TOKEN=$DAN p loan premium P2 --date 2018-03-30 --rate 4 --authority WSX --json
expect_eq "loan premium with dan's token: the owner's exit and answer" "$RC $OUT" "$want"
expect_eq "... which succeeded" "${want%% *}" "0"
PRUDENT_TOKEN=$DAN p loan repay P2 --date 2018-03-30 --rate 4 --amount 1000000 --reason "cash surplus" --json
expect_rc 0 "dan repays £1m of WSX's P2 with his token (no --authority: WSX, the only one he covers)"
expect_json "... of P2's £4m outstanding" '"\(.amount) \(.outstanding)"' "1000000.00 4000000.00"
expect_eq "... written by a prudent_app session as prudent_service for dan" \
    "$(seen "loan $(loan_id P2) repaid")" "prudent_app prudent_service dan"
expect_eq "... the event names dan" "$(sql "SELECT entered_by FROM loan_events WHERE loan_id = $(loan_id P2)")" "dan"
expect_eq "... and so does its audit row" \
    "$(sql "SELECT actor || ' ' || action FROM audit_log WHERE entity = 'loan' AND entity_key = 'P2' AND action <> 'insert'")" "dan repay"
PRUDENT_TOKEN=$DAN p loan option L1 --date 2018-09-30 --rate 5.5 --authority WSX --json
expect_rc 0 "dan records the lender's option on WSX's LOBO L1"
expect_json "... the new rate" '.rate' "5.5000"
expect_eq "... as prudent_app / prudent_service / dan" \
    "$(seen "loan $(loan_id L1) rate_change")" "prudent_app prudent_service dan"
PRUDENT_TOKEN=$DAN p loan repay PX --date 2018-03-30 --rate 4 --authority OTH
expect_rc 1 "dan cannot repay OTH's PX"
expect_match "... not covering OTH" "$ERR" "user dan does not cover authority OTH"
PRUDENT_TOKEN=$DAN p loan repay PX --date 2018-03-30 --rate 4
expect_rc 2 "in his own book (WSX) there is no PX"
expect_match "... as for a loan that does not exist" "$ERR" "no loan PX"
PRUDENT_TOKEN=$DAN p loan option LX --date 2018-09-30 --rate 5.5 --authority OTH
expect_rc 1 "dan cannot record an option on OTH's LX"
expect_eq "... no event written on OTH's loans" "$(loan_events PX) $(loan_events LX)" "0 0"
PRUDENT_TOKEN=$DAN p loan repay P2 --date 2018-03-30 --rate 4 --amount 1000 --by ba
expect_rc 2 "--by must name the token's user"
expect_match "... saying whose token it is" "$ERR" "is not the token's user dan"
expect_eq "... nothing more written on P2" "$(loan_events P2)" "1"

# --- reconcile: the token's authority's statements only ----------------------------------------
printf 'code,name,bank,sort_code,account_number,min_balance\nMAIN,General account,Barclays,20-00-00,12345678,0\n' \
    >"$T/accounts.csv"
printf 'date,description,amount,balance\n2018-03-30,receipts,50000.00,1050000.00\n' >"$T/stmt_wsx.csv"
printf 'date,description,amount,balance\n2018-03-29,OTH grant,777.00,10777.00\n' >"$T/stmt_oth.csv"
for a in WSX OTH; do
    p import accounts "$T/accounts.csv" --authority $a
    expect_rc 0 "the operator imports $a's account MAIN"
done
p import statement "$T/stmt_wsx.csv" --account MAIN --authority WSX
expect_rc 0 "... WSX's statement"
p import statement "$T/stmt_oth.csv" --account MAIN --authority OTH
expect_rc 0 "... OTH's statement"
p reconcile --account MAIN --authority WSX --json; want="$RC $OUT"
PRUDENT_TOKEN=$DAN p reconcile --account MAIN --json
expect_eq "reconcile with dan's token (no --authority): WSX's, the owner's exit and answer" "$RC $OUT" "$want"
expect_eq "... which succeeded" "${want%% *}" "0"
expect_json "... WSX's line, not OTH's" '[.unmatched_lines[].description] | join(",")' "receipts"
PRUDENT_TOKEN=$DAN p reconcile --account MAIN --authority OTH --json
expect_rc 1 "dan cannot reconcile OTH's account"
expect_match "... not covering OTH" "$ERR" "user dan does not cover authority OTH"
PRUDENT_TOKEN=$ADA p reconcile --account MAIN --authority OTH --json
expect_rc 0 "an admin of every authority reconciles OTH's MAIN"
expect_json "... OTH's line" '[.unmatched_lines[].description] | join(",")' "OTH grant"

# --- prudent_app cannot log in: a warning, and the work still in role prudent_service -----------
sql "REVOKE CONNECT ON DATABASE $TEST_DB FROM PUBLIC" >/dev/null
PRUDENT_TOKEN=$DAN p deal book --counterparty BANKB --amount 1000 --rate 0.5 --start 2018-03-30 --maturity 2018-06-29 --ref CR-2
expect_rc 0 "prudent_app refused the database: dan still books CR-2"
expect_match "... with a warning naming prudent_app" "$ERR" "prudent_app cannot log in"
expect_match "... on the owner's login, in role prudent_service for dan" "$(seen CR-2)" "^[a-z_]+ prudent_service dan$"
PRUDENT_TOKEN=$DAN p portfolio --authority OTH
expect_rc 1 "... and OTH is still refused"
PRUDENT_TOKEN=$DAN p portfolio --json
expect_rc 0 "... and dan's portfolio (no --authority) is still WSX's alone"
expect_json "... CR-1, not OTH-1" '[.holdings[].ref] | (index("CR-1") != null) and (index("OTH-1") == null)' "true"
sql "GRANT CONNECT ON DATABASE $TEST_DB TO PUBLIC" >/dev/null

finish
