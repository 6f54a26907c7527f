package dev.devflow.common.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Outside local mode nothing is served without the gateway's token, not even to loopback. */
@QuarkusTest
@TestProfile(MultiTenantModeTest.Saas.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class MultiTenantModeTest {

  /** SaaS mode. */
  public static class Saas implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("devflow.mode", "saas");
    }
  }

  @Test
  void loopbackWithoutTokenIsRefused() {
    given()
        .get("/test/notes")
        .then()
        .statusCode(401)
        .body("type", equalTo("https://devflow.dev/problems/unauthorized"));
  }

  @Test
  void aValidTokenIsServed() {
    given()
        .header("Authorization", TestTokens.bearer("local", Role.VIEWER))
        .get("/test/notes")
        .then()
        .statusCode(200);
  }

  @Test
  void healthStaysOpen() {
    given().get("/health/ready").then().statusCode(200);
  }
}
