-- 211_known_alerts_rates: rate observations (alerts: sql/181) as known at a moment, so that a report
-- made --as-known-at a moment (and `prudent report reproduce`, sql/210) shows the alerts and the
-- benchmark rates as they were then, not as they are now (docs/as-known-at.md).
--
-- Neither table keeps full history, but each records enough to rebuild what was known at K
-- (prudent_known_at(), sql/115):
-- * alerts: kept by sql/181 (alerts_history, prudent_known.alerts and alert_documents), with
--   their state and details as they were at K.
-- * rate_observations: a row is known from first_seen; a value revised after K is seen with the
--   value it had then (the old_value of the first revision after K, rate_revisions, sql/040).
-- The views list every column of their table (a column added to either table later must be
-- added here too, in a new migration, like a versioned table's view, sql/115).

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

GRANT SELECT ON prudent_known.rate_observations TO prudent_service;
