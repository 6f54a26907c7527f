package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class RateLimitTest {

  @Inject Fixtures fixtures;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Test
  void overThePlansRateAnswers429WithTheIetfHeadersWhileAnotherTenantFlows() throws Exception {
    plan("tiny", 5);
    String limited = fixtures.aTenant("throttled", "tiny");
    String other = fixtures.aTenant("unthrottled", "pro");

    for (int i = 0; i < 5; i++) {
      given()
          .header("Authorization", Fixtures.bearer(limited))
          .get("/api/v1/sources")
          .then()
          .statusCode(200)
          .header("RateLimit-Policy", "\"default\";q=5;w=60")
          .header("RateLimit", startsWith("\"default\";r=" + (4 - i) + ";t="));
    }
    given()
        .header("Authorization", Fixtures.bearer(limited))
        .get("/api/v1/sources")
        .then()
        .statusCode(429)
        .contentType(startsWith("application/problem+json"))
        .header("Retry-After", org.hamcrest.Matchers.notNullValue())
        .header("RateLimit-Remaining", "0")
        .body("type", equalTo("https://devflow.dev/problems/quota-exceeded"))
        .body("detail", org.hamcrest.Matchers.containsString("'tiny' plan"));

    given()
        .header("Authorization", Fixtures.bearer(other))
        .get("/api/v1/sources")
        .then()
        .statusCode(200);
  }

  @Test
  void concurrentClientsAreAdmittedAtTheConfiguredRate() throws Exception {
    hammer("burst", 40, 15);
  }

  @Test
  void aBusyTenantDrawnInBatchesIsStillAdmittedAtItsRate() throws Exception {
    // 1,000 a minute: tokens are drawn from PostgreSQL ten at a time and spent on the event loop.
    hammer("busy", 1_000, 170);
  }

  private void hammer(String planId, int perMinute, int requestsPerClient) throws Exception {
    plan(planId, perMinute);
    String key = fixtures.aTenant("hammered_" + planId, planId);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    long started = System.nanoTime();
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int client = 0; client < 8; client++) {
        runs.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < requestsPerClient; i++) {
                    Response r =
                        given()
                            .header("Authorization", Fixtures.bearer(key))
                            .get("/api/v1/sources");
                    (r.statusCode() == 200 ? admitted : refused).incrementAndGet();
                  }
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      clients.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // A full bucket, plus what refills at the plan's rate while the clients run.
    int ceiling = perMinute + (int) Math.ceil(seconds * perMinute / 60.0);
    assertThat(admitted.get() + refused.get()).isEqualTo(8 * requestsPerClient);
    assertThat(admitted.get()).isBetween(perMinute, ceiling);
  }

  private void plan(String id, int perMinute) throws Exception {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into devflow.plans (id, name, requests_per_minute) values ('"
              + id
              + "', '"
              + id
              + "', "
              + perMinute
              + ") on conflict (id) do nothing");
    }
  }
}
