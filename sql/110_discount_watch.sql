-- 110_discount_watch: new or revised PWLB premature repayment rates (series pwlb_repayment_*,
-- docs/feeds.md) change the discount watch of every authority with PWLB loans, so the statement
-- that stores them bumps every authority's version and notifies prudent_change '' (as other
-- shared changes do, sql/072's prudent_bump_all_authorities): the service then recomputes, and
-- the loan.in_discount rule (service/discount_alerts.h) raises or resolves its alerts. Other
-- series (Bank Rate, SONIA, new-loan rates) change no alert and bump nothing.
CREATE FUNCTION prudent_repayment_rates_changed() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows WHERE series LIKE 'pwlb\_repayment\_%') THEN
        UPDATE change_versions SET version = version + 1 WHERE scope > 0;
        PERFORM pg_notify('prudent_change', '');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER rate_observations_repayment_ins AFTER INSERT ON rate_observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_repayment_rates_changed();
CREATE TRIGGER rate_observations_repayment_upd AFTER UPDATE ON rate_observations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_repayment_rates_changed();
