-- 160_roles: shared tables are the owner's to change (issue 19, item 6). The request role
-- prudent_service had INSERT, UPDATE and DELETE on every table (sql/051), row-level security
-- narrowing it to the request's authorities. A table with no authority and no row-level security
-- holds data shared by every authority (counterparties, ratings, rates, bank holidays, feed
-- state, alert marks, and their history): a request could change them for everyone, and nothing
-- a request does needs to (imports, feeds, officer actions and recomputes run as the owner: the
-- CLI, the service's background jobs). So the request role keeps SELECT on them and loses every
-- write. audit_head and audit_log lost theirs in 130; schema_migrations in 051.
--
-- The rule also holds for tables made later: prudent_tenant_protect_new(), which the migration
-- runner calls after every migration (sql/073), now also takes the writes on such a table away
-- from the request role. A later shared table that a request must write is a design change: give
-- it an authority (and row-level security) or a SECURITY DEFINER function that checks the write,
-- like audit_write (sql/130).
--
-- prudent_role_gaps() lists what would undo this (tests/e2e/test_controls_roles.sh checks it is
-- empty): a shared table the request role may write, any table it may TRUNCATE (TRUNCATE is not
-- subject to row-level security), and the request role having SUPERUSER or BYPASSRLS.

-- Take the writes on a shared table (no authority_id column, no row-level security) away from
-- the request role. Returns how many tables it changed.
CREATE FUNCTION prudent_shared_read_only() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
    n integer := 0;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
             WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
               AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                               AND a.attname = 'authority_id' AND NOT a.attisdropped)
               AND (has_table_privilege('prudent_service', c.oid, 'INSERT')
                    OR has_table_privilege('prudent_service', c.oid, 'UPDATE')
                    OR has_table_privilege('prudent_service', c.oid, 'DELETE')
                    OR has_table_privilege('prudent_service', c.oid, 'TRUNCATE')) LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %s FROM prudent_service', t);
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

SELECT prudent_shared_read_only();

-- The safety net after each migration: 073's protection of new tenant tables and views, then
-- the shared tables made read-only to the request role (in that order: a new table with an
-- authority_id gets row-level security first and so stays writable under its policy).
CREATE OR REPLACE FUNCTION prudent_tenant_protect_new() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'authority_id'
                                AND NOT a.attisdropped
             WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity LOOP
        PERFORM prudent_tenant_table(t);
    END LOOP;
    FOR t IN SELECT c.oid::regclass FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
             WHERE c.relkind = 'v'
               AND NOT coalesce('security_invoker=true' = ANY (c.reloptions)
                                OR 'security_invoker=on' = ANY (c.reloptions), false) LOOP
        EXECUTE format('ALTER VIEW %s SET (security_invoker = true)', t);
    END LOOP;
    PERFORM prudent_shared_read_only();
END $$;

-- What the request role may do beyond its authorities' rows: nothing, when this is empty.
CREATE FUNCTION prudent_role_gaps() RETURNS SETOF text LANGUAGE sql STABLE AS $$
    SELECT 'prudent_service: ' || concat_ws(', ', CASE WHEN rolsuper THEN 'superuser' END,
                                            CASE WHEN rolbypassrls THEN 'bypasses row-level security' END)
    FROM pg_roles WHERE rolname = 'prudent_service' AND (rolsuper OR rolbypassrls)
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
