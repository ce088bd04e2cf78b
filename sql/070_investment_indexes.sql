-- 070_investment_indexes: the indexes of investments, for what reads it at scale (issue 10).
--
-- A ratings import asks which authorities hold a deal with the counterparties whose ratings
-- changed. With an index on counterparty_id alone PostgreSQL read every deal of a widely held
-- bank (a scan of the whole table at 1.2M deals: 0.43 s); with (counterparty_id, authority_id)
-- it probes each authority once (25 ms). The same index serves every look-up by counterparty.
--
-- (authority_id, status) duplicated the unique (authority_id, ref) for every look-up by
-- authority, and each index is one more write per imported row: it goes.
CREATE INDEX investments_by_counterparty_authority ON investments (counterparty_id, authority_id);
DROP INDEX investments_by_counterparty;
DROP INDEX investments_by_authority;
