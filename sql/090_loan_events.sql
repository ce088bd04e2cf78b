-- 090_loan_events: what happened to a loan after it was taken, one row per event, never updated:
-- a PWLB premature repayment (whole or part, with the premium or discount computed at its date),
-- a LOBO lender's option (a new rate from the date) or a LOBO repaid at par (the borrower declined
-- the lender's new rate). Every figure as at a date A follows the events dated on or before A
-- (src/core/loan_events.h). A correction is a new row that names the row it supersedes; a
-- superseded row no longer counts but stays, so the book as known at any moment can be rebuilt.
CREATE TABLE loan_events (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id     bigint NOT NULL REFERENCES authorities(id),
    loan_id          bigint NOT NULL REFERENCES loans(id),
    kind             text NOT NULL CHECK (kind IN ('repaid', 'rate_change', 'repaid_at_par')),
    event_date       date NOT NULL,
    amount           numeric(20,2) NOT NULL DEFAULT 0 CHECK (amount >= 0), -- principal repaid
    rate             numeric(12,6),             -- rate_change: the new rate; repaid: the repayment rate
    premium          numeric(20,2),             -- repaid: premium (> 0) or discount (< 0)
    accrued_interest numeric(20,2),
    settlement       numeric(20,2),
    entered_at       timestamptz NOT NULL DEFAULT now(),
    entered_by       text NOT NULL CHECK (entered_by <> ''),
    reason           text,
    supersedes       bigint REFERENCES loan_events(id),
    CHECK (kind <> 'rate_change' OR rate IS NOT NULL),
    CHECK (kind <> 'repaid' OR (amount > 0 AND rate IS NOT NULL AND premium IS NOT NULL))
);
CREATE INDEX loan_events_by_authority ON loan_events (authority_id, loan_id, event_date);

-- Append-only: an event is corrected by a new row, never edited or removed.
CREATE TRIGGER loan_events_no_update BEFORE UPDATE OR DELETE ON loan_events
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change(); -- sql/080

-- Row-level security like every per-authority table (sql/051).
SELECT prudent_tenant_table('loan_events');

-- A new event changes the authority's book: bump its version and notify (sql/065, sql/072).
CREATE TRIGGER loan_events_version_ins AFTER INSERT ON loan_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER loan_events_version_trunc AFTER TRUNCATE ON loan_events
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();
