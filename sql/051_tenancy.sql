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
-- (see docs/development.md). When the migrations run as a superuser (the embedded cluster), an
-- event trigger also protects any new table with an authority_id column by itself, and
-- prudent_tenant_gaps() lists tables that have one but no row-level security.

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

-- Protect a table whose rows belong to a row of a protected parent table (loan_instalments).
CREATE FUNCTION prudent_tenant_table_via(tbl regclass, fk_column text, parent regclass)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cond text := format('%I IN (SELECT id FROM %s WHERE authority_id = ANY (prudent_authority_ids()))',
                        fk_column, parent);
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = 'tenant') THEN
        EXECUTE format('DROP POLICY tenant ON %s', tbl);
    END IF;
    EXECUTE format('CREATE POLICY tenant ON %s USING (%s) WITH CHECK (%s)', tbl, cond, cond);
END $$;

-- Tables of the public schema with an authority_id column but no row-level security: should
-- always be empty (tests/e2e/test_service.sh checks it).
CREATE FUNCTION prudent_tenant_gaps() RETURNS SETOF text LANGUAGE sql STABLE AS $$
    SELECT c.relname::text
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'authority_id' AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
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

-- A safety net for tables added later: when a migration creates a table with an authority_id
-- column, protect it at once (strictly: NULL authority rows hidden). Event triggers need a
-- superuser; elsewhere prudent_tenant_gaps() and the explicit line above are the guard.
CREATE FUNCTION prudent_tenant_auto() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
    obj record;
BEGIN
    FOR obj IN SELECT * FROM pg_event_trigger_ddl_commands()
               WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
        IF EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                   JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE a.attrelid = obj.objid AND a.attname = 'authority_id'
                     AND NOT a.attisdropped AND NOT c.relrowsecurity AND n.nspname = 'public') THEN
            PERFORM prudent_tenant_table(obj.objid::regclass);
        END IF;
    END LOOP;
END $$;

DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        CREATE EVENT TRIGGER prudent_tenant_auto ON ddl_command_end
            WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION prudent_tenant_auto();
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
