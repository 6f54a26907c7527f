package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * GitHub and Jira cannot send an API key: /api/v1/webhooks reaches integration-services without one
 * (which verifies the signature), carrying no caller and no token; everything else still needs a
 * key.
 */
@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class WebhookPassThroughTest {

  @Test
  void webhooksPassWithoutAKeyAndWithoutAnyCredential() {
    JsonPath echo =
        given()
            .header("X-Hub-Signature-256", "sha256=abc")
            .header("X-GitHub-Delivery", "d-1")
            .header("Authorization", "Bearer forged-internal-token")
            .header("X-Devflow-Tenant", "someone_else")
            .contentType("application/json")
            .body("{\"zen\":\"hi\"}")
            .post("/api/v1/webhooks/github/acme/0b7c")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();

    assertThat(echo.getString("path")).isEqualTo("/api/v1/webhooks/github/acme/0b7c");
    assertThat(echo.getString("headers.authorization")).isNull();
    assertThat(echo.getString("headers.'x-devflow-tenant'")).isNull();
    assertThat(echo.getString("headers.'x-hub-signature-256'")).isEqualTo("sha256=abc");
  }

  @Test
  void theRestOfTheIntegrationsRouteStillNeedsAKey() {
    given().get("/api/v1/integrations/connections").then().statusCode(401);
    given().post("/api/v1/webhooksX/github/acme/1").then().statusCode(401);
    given().post("/api/v1/webhooks/../integrations/connections").then().statusCode(401);
  }
}
