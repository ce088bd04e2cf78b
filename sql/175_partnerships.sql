-- 175_partnerships: shared services (docs/shared-services.md). A partnership names authorities
-- (its members) whose books are viewed together: combined exposure by counterparty with the
-- deposits and loans between members eliminated, and the members' portfolios summed. Each
-- member's book, strategy and limits stay its own. An authority is the counterparty with the
-- same code unless a link says which counterparty it is (authority_counterparty_links).
--
-- Nothing updated in place: all three tables are append-only (a partnership and its members are
-- added once; a new link supersedes the earlier one by being entered later), known from
-- entered_at (sql/115), so a partnership view can be read as known at any moment.

-- Shared metadata: a partnership names authorities but holds no authority's data; its members
-- are the protected part below.
CREATE TABLE partnerships (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,16}$'),
    name       text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    entered_at timestamptz NOT NULL DEFAULT now(),
    entered_by text NOT NULL
);

CREATE TABLE partnership_members (
    partnership_id bigint NOT NULL REFERENCES partnerships(id),
    authority_id   bigint NOT NULL REFERENCES authorities(id),
    entered_at     timestamptz NOT NULL DEFAULT now(),
    entered_by     text NOT NULL,
    PRIMARY KEY (partnership_id, authority_id)
);
-- Row-level security: a user covering only some members sees only those (docs/development.md).
SELECT prudent_tenant_table('partnership_members');

-- Which counterparty an authority is, when its code differs from the authority's: the latest
-- row (entered_at, then id) per authority is the link in force.
CREATE TABLE authority_counterparty_links (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id    bigint NOT NULL REFERENCES authorities(id),
    counterparty_id bigint NOT NULL REFERENCES counterparties(id),
    entered_at      timestamptz NOT NULL DEFAULT now(),
    entered_by      text NOT NULL
);
CREATE INDEX authority_counterparty_links_authority ON authority_counterparty_links (authority_id, entered_at);
SELECT prudent_tenant_table('authority_counterparty_links');

SELECT prudent_append_only('partnerships');
SELECT prudent_append_only('partnership_members');
SELECT prudent_append_only('authority_counterparty_links');
