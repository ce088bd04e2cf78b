-- 165_shared_alert_acks: a shared alert (a feed's, authority_id NULL, seen by every authority) is
-- acknowledged per authority (issue 19, item 10): an officer of authority A acknowledging it
-- acknowledges it for A only, and the other authorities neither see it acknowledged nor learn A's
-- officer's name. One row per alert and authority, written once (append-only); the alert itself
-- stays open for the others. An authority's own alerts are acknowledged on the alerts row as before.
CREATE TABLE alert_acks (
    alert_id        bigint NOT NULL REFERENCES alerts(id),
    authority_id    bigint NOT NULL REFERENCES authorities(id),
    acknowledged_by text NOT NULL,
    acknowledged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (alert_id, authority_id)
);
SELECT prudent_tenant_table('alert_acks');
SELECT prudent_append_only('alert_acks', 'acknowledged_at');
