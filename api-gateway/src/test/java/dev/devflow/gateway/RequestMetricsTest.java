package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The plans' objectives are measured: requests by route, plan and status; refusals by kind. */
@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class RequestMetricsTest {

  @Inject Fixtures fixtures;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Test
  void requestsAreTimedByRoutePlanAndStatusWithBucketsAtTheObjectives() {
    String team = fixtures.aTenant("metered_team", "team");

    given().header("Authorization", Fixtures.bearer(team)).get("/api/v1/sources").then();
    given().header("Authorization", Fixtures.bearer(team)).get("/api/v1/usage").then();
    given().get("/api/v1/sources").then().statusCode(401);

    String metrics = scrape();
    assertThat(metrics)
        .contains(
            "devflow_gateway_requests_seconds_count{plan=\"team\",route=\"knowledge\",status=\"2xx\"}")
        .contains("devflow_gateway_requests_seconds_count{plan=\"team\",route=\"gateway\"")
        .contains(
            "devflow_gateway_requests_seconds_bucket{plan=\"team\",route=\"knowledge\",status=\"2xx\",le=\"0.5\"}")
        .contains("le=\"0.2\"")
        .contains("le=\"1.0\"")
        .contains("le=\"2.0\"")
        .contains("devflow_gateway_refusals_total{kind=\"unauthenticated\",plan=\"none\"}")
        .doesNotContain("metered_team");
  }

  @Test
  void aRateLimitedRequestCountsAsARefusalOfItsPlan() throws Exception {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into devflow.plans (id, name, requests_per_minute) values ('trickle',"
              + " 'trickle', 1) on conflict (id) do nothing");
    }
    String key = fixtures.aTenant("metered_trickle", "trickle");

    given().header("Authorization", Fixtures.bearer(key)).get("/api/v1/sources").then();
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/sources")
        .then()
        .statusCode(429);

    assertThat(scrape())
        .contains("devflow_gateway_refusals_total{kind=\"rate_limit\",plan=\"trickle\"} 1.0")
        .contains(
            "devflow_gateway_requests_seconds_count{plan=\"trickle\",route=\"knowledge\",status=\"4xx\"}");
  }

  @Test
  void aRequestOverAPlanQuotaCountsAsAQuotaRefusalNotARateLimit() throws Exception {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into devflow.plans (id, name, max_sources, requests_per_minute) values"
              + " ('one_source', 'one source', 0, 1000) on conflict (id) do nothing");
    }
    String key = fixtures.aTenant("metered_quota", "one_source");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/sources")
        .then()
        .statusCode(429);

    assertThat(scrape())
        .contains("devflow_gateway_refusals_total{kind=\"quota\",plan=\"one_source\"} 1.0")
        .doesNotContain("kind=\"rate_limit\",plan=\"one_source\"");
  }

  private static String scrape() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }
}
