package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.RuntimeRoleAssertions;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class TenantProvisioningTest {

  @Inject Fixtures fixtures;
  @Inject AgroalDataSource runtime;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Test
  void provisioningCreatesRowSchemaMigrationsEverywhereAndAnAdminKeyShownOnce() throws Exception {
    String key = fixtures.aTenant("acme_corp", "pro");

    assertThat(key).startsWith("dfk_");
    assertThat(FakeServices.migrations)
        .anyMatch(m -> m.startsWith("/internal/tenants/acme_corp/migrations Bearer ey"));
    assertThat(query("select status from devflow.tenants where slug = 'acme_corp'"))
        .isEqualTo("active");
    assertThat(
            query(
                "select count(*) from information_schema.tables"
                    + " where table_schema = 'tenant_acme_corp' and table_name = 'events'"))
        .isEqualTo("1");
    assertThat(
            query(
                "select count(*) from devflow.api_keys where secret_hash::text like '%"
                    + key.substring(20)
                    + "%'"))
        .as("the secret is not stored in clear")
        .isEqualTo("0");

    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/users")
        .then()
        .statusCode(200)
        .body("email", hasItem("admin@acme_corp.test"));
  }

  @Test
  void aProvisionedSchemaIsTheOwnersAndUsableButNotReshapeableByTheRuntimeRole() throws Exception {
    fixtures.aTenant("vandelay", "free");
    assertThat(
            query(
                "select nspowner::regrole::text = session_user from pg_namespace"
                    + " where nspname = 'tenant_vandelay'"))
        .as("owned by the login of DATABASE_URL")
        .isEqualTo("t");
    RuntimeRoleAssertions.assertRestricted(runtime, owner, "tenant_vandelay");
  }

  @Test
  void aProvisioningThatFailedHalfWayIsFinishedByAskingAgain() throws Exception {
    FakeServices.failMigrations = true;
    String body =
        "{\"slug\":\"initech\",\"name\":\"Initech\",\"plan\":\"free\",\"adminEmail\":\"pm@initech.test\"}";
    try {
      given()
          .header("Authorization", Fixtures.bearer(fixtures.adminKey()))
          .contentType(ContentType.JSON)
          .body(body)
          .post("/api/v1/tenants")
          .then()
          .statusCode(503)
          .contentType(startsWith("application/problem+json"))
          .body("detail", org.hamcrest.Matchers.containsString("Send the same request again"));
      assertThat(query("select status from devflow.tenants where slug = 'initech'"))
          .isEqualTo("provisioning");
    } finally {
      FakeServices.failMigrations = false;
    }
    // The failures opened the migrations breaker (100 ms in tests): a user retrying right away
    // would be told to try again; one who waits gets through. Wait past the breaker's delay.
    Thread.sleep(300);
    String key =
        given()
            .header("Authorization", Fixtures.bearer(fixtures.adminKey()))
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/tenants")
            .then()
            .statusCode(201)
            .body("tenant.status", equalTo("active"))
            .extract()
            .path("apiKey");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/keys")
        .then()
        .statusCode(200)
        .body("findAll { it.revokedAt == null }.size()", equalTo(1));
  }

  @Test
  void anExistingTenantIsAConflictNamingIt() {
    fixtures.aTenant("umbrella", "free");
    given()
        .header("Authorization", Fixtures.bearer(fixtures.adminKey()))
        .contentType(ContentType.JSON)
        .body("{\"slug\":\"umbrella\",\"name\":\"Again\",\"adminEmail\":\"x@umbrella.test\"}")
        .post("/api/v1/tenants")
        .then()
        .statusCode(409)
        .body("field", equalTo("slug"));
  }

  @Test
  void badInputNamesTheField() {
    String admin = Fixtures.bearer(fixtures.adminKey());
    given()
        .header("Authorization", admin)
        .contentType(ContentType.JSON)
        .body("{\"slug\":\"Bad Slug\",\"name\":\"x\",\"adminEmail\":\"a@b.c\"}")
        .post("/api/v1/tenants")
        .then()
        .statusCode(400)
        .body("field", equalTo("slug"));
    given()
        .header("Authorization", admin)
        .contentType(ContentType.JSON)
        .body("{\"slug\":\"okslug\",\"name\":\"x\",\"plan\":\"gold\",\"adminEmail\":\"a@b.c\"}")
        .post("/api/v1/tenants")
        .then()
        .statusCode(400)
        .body("field", equalTo("plan"));
    given()
        .header("Authorization", admin)
        .contentType(ContentType.JSON)
        .body("{\"slug\":\"okslug\",\"name\":\"x\",\"adminEmail\":\"not-an-email\"}")
        .post("/api/v1/tenants")
        .then()
        .statusCode(400)
        .body("field", equalTo("adminEmail"));
    given()
        .header("Authorization", admin)
        .contentType(ContentType.JSON)
        .body("{")
        .post("/api/v1/tenants")
        .then()
        .statusCode(400);
    assertThat(fixtures).isNotNull();
  }

  @Test
  void onlyAPlatformAdministratorManagesTenants() {
    String tenantAdmin = fixtures.aTenant("hooli", "free");
    given()
        .header("Authorization", Fixtures.bearer(tenantAdmin))
        .get("/api/v1/tenants")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", Fixtures.bearer(tenantAdmin))
        .post("/api/v1/tenants/hooli/suspend")
        .then()
        .statusCode(403);
  }

  @Test
  void suspendingStopsTheKeysAtOnceAndResumingRestoresThem() {
    String key = fixtures.aTenant("soylent", "free");
    String admin = Fixtures.bearer(fixtures.adminKey());
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/users")
        .then()
        .statusCode(200);

    given()
        .header("Authorization", admin)
        .post("/api/v1/tenants/soylent/suspend")
        .then()
        .statusCode(200)
        .body("status", equalTo("suspended"));
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/users")
        .then()
        .statusCode(403)
        .body("detail", equalTo("This tenant is suspended."));

    given()
        .header("Authorization", admin)
        .post("/api/v1/tenants/soylent/resume")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/users")
        .then()
        .statusCode(200);
  }

  @Test
  void deletingNeedsTheSlugRepeatedThenDropsEverything() throws Exception {
    String key = fixtures.aTenant("cyberdyne", "free");
    String admin = Fixtures.bearer(fixtures.adminKey());
    given()
        .header("Authorization", admin)
        .delete("/api/v1/tenants/cyberdyne?confirm=nope")
        .then()
        .statusCode(400)
        .body("field", equalTo("confirm"));

    given()
        .header("Authorization", admin)
        .delete("/api/v1/tenants/cyberdyne?confirm=cyberdyne")
        .then()
        .statusCode(204);

    assertThat(
            query(
                "select count(*) from information_schema.schemata"
                    + " where schema_name = 'tenant_cyberdyne'"))
        .isEqualTo("0");
    assertThat(query("select count(*) from devflow.tenants where slug = 'cyberdyne'"))
        .isEqualTo("0");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/users")
        .then()
        .statusCode(401);
    given().header("Authorization", admin).get("/api/v1/tenants/cyberdyne").then().statusCode(404);
  }

  private String query(String sql) throws Exception {
    try (Connection c = owner.getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
