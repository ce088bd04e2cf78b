-- 060_web_sessions: the web pages' sign-in sessions, kept in the database so that they survive a
-- restart of `prudent serve` (and are shared by its worker threads). A session is opened when an
-- officer exchanges their token for a cookie (POST /api/v1/session, src/http/web.c).
--
-- Only hashes are stored: id_hash is the BLAKE2b-256 hash of the cookie's random 256-bit value
-- and csrf_hash that of the session's CSRF token (itself derived from the cookie's value with a
-- keyed BLAKE2b, so it is never stored), as users.token_hash keeps only a hash of the token. A
-- stolen backup therefore yields no usable cookie.
--
-- A session ends when it has not been used for idle_seconds (touched at most once a minute),
-- at expires_at whatever its use (the absolute limit), on sign-out (its row is deleted), when the
-- user is revoked or given a new token (user.c deletes the user's rows). Expired rows are purged
-- at each sign-in.
--
-- Row-level security: this table holds no authority (a session is a user's, and a user may cover
-- several authorities or all of them), so prudent_tenant_table() does not apply. Like users it
-- is read before the service drops to prudent_service (authentication happens first, as the
-- owner), so the service role gets no rights on it at all, and row-level security is enabled
-- with no policy: nothing is visible to any non-owner. That also keeps prudent_tenant_gaps()
-- empty (the table references users, which has row-level security).

CREATE TABLE web_sessions (
    id_hash      bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    csrf_hash    bytea NOT NULL CHECK (length(csrf_hash) = 32),
    user_id      bigint NOT NULL REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    idle_seconds integer NOT NULL CHECK (idle_seconds > 0),
    expires_at   timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

REVOKE ALL ON web_sessions FROM prudent_service;
ALTER TABLE web_sessions ENABLE ROW LEVEL SECURITY;  -- and no policy: nothing for non-owners
