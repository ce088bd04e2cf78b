-- 211_known_alerts_rates: alerts and rate observations as known at a moment, so that a report
-- made --as-known-at a moment (and `prudent report reproduce`, sql/210) shows the alerts and the
-- benchmark rates as they were then, not as they are now (docs/as-known-at.md).
--
-- Neither table keeps full history, but each records enough to rebuild what was known at K
-- (prudent_known_at(), sql/115):
-- * alerts: a row is known from raised_at; its state at K follows from acknowledged_at and
--   resolved_at (an acknowledgement or a resolution after K is left out; a row whose timestamps
--   are both empty keeps its state). Its details and last_raised_at are as now: a live alert's
--   refresh rewrites them (store/alert.c), and their earlier values were never kept.
-- * rate_observations: a row is known from first_seen; a value revised after K is seen with the
--   value it had then (the old_value of the first revision after K, rate_revisions, sql/040).
-- The views list every column of their table (a column added to either table later must be
-- added here too, in a new migration, like a versioned table's view, sql/115).

CREATE VIEW prudent_known.alerts WITH (security_invoker = true) AS
SELECT t.id, t.authority_id, t.kind, t.subject,
       CASE WHEN t.resolved_at <= prudent_known_at() THEN 'resolved'
            WHEN t.acknowledged_at <= prudent_known_at() THEN 'acknowledged'
            WHEN t.resolved_at IS NULL AND t.acknowledged_at IS NULL THEN t.state
            ELSE 'open' END AS state,
       t.passive, t.details, t.raised_at,
       CASE WHEN t.acknowledged_at IS NULL OR t.acknowledged_at <= prudent_known_at()
            THEN t.acknowledged_by END AS acknowledged_by,
       CASE WHEN t.acknowledged_at <= prudent_known_at() THEN t.acknowledged_at END AS acknowledged_at,
       CASE WHEN t.resolved_at <= prudent_known_at() THEN t.resolved_at END AS resolved_at,
       t.last_raised_at
FROM public.alerts t
WHERE t.raised_at <= prudent_known_at();

CREATE VIEW prudent_known.rate_observations WITH (security_invoker = true) AS
SELECT t.series, t.date,
       coalesce((SELECT r.old_value FROM public.rate_revisions r
                 WHERE r.series = t.series AND r.date = t.date AND r.revised_at > prudent_known_at()
                 ORDER BY r.id LIMIT 1), t.value) AS value,
       t.feed, t.first_seen,
       (SELECT max(r.revised_at) FROM public.rate_revisions r
        WHERE r.series = t.series AND r.date = t.date AND r.revised_at <= prudent_known_at()) AS revised_at
FROM public.rate_observations t
WHERE t.first_seen <= prudent_known_at();

GRANT SELECT ON prudent_known.alerts, prudent_known.rate_observations TO prudent_service;
