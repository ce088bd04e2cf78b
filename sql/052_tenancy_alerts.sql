-- 052_tenancy_alerts: row-level security for the alert outbox (035_alert_deliveries): a delivery
-- is visible when its alert is (its authority's, or a shared feed alert). See 051_tenancy.sql.
SELECT prudent_tenant_table_via('alert_deliveries', 'alert_id', 'alerts');
