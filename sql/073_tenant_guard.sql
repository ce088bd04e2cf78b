-- 073_tenant_guard: the safety net of sql/051 moves from an event trigger to the migration
-- runner. The event trigger ran on every CREATE TABLE, so also on each import's temporary
-- staging table, where it cost about 11 ms of every import (docs/performance.md) to find nothing
-- to do. The runner now calls prudent_tenant_protect_new() after each migration, in the same
-- transaction, which does what the trigger did: a table in public with an authority_id column
-- and no row-level security is protected strictly (NULL authority rows hidden), and a view
-- without security_invoker gets it. Unlike the trigger it needs no superuser, so external
-- databases now have the net too. prudent_tenant_gaps() still lists any hole left.
DROP EVENT TRIGGER IF EXISTS prudent_tenant_auto;
DROP FUNCTION IF EXISTS prudent_tenant_auto();

CREATE FUNCTION prudent_tenant_protect_new() RETURNS void LANGUAGE plpgsql AS $$
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
END $$;
