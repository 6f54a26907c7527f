package dev.devflow.common.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class TenantIsolationTest {

  @Inject TenantMigrator migrator;
  @Inject AgroalDataSource dataSource;

  @Test
  void eachTenantSeesOnlyItsOwnRows() {
    migrator.migrate("alpha");
    migrator.migrate("beta");

    given()
        .header("X-Test-Tenant", "alpha")
        .contentType("text/plain")
        .body("alpha's secret")
        .post("/test/notes")
        .then()
        .statusCode(200);

    given()
        .header("X-Test-Tenant", "alpha")
        .get("/test/notes")
        .then()
        .statusCode(200)
        .body("$", contains("alpha's secret"));
    given()
        .header("X-Test-Tenant", "beta")
        .get("/test/notes")
        .then()
        .statusCode(200)
        .body("$", empty());
  }

  @Test
  void localModeWithoutTenantUsesTheLocalTenant() {
    given().contentType("text/plain").body("mine").post("/test/notes").then().statusCode(200);

    given()
        .header("X-Test-Tenant", "local")
        .get("/test/notes")
        .then()
        .statusCode(200)
        .body("$", contains("mine"));
  }

  @Test
  void anInvalidTenantIsRefusedBeforeAnySql() {
    given()
        .header("X-Test-Tenant", "x; drop schema tenant_local")
        .get("/test/notes")
        .then()
        .statusCode(400)
        .body("field", equalTo("tenant"));
  }

  @Test
  void migratingTwiceAppliesNothingTheSecondTime() {
    assertThat(migrator.migrate("gamma")).isEqualTo(2);
    assertThat(migrator.migrate("gamma")).isZero();
  }

  @Test
  void concurrentMigrationsOfOneTenantApplyEachMigrationOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(pool.submit(() -> migrator.migrate("delta")));
      }
      int applied = 0;
      for (Future<Integer> f : results) {
        applied += f.get();
      }
      assertThat(applied).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sqlMigrations("tenant_delta", "flyway_common_history")).isEqualTo(1);
    assertThat(sqlMigrations("tenant_delta", "flyway_common_test_history")).isEqualTo(1);
  }

  private long sqlMigrations(String schema, String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from " + schema + "." + table + " where type = 'SQL'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
