-- 051_tenancy: tenant isolation in the database, so that a bug in C cannot leak one authority's
-- book to another's user.
--
-- The HTTP service runs every request in a transaction as the role prudent_service (SET LOCAL
-- ROLE), after setting prudent.authority_ids (a bigint[] literal such as '{3}') and prudent.user
-- with set_config(..., true). Row-level security policies on every table holding an authority
-- show that role only the rows of those authorities. The owner of the tables (the CLI, the
-- migrations, the service's background jobs) is not subject to the policies.
--
-- Adding a table with an authority in a later migration: add ONE line after the CREATE TABLE,
--     SELECT prudent_tenant_table('my_table');             -- authority_id NOT NULL
--     SELECT prudent_tenant_table('my_table', true);       -- NULL authority_id = shared by all
--     SELECT prudent_tenant_table_via('my_child', 'parent_id', 'my_parent');  -- through a parent
-- and create views WITH (security_invoker = true) (see docs/development.md). When the migrations
-- run as a superuser (the embedded cluster), an event trigger also protects new tables with an
-- authority_id column and new views by itself; prudent_tenant_gaps() lists any hole left.

-- The role the service acts as: no login, no BYPASSRLS. Roles belong to the whole cluster, so
-- several databases (and concurrent test databases) share it: create it only once.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'prudent_service') THEN
        BEGIN
            CREATE ROLE prudent_service NOLOGIN NOINHERIT NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created meanwhile by a migration of another database
        END;
    END IF;
    -- SET ROLE needs membership unless we are a superuser.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, 'prudent_service', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT prudent_service TO %I', current_user);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END $$;

-- What the service role may touch: every table (row-level security narrows it), now and later.
GRANT USAGE ON SCHEMA public TO prudent_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO prudent_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO prudent_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO prudent_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO prudent_service;
-- ... except the users and their token hashes: authentication happens before SET ROLE.
REVOKE ALL ON users, user_authorities FROM prudent_service;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;            -- and no policy: nothing for non-owners
ALTER TABLE user_authorities ENABLE ROW LEVEL SECURITY;
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM prudent_service;

-- The authorities the current transaction may see ('{}' when unset: nothing).
CREATE FUNCTION prudent_authority_ids() RETURNS bigint[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('prudent.authority_ids', true), ''), '{}')::bigint[]
$$;

-- Protect a table whose authority_id column says whose row it is.
CREATE FUNCTION prudent_tenant_table(tbl regclass, null_is_shared boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cond text := 'authority_id = ANY (prudent_authority_ids())';
BEGIN
    IF null_is_shared THEN
        cond := 'authority_id IS NULL OR ' || cond;
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = 'tenant') THEN
        EXECUTE format('DROP POLICY tenant ON %s', tbl);
    END IF;
    EXECUTE format('CREATE POLICY tenant ON %s USING (%s) WITH CHECK (%s)', tbl, cond, cond);
END $$;

-- Protect a table whose rows belong to a row of a protected parent table (loan_instalments,
-- alert_deliveries): a row is visible when its parent row is (the parent's policy decides).
CREATE FUNCTION prudent_tenant_table_via(tbl regclass, fk_column text, parent regclass)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cond text := format('%I IN (SELECT id FROM %s)', fk_column, parent);
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = 'tenant') THEN
        EXECUTE format('DROP POLICY tenant ON %s', tbl);
    END IF;
    EXECUTE format('CREATE POLICY tenant ON %s USING (%s) WITH CHECK (%s)', tbl, cond, cond);
END $$;

-- Holes in the isolation, which should never exist (tests/e2e/test_service.sh checks, and the
-- service logs them at start-up): tables with an authority_id column but no row-level security;
-- tables without it that reference a table with it (their rows belong to an authority too); and
-- views that run with their owner's rights (they would read past the policies: create views
-- WITH (security_invoker = true)).
CREATE FUNCTION prudent_tenant_gaps() RETURNS SETOF text LANGUAGE sql STABLE AS $$
    SELECT c.relname || ': has authority_id but no row-level security'
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'authority_id' AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
    UNION
    SELECT c.relname || ': references ' || p.relname || ' but has no row-level security'
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_class p ON p.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE k.contype = 'f' AND p.relrowsecurity AND NOT c.relrowsecurity
    UNION
    SELECT c.relname || ': a view without security_invoker'
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE c.relkind = 'v' AND NOT coalesce('security_invoker=true' = ANY (c.reloptions)
                                          OR 'security_invoker=on' = ANY (c.reloptions), false)
    UNION
    SELECT c.relname || ': a materialized view (no row-level security possible)'
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE c.relkind = 'm' AND has_table_privilege('prudent_service', c.oid, 'SELECT')
    ORDER BY 1
$$;

-- The tables of 001 and 002.
ALTER TABLE authorities ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON authorities USING (id = ANY (prudent_authority_ids()))
    WITH CHECK (id = ANY (prudent_authority_ids()));
SELECT prudent_tenant_table('investments');
SELECT prudent_tenant_table('loans');
SELECT prudent_tenant_table_via('loan_instalments', 'loan_id', 'loans');
SELECT prudent_tenant_table('strategies');
SELECT prudent_tenant_table('counterparty_actions');
SELECT prudent_tenant_table('alerts', true);
-- The audit trail: the service may write entries about shared data (no authority) but reads only
-- its authorities' entries. The chaining trigger needs the head row.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON audit_log FOR SELECT USING (authority_id = ANY (prudent_authority_ids()));
CREATE POLICY tenant_write ON audit_log FOR INSERT
    WITH CHECK (authority_id IS NULL OR authority_id = ANY (prudent_authority_ids()));
GRANT SELECT, UPDATE ON audit_head TO prudent_service;

-- Tables with an authority made by earlier migrations of other areas (010-049 run before this
-- one on a new database): protected strictly here; a table whose NULL authority means "shared"
-- gets its own line in a later migration of ours. Views made earlier: security_invoker.
SELECT prudent_tenant_table(c.oid::regclass)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'authority_id' AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity;

DO $$
DECLARE
    v regclass;
BEGIN
    FOR v IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'v' LOOP
        EXECUTE format('ALTER VIEW %s SET (security_invoker = true)', v);
    END LOOP;
END $$;

-- A safety net for what later migrations create: a new table with an authority_id column is
-- protected at once (strictly: NULL authority rows hidden), and a new view runs with the
-- caller's rights. Event triggers need a superuser (the embedded cluster is one); elsewhere
-- prudent_tenant_gaps() and the explicit lines are the guard.
CREATE FUNCTION prudent_tenant_auto() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
    obj record;
BEGIN
    FOR obj IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
        IF obj.command_tag = 'CREATE TABLE' AND obj.object_type = 'table' AND EXISTS (
               SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE a.attrelid = obj.objid AND a.attname = 'authority_id'
                 AND NOT a.attisdropped AND NOT c.relrowsecurity AND n.nspname = 'public') THEN
            PERFORM prudent_tenant_table(obj.objid::regclass);
        ELSIF obj.command_tag = 'CREATE VIEW' AND obj.object_type = 'view' AND EXISTS (
               SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.oid = obj.objid AND n.nspname = 'public') THEN
            EXECUTE format('ALTER VIEW %s SET (security_invoker = true)', obj.objid::regclass);
        END IF;
    END LOOP;
END $$;

DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        CREATE EVENT TRIGGER prudent_tenant_auto ON ddl_command_end
            WHEN TAG IN ('CREATE TABLE', 'CREATE VIEW') EXECUTE FUNCTION prudent_tenant_auto();
    END IF;
END $$;

-- Changes the service recomputes on: NOTIFY prudent_change with the authority's id, or '' when
-- shared data changed (counterparties, ratings) and every authority is affected.
CREATE FUNCTION prudent_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row jsonb;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('prudent_change', '');
        RETURN NULL;
    END IF;
    row := CASE TG_OP WHEN 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
    PERFORM pg_notify('prudent_change', coalesce(row->>'authority_id', ''));
    RETURN NULL;
END $$;

CREATE TRIGGER investments_change AFTER INSERT OR UPDATE OR DELETE ON investments
    FOR EACH ROW EXECUTE FUNCTION prudent_notify_change();
CREATE TRIGGER loans_change AFTER INSERT OR UPDATE OR DELETE ON loans
    FOR EACH ROW EXECUTE FUNCTION prudent_notify_change();
CREATE TRIGGER strategies_change AFTER INSERT OR UPDATE OR DELETE ON strategies
    FOR EACH ROW EXECUTE FUNCTION prudent_notify_change();
CREATE TRIGGER counterparty_actions_change AFTER INSERT OR UPDATE OR DELETE ON counterparty_actions
    FOR EACH ROW EXECUTE FUNCTION prudent_notify_change();
CREATE TRIGGER counterparties_change AFTER INSERT OR UPDATE OR DELETE ON counterparties
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_notify_change();
CREATE TRIGGER ratings_change AFTER INSERT OR UPDATE OR DELETE ON ratings
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_notify_change();
