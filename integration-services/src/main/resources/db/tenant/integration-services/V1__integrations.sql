-- Connections to GitHub and Atlassian, what they sync, and the durable sync jobs.
-- Every token and secret column holds AES-GCM ciphertext ("v1.<key id>.<base64>"), never plain text.

CREATE TABLE connections (
    id              UUID PRIMARY KEY,
    provider        TEXT NOT NULL CHECK (provider IN ('github', 'atlassian')),
    created_by      TEXT NOT NULL,
    account         TEXT,
    site_id         TEXT,
    site_url        TEXT,
    scopes          TEXT,
    access_token    TEXT NOT NULL,
    refresh_token   TEXT,
    expires_at      TIMESTAMPTZ,
    webhook_secret  TEXT,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'reauthorize')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE oauth_states (
    state_hash      TEXT PRIMARY KEY,
    provider        TEXT NOT NULL,
    user_sub        TEXT NOT NULL,
    code_verifier   TEXT NOT NULL,
    redirect_uri    TEXT NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sync_targets (
    id                   UUID PRIMARY KEY,
    connection_id        UUID NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('github-repo', 'jira-project', 'confluence-space')),
    key                  TEXT NOT NULL,
    jql                  TEXT,
    knowledge_source_id  UUID,
    last_synced_at       TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (connection_id, kind, key)
);

-- Where the last sync of a target stopped: ETags, "since" timestamps, per-file hashes.
CREATE TABLE sync_cursors (
    target_id   UUID NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
    resource    TEXT NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (target_id, resource)
);

CREATE TABLE sync_jobs (
    id             UUID PRIMARY KEY,
    target_id      UUID NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
    trigger        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    documents      INTEGER NOT NULL DEFAULT 0,
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX sync_jobs_unfinished ON sync_jobs (status) WHERE status IN ('queued', 'running');

-- Webhook deliveries already accepted: a second one with the same id is a replay.
CREATE TABLE webhook_deliveries (
    provider       TEXT NOT NULL,
    delivery_id    TEXT NOT NULL,
    connection_id  UUID NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    event          TEXT,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, delivery_id)
);

-- Issues turned into workflow tasks (one task per issue and connection).
CREATE TABLE issue_tasks (
    connection_id  UUID NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    issue          TEXT NOT NULL,
    issue_url      TEXT NOT NULL,
    run_id         BIGINT NOT NULL,
    task_id        BIGINT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, issue)
);
