-- 210_report_records: the reports made for committee, recorded so that what members saw can be
-- shown again (issue 22 "what committee saw"; docs/reports.md "Recorded reports").
--
-- `prudent report KIND ... --record` builds the report as known at one moment (made_at: the
-- database's clock when it was made, or the --as-known-at given), writes it with that moment as
-- its "generated" stamp, and stores here its kind, the arguments it was made with (resolved:
-- dates, never "today"), its format, the SHA-256 of its bytes and the bytes themselves, with an
-- audit row holding the hash (store/report_record.c). `prudent report reproduce ID` makes it
-- again --as-known-at made_at and compares the hash.
--
-- Append-only (a record is never changed; sql/115 prudent_append_only refuses UPDATE and DELETE
-- and gives it a prudent_known view), and one authority's records are its own (row-level
-- security by authority_id, sql/051).
CREATE TABLE report_records (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id bigint NOT NULL REFERENCES authorities(id),
    kind         text NOT NULL CHECK (kind ~ '^[a-z]{1,32}$'),
    arguments    jsonb NOT NULL,       -- {"as_of", "from", "to", "quarter"}: ISO dates or null
    format       text NOT NULL CHECK (format IN ('md', 'html', 'csv', 'xlsx', 'json', 'pdf')),
    made_at      timestamptz NOT NULL, -- the moment the report shows the book as known at
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size         bigint NOT NULL CHECK (size >= 0),
    bytes        bytea NOT NULL CHECK (length(bytes) = size),
    entered_at   timestamptz NOT NULL DEFAULT now(),
    entered_by   text NOT NULL CHECK (entered_by <> '')
);
CREATE INDEX report_records_authority ON report_records (authority_id, id);
SELECT prudent_tenant_table('report_records');
SELECT prudent_append_only('report_records');
