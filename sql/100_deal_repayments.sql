-- 100_deal_repayments: money back before maturity on a dated deal, and the second officer's
-- approval of a top-up of an account (interfaces.md "The book over time": `prudent deal repay`,
-- `prudent deal top-up`; docs/computations.md "Principal at a date").
--
-- deal_repayments: one row per early repayment of a dated deal (fixed, cd, bond, ...), whole or
-- part, from its date. The investments row keeps the original terms; the principal at A is the
-- principal less the repayments dated on or before A, and a deal repaid whole is not held from
-- its date. A break cost, when the counterparty charges one, is kept beside the repayment. A
-- repayment reduces risk, so it takes effect when recorded (no approval); who and why are here
-- and in audit_log. Nothing is updated in place: a correction is a new row that supersedes.
CREATE TABLE deal_repayments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id  bigint NOT NULL REFERENCES authorities(id),
    investment_id bigint NOT NULL,
    date          date NOT NULL,
    amount        numeric(20,2) NOT NULL CHECK (amount > 0),
    break_cost    numeric(20,2) CHECK (break_cost >= 0),
    reason        text NOT NULL DEFAULT '',
    entered_at    timestamptz NOT NULL DEFAULT now(),
    entered_by    text NOT NULL CHECK (entered_by <> ''),
    supersedes    bigint REFERENCES deal_repayments(id),
    FOREIGN KEY (investment_id, authority_id) REFERENCES investments (id, authority_id)
);
CREATE INDEX deal_repayments_by_authority ON deal_repayments (authority_id, investment_id, date);
CREATE UNIQUE INDEX deal_repayments_superseded ON deal_repayments (supersedes) WHERE supersedes IS NOT NULL;

CREATE TRIGGER deal_repayments_no_update BEFORE UPDATE OR DELETE ON deal_repayments
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change(); -- sql/080
SELECT prudent_tenant_table('deal_repayments');
CREATE TRIGGER deal_repayments_version_ins AFTER INSERT ON deal_repayments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
CREATE TRIGGER deal_repayments_version_trunc AFTER TRUNCATE ON deal_repayments
    FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_all_authorities();

-- movement_approvals: a top-up (a movements row with source 'deal' and kind 'deposit') is pending
-- until a second officer approves it; the approval is this new row, the movement is never
-- updated. A pending top-up counts in exposure at once, like a pending deal.
CREATE TABLE movement_approvals (
    movement_id  bigint PRIMARY KEY REFERENCES movements(id),
    authority_id bigint NOT NULL REFERENCES authorities(id),
    approved_at  timestamptz NOT NULL DEFAULT now(),
    approved_by  text NOT NULL CHECK (approved_by <> '')
);
CREATE TRIGGER movement_approvals_no_update BEFORE UPDATE OR DELETE ON movement_approvals
    FOR EACH ROW EXECUTE FUNCTION prudent_refuse_change();
SELECT prudent_tenant_table('movement_approvals');
CREATE TRIGGER movement_approvals_version_ins AFTER INSERT ON movement_approvals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();

-- Four eyes in the database too (like investments' CHECK approved_by <> booked_by): the approver
-- of a top-up is never the officer who recorded it.
CREATE FUNCTION prudent_movement_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM movements m WHERE m.id = NEW.movement_id AND m.entered_by = NEW.approved_by) THEN
        RAISE EXCEPTION 'a top-up must be approved by a different person from the one who recorded it';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER movement_approvals_four_eyes BEFORE INSERT ON movement_approvals
    FOR EACH ROW EXECUTE FUNCTION prudent_movement_four_eyes();

-- What every figure at a date reads (store/movement.c movements_load): the accounts' current
-- movements and, as withdrawals of principal, the dated deals' current repayments. The balance
-- of an account and the principal of a dated deal at A are then one formula (core/balance.h).
CREATE VIEW book_movements WITH (security_invoker = true) AS
    SELECT m.id, m.authority_id, m.investment_id, m.date, m.kind, m.amount, m.note
    FROM current_movements m
    UNION ALL
    SELECT r.id, r.authority_id, r.investment_id, r.date, 'withdrawal', r.amount, r.reason
    FROM deal_repayments r
    WHERE NOT EXISTS (SELECT 1 FROM deal_repayments s WHERE s.supersedes = r.id);
