package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class UsageTest {

  @Inject Fixtures fixtures;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Test
  void sourcesAreCountedAndTheQuotaIsEnforcedBeforeTheServiceSeesTheRequest() throws Exception {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into devflow.plans (id, name, max_sources, max_users,"
              + " max_workflows_per_month, requests_per_minute) values ('starter', 'Starter', 2, 3, 1,"
              + " 1000) on conflict (id) do nothing");
    }
    String key = fixtures.aTenant("metered", "starter");
    String auth = Fixtures.bearer(key);

    for (int i = 0; i < 2; i++) {
      given()
          .header("Authorization", auth)
          .contentType("application/json")
          .body("{}")
          .post("/api/v1/sources")
          .then()
          .statusCode(201);
    }
    awaitUsage(auth, "sources", 2);
    given()
        .header("Authorization", auth)
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/sources")
        .then()
        .statusCode(429)
        .body("type", equalTo("https://devflow.dev/problems/quota-exceeded"))
        .body("detail", equalTo("Quota 'sources' of the 'starter' plan is used up: 2 of 2."));

    given().header("Authorization", auth).delete("/api/v1/sources/abc").then().statusCode(200);
    awaitUsage(auth, "sources", 1);
    given()
        .header("Authorization", auth)
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/sources")
        .then()
        .statusCode(201);
  }

  @Test
  void aCreateThatFailedUpstreamIsNotCounted() {
    String key = fixtures.aTenant("unlucky", "free");
    given()
        .header("Authorization", Fixtures.bearer(key))
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/runs")
        .then()
        .statusCode(502);
    given()
        .header("Authorization", Fixtures.bearer(key))
        .get("/api/v1/usage")
        .then()
        .statusCode(200)
        .body("plan", equalTo("free"))
        .body("metrics.workflows.used", equalTo(0))
        .body("metrics.workflows.limit", equalTo(5))
        .body("metrics.users.used", equalTo(1))
        .body("metrics.llmCalls.metered", equalTo(false))
        .body("metrics.llmCalls.used", nullValue());
  }

  private static void awaitUsage(String auth, String metric, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int seen = -1;
    while (System.nanoTime() < deadline) {
      seen =
          given()
              .header("Authorization", auth)
              .get("/api/v1/usage")
              .then()
              .statusCode(200)
              .extract()
              .path("metrics." + metric + ".used");
      if (seen == expected) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(metric + " usage is " + seen + ", expected " + expected);
  }
}
