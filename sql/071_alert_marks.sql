-- 071_alert_marks: the data versions (sql/065) and date at which each authority's alerts were
-- last brought into line. A recompute writes its authority's mark in its own transaction, and a
-- ratings import the marks of every authority it recomputed, in the import's transaction. The
-- service, told of a change (LISTEN prudent_change), then skips each authority whose mark is
-- still the committed versions at today's date: after a ratings import that is every authority
-- the import already recomputed, where before the service recomputed them all again.
--
-- A mark is written with the versions read under the authority's recompute lock, before its
-- data is read, so it never claims more than what was evaluated: at worst an authority is
-- recomputed once more than needed. `prudent recompute` and the service's daily and start-up
-- runs ignore the marks and recompute everything.
--
-- Named scope, like change_versions: the rows hold counters, no data of an authority.
CREATE TABLE alert_marks (
    scope bigint PRIMARY KEY,
    universe_version bigint NOT NULL,
    authority_version bigint NOT NULL,
    as_of date NOT NULL
);
