-- API keys scoped for machines: read-only (safe methods only), mcp (only /mcp), runner (only the
-- runner connection of `devflow runner`). No scope: everything the key's user may do.
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_known
    CHECK (scopes <@ ARRAY['read-only', 'mcp', 'runner']::TEXT[]);

DROP FUNCTION find_api_key(TEXT);
CREATE FUNCTION find_api_key(p_prefix TEXT)
RETURNS TABLE (
    key_id UUID, secret_hash BYTEA, expires_at TIMESTAMPTZ, revoked_at TIMESTAMPTZ,
    tenant_id UUID, tenant_slug TEXT, tenant_status TEXT, plan TEXT,
    user_id UUID, user_email TEXT, role TEXT, admin_id UUID, admin_email TEXT, scopes TEXT[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = devflow, pg_temp AS $$
    SELECT k.id, k.secret_hash, k.expires_at, k.revoked_at,
           t.id, t.slug, t.status, t.plan,
           u.id, u.email, u.role, a.id, a.email, k.scopes
      FROM api_keys k
      LEFT JOIN tenants t ON t.id = k.tenant_id
      LEFT JOIN users u ON u.id = k.user_id
      LEFT JOIN platform_admins a ON a.id = k.admin_id
     WHERE k.prefix = p_prefix
$$;
REVOKE ALL ON FUNCTION find_api_key(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_api_key(TEXT) TO devflow_app;
