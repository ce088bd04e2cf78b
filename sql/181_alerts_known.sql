-- 181_alerts_known: alerts as known at a moment (docs/as-known-at.md). A committee paper made
-- --as-known-at T lists the alerts that existed at T, in the state they had then (open,
-- acknowledged by whom, resolved), with the details they showed then; alerts raised later are
-- left out. Before this, the alerts view refused --as-known-at and a report made --as-known-at
-- listed today's alerts.
--
-- How: the alerts table, updated in place (acknowledged, resolved, its details refreshed when a
-- recompute raises it again), joins the "as known at" machinery of sql/115 like investments:
-- before each UPDATE the old row goes to alerts_history, and prudent_known.alerts shows the
-- versions known at T. alert_acks (sql/165) is in it already (append-only).
--
-- One column is a "touch": last_raised_at moves every time a recompute finds the condition
-- still there (every change to the book, and daily). Keeping a version for each touch would copy
-- every live alert on every recompute, so a change to a touch column alone keeps no version
-- (the table prudent_history_touch names such columns; prudent_keep_history reads it). As known
-- at T, a touch column shows its value when that is at or before T, and otherwise the moment the
-- version was recorded (a lower bound: the refreshes in between are not kept).

CREATE TABLE prudent_history_touch (
    tbl regclass NOT NULL,
    col name NOT NULL,
    PRIMARY KEY (tbl, col)
);
GRANT SELECT ON prudent_history_touch TO prudent_service;
INSERT INTO prudent_history_touch VALUES ('alerts', 'last_raised_at');

-- sql/115's trigger, with one rule more: an UPDATE that changes only touch columns keeps nothing
-- and leaves recorded_at as it was.
CREATE OR REPLACE FUNCTION prudent_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cols text := prudent_column_list(TG_RELID);
    touch text[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW IS NOT DISTINCT FROM OLD THEN
            RETURN NEW; -- nothing changed: nothing to keep
        END IF;
        touch := ARRAY(SELECT col::text FROM prudent_history_touch WHERE tbl = TG_RELID);
        IF cardinality(touch) > 0 AND (to_jsonb(NEW) - touch) = (to_jsonb(OLD) - touch) THEN
            RETURN NEW; -- only touched: nothing to keep
        END IF;
        NEW.recorded_at := now();
    END IF;
    EXECUTE format('INSERT INTO %I.%I (%s, superseded_at, superseded_by, change)'
                   ' SELECT %s, now(), $2, $3 FROM (SELECT ($1).*) o',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME || '_history', cols, cols)
        USING OLD, prudent_actor(), lower(TG_OP);
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- The columns of a versioned table as its prudent_known view shows them: touch columns capped
-- as the header says, the others as they are.
CREATE FUNCTION prudent_known_column_list(rel regclass) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT string_agg(CASE WHEN t.col IS NULL THEN quote_ident(a.attname)
                           ELSE format('CASE WHEN %1$I IS NULL OR %1$I <= prudent_known_at() THEN %1$I'
                                       ' ELSE recorded_at END AS %1$I', a.attname) END,
                      ', ' ORDER BY a.attnum)
    FROM pg_attribute a LEFT JOIN prudent_history_touch t ON t.tbl = a.attrelid AND t.col = a.attname
    WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
$$;

CREATE OR REPLACE FUNCTION prudent_known_view_versioned(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
    cols text := prudent_known_column_list(tbl);
BEGIN
    EXECUTE format('CREATE OR REPLACE VIEW prudent_known.%I WITH (security_invoker = true) AS'
                   ' SELECT %s FROM public.%I WHERE recorded_at <= prudent_known_at()'
                   ' UNION ALL SELECT %s FROM public.%I'
                   ' WHERE recorded_at <= prudent_known_at() AND superseded_at > prudent_known_at()',
                   name, cols, name, cols, name || '_history');
    EXECUTE format('GRANT SELECT ON prudent_known.%I TO prudent_service', name);
END $$;

-- The alerts already there are known from their last recorded moment (their earlier states
-- were never kept).
SELECT prudent_versioned('alerts', 'greatest(raised_at, acknowledged_at, resolved_at)');

-- The twin of alert_documents (sql/035, what the alerts view and the reports read), over the
-- alerts as known at T; the delivery counts are those of now (deliveries are not book data).
CREATE VIEW prudent_known.alert_documents WITH (security_invoker = true) AS
SELECT a.id, a.authority_id, a.state, a.raised_at,
    json_build_object(
        'id', a.id,
        'kind', a.kind,
        'subject', a.subject,
        'state', a.state,
        'raised_at', to_char(a.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'authority', au.code,
        'authority_name', au.name,
        'passive', a.passive,
        'details', a.details,
        'last_raised_at', to_char(a.last_raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'acknowledged_by', a.acknowledged_by,
        'acknowledged_at', to_char(a.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'resolved_at', to_char(a.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'deliveries', (SELECT json_build_object(
                           'pending', count(*) FILTER (WHERE d.state = 'pending'),
                           'delivered', count(*) FILTER (WHERE d.state = 'delivered'),
                           'failed', count(*) FILTER (WHERE d.state = 'failed'))
                       FROM public.alert_deliveries d WHERE d.alert_id = a.id)
    ) AS doc
FROM prudent_known.alerts a LEFT JOIN public.authorities au ON au.id = a.authority_id;
GRANT SELECT ON prudent_known.alert_documents TO prudent_service;
