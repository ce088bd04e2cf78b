-- 230_movement_month_sums: month-end sums of the book's movements, so that a balance at a date
-- no longer reads an account's whole history (issue 17; docs/performance.md "Balances at a
-- date", third look; docs/computations.md "Balances at a date").
--
-- movement_month_sums holds, per holding and calendar month, what book_movements (sql/100: the
-- current movements of accounts, less superseded rows and rejected or withdrawn top-ups, and
-- the current early repayments of dated deals) adds up to in that month: the net change
-- (deposits and interest less withdrawals and repayments) and the month's last valuation (the
-- latest date, then the last entered). store/movement.c movements_load_net then reads, for a
-- book at A, the sums of the months before A's month and only the rows of A's own month.
--
-- It is a derived cache of the append-only rows, NOT book data: it is updated in place (a cell
-- is recomputed whenever a row of its month changes book_movements), and it can be thrown away
-- and rebuilt at any time from the rows with prudent_rebuild_movement_month_sums() (this
-- migration fills it so). A cell with no row left (every row superseded or rejected) is removed.
-- What keeps it: AFTER INSERT statement triggers on every table whose rows change
-- book_movements: movements (a new row, or a correction that supersedes one, perhaps in
-- another month), deal_repayments (the same), movement_rejections (a rejected or withdrawn
-- top-up leaves the sums; a pending one counts at once, and an approval changes nothing, so
-- movement_approvals has no trigger). TRUNCATE of any of them rebuilds (tests only).
--
-- Who may write it: nobody but the triggers. The trigger function is SECURITY DEFINER, owned by
-- the migrations' role (the tables' owner, whom row-level security does not bind), with a fixed
-- search_path; so a request running as prudent_service keeps the sums of the rows it inserts
-- (and of a merger's successor's) without a write grant of its own, and INSERT, UPDATE and
-- DELETE on the table are revoked from prudent_service: a request can read its own
-- authorities' sums (row-level security, like every tenant table: sql/051/073, and the
-- successor's policy of sql/215) but never falsify them.
--
-- As known at a moment (--as-known-at, sql/115): the table is "as of now". Its twin
-- prudent_known.movement_month_sums computes the same sums from the rows known at the moment
-- (prudent_known.book_movements), so the same query reads the exact, slow sums then: nothing in
-- the C loaders changes, and without --as-known-at the twin is never read.

CREATE TABLE movement_month_sums (
    authority_id  bigint NOT NULL REFERENCES authorities(id), -- the holding's own authority
    investment_id bigint NOT NULL,
    month         date NOT NULL CHECK (month = date_trunc('month', month)::date), -- its first day
    net           numeric NOT NULL,      -- deposits + interest - withdrawals - repayments
    value_date    date,                  -- the month's last valuation, if any: its date,
    value         numeric(20,2),         -- amount,
    value_id      bigint,                -- and row (the last entered of that date)
    PRIMARY KEY (authority_id, investment_id, month)
);
SELECT prudent_tenant_table('movement_month_sums');
CREATE POLICY successor ON movement_month_sums FOR SELECT
    USING (prudent_transferred_to_me('investment', investment_id)); -- sql/215
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON movement_month_sums FROM prudent_service;

-- The rows of a month, read from its start (movements_load_net and the cells' recomputation).
CREATE INDEX movements_by_authority_date ON movements (authority_id, date);

-- The sums as book_movements gives them now, for the holdings ids (NULL: all) and the months
-- from lo to hi (first days, both included). What the table must equal at every moment
-- (tests/e2e/test_month_sums.sh compares them both ways).
CREATE FUNCTION prudent_movement_month_sums_of(ids bigint[] DEFAULT NULL, lo date DEFAULT '-infinity',
                                               hi date DEFAULT 'infinity')
RETURNS SETOF movement_month_sums LANGUAGE sql STABLE AS $$
    SELECT authority_id, investment_id, date_trunc('month', date)::date,
           sum(CASE kind WHEN 'withdrawal' THEN -amount WHEN 'valuation' THEN 0 ELSE amount END),
           max(date) FILTER (WHERE kind = 'valuation'),
           (array_agg(amount ORDER BY date DESC, id DESC) FILTER (WHERE kind = 'valuation'))[1],
           (array_agg(id ORDER BY date DESC, id DESC) FILTER (WHERE kind = 'valuation'))[1]
    FROM public.book_movements
    WHERE (ids IS NULL OR investment_id = ANY (ids)) AND date >= lo AND date < (hi + interval '1 month')::date
    GROUP BY 1, 2, 3
$$;

-- Recompute the cells (holding, month) of the rows (a[k], i[k], d[k]): authority, holding, date.
-- Under a transaction lock per holding, taken in order: two transactions changing one holding's
-- rows at once recompute one after the other, the second seeing the first's rows (each
-- statement of READ COMMITTED reads what was committed when it starts).
CREATE FUNCTION prudent_movement_month_sums_redo(a bigint[], i bigint[], d date[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
SET plan_cache_mode = force_custom_plan -- each statement planned with its values (index ranges)
AS $$
DECLARE
    ids bigint[] := (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(i) x);
    lo date := date_trunc('month', (SELECT min(x) FROM unnest(d) x))::date;
    hi date := date_trunc('month', (SELECT max(x) FROM unnest(d) x))::date;
BEGIN
    PERFORM pg_advisory_xact_lock(230, (x % 2147483647)::int) FROM unnest(ids) x;
    DELETE FROM movement_month_sums s
        USING (SELECT DISTINCT x.a, x.i, date_trunc('month', x.d)::date FROM unnest(a, i, d) AS x(a, i, d)) c(a, i, m)
        WHERE (s.authority_id, s.investment_id, s.month) = (c.a, c.i, c.m);
    INSERT INTO movement_month_sums
        SELECT s.* FROM prudent_movement_month_sums_of(ids, lo, hi) s
        WHERE (s.authority_id, s.investment_id, s.month) IN
              (SELECT x.a, x.i, date_trunc('month', x.d)::date FROM unnest(a, i, d) AS x(a, i, d));
END $$;

-- The triggers: each hands the (authority, holding, date) of the rows whose month changed.
CREATE FUNCTION prudent_movement_month_sums_keep() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    a bigint[];
    i bigint[];
    d date[];
BEGIN
    IF TG_TABLE_NAME = 'movement_rejections' THEN
        SELECT array_agg(m.authority_id), array_agg(m.investment_id), array_agg(m.date) INTO a, i, d
        FROM new_rows r JOIN movements m ON m.id = r.movement_id;
    ELSIF TG_TABLE_NAME = 'movements' THEN
        SELECT array_agg(x.authority_id), array_agg(x.investment_id), array_agg(x.date) INTO a, i, d FROM (
            SELECT n.authority_id, n.investment_id, n.date FROM new_rows n
            UNION ALL SELECT o.authority_id, o.investment_id, o.date
            FROM new_rows n JOIN movements o ON o.id = n.supersedes) x;
    ELSE -- deal_repayments
        SELECT array_agg(x.authority_id), array_agg(x.investment_id), array_agg(x.date) INTO a, i, d FROM (
            SELECT n.authority_id, n.investment_id, n.date FROM new_rows n
            UNION ALL SELECT o.authority_id, o.investment_id, o.date
            FROM new_rows n JOIN deal_repayments o ON o.id = n.supersedes) x;
    END IF;
    IF a IS NOT NULL THEN
        PERFORM prudent_movement_month_sums_redo(a, i, d);
    END IF;
    RETURN NULL;
END $$;

-- Throw the sums away and compute them again from the rows (any time; the migration fills so).
CREATE FUNCTION prudent_rebuild_movement_month_sums() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM movement_month_sums;
    INSERT INTO movement_month_sums SELECT * FROM prudent_movement_month_sums_of();
END $$;
CREATE FUNCTION prudent_movement_month_sums_rebuild_trigger() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM prudent_rebuild_movement_month_sums();
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION prudent_rebuild_movement_month_sums(), prudent_movement_month_sums_redo(bigint[], bigint[], date[])
    FROM PUBLIC;

CREATE TRIGGER movements_month_sums AFTER INSERT ON movements
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_movement_month_sums_keep();
CREATE TRIGGER deal_repayments_month_sums AFTER INSERT ON deal_repayments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_movement_month_sums_keep();
CREATE TRIGGER movement_rejections_month_sums AFTER INSERT ON movement_rejections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_movement_month_sums_keep();
CREATE TRIGGER movements_month_sums_trunc AFTER TRUNCATE ON movements
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_movement_month_sums_rebuild_trigger();
CREATE TRIGGER deal_repayments_month_sums_trunc AFTER TRUNCATE ON deal_repayments
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_movement_month_sums_rebuild_trigger();
CREATE TRIGGER movement_rejections_month_sums_trunc AFTER TRUNCATE ON movement_rejections
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_movement_month_sums_rebuild_trigger();

-- As known at a moment: the same sums from the rows known then (the slow, exact path).
CREATE VIEW prudent_known.movement_month_sums WITH (security_invoker = true) AS
    SELECT authority_id, investment_id, date_trunc('month', date)::date AS month,
           sum(CASE kind WHEN 'withdrawal' THEN -amount WHEN 'valuation' THEN 0 ELSE amount END) AS net,
           max(date) FILTER (WHERE kind = 'valuation') AS value_date,
           (array_agg(amount ORDER BY date DESC, id DESC) FILTER (WHERE kind = 'valuation'))[1] AS value,
           (array_agg(id ORDER BY date DESC, id DESC) FILTER (WHERE kind = 'valuation'))[1] AS value_id
    FROM prudent_known.book_movements
    GROUP BY 1, 2, 3;
GRANT SELECT ON prudent_known.movement_month_sums TO prudent_service;

SELECT prudent_rebuild_movement_month_sums();
ANALYZE movement_month_sums;
