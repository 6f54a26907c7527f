package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class ProxyTest {

  @Inject Fixtures fixtures;

  @Test
  void forwardsWithTheGatewaysTokenInsteadOfTheClientsKeyAndDropsForgedHeaders() {
    String key = fixtures.aTenant("proxied", "pro");

    JsonPath echo =
        given()
            .header("Authorization", Fixtures.bearer(key))
            .header("X-Devflow-Tenant", "someone_else")
            .header("X-Request-Id", "req-123")
            .get("/api/v1/sources/42")
            .then()
            .statusCode(200)
            .header("X-Request-Id", "req-123")
            .extract()
            .jsonPath();

    assertThat(echo.getString("path")).isEqualTo("/api/v1/sources/42");
    assertThat(echo.getString("headers.'x-devflow-tenant'")).isNull();
    assertThat(echo.getString("headers.'x-request-id'")).isEqualTo("req-123");
    String forwarded = echo.getString("headers.authorization");
    assertThat(forwarded).startsWith("Bearer ey").doesNotContain(key);
    String claims =
        new String(
            Base64.getUrlDecoder().decode(forwarded.substring(7).split("\\.")[1]),
            StandardCharsets.UTF_8);
    assertThat(claims)
        .contains("\"tenant\":\"proxied\"")
        .contains("\"iss\":\"devflow-gateway\"")
        .contains("admin");
  }

  @Test
  void everyForgedInternalHeaderIsDroppedAndARequestWithoutAnIdGetsAFreshUuid() {
    String key = fixtures.aTenant("unnamed", "pro");

    var answer =
        given()
            .header("Authorization", Fixtures.bearer(key))
            .header("x-devflow-tenant", "someone_else")
            .header("X-DEVFLOW-ROLE", "admin")
            .header("X-Devflow-User", "root")
            .header("X-Request-Id", "not a valid id!")
            .get("/api/v1/sources")
            .then()
            .statusCode(200)
            .extract();

    JsonPath echo = answer.jsonPath();
    assertThat(echo.getString("headers.'x-devflow-tenant'")).isNull();
    assertThat(echo.getString("headers.'x-devflow-role'")).isNull();
    assertThat(echo.getString("headers.'x-devflow-user'")).isNull();
    String id = answer.header("X-Request-Id");
    assertThat(echo.getString("headers.'x-request-id'")).isEqualTo(id);
    UUID uuid = UUID.fromString(id);
    assertThat(uuid.version()).isEqualTo(4);
    assertThat(uuid.variant()).isEqualTo(2);
    String another =
        given()
            .header("Authorization", Fixtures.bearer(key))
            .get("/api/v1/sources")
            .then()
            .statusCode(200)
            .extract()
            .header("X-Request-Id");
    assertThat(another).isNotEqualTo(id);
  }

  @Test
  void requestBodiesStreamThrough() {
    String key = fixtures.aTenant("uploader", "pro");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .contentType("application/json")
        .body("{\"url\":\"https://docs.example.com\"}")
        .post("/api/v1/sources")
        .then()
        .statusCode(201)
        .body("bodyLength", equalTo(34));
  }

  @Test
  void aBodyOverTheRoutesLimitIs413WithoutReachingTheService() {
    String key = fixtures.aTenant("bigbody", "pro");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .contentType("application/octet-stream")
        .body(new byte[2048])
        .post("/api/v1/sources")
        .then()
        .statusCode(413)
        .contentType(startsWith("application/problem+json"))
        .body("type", equalTo("https://devflow.dev/problems/payload-too-large"));
  }

  @Test
  void aChunkedBodyOverTheLimitIs413Too() throws Exception {
    String key = fixtures.aTenant("chunky", "pro");
    java.net.http.HttpResponse<String> big = postChunked(key, new byte[64 * 1024]);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(big.body()).contains("payload-too-large");
    // A small chunked body still goes through.
    java.net.http.HttpResponse<String> small =
        postChunked(key, "{\"url\":\"https://docs.example.com\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(small.statusCode()).isEqualTo(201);
    assertThat(small.body()).contains("\"bodyLength\":34");
  }

  /** A body of unknown length: the JDK client sends it chunked, with no Content-Length. */
  private static java.net.http.HttpResponse<String> postChunked(String key, byte[] body)
      throws Exception {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    io.restassured.RestAssured.baseURI
                        + ":"
                        + io.restassured.RestAssured.port
                        + "/api/v1/sources"))
            .header("Authorization", Fixtures.bearer(key))
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)))
            .build();
    return java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1)
        .build()
        .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUnreachableServiceIsA502Problem() {
    String key = fixtures.aTenant("downstream", "pro");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/workflows")
        .then()
        .statusCode(502)
        .contentType(startsWith("application/problem+json"))
        .body("type", equalTo("https://devflow.dev/problems/bad-gateway"))
        .body("detail", equalTo("The workflows service is unreachable."));
  }

  @Test
  void aServiceRefusingTheGatewaysTokenIsA502NotASignOut() {
    String key = fixtures.aTenant("refused", "pro");
    for (int i = 0; i < 3; i++) {
      given()
          .header("Authorization", Fixtures.bearer(key))
          .get("/api/v1/sources/refuses-token")
          .then()
          .statusCode(502)
          .contentType(startsWith("application/problem+json"))
          .header("WWW-Authenticate", nullValue())
          .body("type", equalTo("https://devflow.dev/problems/bad-gateway"))
          .body("detail", containsString("refused the gateway's credentials"));
    }
    // The caller's key is still good, and the connection to the service still serves.
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/sources/42")
        .then()
        .statusCode(200);
  }

  @Test
  void aSlowServiceIsA504ProblemNotAHang() {
    String key = fixtures.aTenant("slowpoke", "pro");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/sources/slow")
        .then()
        .statusCode(504)
        .contentType(startsWith("application/problem+json"))
        .body("type", equalTo("https://devflow.dev/problems/gateway-timeout"));
  }

  @Test
  void nothingPassesWithoutAValidKey() {
    given()
        .get("/api/v1/sources")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .body("type", equalTo("https://devflow.dev/problems/unauthorized"));
    given()
        .header("Authorization", "Bearer dfk_000000000000_" + "x".repeat(32))
        .get("/api/v1/sources")
        .then()
        .statusCode(401);
    given().header("Authorization", "Bearer not-a-key").get("/api/v1/users").then().statusCode(401);
  }

  @Test
  void internalPathsAreNeverRouted() {
    String key = fixtures.aTenant("curious", "pro");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .post("/internal/tenants/curious/migrations")
        .then()
        .statusCode(404);
  }

  @Test
  void metricsNameRequestsByRouteSoIdsAndScannedPathsAddNoTimeSeries() {
    String key = fixtures.aTenant("measured", "pro");
    for (String id : List.of("metric-id-1", "metric-id-2")) {
      given()
          .header("Authorization", Fixtures.bearer(key))
          .get("/api/v1/sources/" + id + "/pages")
          .then()
          .statusCode(200);
    }
    given().get("/api/v1/sources/metric-id-3").then().statusCode(401);
    given().get("/scanned-path-1/wp-login.php").then().statusCode(401);
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/scanned-path-2/.env")
        .then()
        .statusCode(404);

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

    assertThat(metrics)
        .contains("uri=\"/api/v1/sources/{path}\"")
        .doesNotContain("metric-id")
        .doesNotContain("scanned-path");
  }

  @Test
  void healthAndMetricsNeedNoKey() {
    given().get("/health/ready").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
  }
}
