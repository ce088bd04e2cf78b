-- 130_audit_writes: audit rows are written by the database, not by an INSERT the service's role
-- may make (issue 19, item 5). The request role prudent_service loses INSERT on audit_log and
-- UPDATE on audit_head (before, anyone acting as it could append a row that chained and verified
-- as intact, or move the head); it records a change through audit_write(), which runs as the
-- owner and writes the row only
--   - in a transaction that has itself changed something already (the audited change: a
--     transaction that wrote nothing has no transaction id yet), and
--   - with the request's user as the actor (prudent.user, set with the scope: the service cannot
--     record a change in someone else's name), and
--   - for an authority of the request's scope (or shared data), as the policy tenant_write said.
-- The chain itself is still assigned by the trigger audit_chain (001_foundation). The owner (the
-- CLI, migrations, background jobs) writes through the same function (store/audit.c).
CREATE FUNCTION audit_write(p_actor text, p_authority_id bigint, p_entity text, p_key text,
                            p_action text, p_before jsonb, p_after jsonb, p_reason text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    -- the caller's SET ROLE (inside this function current_user is the owner)
    as_service boolean := current_setting('role', true) = 'prudent_service';
    req_user text := nullif(current_setting('prudent.user', true), '');
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

REVOKE ALL ON FUNCTION audit_write(text, bigint, text, text, text, jsonb, jsonb, text) FROM PUBLIC;
GRANT ALL ON FUNCTION audit_write(text, bigint, text, text, text, jsonb, jsonb, text) TO prudent_service;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM prudent_service;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_head FROM prudent_service;
