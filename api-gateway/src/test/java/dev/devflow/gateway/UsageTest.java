package dev.devflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /** The default pool: every connection acts as devflow_app, as the services' do. */
  @Inject AgroalDataSource runtime;

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
        .body("metrics.llmCalls.metered", equalTo(true))
        .body("metrics.llmCalls.used", equalTo(0))
        .body("metrics.llmCalls.limit", equalTo(1000))
        .body("metrics.storageBytes.metered", equalTo(true))
        .body("metrics.storageBytes.used", equalTo(0));
  }

  /**
   * The services spend LLM calls and report storage through the control schema's functions, as the
   * runtime role they act as: the limit holds under concurrency, a refusal takes nothing, one
   * tenant's spending never shows in another's usage, and the usage answer shows both metered.
   */
  @Test
  void llmCallsAndStorageSpentByTheServicesAreMeteredPerTenant() throws Exception {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into devflow.plans (id, name, max_storage_bytes, max_llm_calls_per_month,"
              + " requests_per_minute) values ('ten_calls', 'Ten calls', 5000, 10, 1000)"
              + " on conflict (id) do nothing");
    }
    String tiny = Fixtures.bearer(fixtures.aTenant("llm_tiny", "ten_calls"));
    String other = Fixtures.bearer(fixtures.aTenant("llm_other", "ten_calls"));

    // 16 spenders of one call each race for the 10 the plan allows
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> spent = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      spent.add(pool.submit(() -> consume("llm_tiny", 1)));
    }
    int allowed = 0;
    for (Future<Boolean> f : spent) {
      allowed += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(allowed).isEqualTo(10);
    assertThat(consume("llm_tiny", 1)).isFalse();

    try (Connection c = runtime.getConnection();
        PreparedStatement s =
            c.prepareStatement("select * from devflow.report_usage(?, 'storageBytes', ?)")) {
      s.setString(1, "llm_tiny");
      s.setLong(2, 4321);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong("used")).isEqualTo(4321);
        assertThat(rs.getLong("max_value")).isEqualTo(5000);
      }
      s.setString(1, "no_such_tenant");
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("no answer for a tenant that does not exist").isFalse();
      }
    }

    given()
        .header("Authorization", tiny)
        .get("/api/v1/usage")
        .then()
        .statusCode(200)
        .body("metrics.llmCalls.used", equalTo(10))
        .body("metrics.llmCalls.limit", equalTo(10))
        .body("metrics.llmCalls.period", equalTo("month"))
        .body("metrics.llmCalls.metered", equalTo(true))
        .body("metrics.storageBytes.used", equalTo(4321))
        .body("metrics.storageBytes.limit", equalTo(5000))
        .body("metrics.storageBytes.metered", equalTo(true));
    given()
        .header("Authorization", other)
        .get("/api/v1/usage")
        .then()
        .statusCode(200)
        .body("metrics.llmCalls.used", equalTo(0))
        .body("metrics.storageBytes.used", equalTo(0));
    assertThat(consume("llm_other", 10)).as("another tenant's calls are its own").isTrue();
  }

  private boolean consume(String tenant, int calls) throws Exception {
    try (Connection c = runtime.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select allowed from devflow.consume_usage(?, 'llmCalls', ?, true)")) {
      s.setString(1, tenant);
      s.setLong(2, calls);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getBoolean(1);
      }
    }
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
