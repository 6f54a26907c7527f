package dev.devflow.common.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class TenantMigrationResourceTest {

  @Test
  void theTenantsAdminMigratesItsSchemaIdempotently() {
    String admin = TestTokens.bearer("theta", Role.ADMIN);
    given()
        .header("Authorization", admin)
        .post("/internal/tenants/theta/migrations")
        .then()
        .statusCode(200)
        .body("applied", equalTo(3));
    given()
        .header("Authorization", admin)
        .post("/internal/tenants/theta/migrations")
        .then()
        .statusCode(200)
        .body("applied", equalTo(0));
  }

  @Test
  void membersAndOtherTenantsCannot() {
    given()
        .header("Authorization", TestTokens.bearer("iota", Role.MEMBER))
        .post("/internal/tenants/iota/migrations")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", TestTokens.bearer("kappa", Role.ADMIN))
        .post("/internal/tenants/iota/migrations")
        .then()
        .statusCode(403);
  }

  @Test
  void aBadSlugIsA400NamingTheField() {
    given()
        .header("Authorization", TestTokens.bearer("kappa", Role.ADMIN))
        .post("/internal/tenants/Bad-Slug/migrations")
        .then()
        .statusCode(400)
        .body("field", equalTo("tenant"));
  }
}
