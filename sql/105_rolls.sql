-- 105_rolls: roll-overs of dated deals (interfaces.md "The book over time": `prudent deal roll`).
-- A roll reinvests a fixed, callable or other dated deal on its maturity date with the same
-- counterparty: the new deal is an ordinary investments row (start = the old maturity, same
-- type, booked pending and approved by a second officer like any deal), and this table links it
-- to the deal it rolls over. The old deal is not touched: it still ends at its maturity, so the
-- book as at any date is the same before and after the roll was recorded, except for the new
-- deal from its start.
--
-- Nothing is updated in place: the link is one row written with the new deal, in the same
-- transaction, recording when and by whom; rows are never changed or deleted (the trigger below).
-- A deal is rolled at most once while its roll stands: the service refuses a second roll unless
-- the new deal of the first was cancelled (rejected or withdrawn), under the old deal's row lock.
CREATE TABLE deal_rolls (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id  bigint NOT NULL REFERENCES authorities(id),
    investment_id bigint NOT NULL UNIQUE, -- the new deal
    rolled_from   bigint NOT NULL,        -- the deal it rolls over
    entered_at    timestamptz NOT NULL DEFAULT now(),
    entered_by    text NOT NULL,
    CHECK (investment_id <> rolled_from),
    FOREIGN KEY (investment_id, authority_id) REFERENCES investments (id, authority_id),
    FOREIGN KEY (rolled_from, authority_id) REFERENCES investments (id, authority_id)
);
CREATE INDEX deal_rolls_from ON deal_rolls (rolled_from);

SELECT prudent_tenant_table('deal_rolls');

CREATE TRIGGER deal_rolls_no_update BEFORE UPDATE OR DELETE ON deal_rolls
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change();
