-- 035_alert_deliveries: the outbox of alert notifications (log line, webhook, e-mail).
--
-- alert_raise (src/store/alert.c) inserts one row per configured channel in the same transaction
-- that opens the alert, and alert_resolve one per channel that wants resolutions, so a
-- notification exists exactly when its alert does. `prudent alerts deliver` (and the service's
-- background thread) sends due rows, each claimed with SELECT ... FOR UPDATE SKIP LOCKED so two
-- deliverers never send the same row at the same time. A failed attempt is retried with
-- exponential backoff; after max_attempts the row is 'failed' and can be requeued. Deleting or
-- failing a delivery never touches its alert.

ALTER TABLE alerts ADD COLUMN last_raised_at timestamptz;  -- last refresh of a live alert

CREATE TABLE alert_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id        bigint NOT NULL REFERENCES alerts(id),
    event           text NOT NULL CHECK (event IN ('raised', 'resolved')),
    channel         text NOT NULL CHECK (channel IN ('log', 'webhook', 'email')),
    channel_name    text NOT NULL,          -- the channel's name in the configuration
    target          text NOT NULL,          -- '-' (log), the webhook URL, or the SMTP URL
    settings        jsonb NOT NULL DEFAULT '{}', -- the channel's configuration when enqueued
    state           text NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts    integer NOT NULL DEFAULT 12 CHECK (max_attempts >= 1),
    backoff_seconds integer NOT NULL DEFAULT 30 CHECK (backoff_seconds >= 1),
    max_backoff_seconds integer NOT NULL DEFAULT 3600 CHECK (max_backoff_seconds >= 1),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (alert_id, event, channel_name),
    CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);
-- The deliverer's queue: pending rows by due time.
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX alert_deliveries_by_alert ON alert_deliveries (alert_id);

-- One alert as the JSON document every front end shows (the alerts view, webhook payloads,
-- e-mails, log lines): built once here so they never disagree. json (not jsonb) keeps the
-- fields in this order.
CREATE VIEW alert_documents AS
SELECT a.id, a.authority_id, a.state, a.raised_at,
    json_build_object(
        'id', a.id,
        'kind', a.kind,
        'subject', a.subject,
        'state', a.state,
        'raised_at', to_char(a.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'authority', au.code,
        'authority_name', au.name,
        'passive', a.passive,
        'details', a.details,
        'last_raised_at', to_char(a.last_raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'acknowledged_by', a.acknowledged_by,
        'acknowledged_at', to_char(a.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'resolved_at', to_char(a.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'deliveries', (SELECT json_build_object(
                           'pending', count(*) FILTER (WHERE d.state = 'pending'),
                           'delivered', count(*) FILTER (WHERE d.state = 'delivered'),
                           'failed', count(*) FILTER (WHERE d.state = 'failed'))
                       FROM alert_deliveries d WHERE d.alert_id = a.id)
    ) AS doc
FROM alerts a LEFT JOIN authorities au ON au.id = a.authority_id;
