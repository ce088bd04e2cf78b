-- 310_partnership_member_changes: a partnership's members change from a date (issue 22,
-- docs/shared-services.md "Members changing from a date"). Nothing is updated in place: a change
-- is a new row (who joins or leaves, from which date, why, entered when and by whom), so the
-- members of any date can be rebuilt, and as known at any moment (sql/115: rows entered later are
-- invisible to --as-known-at).
--
-- The members on date D: the founders (partnership_members, sql/175) and every authority a change
-- names, each in or out by its latest change dated on or before D (by valid_from, then the order
-- entered), a founder in when no change is; nobody before the partnership began (began, when
-- given by `partnership add --from`; NULL: the founders are members on every date before any
-- change, as before this migration).

ALTER TABLE partnerships ADD COLUMN began date;
-- The "as known at" copy of partnerships (sql/115) with the new column.
SELECT prudent_append_only('partnerships');

CREATE TABLE partnership_member_changes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnerships(id),
    authority_id   bigint NOT NULL REFERENCES authorities(id),
    change         text NOT NULL CHECK (change IN ('join', 'leave')),
    valid_from     date NOT NULL,
    reason         text NOT NULL CHECK (reason <> '' AND length(reason) <= 500),
    entered_at     timestamptz NOT NULL DEFAULT now(),
    entered_by     text NOT NULL
);
CREATE INDEX partnership_member_changes_partnership ON partnership_member_changes (partnership_id, valid_from);
-- Row-level security: a user covering only some members sees only their changes.
SELECT prudent_tenant_table('partnership_member_changes');
SELECT prudent_append_only('partnership_member_changes');

-- The ids of the authorities that are members of partnership pid on date d (as the caller's
-- row-level security and the search_path's prudent_known show them: unqualified names).
CREATE FUNCTION prudent_partnership_members_on(pid bigint, d date) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
    SELECT x.authority_id FROM (
        SELECT f.authority_id, bool_or(f.founder) AS founder FROM (
            SELECT authority_id, true AS founder FROM partnership_members WHERE partnership_id = pid
            UNION ALL
            SELECT authority_id, false FROM partnership_member_changes WHERE partnership_id = pid) f
        GROUP BY f.authority_id) x
    WHERE coalesce((SELECT c.change = 'join' FROM partnership_member_changes c
                    WHERE c.partnership_id = pid AND c.authority_id = x.authority_id AND c.valid_from <= d
                    ORDER BY c.valid_from DESC, c.entered_at DESC, c.id DESC LIMIT 1), x.founder)
      AND NOT EXISTS (SELECT 1 FROM partnerships p WHERE p.id = pid AND d < p.began)
$$;
