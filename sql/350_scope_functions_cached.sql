-- The request's scope functions in PL/pgSQL: the same answers as sql/185's, planned once a
-- session instead of once a statement.
--
-- Row-level security calls prudent_authority_ids() in every protected table's policy. As a
-- SECURITY DEFINER SQL function with its own search_path it is never inlined, and a SQL
-- function's body is planned afresh for each statement that calls it: about 0.08 ms a statement
-- (pgbench -M prepared of one call: 0.20 ms against 0.12 ms). PL/pgSQL keeps the plans of its
-- expressions for the session. A forecast runs a dozen protected reads; on the bench's small
-- ten-year book the database's cpu for 100 forecasts fell from 850 and 880 ms to 640 and 510 ms
-- with the answers byte for byte the same (docs/performance.md, "The scope functions", session
-- 12). prudent_request_user() (the audit's actor, every change) is the same kind of function.
-- Owner, SECURITY DEFINER, search_path and what each returns are unchanged.

CREATE OR REPLACE FUNCTION prudent_authority_ids() RETURNS bigint[] LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF prudent_is_app_session() THEN
        RETURN coalesce((SELECT authority_ids FROM request_grants WHERE pid = pg_backend_pid()), '{}');
    END IF;
    RETURN coalesce(nullif(current_setting('prudent.authority_ids', true), ''), '{}')::bigint[];
END $$;

CREATE OR REPLACE FUNCTION prudent_request_user() RETURNS text LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF prudent_is_app_session() THEN
        RETURN (SELECT user_name FROM request_grants WHERE pid = pg_backend_pid());
    END IF;
    RETURN nullif(current_setting('prudent.user', true), '');
END $$;
