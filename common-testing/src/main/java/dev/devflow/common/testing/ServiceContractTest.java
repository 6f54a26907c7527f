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
        .contains("http_server_requests_seconds_count")
        .contains("devflow_ready ");
    awaitMetric("devflow_ready 1.0"); // a test before may have stopped the database a moment
    if (usesDatabase()) {
      org.assertj.core.api.Assertions.assertThat(metrics).contains("agroal_");
    }
  }

  /**
   * Every metric the operators' dashboards and alerts read from this service (the checked list
   * deploy/observability/metrics/&lt;devflow.service&gt;.txt) is in a real scrape of /q/metrics,
   * taken after {@link #exerciseMetrics()}. The scrape is kept in target/q-metrics.txt.
   */
  @Test
  void everyMetricTheDashboardsAndAlertsReadIsExposed() throws java.io.IOException {
    String service =
        org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("devflow.service", String.class);
    given().get("/no/such/path").then().statusCode(404);
    exerciseMetrics();
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "q-metrics.txt"), metrics);
    java.nio.file.Path list = ObservedMetrics.listOf(service);
    assumeTrue(java.nio.file.Files.exists(list), "no metrics are read from " + service);
    org.assertj.core.api.Assertions.assertThat(ObservedMetrics.names(metrics))
        .as("metric families in /q/metrics of " + service)
        .containsAll(ObservedMetrics.read(list));
  }

  /** Requests that make the service's listed metrics appear (beyond an unknown path's 404). */
  protected void exerciseMetrics() {}

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
      // What the readiness alert sees: the metric follows within its check interval.
      awaitMetric("devflow_ready 0.0");
      // Liveness must not follow the database: a restart would not bring it back.
      given().get("/health/live").then().statusCode(200);
    } finally {
      TestPostgres.start();
    }
    awaitReadiness(200);
    awaitMetric("devflow_ready 1.0");
  }

  /** Polls /q/metrics until it holds the given line, for at most 30 seconds. */
  protected static void awaitMetric(String line) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!given().get("/q/metrics").asString().contains(line)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("/q/metrics never showed " + line);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
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
