-- 235_settlement_accounts: a deal (investment) or a loan may name the bank account its cash
-- settles in (issue 18: "one default account through which the book's flows settle unless a deal
-- names another"; docs/cash.md). settlement_account is a bank account's code (sql/140,
-- current_bank_accounts), checked by the importer and the booking service against the
-- authority's accounts when given; NULL (every existing row) settles in the default account, so a
-- book without it forecasts exactly as before. Both tables are versioned in place (sql/115): a
-- later change is an amendment whose old version the history keeps (prudent_versioned_refresh
-- runs after this migration and carries the column to investments_history and loans_history).
ALTER TABLE investments ADD COLUMN settlement_account text
    CHECK (settlement_account IS NULL OR settlement_account <> '');
ALTER TABLE loans ADD COLUMN settlement_account text
    CHECK (settlement_account IS NULL OR settlement_account <> '');
