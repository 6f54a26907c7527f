package dev.devflow.common.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

import dev.devflow.common.auth.Role;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.RuntimeRoleAssertions;
import dev.devflow.common.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RuntimeRoleTest {

  @Inject AgroalDataSource runtime;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Inject TenantMigrator migrator;
  @Inject MigrateTenantsOnStart startup;
  @Inject DevflowConfig config;

  @Test
  void requestsRunAsTheRuntimeRoleWhichCanUseButNotReshapeATenantSchema() throws SQLException {
    migrator.migrate("rho");
    given()
        .header("Authorization", TestTokens.bearer("rho", Role.MEMBER))
        .contentType("text/plain")
        .body("written as devflow_app")
        .post("/test/notes")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", TestTokens.bearer("rho", Role.MEMBER))
        .get("/test/notes")
        .then()
        .statusCode(200)
        .body("$", contains("written as devflow_app"));
    RuntimeRoleAssertions.assertRestricted(runtime, owner, "tenant_rho");
  }

  @Test
  void aSchemaMigratedBeforeTheRuntimeRoleExistedIsGrantedOnUpgrade() throws SQLException {
    // A tenant schema as an older release left it: another service's table and its history.
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA tenant_sigma");
      s.execute("CREATE TABLE tenant_sigma.legacy (id BIGSERIAL PRIMARY KEY, text TEXT)");
      s.execute("INSERT INTO tenant_sigma.legacy (text) VALUES ('from before')");
      s.execute("CREATE TABLE tenant_sigma.flyway_other_service_history (version TEXT)");
    }
    // Not in migrate-at-start: a restart reaches it because its schema exists.
    startup.onStart(null, migrator, config);
    try (Connection c = runtime.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO tenant_sigma.legacy (text) VALUES ('from now')");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tenant_sigma.legacy")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
    RuntimeRoleAssertions.assertRestricted(runtime, owner, "tenant_sigma");
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT has_table_privilege('devflow_app',"
                    + " 'tenant_sigma.flyway_other_service_history', 'SELECT')")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("another service's history table").isFalse();
    }
  }
}
