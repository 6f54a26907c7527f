package dev.devflow.common.persistence;

import dev.devflow.common.config.DevflowConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Brings the configured tenants' schemas (by default {@code local}) up to date at start. */
@ApplicationScoped
public class MigrateTenantsOnStart {

  void onStart(@Observes StartupEvent event, TenantMigrator migrator, DevflowConfig config) {
    config.tenants().migrateAtStart().forEach(migrator::migrate);
  }
}
