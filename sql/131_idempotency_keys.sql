-- 131_idempotency_keys: the Idempotency-Key of POST /api/v1/authorities/{code}/deals (docs/api.md),
-- so that a retried request (the answer was lost on the way back) returns the first answer and
-- never books twice. One row per authority, user and key: the hash of the request's body, then the
-- answer (status and body) once there is one. A row with no answer yet is a request in progress
-- (or one whose answer was never recorded: a retry is refused rather than booking again).
-- This is an operational record of requests, not part of the book: the row's answer is filled in
-- once, and a failed request's claim is deleted so that it may be retried.
CREATE TABLE idempotency_keys (
    authority_id bigint NOT NULL REFERENCES authorities(id),
    user_name    text NOT NULL,
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash text NOT NULL,
    status       int,
    answer       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    answered_at  timestamptz,
    PRIMARY KEY (authority_id, user_name, key)
);
SELECT prudent_tenant_table('idempotency_keys');
