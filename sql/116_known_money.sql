-- 116_known_money: the tables of top-ups, early repayments and roll-overs (sql/100, sql/105) join
-- the "as known at" machinery of sql/115. They are append-only, so a row is known from the moment
-- it was entered; book_movements, what every figure at a date reads, gets its twin over the twins
-- so that `--as-known-at` sees the repayments recorded by then and no later ones.

SELECT prudent_append_only('deal_repayments');
SELECT prudent_append_only('movement_approvals', 'approved_at');
SELECT prudent_append_only('deal_rolls');

CREATE VIEW prudent_known.book_movements WITH (security_invoker = true) AS
    SELECT m.id, m.authority_id, m.investment_id, m.date, m.kind, m.amount, m.note
    FROM prudent_known.current_movements m
    UNION ALL
    SELECT r.id, r.authority_id, r.investment_id, r.date, 'withdrawal', r.amount, r.reason
    FROM prudent_known.deal_repayments r
    WHERE NOT EXISTS (SELECT 1 FROM prudent_known.deal_repayments s WHERE s.supersedes = r.id);
GRANT SELECT ON prudent_known.book_movements TO prudent_service;

-- A column added later to a versioned table (sql/125 adds the booker's and amender's ids to
-- investments) must reach its history table and its prudent_known view, or the history trigger
-- refuses every change. The migration runner (store/migrate.c) calls this after each migration
-- from this one on, as it calls prudent_tenant_protect_new(): no migration has to remember it.
CREATE FUNCTION prudent_versioned_refresh() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT tgrelid::regclass FROM pg_trigger
             WHERE NOT tgisinternal AND tgfoid = 'prudent_keep_history'::regproc ORDER BY tgrelid LOOP
        PERFORM prudent_versioned(t);
    END LOOP;
END $$;
