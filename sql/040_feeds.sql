-- 040_feeds: rate feeds (docs/feeds.md). Observations per series and date, the revisions of a
-- stored observation whose value a later answer changed, England and Wales (and other division)
-- bank holidays, and each feed's polling state. A failed poll writes only feed_state.

-- One value per series and date; value is percent, exact (rate_t in C).
CREATE TABLE rate_observations (
    series     text NOT NULL CHECK (series ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    date       date NOT NULL,
    value      numeric(12,6) NOT NULL CHECK (value BETWEEN -100 AND 1000),
    feed       text NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    revised_at timestamptz,              -- when the value last changed (see rate_revisions)
    PRIMARY KEY (series, date)
);

-- A changed value for a stored date is never silently overwritten: the old and new values are
-- kept here, and rate_observations holds the latest.
CREATE TABLE rate_revisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series     text NOT NULL,
    date       date NOT NULL,
    old_value  numeric(12,6) NOT NULL,
    new_value  numeric(12,6) NOT NULL,
    feed       text NOT NULL,
    revised_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rate_revisions_series ON rate_revisions (series, date);

-- Bank holidays by GOV.UK division (england-and-wales, scotland, northern-ireland).
CREATE TABLE bank_holidays (
    division text NOT NULL,
    date     date NOT NULL,
    title    text NOT NULL,
    feed     text NOT NULL,
    PRIMARY KEY (division, date)
);

-- Each feed's state: last attempt, success and failure, the current error (NULL once a poll
-- succeeds; last_error keeps the text), and the validators for a conditional request.
CREATE TABLE feed_state (
    name          text PRIMARY KEY,
    url           text,
    last_attempt  timestamptz,
    last_success  timestamptz,
    last_failure  timestamptz,
    error         text,
    last_error    text,
    etag          text,
    last_modified text,
    observations  integer NOT NULL DEFAULT 0   -- rows the last successful answer carried
);
