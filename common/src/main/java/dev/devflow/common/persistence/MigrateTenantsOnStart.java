package dev.devflow.common.persistence;

import dev.devflow.common.config.DevflowConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Brings tenant schemas up to date at start: the configured ones (by default {@code local}), then
 * every tenant schema already in the database, so a new release's migrations (and the runtime
 * role's grants) reach tenants provisioned before it, not only new ones.
 */
@ApplicationScoped
public class MigrateTenantsOnStart {

  private static final Logger LOG = Logger.getLogger(MigrateTenantsOnStart.class);

  void onStart(@Observes StartupEvent event, TenantMigrator migrator, DevflowConfig config) {
    Set<String> configured = new LinkedHashSet<>(config.tenants().migrateAtStart());
    configured.forEach(migrator::migrate);
    for (String slug : migrator.existingTenants()) {
      if (configured.contains(slug)) {
        continue;
      }
      try {
        migrator.migrate(slug);
      } catch (NewerSchema.Refused e) {
        throw e; // the whole database is a later release's: serving any tenant would be wrong
      } catch (RuntimeException e) {
        // One tenant's broken schema must not keep the service from serving all the others.
        LOG.errorf(e, "Tenant %s could not be migrated; its requests will fail until it is", slug);
      }
    }
  }
}
