-- Agents run unattended with real CLIs, act as themselves, and may run on a developer's machine.

-- Every run has a random key in its branch names, so branches of two tenants (whose ids both start
-- at 1) or of a run and a later one never meet in one repository.
ALTER TABLE runs ADD COLUMN uid TEXT NOT NULL DEFAULT substr(md5(random()::text || clock_timestamp()::text), 1, 8);
-- A run names either a path on the engine's machine (local mode, or inside the tenant's own root)
-- or a repository a runner of the tenant announced (SaaS, dedicated).
ALTER TABLE runs ALTER COLUMN repo_path DROP NOT NULL;
ALTER TABLE runs ADD COLUMN repository TEXT;
ALTER TABLE runs ADD CONSTRAINT runs_repo_named CHECK (repo_path IS NOT NULL OR repository IS NOT NULL);

-- How the CLI runs, the agent's own credential (SHA-256 of it; cleared when the agent ends), and
-- the runner that runs it (none: the engine's own tmux).
ALTER TABLE agents ADD COLUMN mode TEXT NOT NULL DEFAULT 'interactive'
  CHECK (mode IN ('interactive', 'headless'));
ALTER TABLE agents ADD COLUMN token_hash BYTEA;
ALTER TABLE agents ADD COLUMN runner_id BIGINT;
ALTER TABLE agents ADD COLUMN screen_state TEXT;
ALTER TABLE agents ADD COLUMN waiting_since TIMESTAMPTZ;
CREATE UNIQUE INDEX agents_token ON agents (token_hash) WHERE token_hash IS NOT NULL;

-- Guardian interventions may now also answer a permission prompt (refuse it, then say why).
ALTER TABLE interventions DROP CONSTRAINT interventions_action_check;
ALTER TABLE interventions ADD CONSTRAINT interventions_action_check
  CHECK (action IN ('message', 'refuse', 'restart', 'stop'));

-- Where each agent kind's CLI is, editable at run time (local mode: the engine's machine).
CREATE TABLE agent_settings (
  kind        TEXT        PRIMARY KEY CHECK (kind ~ '^[a-z][a-z0-9-]{0,39}$'),
  command     TEXT        CHECK (command IS NULL OR length(command) BETWEEN 1 AND 1024),
  mode        TEXT        CHECK (mode IS NULL OR mode IN ('interactive', 'headless')),
  env         JSONB       NOT NULL DEFAULT '{}',
  updated_by  TEXT,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Runners: `devflow runner` on a developer's machine, serving some of its repositories.
CREATE TABLE runners (
  id            BIGSERIAL   PRIMARY KEY,
  name          TEXT        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  repositories  JSONB       NOT NULL DEFAULT '[]',
  kinds         JSONB       NOT NULL DEFAULT '[]',
  version       TEXT,
  connected     BOOLEAN     NOT NULL DEFAULT FALSE,
  connected_by  TEXT,
  engine        TEXT,
  connected_at  TIMESTAMPTZ,
  last_seen_at  TIMESTAMPTZ,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE agents ADD CONSTRAINT agents_runner_fk FOREIGN KEY (runner_id) REFERENCES runners (id);

-- What the engine asks a runner to do, and its answer: a durable queue, so a command reaches the
-- runner through whichever engine replica holds its connection, and waits for a reconnect.
CREATE TABLE runner_commands (
  id           BIGSERIAL   PRIMARY KEY,
  runner_id    BIGINT      NOT NULL REFERENCES runners (id) ON DELETE CASCADE,
  agent_id     BIGINT,
  type         TEXT        NOT NULL,
  payload      JSONB       NOT NULL DEFAULT '{}',
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  sent_at      TIMESTAMPTZ,
  answered_at  TIMESTAMPTZ,
  answer       JSONB
);
CREATE INDEX runner_commands_unsent ON runner_commands (runner_id, id) WHERE sent_at IS NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON agent_settings, runners, runner_commands TO devflow_app;
GRANT USAGE ON SEQUENCE runners_id_seq, runner_commands_id_seq TO devflow_app;
