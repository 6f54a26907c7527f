package dev.devflow.common.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** An older DevFlow started on a database a later release migrated is refused, naming both. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class NewerSchemaTest {

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Inject TenantMigrator migrator;
  @Inject MigrateTenantsOnStart startup;
  @Inject DevflowConfig config;

  @Test
  void aSchemaMigratedByALaterReleaseIsRefusedNamingBothVersionsAndNothingRuns()
      throws SQLException {
    migrator.migrate("later");
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO tenant_later.flyway_common_history (installed_rank, version, description,"
              + " type, script, checksum, installed_by, execution_time, success) SELECT"
              + " max(installed_rank) + 1, '999', 'from a later release', 'SQL',"
              + " 'V999__from_a_later_release.sql', 0, 'devflow', 1, true FROM"
              + " tenant_later.flyway_common_history");
    }

    assertThatThrownBy(() -> migrator.migrate("later"))
        .isInstanceOf(NewerSchema.Refused.class)
        .hasMessageContaining("schema tenant_later")
        .hasMessageContaining("at migration 999 (from a later release)")
        .hasMessageContaining("knows migrations up to ")
        .hasMessageContaining("DevFlow ")
        .hasMessageContaining("restore the backup");
    // At start, one such schema stops the service instead of being logged and skipped.
    assertThatThrownBy(() -> startup.onStart(null, migrator, config))
        .isInstanceOf(NewerSchema.Refused.class);

    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA tenant_later CASCADE");
    }
    assertThat(migrator.existingTenants()).doesNotContain("later");
  }
}
