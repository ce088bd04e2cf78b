-- 125_identity: four-eyes by identity, not by name (issue 19). A deal records the user ids of
-- whoever booked, last amended and approved it (NULL when the installation had no users: the
-- first-evaluation mode where --by is taken as given), and the database refuses an approval by
-- the booker or by the last amender, by name and by id. A late booking (a start date more than
-- three days before the day it was entered) carries the booker's reason. Users made through the
-- API are pending until a second admin approves them (the creator's id is kept to compare).
ALTER TABLE investments
    ADD COLUMN booked_by_id   bigint,
    ADD COLUMN approved_by_id bigint,
    ADD COLUMN amended_by     text,
    ADD COLUMN amended_by_id  bigint,
    ADD COLUMN amended_at     timestamptz,
    ADD COLUMN late_reason    text CHECK (late_reason IS NULL OR length(btrim(late_reason)) BETWEEN 1 AND 2000),
    ADD CONSTRAINT investments_four_eyes_amender CHECK (approved_by IS NULL OR amended_by IS NULL
                                                        OR approved_by <> amended_by),
    ADD CONSTRAINT investments_four_eyes_ids CHECK (approved_by_id IS NULL OR
        (approved_by_id IS DISTINCT FROM booked_by_id AND approved_by_id IS DISTINCT FROM amended_by_id));

ALTER TABLE users
    ADD COLUMN created_by_id  bigint REFERENCES users(id),
    ADD COLUMN pending        boolean NOT NULL DEFAULT false,
    ADD COLUMN approved_by    text,
    ADD COLUMN approved_by_id bigint REFERENCES users(id),
    ADD COLUMN approved_at    timestamptz,
    ADD CONSTRAINT users_second_admin CHECK (approved_by_id IS NULL OR approved_by_id IS DISTINCT FROM created_by_id),
    ADD CONSTRAINT users_pending_unapproved CHECK (NOT pending OR approved_at IS NULL);
