package dev.devflow.gateway.db;

import dev.devflow.common.persistence.NewerSchema;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.flywaydb.core.Flyway;

/**
 * Refuses to start on a control schema a later release migrated (an image rolled back after an
 * upgrade), before anything reads or writes it; see {@link NewerSchema}.
 */
@ApplicationScoped
class ControlSchemaVersion {

  void check(@Observes @Priority(1) StartupEvent event, @FlywayDataSource("owner") Flyway flyway) {
    NewerSchema.refuse(flyway, "the control schema (devflow)");
  }
}
