package dev.devflow.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every DevFlow service promises over HTTP: health on the spec's paths, readiness that follows
 * the database, Prometheus metrics, an OpenAPI document, and problem documents for unknown routes.
 * A service's test extends it as a {@code @QuarkusTest}.
 */
public abstract class ServiceContractTest {

  /** Whether the service serves MCP at /mcp (probed with hostile JSON-RPC too). */
  protected boolean servesMcp() {
    return false;
  }

  /** Whether the service has API routes of its own to walk (common's test application has none). */
  protected boolean servesApi() {
    return true;
  }

  /** Whether the service under test has a database (mcp-gateway has none). */
  protected boolean usesDatabase() {
    return true;
  }

  @Test
  void healthLivenessAndReadinessAreUp() {
    for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
      given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }
  }

  @Test
  void prometheusMetricsCoverJvmHttpAndDatasource() {
    given().get("/health/ready").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().body().asString();
    org.assertj.core.api.Assertions.assertThat(metrics)
        .contains("jvm_memory_used_bytes")
        .contains("http_server_requests_seconds_count");
    if (usesDatabase()) {
      org.assertj.core.api.Assertions.assertThat(metrics).contains("agroal_");
    }
  }

  @Test
  void unknownPathIsAProblemDocument() {
    given()
        .get("/no/such/path")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .body("status", equalTo(404))
        .body("type", equalTo("https://devflow.dev/problems/not-found"))
        .body("title", equalTo("Not found"))
        .body("detail", containsString("/no/such/path"))
        .body(not(containsString("Exception")));
  }

  @Test
  void openApiDocumentDescribesProblems() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("openapi", startsWith("3."))
        .body("components.schemas.Problem.properties.type.format", equalTo("uri"));
  }

  /**
   * Every route of the service's OpenAPI document, walked with hostile input: only 4xx problem
   * documents (or successes) come back, never a 5xx, and the service stays ready.
   */
  @Test
  void hostileInputGetsProblemsNeverServerErrors() throws Exception {
    HostileInputs.Report report = HostileInputs.walk(servesMcp());
    System.out.println("hostile inputs: " + getClass().getSimpleName() + ": " + report);
    org.assertj.core.api.Assertions.assertThat(report.serverErrors()).as("5xx answers").isEmpty();
    org.assertj.core.api.Assertions.assertThat(report.notProblems())
        .as("4xx answers without a problem document")
        .isEmpty();
    if (servesApi()) {
      org.assertj.core.api.Assertions.assertThat(report.routes()).as("routes walked").isPositive();
    }
    given().get("/health/ready").then().statusCode(200);
  }

  @Test
  void readinessFollowsTheDatabaseOutAndBack() {
    assumeTrue(usesDatabase(), "this service has no database");
    assumeTrue(!TestPostgres.isExternal(), "an external test database cannot be stopped");
    try {
      TestPostgres.stop();
      awaitReadiness(503);
      given().get("/health/ready").then().body("status", equalTo("DOWN"));
      // Liveness must not follow the database: a restart would not bring it back.
      given().get("/health/live").then().statusCode(200);
    } finally {
      TestPostgres.start();
    }
    awaitReadiness(200);
  }

  /** Polls readiness until it answers the given status, for at most 30 seconds. */
  protected static void awaitReadiness(int status) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    int last = -1;
    while (Instant.now().isBefore(deadline)) {
      last = given().get("/health/ready").statusCode();
      if (last == status) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("readiness answered " + last + ", expected " + status + " within 30s");
  }
}
