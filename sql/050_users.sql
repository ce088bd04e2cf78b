-- 050_users: the people and systems that use the HTTP API. A user has one role (viewer < dealer <
-- approver < admin, each including the ones before it) and is scoped to some authorities, or to
-- all of them (admins only). Tokens are 256 random bits shown once at creation; only their
-- BLAKE2b hash is kept. Revoked users stay (the audit trail names them) but can no longer sign in.

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$'),
    role            text NOT NULL CHECK (role IN ('viewer', 'dealer', 'approver', 'admin')),
    all_authorities boolean NOT NULL DEFAULT false,
    token_hash      bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL,
    revoked_at      timestamptz,
    revoked_by      text,
    CHECK (NOT all_authorities OR role = 'admin')
);

CREATE TABLE user_authorities (
    user_id      bigint NOT NULL REFERENCES users(id),
    authority_id bigint NOT NULL REFERENCES authorities(id),
    PRIMARY KEY (user_id, authority_id)
);
