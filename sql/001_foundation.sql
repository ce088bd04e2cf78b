-- 001_foundation: authorities, and the append-only audit trail every later change writes into.

CREATE TABLE authorities (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,16}$'),
    name       text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The audit trail: who changed what, when, before and after. Rows are chained: each row's hash is
-- sha256(previous hash || the row's canonical text), assigned under a lock on audit_head so the
-- chain has one order (seq) however many transactions write at once. UPDATE, DELETE and TRUNCATE
-- are refused by triggers; `prudent audit verify` recomputes the chain.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq          bigint NOT NULL UNIQUE,
    at           timestamptz NOT NULL,
    actor        text NOT NULL,
    authority_id bigint REFERENCES authorities(id),
    entity       text NOT NULL,          -- deal, loan, counterparty, rating, strategy, user...
    entity_key   text NOT NULL,          -- its code or ref
    action       text NOT NULL,          -- insert, update, cancel, approve, suspend...
    before       jsonb,
    after        jsonb,
    reason       text,
    prev_hash    bytea NOT NULL,
    hash         bytea NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key);

CREATE TABLE audit_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq  bigint NOT NULL,
    hash bytea NOT NULL
);
INSERT INTO audit_head VALUES (true, 0, ''::bytea);

-- The canonical text of an audit row, hashed into the chain. Timestamps as epoch microseconds so
-- the text does not depend on the session's TimeZone.
CREATE FUNCTION audit_row_hash(prev bytea, seq bigint, at timestamptz, actor text,
                               authority_id bigint, entity text, entity_key text, action text,
                               before jsonb, after jsonb, reason text)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(prev || convert_to(concat_ws(chr(31),
        seq::text, (extract(epoch FROM at) * 1000000)::bigint::text, actor,
        coalesce(authority_id::text, ''), entity, entity_key, action,
        coalesce(before::text, ''), coalesce(after::text, ''), coalesce(reason, '')), 'UTF8'))
$$;

CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    h audit_head%ROWTYPE;
BEGIN
    SELECT * INTO h FROM audit_head FOR UPDATE;
    NEW.seq := h.seq + 1;
    NEW.at := clock_timestamp();
    NEW.prev_hash := h.hash;
    NEW.hash := audit_row_hash(h.hash, NEW.seq, NEW.at, NEW.actor, NEW.authority_id, NEW.entity,
                               NEW.entity_key, NEW.action, NEW.before, NEW.after, NEW.reason);
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash;
    RETURN NEW;
END $$;

CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
