-- 270_merger_bank_accounts: a merger moves the predecessors' bank accounts too (docs/shared-services.md
-- "A merger on a vesting day"; issue 22). Each account of a predecessor gets a transfer row of kind
-- 'bank_account' (holding_id: the account's first bank_accounts row; was: its code under the
-- predecessor; ref: its code under the successor, the same or CODE-ACCOUNT when the successor has
-- an account of that code already). Nothing is copied or updated in place: the account's rows and
-- its statements stay the predecessor's; store/cash.c lists it among the successor's accounts and
-- reads its statements (the opening balance, the actuals) under the successor's code. Statements
-- imported under the successor after the day are the successor's own rows.
ALTER TABLE holding_transfers DROP CONSTRAINT holding_transfers_kind_check;
ALTER TABLE holding_transfers ADD CONSTRAINT holding_transfers_kind_check
    CHECK (kind IN ('investment', 'loan', 'cash_item', 'bank_account'));
ALTER TABLE holding_transfers ADD COLUMN was text;

-- Whether predecessor auth's account `code` moved to an authority of the current user.
CREATE FUNCTION prudent_account_moved_to_me(auth bigint, account text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM holding_transfers t WHERE t.kind = 'bank_account' AND t.from_authority_id = auth
                   AND t.was = account AND t.authority_id = ANY ((SELECT prudent_authority_ids())::bigint[]))
$$;

-- The successor's users see the moved accounts (every row of each) and their statements.
CREATE POLICY successor ON bank_accounts FOR SELECT USING (prudent_account_moved_to_me(authority_id, code));
CREATE POLICY successor ON bank_statements FOR SELECT USING (prudent_account_moved_to_me(authority_id, account));
CREATE POLICY successor ON bank_statement_lines FOR SELECT
    USING (EXISTS (SELECT 1 FROM bank_statements s WHERE s.id = bank_statement_lines.statement_id
                   AND prudent_account_moved_to_me(s.authority_id, s.account)));

-- The "as known at" copy of holding_transfers (sql/115) with the new column.
SELECT prudent_append_only('holding_transfers');
