-- Plans, users, API keys, usage and audit: the gateway's control data.
-- Limits are data: NULL means unlimited.
CREATE TABLE plans (
    id                       TEXT PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,39}$'),
    name                     TEXT    NOT NULL,
    max_users                INTEGER,
    max_sources              INTEGER,
    max_workflows_per_month  INTEGER,
    max_storage_bytes        BIGINT,
    max_llm_calls_per_month  INTEGER,
    max_phases_per_workflow  INTEGER,
    requests_per_minute      INTEGER NOT NULL CHECK (requests_per_minute > 0)
);

INSERT INTO plans VALUES
    ('free',       'Free',       1,    10,   5,    1073741824,   1000,   3,    120),
    ('pro',        'Pro',        5,    NULL, NULL, 53687091200,  50000,  NULL, 600),
    ('team',       'Team',       50,   NULL, NULL, 536870912000, 250000, NULL, 3000),
    ('enterprise', 'Enterprise', NULL, NULL, NULL, NULL,         NULL,   NULL, 12000);

ALTER TABLE tenants ADD CONSTRAINT tenants_plan_fk FOREIGN KEY (plan) REFERENCES plans (id);

CREATE TABLE platform_admins (
    id          UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    email       TEXT        NOT NULL UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id          UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   UUID        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email       TEXT        NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    role        TEXT        NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, email)
);

-- A key's secret is stored only as its SHA-256; the prefix identifies it and is shown to users.
CREATE TABLE api_keys (
    id            UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     UUID        REFERENCES tenants (id) ON DELETE CASCADE,
    user_id       UUID        REFERENCES users (id) ON DELETE CASCADE,
    admin_id      UUID        REFERENCES platform_admins (id) ON DELETE CASCADE,
    name          TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix        TEXT        NOT NULL UNIQUE,
    secret_hash   BYTEA       NOT NULL,
    scopes        TEXT[]      NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    CHECK ((tenant_id IS NOT NULL AND user_id IS NOT NULL AND admin_id IS NULL)
        OR (tenant_id IS NULL AND user_id IS NULL AND admin_id IS NOT NULL))
);

CREATE TABLE usage_counters (
    tenant_id  UUID   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    period     DATE   NOT NULL,
    metric     TEXT   NOT NULL,
    value      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, period, metric)
);

CREATE TABLE audit_log (
    id          BIGSERIAL   PRIMARY KEY,
    tenant_id   UUID        REFERENCES tenants (id) ON DELETE CASCADE,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    target      TEXT,
    detail      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at DESC);

-- bucket4j's table: one row per rate-limit bucket, shared by every gateway replica.
CREATE TABLE rate_limit_buckets (
    id          TEXT   PRIMARY KEY,
    state       BYTEA,
    expires_at  BIGINT
);

-- Row-level security: tenant-scoped rows are visible only while app.current_tenant names their
-- tenant. FORCE makes it apply to the owner too; the runtime role is neither owner nor superuser.
ALTER TABLE users          ENABLE ROW LEVEL SECURITY;
ALTER TABLE users          FORCE ROW LEVEL SECURITY;
ALTER TABLE api_keys       ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys       FORCE ROW LEVEL SECURITY;
ALTER TABLE usage_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_counters FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_log      ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log      FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON users
    USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
CREATE POLICY tenant_isolation ON usage_counters
    USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);
CREATE POLICY tenant_isolation ON audit_log
    USING (tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid);

-- The runtime role the gateway acts as (SET ROLE on every pooled connection).
DO $$
BEGIN
    CREATE ROLE devflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$;
GRANT devflow_app TO CURRENT_USER;

GRANT USAGE ON SCHEMA devflow TO devflow_app;
GRANT SELECT ON plans, tenants, platform_admins TO devflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, api_keys, usage_counters, audit_log,
    rate_limit_buckets TO devflow_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq TO devflow_app;

-- Resolving a presented key happens before its tenant is known, so it runs as the owner, and
-- answers only for the one prefix asked about.
CREATE FUNCTION find_api_key(p_prefix TEXT)
RETURNS TABLE (
    key_id UUID, secret_hash BYTEA, expires_at TIMESTAMPTZ, revoked_at TIMESTAMPTZ,
    tenant_id UUID, tenant_slug TEXT, tenant_status TEXT, plan TEXT,
    user_id UUID, user_email TEXT, role TEXT, admin_id UUID, admin_email TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = devflow, pg_temp AS $$
    SELECT k.id, k.secret_hash, k.expires_at, k.revoked_at,
           t.id, t.slug, t.status, t.plan,
           u.id, u.email, u.role, a.id, a.email
      FROM api_keys k
      LEFT JOIN tenants t ON t.id = k.tenant_id
      LEFT JOIN users u ON u.id = k.user_id
      LEFT JOIN platform_admins a ON a.id = k.admin_id
     WHERE k.prefix = p_prefix
$$;
REVOKE ALL ON FUNCTION find_api_key(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_api_key(TEXT) TO devflow_app;

-- Marks a key used, at most once a minute, without opening api_keys to cross-tenant writes.
CREATE FUNCTION touch_api_key(p_key UUID)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = devflow, pg_temp AS $$
    UPDATE api_keys SET last_used_at = now()
     WHERE id = p_key AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
$$;
REVOKE ALL ON FUNCTION touch_api_key(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION touch_api_key(UUID) TO devflow_app;
