-- 330_authority_versions: the committed data versions the pre-deal check reads, kept on each
-- authority's own row, so that its one statement (store/user.c user_by_token_at, prepared as
-- prudent_token_at) reads them from the row it already finds by code instead of two subplans
-- over change_versions (issue 23, check_paced_p99_ms; docs/performance.md "The check's cpu
-- (session 12)": the subplans, even as a fallback that never runs, cost about a sixth of the
-- statement's instructions; a joined table of versions cost more than they did).
--
-- change_versions (sql/065) stays the record: every bump still writes it, with the same locks,
-- and everything else (recompute, alert marks, the cache's lending_versions) reads it as before.
-- authorities.universe_version_copy and authorities.authority_version_copy are copies kept by a row
-- trigger on change_versions, in the same statement and transaction as the bump, so a committed
-- authority row always holds exactly the committed change_versions of scope 0 and of its own id
-- (0 when there is no such row, as the reader's coalesce read the absence before):
--   - an authority's bump (its change_versions row inserted or updated) copies the new version
--     into its row;
--   - a universe bump (scope 0) copies the new version into every authority's row;
--   - a new authority starts with the versions committed then (a BEFORE INSERT trigger).
--
-- Concurrent writers. Two bumps of one authority serialise on its change_versions row, as
-- before, and then on its authority row: the copy is the version just written under that lock,
-- never an increment, so no bump is lost and the copy cannot disagree with the record. A
-- universe bump now also locks every authority's row (after change_versions' scope 0, which
-- serialises universe bumps among themselves), in id order like sql/215's merger: it waits for
-- the authorities' writers in flight to commit, and they for it. The foreign keys to
-- authorities take KEY SHARE locks, which these updates (no key column) never conflict with.
-- A new authority takes a share lock on change_versions' scope 0 before reading the universe's
-- version, so a universe bump in flight cannot miss it (the bump commits first and the new row
-- gets its version, or the bump waits for the insert). What is new: a transaction that bumps an
-- authority and later, in another statement, the universe can now deadlock with another
-- universe bump (PostgreSQL then cancels one); as far as the code shows, prudent changes
-- counterparties and ratings (the universe) in transactions of their own (imports, feeds,
-- rating actions), which change no authority's lending data, so none does today.

-- Scope 0 present from now on (version 0, what its absence read as): the share lock above
-- needs a row to lock.
INSERT INTO change_versions (scope, version) VALUES (0, 0) ON CONFLICT (scope) DO NOTHING;

ALTER TABLE authorities
    ADD COLUMN universe_version_copy bigint NOT NULL DEFAULT 0,  -- change_versions.version of scope 0
    ADD COLUMN authority_version_copy bigint NOT NULL DEFAULT 0; -- change_versions.version of its id

UPDATE authorities a SET
    universe_version_copy = (SELECT version FROM change_versions WHERE scope = 0),
    authority_version_copy = coalesce((SELECT version FROM change_versions v WHERE v.scope = a.id), 0);

CREATE FUNCTION prudent_copy_version() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.scope = 0 THEN
        PERFORM 1 FROM authorities ORDER BY id FOR NO KEY UPDATE;
        UPDATE authorities SET universe_version_copy = NEW.version;
    ELSE
        UPDATE authorities SET authority_version_copy = NEW.version WHERE id = NEW.scope;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER change_versions_copy AFTER INSERT OR UPDATE ON change_versions
    FOR EACH ROW EXECUTE FUNCTION prudent_copy_version();

CREATE FUNCTION prudent_new_authority_versions() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    NEW.universe_version_copy := coalesce((SELECT version FROM change_versions WHERE scope = 0 FOR SHARE), 0);
    NEW.authority_version_copy := coalesce((SELECT version FROM change_versions WHERE scope = NEW.id), 0);
    RETURN NEW;
END $$;

CREATE TRIGGER authorities_versions BEFORE INSERT ON authorities
    FOR EACH ROW EXECUTE FUNCTION prudent_new_authority_versions();
