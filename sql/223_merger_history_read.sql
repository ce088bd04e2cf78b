-- 223_merger_history_read: the successor's users read the earlier versions of the holdings moved
-- to it (docs/shared-services.md "Tenancy of a merger"). sql/215 lets them see a moved deal or
-- loan (the `successor` policies) but not its rows in investments_history and loans_history
-- (sql/115), so reading the successor's book as known at a moment after the merger showed a
-- moved holding changed since as missing. The same read-only policy on the history tables; the
-- predecessor's users keep their own (tenant) policy.
CREATE POLICY successor ON investments_history FOR SELECT USING (prudent_transferred_to_me('investment', id));
CREATE POLICY successor ON loans_history FOR SELECT USING (prudent_transferred_to_me('loan', id));
