-- 072_change_notify: NOTIFY prudent_change once per statement and authority, from the
-- statement-level version triggers of sql/065, instead of once per row from the row triggers of
-- sql/051. Those turned every inserted row into JSON to find its authority: 3,000 calls for an
-- import of 3,000 deals (about 14 ms of it), where the version trigger already has the distinct
-- authorities of the statement's rows. The payloads are the same: the authority's id, or ''
-- for shared data (counterparties and ratings keep their statement triggers of sql/051).
CREATE OR REPLACE FUNCTION prudent_bump_authorities() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT authority_id ORDER BY authority_id) INTO ids
            FROM new_rows WHERE authority_id IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(a ORDER BY a) INTO ids
            FROM (SELECT authority_id FROM new_rows UNION SELECT authority_id FROM old_rows) s(a)
            WHERE a IS NOT NULL;
    ELSE
        SELECT array_agg(DISTINCT authority_id ORDER BY authority_id) INTO ids
            FROM old_rows WHERE authority_id IS NOT NULL;
    END IF;
    -- in id order, so two statements touching the same authorities never deadlock on these rows
    INSERT INTO change_versions AS v (scope, version)
        SELECT a, 1 FROM unnest(ids) AS a ORDER BY 1
        ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
    PERFORM pg_notify('prudent_change', a::text) FROM unnest(ids) AS a;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION prudent_bump_all_authorities() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE change_versions SET version = version + 1 WHERE scope > 0;
    PERFORM pg_notify('prudent_change', '');
    RETURN NULL;
END $$;

DROP TRIGGER investments_change ON investments;
DROP TRIGGER loans_change ON loans;
DROP TRIGGER strategies_change ON strategies;
DROP TRIGGER counterparty_actions_change ON counterparty_actions;
