-- The tenant's activity: crawl progress, agents started, Guardian interventions...
-- Every service appends here; the gateway fans new rows out over /ws (NOTIFY devflow_events).
CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    type        TEXT        NOT NULL CHECK (type ~ '^[a-z][a-z0-9_.-]{1,99}$'),
    source      TEXT        NOT NULL,
    subject     TEXT,
    payload     JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX events_created_at_idx ON events (created_at DESC, id DESC);
