package dev.devflow.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} its own fresh database on {@link TestPostgres}. Use with
 * {@code @QuarkusTestResource(PostgresTestResource.class)}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    TestPostgres.Database db = TestPostgres.createDatabase();
    return Map.of(
        "quarkus.datasource.jdbc.url", db.jdbcUrl(),
        "quarkus.datasource.username", db.username() == null ? "" : db.username(),
        "quarkus.datasource.password", db.password() == null ? "" : db.password());
  }

  @Override
  public void stop() {
    // The server outlives one application start; it stops with the JVM.
  }
}
