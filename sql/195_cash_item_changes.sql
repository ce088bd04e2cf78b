-- 195_cash_item_changes: forecast items added, amended and cancelled one at a time
-- (`prudent cashflow add|amend|cancel`, POST .../cashflow/items; docs/cash.md "One item at a time").
--
-- Nothing is updated in place: an amendment is a new cash_items row that supersedes the current
-- one (sql/140 has the column), and a cancellation is a new row that supersedes it with
-- cancelled = true (a copy of the item's terms, so the row says what was cancelled). Each records
-- who (entered_by) and when (entered_at), and why (reason, '' when none given).
--
-- An item keeps its number through its amendments: origin is the id of the item's first row
-- (NULL on a first row), so the forecast's ref CF<n> (n = coalesce(origin, id)) and the
-- reconciliation's "forecast against actual" stay with the item. current_cash_items lists the
-- current rows that are not cancelled.

ALTER TABLE cash_items
    ADD COLUMN origin    bigint REFERENCES cash_items(id),
    ADD COLUMN cancelled boolean NOT NULL DEFAULT false,
    ADD COLUMN reason    text NOT NULL DEFAULT '',
    ADD CHECK ((origin IS NULL) = (supersedes IS NULL));

CREATE OR REPLACE VIEW current_cash_items WITH (security_invoker = true) AS
    SELECT i.id, i.authority_id, i.account, i.date, i.amount, i.category, i.description, i.repeat, i.until,
           i.entered_at, i.entered_by, i.supersedes, i.origin, i.cancelled, i.reason
    FROM cash_items i
    WHERE NOT i.cancelled AND NOT EXISTS (SELECT 1 FROM cash_items s WHERE s.supersedes = i.id);

-- "As known at" (sql/115): the twin of cash_items follows the new columns, and current_cash_items
-- gets a twin over it, so a read as known at a moment sees the items as they were then.
SELECT prudent_append_only('cash_items');

CREATE VIEW prudent_known.current_cash_items WITH (security_invoker = true) AS
    SELECT i.id, i.authority_id, i.account, i.date, i.amount, i.category, i.description, i.repeat, i.until,
           i.entered_at, i.entered_by, i.supersedes, i.origin, i.cancelled, i.reason
    FROM prudent_known.cash_items i
    WHERE NOT i.cancelled AND NOT EXISTS (SELECT 1 FROM prudent_known.cash_items s WHERE s.supersedes = i.id);
GRANT SELECT ON prudent_known.current_cash_items TO prudent_service;
