-- 065_change_versions: a version number per authority's lending data and one for the shared
-- universe, bumped in the same transaction as every change, so that a reader can tell with one
-- cheap query whether what it loaded earlier is still exactly what is committed.
--
-- scope 0 is the shared universe (counterparties, ratings); scope N > 0 is authority N's lending
-- data (investments, loans, counterparty_actions, strategies). The HTTP service caches what the
-- pre-deal check needs (store/lending_cache.h) and reloads a part only when its version moved;
-- recompute loads many authorities at once and reuses what it loaded while the version holds. A version
-- is bumped by statement-level triggers, so a bulk import bumps it once per statement; the row
-- lock it takes serialises writers of one authority until they commit, which is what makes
-- "version v" name exactly one committed state.
--
-- The column is called scope rather than authority_id on purpose: the rows hold no data of an
-- authority (a counter only), and the service role may read all of them.

CREATE TABLE change_versions (
    scope bigint PRIMARY KEY,
    version bigint NOT NULL
);

-- Bump scope 0: counterparties or ratings changed.
CREATE FUNCTION prudent_bump_universe() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO change_versions AS v (scope, version) VALUES (0, 1)
        ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END $$;

-- Bump every authority the statement's rows belong to (in id order, so two statements touching
-- the same authorities never deadlock on these rows).
CREATE FUNCTION prudent_bump_authorities() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO change_versions AS v (scope, version)
            SELECT DISTINCT authority_id, 1 FROM new_rows WHERE authority_id IS NOT NULL ORDER BY 1
            ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO change_versions AS v (scope, version)
            SELECT a, 1 FROM (SELECT authority_id FROM new_rows UNION SELECT authority_id FROM old_rows) s(a)
            WHERE a IS NOT NULL ORDER BY 1
            ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
    ELSE
        INSERT INTO change_versions AS v (scope, version)
            SELECT DISTINCT authority_id, 1 FROM old_rows WHERE authority_id IS NOT NULL ORDER BY 1
            ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER counterparties_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counterparties
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_universe();
CREATE TRIGGER ratings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ratings
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_universe();

CREATE TRIGGER investments_version_ins AFTER INSERT ON investments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER investments_version_upd AFTER UPDATE ON investments
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER investments_version_del AFTER DELETE ON investments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();

CREATE TRIGGER counterparty_actions_version_ins AFTER INSERT ON counterparty_actions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER counterparty_actions_version_upd AFTER UPDATE ON counterparty_actions
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER counterparty_actions_version_del AFTER DELETE ON counterparty_actions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();

CREATE TRIGGER strategies_version_ins AFTER INSERT ON strategies
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER strategies_version_upd AFTER UPDATE ON strategies
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER strategies_version_del AFTER DELETE ON strategies
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();

CREATE TRIGGER loans_version_ins AFTER INSERT ON loans
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER loans_version_upd AFTER UPDATE ON loans
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER loans_version_del AFTER DELETE ON loans
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();

-- A TRUNCATE has no transition table: bump every authority's version.
CREATE FUNCTION prudent_bump_all_authorities() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE change_versions SET version = version + 1 WHERE scope > 0;
    RETURN NULL;
END $$;
CREATE TRIGGER investments_version_trunc AFTER TRUNCATE ON investments
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();
CREATE TRIGGER counterparty_actions_version_trunc AFTER TRUNCATE ON counterparty_actions
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();
CREATE TRIGGER strategies_version_trunc AFTER TRUNCATE ON strategies
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();
CREATE TRIGGER loans_version_trunc AFTER TRUNCATE ON loans
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();

-- The service reads the versions; only the triggers (as the owner) write them.
REVOKE ALL ON change_versions FROM prudent_service;
GRANT SELECT ON change_versions TO prudent_service;

