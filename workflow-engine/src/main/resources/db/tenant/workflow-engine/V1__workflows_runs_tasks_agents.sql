-- Workflow definitions: every change is a new version row; runs pin the version they started with.
CREATE TABLE workflow_definitions (
  id          BIGSERIAL PRIMARY KEY,
  name        TEXT        NOT NULL,
  version     INT         NOT NULL CHECK (version >= 1),
  format      TEXT        NOT NULL CHECK (format IN ('yaml', 'json')),
  source      TEXT        NOT NULL,
  model       JSONB       NOT NULL,
  deleted     BOOLEAN     NOT NULL DEFAULT FALSE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (name, version)
);

CREATE TABLE runs (
  id            BIGSERIAL PRIMARY KEY,
  definition_id BIGINT      NOT NULL REFERENCES workflow_definitions (id),
  repo_path     TEXT        NOT NULL,
  base_branch   TEXT        NOT NULL,
  status        TEXT        NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tasks (
  id             BIGSERIAL PRIMARY KEY,
  run_id         BIGINT      NOT NULL REFERENCES runs (id),
  phase          TEXT        NOT NULL,
  phase_index    INT         NOT NULL,
  title          TEXT        NOT NULL,
  description    TEXT        NOT NULL DEFAULT '',
  priority       INT         NOT NULL DEFAULT 0,
  status         TEXT        NOT NULL CHECK (status IN ('queued', 'assigned', 'running', 'blocked',
                                                       'review', 'done', 'failed', 'cancelled')),
  agent_id       BIGINT,
  result_summary TEXT,
  status_reason  TEXT,
  conflict_files JSONB       NOT NULL DEFAULT '[]',
  commits        JSONB       NOT NULL DEFAULT '[]',
  merge_commit   TEXT,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tasks_claimable ON tasks (run_id, status, priority DESC, phase_index, id);

CREATE TABLE task_dependencies (
  task_id       BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  depends_on_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  PRIMARY KEY (task_id, depends_on_id),
  CHECK (task_id <> depends_on_id)
);
CREATE INDEX task_dependencies_reverse ON task_dependencies (depends_on_id);

CREATE TABLE agents (
  id               BIGSERIAL PRIMARY KEY,
  task_id          BIGINT      NOT NULL REFERENCES tasks (id),
  kind             TEXT        NOT NULL,
  session          TEXT        NOT NULL UNIQUE,
  worktree_path    TEXT        NOT NULL,
  branch           TEXT        NOT NULL,
  status           TEXT        NOT NULL CHECK (status IN ('starting', 'running', 'stopped',
                                                          'finished', 'failed', 'cancelled')),
  status_reason    TEXT,
  restarts         INT         NOT NULL DEFAULT 0,
  prompt_delivered BOOLEAN     NOT NULL DEFAULT FALSE,
  started_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_activity_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at         TIMESTAMPTZ
);
ALTER TABLE tasks ADD CONSTRAINT tasks_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id);
CREATE INDEX agents_live ON agents (status) WHERE status IN ('starting', 'running');

CREATE TABLE interventions (
  id         BIGSERIAL PRIMARY KEY,
  agent_id   BIGINT      NOT NULL REFERENCES agents (id),
  task_id    BIGINT      NOT NULL REFERENCES tasks (id),
  action     TEXT        NOT NULL CHECK (action IN ('message', 'restart', 'stop')),
  detector   TEXT        NOT NULL,
  reason     TEXT        NOT NULL,
  message    TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX interventions_task ON interventions (task_id, id);

-- The latest capture of an agent's pane (its whole scrollback), kept after the session ends.
CREATE TABLE pane_logs (
  agent_id    BIGINT      PRIMARY KEY REFERENCES agents (id),
  content     TEXT        NOT NULL,
  line_count  INT         NOT NULL,
  captured_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
