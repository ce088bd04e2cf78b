-- 002_book: the book of record shared by every later feature. Money is numeric(20,2), rates are
-- percent numeric(12,6). Later migrations extend these tables; numbering ranges by area:
-- 010-019 deal book, 020-029 analytics and strategy, 030-039 lending list and alerts,
-- 040-049 feeds, 050-059 service, users and row-level security, 060+ later work.

-- Counterparties are shared by all authorities: one lending universe, many lending lists.
CREATE TABLE counterparties (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.&-]{0,31}$'),
    name       text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    sector     text NOT NULL CHECK (sector IN ('bank', 'building_society', 'local_authority',
                   'central_government', 'mmf', 'pooled_fund', 'housing_association',
                   'corporate', 'other')),
    country    text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    group_code text REFERENCES counterparties(code) DEFERRABLE INITIALLY DEFERRED,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE investments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id    bigint NOT NULL REFERENCES authorities(id),
    ref             text NOT NULL CHECK (ref ~ '^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$'),
    type            text NOT NULL CHECK (type IN ('fixed', 'notice', 'call', 'mmf', 'pooled',
                        'cd', 'tbill', 'gilt', 'bond', 'loan_out')),
    counterparty_id bigint NOT NULL REFERENCES counterparties(id),
    principal       numeric(20,2) NOT NULL CHECK (principal > 0),
    rate            numeric(12,6) NOT NULL CHECK (rate BETWEEN -100 AND 1000),
    start_date      date NOT NULL,
    maturity_date   date,
    notice_days     integer CHECK (notice_days BETWEEN 0 AND 3650),
    status          text NOT NULL DEFAULT 'confirmed'
                        CHECK (status IN ('pending', 'confirmed', 'cancelled')),
    source          text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'deal')),
    booked_by       text,
    booked_at       timestamptz NOT NULL DEFAULT now(),
    approved_by     text,
    approved_at     timestamptz,
    cancelled_by    text,
    cancelled_at    timestamptz,
    cancel_reason   text,
    UNIQUE (authority_id, ref),
    CHECK (maturity_date IS NULL OR maturity_date > start_date),
    CHECK ((type IN ('notice', 'call', 'mmf', 'pooled')) = (maturity_date IS NULL)),
    CHECK (type <> 'notice' OR notice_days IS NOT NULL),
    -- four eyes, enforced by the database: the approver is never the booker
    CHECK (approved_by IS NULL OR approved_by <> booked_by)
);
CREATE INDEX investments_by_counterparty ON investments (counterparty_id);
CREATE INDEX investments_by_authority ON investments (authority_id, status);

CREATE TABLE loans (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id  bigint NOT NULL REFERENCES authorities(id),
    ref           text NOT NULL CHECK (ref ~ '^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$'),
    type          text NOT NULL CHECK (type IN ('pwlb', 'lobo', 'market', 'temporary', 'other')),
    lender_id     bigint NOT NULL REFERENCES counterparties(id),
    principal     numeric(20,2) NOT NULL CHECK (principal > 0),
    rate          numeric(12,6) NOT NULL CHECK (rate BETWEEN -100 AND 1000),
    variable      boolean NOT NULL DEFAULT false,
    start_date    date NOT NULL,
    maturity_date date NOT NULL,
    repayment     text NOT NULL CHECK (repayment IN ('maturity', 'eip', 'annuity')),
    option_date   date,
    option_months integer CHECK (option_months > 0),
    status        text NOT NULL DEFAULT 'confirmed'
                      CHECK (status IN ('pending', 'confirmed', 'cancelled')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (authority_id, ref),
    CHECK (maturity_date > start_date),
    CHECK (type <> 'lobo' OR (option_date IS NOT NULL AND option_months IS NOT NULL))
);
CREATE INDEX loans_by_authority ON loans (authority_id, status);

-- The schedule generated from a loan's terms by src/core/schedule.c.
CREATE TABLE loan_instalments (
    loan_id       bigint NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    seq           integer NOT NULL,
    due_date      date NOT NULL,
    principal     numeric(20,2) NOT NULL,
    interest      numeric(20,2) NOT NULL,
    balance_after numeric(20,2) NOT NULL,
    PRIMARY KEY (loan_id, seq)
);

-- Every rating action, kept: the rating at a date is the latest action on or before it.
CREATE TABLE ratings (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    counterparty_id bigint NOT NULL REFERENCES counterparties(id),
    agency          text NOT NULL CHECK (agency IN ('fitch', 'moodys', 'sp')),
    term            text NOT NULL CHECK (term IN ('long', 'short')),
    rating          text NOT NULL,
    outlook         text CHECK (outlook IN ('stable', 'positive', 'negative', 'developing')),
    watch           text CHECK (watch IN ('positive', 'negative', 'developing')),
    effective_date  date NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (counterparty_id, agency, term, effective_date)
);

-- An authority's treasury management strategy, versioned by the date it takes effect.
CREATE TABLE strategies (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id   bigint NOT NULL REFERENCES authorities(id),
    effective_from date NOT NULL,
    document       jsonb NOT NULL,
    approved_by    text,
    approved_on    date,
    reference      text,
    imported_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (authority_id, effective_from)
);

-- Officer actions on one authority's lending list: they can only tighten the strategy.
CREATE TABLE counterparty_actions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id    bigint NOT NULL REFERENCES authorities(id),
    counterparty_id bigint NOT NULL REFERENCES counterparties(id),
    action          text NOT NULL CHECK (action IN ('suspend', 'restrict', 'reinstate')),
    limit_amount    numeric(20,2) CHECK (limit_amount >= 0),
    max_days        integer CHECK (max_days >= 0),
    from_date       date NOT NULL,
    reason          text,
    by_name         text NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX counterparty_actions_lookup ON counterparty_actions (authority_id, counterparty_id, from_date);

-- Alerts: one open (or acknowledged) alert per authority, kind and subject, however often the
-- rules are evaluated. Feed alerts have no authority.
CREATE TABLE alerts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id    bigint REFERENCES authorities(id),
    kind            text NOT NULL,
    subject         text NOT NULL,
    state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
    passive         boolean NOT NULL DEFAULT false,
    details         jsonb NOT NULL DEFAULT '{}',
    raised_at       timestamptz NOT NULL DEFAULT now(),
    acknowledged_by text,
    acknowledged_at timestamptz,
    resolved_at     timestamptz
);
CREATE UNIQUE INDEX alerts_one_live ON alerts (coalesce(authority_id, 0), kind, subject)
    WHERE state <> 'resolved';
