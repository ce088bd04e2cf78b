-- 215_mergers: a merger of authorities on a vesting day (docs/shared-services.md "A merger on a
-- vesting day"). `prudent authority merge --into NEW --from A,B --on DATE` records one merger,
-- its predecessors (with the head of each one's audit trail, which the successor's trail commits
-- to) and one transfer per holding live on DATE. Nothing is copied or updated in place: a holding
-- keeps its row, its ref and its history under the predecessor; the transfer says that from
-- transfer_date it is the successor's (under `ref`, prefixed when the plain ref clashes). The book
-- loaders (store/book.c, store/movement.c) read a holding under its holder at the date they load:
-- the predecessor before transfer_date, the successor from it.
--
-- All three tables are append-only, known from entered_at (sql/115), so as known at a moment
-- before the merger nothing has moved.

CREATE TABLE authority_mergers (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id bigint NOT NULL UNIQUE REFERENCES authorities(id),  -- the successor
    vesting_date date NOT NULL,
    entered_at   timestamptz NOT NULL DEFAULT now(),
    entered_by   text NOT NULL
);
SELECT prudent_tenant_table('authority_mergers');

CREATE TABLE merger_predecessors (
    merger_id    bigint NOT NULL REFERENCES authority_mergers(id),
    authority_id bigint NOT NULL UNIQUE REFERENCES authorities(id),  -- merged once only
    head_seq     bigint NOT NULL,   -- the predecessor's latest audit row at the merger (0: none)
    head_hash    text NOT NULL,     -- its hash, hex ('' when none)
    entered_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merger_id, authority_id)
);
SELECT prudent_tenant_table('merger_predecessors');

-- One holding's move: an investment (deal or account) or a loan. (Cash forecast items and bank
-- accounts are not moved yet: docs/shared-services.md "Not yet".)
-- authority_id is the successor (the holder from transfer_date), from_authority_id the holder
-- before it.
CREATE TABLE holding_transfers (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    merger_id         bigint NOT NULL REFERENCES authority_mergers(id),
    kind              text NOT NULL CHECK (kind IN ('investment', 'loan')),
    holding_id        bigint NOT NULL,
    from_authority_id bigint NOT NULL REFERENCES authorities(id),
    authority_id      bigint NOT NULL REFERENCES authorities(id),
    transfer_date     date NOT NULL,
    ref               text NOT NULL,
    entered_at        timestamptz NOT NULL DEFAULT now(),
    entered_by        text NOT NULL,
    UNIQUE (kind, holding_id, authority_id),
    CHECK (from_authority_id <> authority_id)
);
CREATE INDEX holding_transfers_to ON holding_transfers (authority_id, kind);
CREATE INDEX holding_transfers_from ON holding_transfers (from_authority_id, kind);
SELECT prudent_tenant_table('holding_transfers');
-- The predecessor's users see its transfers out too (so its book ends the day before for them).
CREATE POLICY transferred_from ON holding_transfers FOR SELECT
    USING (from_authority_id = ANY ((SELECT prudent_authority_ids())::bigint[]));

-- The successor's users see the moved holdings and what hangs off them (movements, early
-- repayments, loan events); the predecessor's users keep seeing them under the usual policy.
CREATE FUNCTION prudent_transferred_to_me(k text, holding bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM holding_transfers t WHERE t.kind = k AND t.holding_id = holding
                   AND t.authority_id = ANY ((SELECT prudent_authority_ids())::bigint[]))
$$;
CREATE POLICY successor ON investments FOR SELECT USING (prudent_transferred_to_me('investment', id));
CREATE POLICY successor ON movements FOR SELECT USING (prudent_transferred_to_me('investment', investment_id));
CREATE POLICY successor ON deal_repayments FOR SELECT USING (prudent_transferred_to_me('investment', investment_id));
CREATE POLICY successor ON loans FOR SELECT USING (prudent_transferred_to_me('loan', id));
CREATE POLICY successor ON loan_events FOR SELECT USING (prudent_transferred_to_me('loan', loan_id));

-- A transfer changes both books: bump the versions of the successor and the predecessor
-- (sql/065), so the service recomputes both and the check cache reloads.
CREATE FUNCTION prudent_bump_transfer() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO change_versions AS v (scope, version)
        SELECT a, 1 FROM (SELECT authority_id FROM new_rows UNION SELECT from_authority_id FROM new_rows) s(a)
        ORDER BY 1
        ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER holding_transfers_version AFTER INSERT ON holding_transfers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prudent_bump_transfer();

SELECT prudent_append_only('authority_mergers');
SELECT prudent_append_only('merger_predecessors');
SELECT prudent_append_only('holding_transfers');
