-- 180_topup_rejections: a pending top-up turned down (interfaces.md "The book over time";
-- docs/api.md POST .../deals/REF/reject and .../withdraw). A top-up (a movements row of source
-- 'deal', kind 'deposit', sql/100) is pending until a second officer approves it; until then a
-- second officer may reject it, or the officer who recorded it may withdraw it, each with a
-- reason. Either is this new row: the movement itself is never updated, so the book as known at
-- any moment before the rejection still shows the top-up (pending, in exposure), and from the
-- rejection on it is gone from every figure. A top-up is approved or rejected, never both
-- (service/movement.c decides under the deal's row lock; the triggers below back it up).
CREATE TABLE movement_rejections (
    movement_id  bigint PRIMARY KEY REFERENCES movements(id),
    authority_id bigint NOT NULL REFERENCES authorities(id),
    action       text NOT NULL CHECK (action IN ('reject', 'withdraw')),
    reason       text NOT NULL CHECK (reason <> ''),
    rejected_at  timestamptz NOT NULL DEFAULT now(),
    rejected_by  text NOT NULL CHECK (rejected_by <> '')
);
SELECT prudent_tenant_table('movement_rejections');
CREATE TRIGGER movement_rejections_version_ins AFTER INSERT ON movement_rejections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_authorities();
SELECT prudent_append_only('movement_rejections', 'rejected_at'); -- refuses UPDATE and DELETE

-- Four eyes and the one decision, in the database too: a rejection is by another officer than
-- the recorder, a withdrawal by the recorder; an approved top-up is not rejected, nor a rejected
-- one approved.
CREATE FUNCTION prudent_movement_rejection_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    recorder text := (SELECT entered_by FROM movements WHERE id = NEW.movement_id);
BEGIN
    IF NEW.action = 'reject' AND recorder = NEW.rejected_by THEN
        RAISE EXCEPTION 'a top-up must be rejected by a different person from the one who recorded it';
    END IF;
    IF NEW.action = 'withdraw' AND recorder <> NEW.rejected_by THEN
        RAISE EXCEPTION 'only the officer who recorded a top-up may withdraw it';
    END IF;
    IF EXISTS (SELECT 1 FROM movement_approvals a WHERE a.movement_id = NEW.movement_id) THEN
        RAISE EXCEPTION 'top-up % is approved already', NEW.movement_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER movement_rejections_rules BEFORE INSERT ON movement_rejections
    FOR EACH ROW EXECUTE FUNCTION prudent_movement_rejection_rules();

CREATE FUNCTION prudent_movement_not_rejected() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM movement_rejections r WHERE r.movement_id = NEW.movement_id) THEN
        RAISE EXCEPTION 'top-up % was rejected or withdrawn: it cannot be approved', NEW.movement_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER movement_approvals_not_rejected BEFORE INSERT ON movement_approvals
    FOR EACH ROW EXECUTE FUNCTION prudent_movement_not_rejected();

-- The current movements leave out rejected and withdrawn top-ups (same columns as sql/080, so
-- the views over it, book_movements among them, stay as they are), and so does the twin that
-- --as-known-at reads: a rejection is known from its rejected_at.
CREATE OR REPLACE VIEW current_movements WITH (security_invoker = true) AS
    SELECT m.* FROM movements m
    WHERE NOT EXISTS (SELECT 1 FROM movements s WHERE s.supersedes = m.id)
      AND NOT EXISTS (SELECT 1 FROM movement_rejections r WHERE r.movement_id = m.id);
CREATE OR REPLACE VIEW prudent_known.current_movements WITH (security_invoker = true) AS
    SELECT m.* FROM prudent_known.movements m
    WHERE NOT EXISTS (SELECT 1 FROM prudent_known.movements s WHERE s.supersedes = m.id)
      AND NOT EXISTS (SELECT 1 FROM prudent_known.movement_rejections r WHERE r.movement_id = m.id);
