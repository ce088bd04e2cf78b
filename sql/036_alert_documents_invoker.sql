-- 036_alert_documents_invoker: the alert_documents view reads alerts and alert_deliveries with
-- the rights of whoever queries it, so the row-level security of those tables (the service's
-- tenant isolation) applies through the view as well.
ALTER VIEW alert_documents SET (security_invoker = true);
