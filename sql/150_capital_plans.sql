-- 150_capital_plans: an authority's capital plan (Prudential Code 2021, docs/import-formats.md
-- "Capital plan"), versioned by the date it takes effect like a strategy: a version is a new row,
-- never changed once imported (append-only below). The version in force at a date is the latest
-- with effective_from on or before it. The document is the imported JSON; the columns beside it
-- are its approval record, for listings.

CREATE TABLE capital_plans (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id   bigint NOT NULL REFERENCES authorities(id),
    effective_from date NOT NULL,
    document       jsonb NOT NULL,
    approved_by    text,
    approved_on    date,
    reference      text,
    imported_by    text,
    imported_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (authority_id, effective_from)
);

-- Row-level security: rows of the request's authorities only (docs/development.md, tenancy).
SELECT prudent_tenant_table('capital_plans');

-- A new version changes the authority's figures: bump its version (sql/065) and notify (sql/072).
CREATE TRIGGER capital_plans_version_ins AFTER INSERT ON capital_plans
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER capital_plans_version_upd AFTER UPDATE ON capital_plans
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER capital_plans_version_del AFTER DELETE ON capital_plans
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER capital_plans_version_trunc AFTER TRUNCATE ON capital_plans
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();

-- Nothing updated in place, and the book as known at any moment (sql/115): rows are known from
-- imported_at.
SELECT prudent_append_only('capital_plans', 'imported_at');
