package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two tenants side by side: nothing of one is visible or changeable with the other's keys. */
@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class IsolationTest {

  @Inject Fixtures fixtures;

  @Inject AgroalDataSource runtime;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  private static String alpha;
  private static String beta;
  private static JsonPath betaMember;

  @BeforeEach
  void twoTenants() {
    if (alpha == null) {
      alpha = fixtures.aTenant("alpha_co", "team");
      beta = fixtures.aTenant("beta_co", "team");
      betaMember = fixtures.aUser(beta, "dev@beta_co.test", "member");
    }
  }

  @Test
  void usersAndKeysListOnlyTheCallersTenant() {
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .get("/api/v1/users")
        .then()
        .statusCode(200)
        .body("email", everyItem(endsWith("@alpha_co.test")));
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .get("/api/v1/keys")
        .then()
        .statusCode(200)
        .body("id", not(hasItem(betaMember.getString("key.id"))));
    given()
        .header("Authorization", Fixtures.bearer(beta))
        .get("/api/v1/users")
        .then()
        .statusCode(200)
        .body("email", hasItem("dev@beta_co.test"))
        .body("email", not(hasItem("admin@alpha_co.test")));
  }

  @Test
  void anotherTenantsIdsAreNotFound() {
    String betaUser = betaMember.getString("user.id");
    String betaKey = betaMember.getString("key.id");
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .delete("/api/v1/users/" + betaUser)
        .then()
        .statusCode(404);
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .delete("/api/v1/keys/" + betaKey)
        .then()
        .statusCode(404);
    given()
        .header("Authorization", Fixtures.bearer(betaMember.getString("apiKey")))
        .get("/api/v1/users")
        .then()
        .statusCode(200);
  }

  @Test
  void aTenantCannotReadAnotherTenantsRecord() {
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .get("/api/v1/tenants/beta_co")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .get("/api/v1/tenants/alpha_co")
        .then()
        .statusCode(200)
        .body("slug", equalTo("alpha_co"));
  }

  @Test
  void revokingAKeyStopsItAtOnce() {
    JsonPath member = fixtures.aUser(alpha, "temp@alpha_co.test", "member");
    String memberKey = member.getString("apiKey");
    given()
        .header("Authorization", Fixtures.bearer(memberKey))
        .get("/api/v1/keys")
        .then()
        .statusCode(200);

    given()
        .header("Authorization", Fixtures.bearer(memberKey))
        .delete("/api/v1/keys/" + member.getString("key.id"))
        .then()
        .statusCode(200)
        .body("revokedAt", not(equalTo(null)));

    given()
        .header("Authorization", Fixtures.bearer(memberKey))
        .get("/api/v1/keys")
        .then()
        .statusCode(401)
        .body("detail", equalTo("This API key has been revoked."));
  }

  @Test
  void anExpiredKeyIsRefused() throws Exception {
    JsonPath member = fixtures.aUser(alpha, "old@alpha_co.test", "member");
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "update devflow.api_keys set expires_at = now() - interval '1 day'"
              + " where id = '"
              + member.getString("key.id")
              + "'");
    }
    given()
        .header("Authorization", Fixtures.bearer(member.getString("apiKey")))
        .get("/api/v1/keys")
        .then()
        .statusCode(401)
        .body("detail", equalTo("This API key has expired."));
  }

  @Test
  void viewersCannotWriteAndMembersCannotAdminister() {
    JsonPath viewer = fixtures.aUser(alpha, "eyes@alpha_co.test", "viewer");
    given()
        .header("Authorization", Fixtures.bearer(viewer.getString("apiKey")))
        .contentType(ContentType.JSON)
        .body("{\"name\":\"mine\"}")
        .post("/api/v1/keys")
        .then()
        .statusCode(403);
    JsonPath member = fixtures.aUser(alpha, "hands@alpha_co.test", "member");
    given()
        .header("Authorization", Fixtures.bearer(member.getString("apiKey")))
        .contentType(ContentType.JSON)
        .body("{\"email\":\"x@alpha_co.test\",\"role\":\"admin\"}")
        .post("/api/v1/users")
        .then()
        .statusCode(403);
  }

  @Test
  void rowLevelSecurityHoldsForTheRuntimeRoleWhateverTheQuery() throws Exception {
    try (Connection c = runtime.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "select current_user, (select rolbypassrls from pg_roles where rolname = current_user)")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("devflow_app");
        assertThat(rs.getBoolean(2)).isFalse();
      }
      try (ResultSet rs = s.executeQuery("select count(*) from devflow.users")) {
        rs.next();
        assertThat(rs.getInt(1)).as("no tenant set: no rows").isZero();
      }
      c.setAutoCommit(false);
      s.execute(
          "select set_config('app.current_tenant', (select id::text from devflow.tenants where slug = 'alpha_co'), true)");
      try (ResultSet rs =
          s.executeQuery(
              "select count(*) filter (where email like '%@beta_co.test'), count(*) from devflow.users")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
        assertThat(rs.getInt(2)).isPositive();
      }
      c.rollback();
    }
  }

  @Test
  void badInputNamesTheField() {
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .contentType(ContentType.JSON)
        .body("{\"email\":\"nope\",\"role\":\"admin\"}")
        .post("/api/v1/users")
        .then()
        .statusCode(400)
        .body("field", equalTo("email"));
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .contentType(ContentType.JSON)
        .body("{\"email\":\"ok@alpha_co.test\",\"role\":\"owner\"}")
        .post("/api/v1/users")
        .then()
        .statusCode(400)
        .body("field", equalTo("role"));
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .contentType(ContentType.JSON)
        .body("{\"name\":\"\",\"expiresInDays\":0}")
        .post("/api/v1/keys")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("expiresInDays"));
    given()
        .header("Authorization", Fixtures.bearer(alpha))
        .delete("/api/v1/keys/not-a-uuid")
        .then()
        .statusCode(404);
  }
}
