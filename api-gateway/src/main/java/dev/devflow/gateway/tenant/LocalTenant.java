package dev.devflow.gateway.tenant;

import dev.devflow.gateway.db.ControlDatabase;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.util.UUID;

/** The id of tenant {@code local}, the one tenant of local mode. */
@ApplicationScoped
public class LocalTenant {

  private final ControlDatabase db;
  private volatile UUID id;

  @Inject
  public LocalTenant(ControlDatabase db) {
    this.db = db;
  }

  /** Loaded at start, so the event loop never waits for it. */
  void warm(@Observes StartupEvent event) {
    id();
  }

  public UUID id() {
    UUID known = id;
    if (known == null) {
      known =
          db.asRuntime(
              c -> {
                try (ResultSet rs =
                    c.createStatement()
                        .executeQuery("SELECT id FROM devflow.tenants WHERE slug = 'local'")) {
                  return rs.next() ? rs.getObject(1, UUID.class) : null;
                }
              });
      id = known;
    }
    return known;
  }
}
