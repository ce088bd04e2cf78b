-- 265_merger_cash_item_changes: the successor changes the forecast items a merger moved to it
-- (docs/shared-services.md "A merger on a vesting day"). An amendment or cancellation is a new
-- cash_items row (sql/195) that keeps the item's own authority_id (its predecessor's), so the
-- loaders find it as before; store/cash.c reads the predecessor's part as the item stood when the
-- merger was entered, the successor's as it is now. The tenant policy lets a user write rows of
-- their own authorities only: this one lets the successor's users write the rows superseding a
-- moved item (never a first row), as the CLI (the tables' owner) does.
CREATE POLICY successor_change ON cash_items FOR INSERT
    WITH CHECK (origin IS NOT NULL AND prudent_transferred_to_me('cash_item', origin));
