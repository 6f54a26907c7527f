-- The control schema's tenants. A tenant's data lives in its own schema, tenant_<slug>.
CREATE TABLE tenants (
    id          UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    slug        TEXT        NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9_]{2,39}$'),
    name        TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    plan        TEXT        NOT NULL DEFAULT 'free',
    status      TEXT        NOT NULL DEFAULT 'active'
                            CHECK (status IN ('provisioning', 'active', 'suspended', 'deleting')),
    region      TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Local mode is one tenant, "local", with no login (PRD-008, Mode 1).
INSERT INTO tenants (slug, name, plan) VALUES ('local', 'Local', 'enterprise');
