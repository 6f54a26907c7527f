-- The runtime role every service acts as (SET ROLE devflow_app on each pooled connection of its
-- default datasource): no login, not superuser, no BYPASSRLS, owns nothing, cannot create, alter
-- or drop anything here. Migrations keep running as the login user of DATABASE_URL (the owner).
--
-- The api-gateway's control migration creates the same role, but a service may start before the
-- gateway (./devflow up) or alone (its tests), so the role is created here too, idempotently.
-- unique_violation: another service creating it at the same moment (roles are cluster-wide).
DO $$
BEGIN
    CREATE ROLE devflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
-- The owner may SET ROLE to it (a no-op notice when it already may).
DO $$
BEGIN
    GRANT devflow_app TO CURRENT_USER;
EXCEPTION WHEN unique_violation THEN NULL;
END
$$;

-- Data access only: no CREATE on the schema, no TRUNCATE, REFERENCES or TRIGGER on tables.
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO devflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO devflow_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${flyway:defaultSchema} TO devflow_app;

-- Tables and sequences the owner creates here later (every service's own migration set runs after
-- this one, later versions of this set too) are granted the same at creation.
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema}
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO devflow_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema}
    GRANT USAGE, SELECT ON SEQUENCES TO devflow_app;

-- Flyway's history tables are the owner's business: the runtime role never reads or writes them
-- (a rewritten history could make a later migration skip or re-run). The ones created after this
-- point receive the default privileges above; TenantMigrator revokes those right after each set.
DO $$
DECLARE
    history regclass;
BEGIN
    FOR history IN
        SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = '${flyway:defaultSchema}'
           AND c.relkind = 'r' AND c.relname LIKE 'flyway\_%\_history'
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM devflow_app', history);
    END LOOP;
END
$$;
