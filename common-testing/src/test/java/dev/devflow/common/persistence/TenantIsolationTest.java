package dev.devflow.common.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
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

  /** The owner: Flyway's history tables are closed to the runtime role. */
  @Inject
  @DataSource("owner")
  AgroalDataSource dataSource;

  @Test
  void eachTenantSeesOnlyItsOwnRows() {
    migrator.migrate("alpha");
    migrator.migrate("beta");

    given()
        .header("Authorization", TestTokens.bearer("alpha", Role.MEMBER))
        .contentType("text/plain")
        .body("alpha's secret")
        .post("/test/notes")
        .then()
        .statusCode(200);

    given()
        .header("Authorization", TestTokens.bearer("alpha", Role.MEMBER))
        .get("/test/notes")
        .then()
        .statusCode(200)
        .body("$", contains("alpha's secret"));
    given()
        .header("Authorization", TestTokens.bearer("beta", Role.MEMBER))
        .get("/test/notes")
        .then()
        .statusCode(200)
        .body("$", empty());
  }

  @Test
  void localModeWithoutTenantUsesTheLocalTenant() {
    given().contentType("text/plain").body("mine").post("/test/notes").then().statusCode(200);

    given()
        .header("Authorization", TestTokens.bearer("local", Role.VIEWER))
        .get("/test/notes")
        .then()
        .statusCode(200)
        .body("$", hasItem("mine"));
  }

  @Test
  void aTokenNamingAnInvalidTenantIsRefusedBeforeAnySql() {
    given()
        .header("Authorization", TestTokens.bearer("x; drop schema tenant_local", Role.ADMIN))
        .get("/test/notes")
        .then()
        .statusCode(401)
        .body("type", equalTo("https://devflow.dev/problems/unauthorized"));
  }

  @Test
  void migratingTwiceAppliesNothingTheSecondTime() {
    // common V1 (events) and V2 (runtime role), then this test service's own V1
    assertThat(migrator.migrate("gamma")).isEqualTo(3);
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
      assertThat(applied).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sqlMigrations("tenant_delta", "flyway_common_history")).isEqualTo(2);
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
