-- 140_cash: the authority's bank accounts, its cash-flow forecast items and its bank statements
-- (interfaces.md "Cash", domain.md "Cash-flow forecast"; docs/cash.md).
--
-- Nothing is updated in place. An account changed by a later import is a new row naming the row
-- it supersedes; a row is current while no other row supersedes it (current_bank_accounts).
-- Forecast items are keyed by everything they say, so the same line imported again is
-- unchanged; a correction is a new row that supersedes (current_cash_items). A statement and its
-- lines are written once and never changed. Every row records when (entered_at) and by whom
-- (entered_by) it was written, so the book as known at any moment can be rebuilt.
--
-- The default account, through which the book's flows (deals, loans, account movements) settle,
-- is the authority's first account: the code of its earliest bank_accounts row (lowest id).

CREATE TABLE bank_accounts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id   bigint NOT NULL REFERENCES authorities(id),
    code           text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.&-]{0,31}$'),
    name           text NOT NULL,
    bank           text NOT NULL DEFAULT '',
    sort_code      text NOT NULL DEFAULT '',
    account_number text NOT NULL DEFAULT '',
    min_balance    numeric(20,2) NOT NULL DEFAULT 0,
    entered_at     timestamptz NOT NULL DEFAULT now(),
    entered_by     text NOT NULL,
    supersedes     bigint REFERENCES bank_accounts(id)
);
-- an account's original row is unique per code; a row is superseded at most once
CREATE UNIQUE INDEX bank_accounts_original ON bank_accounts (authority_id, code) WHERE supersedes IS NULL;
CREATE UNIQUE INDEX bank_accounts_superseded ON bank_accounts (supersedes) WHERE supersedes IS NOT NULL;
SELECT prudent_tenant_table('bank_accounts');

CREATE VIEW current_bank_accounts WITH (security_invoker = true) AS
    SELECT a.* FROM bank_accounts a
    WHERE NOT EXISTS (SELECT 1 FROM bank_accounts s WHERE s.supersedes = a.id);

-- A forecast item: a receipt (amount > 0) or payment (< 0) expected on date in account, maybe
-- repeated (weekly, monthly, quarterly, yearly) up to until.
CREATE TABLE cash_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id bigint NOT NULL REFERENCES authorities(id),
    account      text NOT NULL,
    date         date NOT NULL,
    amount       numeric(20,2) NOT NULL CHECK (amount <> 0),
    category     text NOT NULL DEFAULT '',
    description  text NOT NULL DEFAULT '',
    repeat       text NOT NULL DEFAULT '' CHECK (repeat IN ('', 'weekly', 'monthly', 'quarterly', 'yearly')),
    until        date,
    entered_at   timestamptz NOT NULL DEFAULT now(),
    entered_by   text NOT NULL,
    supersedes   bigint REFERENCES cash_items(id),
    CHECK (until IS NULL OR until >= date)
);
CREATE UNIQUE INDEX cash_items_key ON cash_items
    (authority_id, account, date, amount, category, description, repeat, until, supersedes) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX cash_items_superseded ON cash_items (supersedes) WHERE supersedes IS NOT NULL;
SELECT prudent_tenant_table('cash_items');

CREATE VIEW current_cash_items WITH (security_invoker = true) AS
    SELECT i.* FROM cash_items i
    WHERE NOT EXISTS (SELECT 1 FROM cash_items s WHERE s.supersedes = i.id);

-- A bank statement of one account, from_date .. to_date, and its lines (actuals). balance is
-- the running balance after the line (given by a CSV statement, computed from the opening
-- balance for camt.053).
CREATE TABLE bank_statements (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id    bigint NOT NULL REFERENCES authorities(id),
    account         text NOT NULL,
    format          text NOT NULL CHECK (format IN ('csv', 'camt.053')),
    statement_id    text NOT NULL DEFAULT '',
    from_date       date NOT NULL,
    to_date         date NOT NULL CHECK (to_date >= from_date),
    opening_balance numeric(20,2) NOT NULL,
    closing_balance numeric(20,2) NOT NULL,
    file            text NOT NULL DEFAULT '',
    entered_at      timestamptz NOT NULL DEFAULT now(),
    entered_by      text NOT NULL
);
CREATE INDEX bank_statements_by_account ON bank_statements (authority_id, account, to_date);
SELECT prudent_tenant_table('bank_statements');

CREATE TABLE bank_statement_lines (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id bigint NOT NULL REFERENCES authorities(id),
    statement_id bigint NOT NULL REFERENCES bank_statements(id),
    seq          int NOT NULL,
    date         date NOT NULL,
    value_date   date,
    amount       numeric(20,2) NOT NULL,
    balance      numeric(20,2) NOT NULL,
    description  text NOT NULL DEFAULT '',
    reference    text NOT NULL DEFAULT '',
    UNIQUE (statement_id, seq)
);
CREATE INDEX bank_statement_lines_by_date ON bank_statement_lines (authority_id, date);
SELECT prudent_tenant_table('bank_statement_lines');

-- Append-only (sql/080's prudent_refuse_change), and every insert bumps the authority's version
-- (sql/065, sql/072) so the service recomputes.
CREATE TRIGGER bank_accounts_no_update BEFORE UPDATE OR DELETE ON bank_accounts
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change();
CREATE TRIGGER cash_items_no_update BEFORE UPDATE OR DELETE ON cash_items
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change();
CREATE TRIGGER bank_statements_no_update BEFORE UPDATE OR DELETE ON bank_statements
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change();
CREATE TRIGGER bank_statement_lines_no_update BEFORE UPDATE OR DELETE ON bank_statement_lines
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change();

CREATE TRIGGER bank_accounts_version_ins AFTER INSERT ON bank_accounts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER cash_items_version_ins AFTER INSERT ON cash_items
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER bank_statements_version_ins AFTER INSERT ON bank_statements
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER bank_statement_lines_version_ins AFTER INSERT ON bank_statement_lines
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER bank_accounts_version_trunc AFTER TRUNCATE ON bank_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();
CREATE TRIGGER cash_items_version_trunc AFTER TRUNCATE ON cash_items
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();
CREATE TRIGGER bank_statements_version_trunc AFTER TRUNCATE ON bank_statements
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();
CREATE TRIGGER bank_statement_lines_version_trunc AFTER TRUNCATE ON bank_statement_lines
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();

-- "As known at" (sql/115): a row of these tables is known from its entered_at. Statement lines
-- are known with their statement (a statement is imported whole, in one transaction).
SELECT prudent_append_only('bank_accounts');
SELECT prudent_append_only('cash_items');
SELECT prudent_append_only('bank_statements');
