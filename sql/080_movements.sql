-- 080_movements: accounts whose balance moves (interfaces.md "The book over time", domain.md
-- "Accounts and movements"). Call, MMF, notice and pooled investments are accounts: the
-- investment row's principal is the opening balance on its start_date, and each later payment in
-- or out, interest added, or a pooled fund's valuation is one row here. The balance at A is the
-- opening principal + deposits + interest - withdrawals dated on or before A (core/balance.h).
--
-- Nothing is updated in place: a correction is a new row naming the row it supersedes
-- (supersedes); a row is current while no other row supersedes it. entered_at and entered_by
-- record when and by whom each row was written, so the book as known at any moment can be
-- rebuilt.
--
-- Balance at a date: computed by one indexed aggregate, not a running balance column. The
-- unique index movements_key leads with (investment_id, date) and carries kind and amount, so
-- "sum of one account's movements dated on or before A" is a range scan of that account's rows
-- up to A, never of the whole table. A running balance column was rejected: a movement dated
-- before later ones (a back-dated correction, a late import) would have to rewrite the running
-- balance of every later row, an update in place this book never does. The same index is the
-- import's idempotency key (ref, date, kind, amount, note: one investment per ref), NULLS NOT
-- DISTINCT so that an original (supersedes NULL) is unique too.
-- the target of movements' (investment_id, authority_id) reference
ALTER TABLE investments ADD CONSTRAINT investments_id_authority UNIQUE (id, authority_id);

CREATE TABLE movements (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id  bigint NOT NULL REFERENCES authorities(id),
    investment_id bigint NOT NULL,
    date          date NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'interest', 'valuation')),
    amount        numeric(20,2) NOT NULL CHECK (amount > 0),
    note          text NOT NULL DEFAULT '',
    source        text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'deal')),
    entered_at    timestamptz NOT NULL DEFAULT now(),
    entered_by    text NOT NULL,
    supersedes    bigint REFERENCES movements(id),
    -- the account is the authority's own (not another authority's investment)
    FOREIGN KEY (investment_id, authority_id) REFERENCES investments (id, authority_id)
);

CREATE UNIQUE INDEX movements_key ON movements
    (investment_id, date, kind, amount, note, supersedes) NULLS NOT DISTINCT;
-- a row is superseded at most once
CREATE UNIQUE INDEX movements_superseded ON movements (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX movements_by_authority ON movements (authority_id, investment_id, date);

SELECT prudent_tenant_table('movements');

-- The current movements: those no later row supersedes.
CREATE VIEW current_movements WITH (security_invoker = true) AS
    SELECT m.* FROM movements m
    WHERE NOT EXISTS (SELECT 1 FROM movements s WHERE s.supersedes = m.id);

-- Append-only, as the header says: an UPDATE or DELETE is refused by the database itself (a
-- correction is a new row that supersedes). sql/090 uses the same function for loan events.
CREATE FUNCTION prudent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: record a new row that supersedes this one', TG_TABLE_NAME;
END $$;
CREATE TRIGGER movements_no_update BEFORE UPDATE OR DELETE ON movements
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change();

-- A movement changes the authority's book: bump its version and notify (sql/065, sql/072).
CREATE TRIGGER movements_version_ins AFTER INSERT ON movements
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER movements_version_trunc AFTER TRUNCATE ON movements
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();

-- A variable yield has no contractual rate: mmf and pooled rows may leave it empty.
ALTER TABLE investments ALTER COLUMN rate DROP NOT NULL;
ALTER TABLE investments ADD CONSTRAINT investments_rate_required
    CHECK (rate IS NOT NULL OR type IN ('mmf', 'pooled'));
