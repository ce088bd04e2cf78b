-- 245_owner_role: prudent_role_gaps() also reports the owner being a superuser (issue 19, item 6,
-- step 1; docs/hardening.md "Database roles").
--
-- Since this change the embedded cluster's bootstrap superuser is prudent_admin (store/cluster.c),
-- used only for cluster-level work; the database and every object in it belong to prudent, which
-- the CLI, the migrations and the service's owner connection log in as: LOGIN CREATEDB, no
-- superuser, no BYPASSRLS, no CREATEROLE (which in PostgreSQL 15 could grant itself
-- pg_execute_server_program and so reach the server's account). The owner of the tables still
-- passes their row-level security (no FORCE ROW LEVEL SECURITY): it is the operator's role.
-- A cluster made before (the owner its initdb superuser) keeps working; this lists the owner then,
-- and docs/operations.md "Moving the owner off the superuser" says how to move.
--
-- The owner is the owner of schema_migrations (what the migrations ran as), whatever its name.
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
    SELECT 'owner ' || o.rolname || ': ' || concat_ws(', ', CASE WHEN o.rolsuper THEN 'superuser' END,
                                                     CASE WHEN o.rolbypassrls THEN 'bypasses row-level security' END,
                                                     CASE WHEN o.rolcreaterole THEN 'may create roles' END)
    FROM pg_class c JOIN pg_roles o ON o.oid = c.relowner
    WHERE c.oid = to_regclass('public.schema_migrations')
      AND (o.rolsuper OR o.rolbypassrls OR o.rolcreaterole)
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
