-- 185_app_role: the request connections' login role and a scope SQL cannot widen (issue 19,
-- item 6; docs/hardening.md "Database roles").
--
-- Before, the service logged in as the owner (the embedded cluster's superuser) and dropped to
-- prudent_service with SET LOCAL ROLE after set_config('prudent.authority_ids' / 'prudent.user').
-- SQL run on a request's connection could RESET ROLE back to the owner, or set_config a wider
-- scope or another user: neither can be refused by a privilege. Now:
--   - prudent_app, LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT and a member of prudent_service only,
--     is what the service's request connections log in as (http/pool.c): RESET ROLE lands on a
--     role with no rights of its own, and SET ROLE to the owner is refused;
--   - the scope of a prudent_app session is a row of request_grants, keyed on the backend pid of
--     the request connection, which only the owner writes (store/scope.c scope_grant, on the
--     worker's owner connection after authentication); prudent_authority_ids() (the policies),
--     audit_write() and prudent_actor() read it, and ignore the settings, in a prudent_app
--     session. Other sessions (the owner: CLI, background jobs, migrations, and the service
--     when prudent_app cannot log in) keep the settings, as before.
--   - the policies call the function as (SELECT prudent_authority_ids())::bigint[] (the cast
--     keeps ANY from reading it as a subquery of rows): evaluated once per
--     statement (a SECURITY DEFINER function is not inlined and would otherwise run per row).
-- The role is made only where the migrating role may create roles (the embedded cluster's
-- superuser); elsewhere the service warns at start and keeps logging in as the owner
-- (docs/hardening.md says what an operator of an external cluster does).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'prudent_app') THEN
        IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE NOTICE 'prudent_app not made: % may not create roles', current_user;
            RETURN;
        END IF;
        BEGIN
            CREATE ROLE prudent_app LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- made meanwhile by a migration of another database of the cluster
        END;
    END IF;
    IF NOT pg_has_role('prudent_app', 'prudent_service', 'MEMBER') THEN
        BEGIN
            GRANT prudent_service TO prudent_app;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END $$;

-- The scope of each request connection (prudent_app session): written by the owner for the
-- connection's backend pid just before the request uses it, replaced by its next request.
-- Transient (no book data, so no history): UNLOGGED, so a request's grant costs no WAL flush.
CREATE UNLOGGED TABLE request_grants (
    pid integer PRIMARY KEY,            -- pg_backend_pid() of the request connection
    authority_ids bigint[] NOT NULL,    -- what row-level security lets it see
    user_name text,                     -- who acts (audit_write, prudent_actor)
    granted_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
REVOKE ALL ON request_grants FROM PUBLIC, prudent_service;

-- Whether this session is a request connection (its scope then comes from request_grants only).
CREATE FUNCTION prudent_is_app_session() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT session_user::text = 'prudent_app'
$$;

-- The authorities the current statement may see ('{}' when unset: nothing).
CREATE OR REPLACE FUNCTION prudent_authority_ids() RETURNS bigint[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN prudent_is_app_session()
        THEN coalesce((SELECT authority_ids FROM request_grants WHERE pid = pg_backend_pid()), '{}')
        ELSE coalesce(nullif(current_setting('prudent.authority_ids', true), ''), '{}')::bigint[] END
$$;

-- The request's user (NULL when none).
CREATE FUNCTION prudent_request_user() RETURNS text LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN prudent_is_app_session()
        THEN (SELECT user_name FROM request_grants WHERE pid = pg_backend_pid())
        ELSE nullif(current_setting('prudent.user', true), '') END
$$;

-- Who made a change (sql/115): the request's user, else the database role.
CREATE OR REPLACE FUNCTION prudent_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(prudent_request_user(), session_user::text)
$$;

-- audit_write of sql/130, the request's user now from prudent_request_user().
CREATE OR REPLACE FUNCTION audit_write(p_actor text, p_authority_id bigint, p_entity text, p_key text,
                                       p_action text, p_before jsonb, p_after jsonb, p_reason text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    -- the caller's SET ROLE (inside this function current_user is the owner)
    as_service boolean := current_setting('role', true) = 'prudent_service' OR prudent_is_app_session();
    req_user text := prudent_request_user();
BEGIN
    IF pg_current_xact_id_if_assigned() IS NULL THEN
        RAISE EXCEPTION 'an audit row is written only with the change it records (this transaction changed nothing)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF as_service AND p_actor IS DISTINCT FROM req_user THEN
        RAISE EXCEPTION 'an audit row names the request''s user (%), not %', req_user, p_actor
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF as_service AND p_authority_id IS NOT NULL AND NOT p_authority_id = ANY (prudent_authority_ids()) THEN
        RAISE EXCEPTION 'an audit row of another authority is refused' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO audit_log (actor, authority_id, entity, entity_key, action, before, after, reason)
    VALUES (p_actor, p_authority_id, p_entity, p_key, p_action, p_before, p_after, p_reason);
END $$;

-- New tenant tables get the once-per-statement form (sql/051's function otherwise unchanged).
CREATE OR REPLACE FUNCTION prudent_tenant_table(tbl regclass, null_is_shared boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cond text := 'authority_id = ANY ((SELECT prudent_authority_ids())::bigint[])';
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

-- Existing policies: the same rewrite, whatever made them.
DO $$
DECLARE
    p record;
    call text := 'prudent_authority_ids()';
    once text := '(SELECT prudent_authority_ids())::bigint[]';
BEGIN
    FOR p IN SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies
             WHERE schemaname = 'public'
               AND (qual LIKE '%prudent_authority_ids()%' OR with_check LIKE '%prudent_authority_ids()%') LOOP
        IF p.qual IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I.%I USING (%s)', p.policyname, p.schemaname, p.tablename,
                           replace(p.qual, call, once));
        END IF;
        IF p.with_check IS NOT NULL THEN
            EXECUTE format('ALTER POLICY %I ON %I.%I WITH CHECK (%s)', p.policyname, p.schemaname, p.tablename,
                           replace(p.with_check, call, once));
        END IF;
    END LOOP;
END $$;

-- prudent_role_gaps() of sql/160, now also what would undo the login role: prudent_app being a
-- superuser, bypassing row-level security, inheriting its roles' rights (then RESET ROLE would
-- keep them), or a member of any role but prudent_service (SET ROLE to it would be allowed).
CREATE OR REPLACE FUNCTION prudent_role_gaps() RETURNS SETOF text LANGUAGE sql STABLE AS $$
    SELECT 'prudent_service: ' || concat_ws(', ', CASE WHEN rolsuper THEN 'superuser' END,
                                            CASE WHEN rolbypassrls THEN 'bypasses row-level security' END)
    FROM pg_roles WHERE rolname = 'prudent_service' AND (rolsuper OR rolbypassrls)
    UNION ALL
    SELECT 'prudent_app: ' || concat_ws(', ', CASE WHEN rolsuper THEN 'superuser' END,
                                        CASE WHEN rolbypassrls THEN 'bypasses row-level security' END,
                                        CASE WHEN rolinherit THEN 'inherits its roles'' rights' END)
    FROM pg_roles WHERE rolname = 'prudent_app' AND (rolsuper OR rolbypassrls OR rolinherit)
    UNION ALL
    SELECT 'prudent_app: a member of ' || r.rolname || ' (only prudent_service is meant)'
    FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles a ON a.oid = m.member
    WHERE a.rolname = 'prudent_app' AND r.rolname <> 'prudent_service'
    UNION ALL
    SELECT c.relname || ': shared, but the request role may ' || lower(p.priv)
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    CROSS JOIN (VALUES ('INSERT'), ('UPDATE'), ('DELETE')) AS p(priv)
    WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
      AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                      AND a.attname = 'authority_id' AND NOT a.attisdropped)
      AND has_table_privilege('prudent_service', c.oid, p.priv)
    UNION ALL
    SELECT c.relname || ': the request role may truncate it (past row-level security)'
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE c.relkind IN ('r', 'p') AND has_table_privilege('prudent_service', c.oid, 'TRUNCATE')
    ORDER BY 1
$$;
