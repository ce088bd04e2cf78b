-- 115_history: nothing is lost when a row of the book changes, and the book can be read "as known
-- at" any moment (interfaces.md: every reporting verb takes --as-known-at TIMESTAMP).
--
-- What is kept (system-versioned history, docs/as-known-at.md):
-- * A table updated in place (investments: approve, cancel, amend; loans, counterparties, ratings,
--   strategies, counterparty_actions) gets a column recorded_at (when its current version was
--   written: the transaction's timestamp) and a table T_history with the same columns plus
--   superseded_at (when that version stopped being current), superseded_by (who: the service's
--   prudent.user or the database role; the audit trail names the officer) and change ('update'
--   or 'delete'). One trigger function, prudent_keep_history(), runs BEFORE UPDATE OR DELETE on
--   each: it copies the old row into T_history and stamps the new one's recorded_at. An UPDATE
--   that changes nothing keeps nothing. A version is known from recorded_at (included) to
--   superseded_at (excluded). History tables are append-only (prudent_refuse_change, sql/080) and
--   protected like their source table (row-level security by authority_id).
-- * A table that is append-only already (movements, loan_events: a correction is a new row that
--   supersedes) needs no history: a row is known from its entered_at.
--
-- One way to opt a table in, for the tables being added now (repayments, rolls, cash accounts):
--     SELECT prudent_versioned('cash_accounts');                -- updated in place
--     SELECT prudent_versioned('cash_accounts', 'created_at');  -- existing rows known from created_at
--     SELECT prudent_append_only('deal_rolls');                 -- append-only, entered_at
-- Call it again after adding a column to a versioned table: the history and the view follow.
--
-- Reading as known at a moment K: the schema prudent_known holds, for every opted-in table, a
-- view of the same name and columns showing the rows as they were at K (the current rows recorded
-- by K, and the history versions current at K; for append-only tables the rows entered by K).
-- K is the transaction's (or session's) setting prudent.as_known_at; unset, the views show the
-- current rows. store/known.c sets prudent.as_known_at and puts prudent_known first on the
-- search_path, so every loader's unqualified "FROM investments" reads the book as known at K with
-- not one line of the loaders changed. Why this and not a moment parameter in each query: the
-- loaders stay as readable as they are, a table other engineers add is covered by one line
-- above, and without --as-known-at nothing changes at all (same SQL, same plans, same speed: the
-- base tables are read directly; the only cost is a trigger on UPDATE and DELETE, which the book
-- does rarely: approvals, cancellations, amendments). Views over the book (current_movements)
-- need a twin in prudent_known reading the twins (below).
--
-- Limits: a change is dated by its transaction's start (now()), so a transaction that began
-- before K and committed after it counts as known at K; TRUNCATE keeps no history (only tests
-- truncate); rows that existed before this migration are known from the date each table records
-- (booked_at, created_at, ...), their earlier versions were never kept.

CREATE SCHEMA prudent_known;
GRANT USAGE ON SCHEMA prudent_known TO prudent_service;

-- The moment the prudent_known views show: prudent.as_known_at, or 'infinity' (now) when unset.
CREATE FUNCTION prudent_known_at() RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('prudent.as_known_at', true), '')::timestamptz, 'infinity')
$$;

-- Who made a change: the service's user (prudent.user, sql/051), else the database role.
CREATE FUNCTION prudent_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('prudent.user', true), ''), session_user::text)
$$;

-- The columns of a table, in order, quoted, comma separated (prefix each with pre).
CREATE FUNCTION prudent_column_list(tbl regclass, pre text DEFAULT '') RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT string_agg(pre || quote_ident(attname), ', ' ORDER BY attnum)
    FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
$$;

-- BEFORE UPDATE OR DELETE, FOR EACH ROW on a versioned table: keep the old row in T_history.
-- Columns are matched by name, so a column added to T and not to T_history refuses the change
-- (call prudent_versioned(T) again) instead of filing a value under the wrong column.
CREATE FUNCTION prudent_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cols text := prudent_column_list(TG_RELID);
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW IS NOT DISTINCT FROM OLD THEN
            RETURN NEW; -- nothing changed: nothing to keep
        END IF;
        NEW.recorded_at := now();
    END IF;
    EXECUTE format('INSERT INTO %I.%I (%s, superseded_at, superseded_by, change)'
                   ' SELECT %s, now(), $2, $3 FROM (SELECT ($1).*) o',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME || '_history', cols, cols)
        USING OLD, prudent_actor(), lower(TG_OP);
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- prudent_known.T for a versioned table T: the versions known at prudent_known_at().
CREATE FUNCTION prudent_known_view_versioned(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
    cols text := prudent_column_list(tbl);
BEGIN
    EXECUTE format('CREATE OR REPLACE VIEW prudent_known.%I WITH (security_invoker = true) AS'
                   ' SELECT %s FROM public.%I WHERE recorded_at <= prudent_known_at()'
                   ' UNION ALL SELECT %s FROM public.%I'
                   ' WHERE recorded_at <= prudent_known_at() AND superseded_at > prudent_known_at()',
                   name, cols, name, cols, name || '_history');
    EXECUTE format('GRANT SELECT ON prudent_known.%I TO prudent_service', name);
END $$;

-- Opt a table updated in place into history (see the header). since: for the rows already there,
-- the expression (of their columns) saying when they were recorded; default now().
CREATE FUNCTION prudent_versioned(tbl regclass, since text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
    hist text := name || '_history';
    col record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'recorded_at'
                   AND NOT attisdropped) THEN
        EXECUTE format('ALTER TABLE %s ADD COLUMN recorded_at timestamptz', tbl);
        EXECUTE format('UPDATE %s SET recorded_at = coalesce(%s, now())', tbl, coalesce(since, 'NULL'));
        EXECUTE format('ALTER TABLE %s ALTER COLUMN recorded_at SET DEFAULT now(),'
                       ' ALTER COLUMN recorded_at SET NOT NULL', tbl);
    END IF;
    IF to_regclass(format('public.%I', hist)) IS NULL THEN
        EXECUTE format('CREATE TABLE public.%I (LIKE %s)', hist, tbl);
        EXECUTE format('ALTER TABLE public.%I ADD COLUMN superseded_at timestamptz NOT NULL,'
                       ' ADD COLUMN superseded_by text NOT NULL,'
                       ' ADD COLUMN change text NOT NULL CHECK (change IN (''update'', ''delete''))', hist);
        EXECUTE format('CREATE INDEX %I ON public.%I (id, superseded_at)', hist || '_by_id', hist);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON public.%I'
                       ' FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change()', hist || '_no_update', hist);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %s'
                       ' FOR EACH ROW EXECUTE FUNCTION prudent_keep_history()', name || '_keep_history', tbl);
    END IF;
    -- the source's columns the history lacks (added since), then every copied column nullable: a
    -- column dropped from the source later must not refuse the history's new rows
    FOR col IN SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute
               WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
                 AND attname NOT IN (SELECT attname FROM pg_attribute
                                     WHERE attrelid = format('public.%I', hist)::regclass
                                       AND attnum > 0 AND NOT attisdropped) LOOP
        EXECUTE format('ALTER TABLE public.%I ADD COLUMN %I %s', hist, col.attname, col.type);
    END LOOP;
    FOR col IN SELECT attname FROM pg_attribute
               WHERE attrelid = format('public.%I', hist)::regclass AND attnum > 0 AND attnotnull
                 AND NOT attisdropped AND attname NOT IN ('superseded_at', 'superseded_by', 'change') LOOP
        EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I DROP NOT NULL', hist, col.attname);
    END LOOP;
    -- tenancy like the source (sql/051): by authority, or by a parent, or shared
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'authority_id' AND NOT attisdropped) THEN
        PERFORM prudent_tenant_table(format('public.%I', hist)::regclass,
                                     EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl
                                             AND attname = 'authority_id' AND NOT attnotnull));
    END IF;
    PERFORM prudent_known_view_versioned(tbl);
END $$;

-- Opt an append-only table into prudent_known: a row is known from its entered column. Refuses
-- UPDATE and DELETE on it (prudent_refuse_change) if nothing did yet.
CREATE FUNCTION prudent_append_only(tbl regclass, entered text DEFAULT 'entered_at') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = tbl AND NOT tgisinternal
                   AND tgfoid = 'prudent_refuse_change'::regproc) THEN
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %s'
                       ' FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change()', name || '_no_update', tbl);
    END IF;
    EXECUTE format('CREATE OR REPLACE VIEW prudent_known.%I WITH (security_invoker = true) AS'
                   ' SELECT %s FROM public.%I WHERE %I <= prudent_known_at()',
                   name, prudent_column_list(tbl), name, entered);
    EXECUTE format('GRANT SELECT ON prudent_known.%I TO prudent_service', name);
END $$;

-- The book's tables that the reporting loaders read (src/store: book.c, lending.c, strategy.c,
-- movement.c), each existing row known from the moment its table recorded.
SELECT prudent_versioned('investments', 'greatest(booked_at, approved_at, cancelled_at)');
SELECT prudent_versioned('loans', 'created_at');
SELECT prudent_versioned('counterparties', 'created_at');
SELECT prudent_versioned('ratings');              -- has recorded_at already
SELECT prudent_versioned('strategies', 'imported_at');
SELECT prudent_versioned('counterparty_actions'); -- has recorded_at already
SELECT prudent_append_only('movements');
SELECT prudent_append_only('loan_events');

-- The twin of sql/080's current_movements, over the twins.
CREATE VIEW prudent_known.current_movements WITH (security_invoker = true) AS
    SELECT m.* FROM prudent_known.movements m
    WHERE NOT EXISTS (SELECT 1 FROM prudent_known.movements s WHERE s.supersedes = m.id);
GRANT SELECT ON prudent_known.current_movements TO prudent_service;
