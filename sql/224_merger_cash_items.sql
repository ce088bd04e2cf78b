-- 224_merger_cash_items: a merger moves the predecessors' cash-flow forecast items too
-- (docs/shared-services.md "A merger on a vesting day"; issue 22: "every deal, loan, account and
-- forecast item"). A forecast item live on the vesting day (dated on or after it, or repeating
-- past it) gets a transfer row of kind 'cash_item' whose holding_id is the item's number
-- (coalesce(origin, id), sql/195, so its amendments move with it). store/cash.c
-- (cash_items_load) reads the item's occurrences before the day in the predecessor's forecast and
-- from the day in the successor's. Nothing else changes: books without a transfer load as before.
ALTER TABLE holding_transfers DROP CONSTRAINT holding_transfers_kind_check;
ALTER TABLE holding_transfers ADD CONSTRAINT holding_transfers_kind_check
    CHECK (kind IN ('investment', 'loan', 'cash_item'));

-- The successor's users see the moved items (every row of each: its amendments too).
CREATE POLICY successor ON cash_items FOR SELECT
    USING (prudent_transferred_to_me('cash_item', coalesce(origin, id)));
