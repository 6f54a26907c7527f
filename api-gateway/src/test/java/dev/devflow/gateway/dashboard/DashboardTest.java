package dev.devflow.gateway.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.gateway.FakeServices;
import dev.devflow.gateway.Fixtures;
import dev.devflow.gateway.SaasMode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard served by the gateway as the SaaS runs it: its files are public (sign-in happens in
 * the app), app routes fall back to index.html for browsers, and every API path still goes through
 * the front door.
 */
@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class DashboardTest {

  @Inject Fixtures fixtures;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Test
  void theAppAndItsHashedAssetsAreServedWithoutAKey() {
    String html =
        given()
            .get("/")
            .then()
            .statusCode(200)
            .contentType(startsWith("text/html"))
            .header("Cache-Control", "no-cache")
            .header("X-Content-Type-Options", "nosniff")
            .header("Content-Security-Policy", containsString("default-src 'self'"))
            .body(containsString("<div id=\"root\"></div>"))
            .body(org.hamcrest.Matchers.not(containsString("<script>")))
            .extract()
            .asString();
    Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
    assertThat(script.find()).as("index.html names its script").isTrue();
    given()
        .get(script.group(1))
        .then()
        .statusCode(200)
        .contentType(startsWith("text/javascript"))
        .header("Cache-Control", containsString("immutable"));
  }

  @Test
  void assetsAreGzippedForClientsThatAcceptIt() {
    given()
        .header("Accept-Encoding", "gzip")
        .get("/index.html")
        .then()
        .statusCode(200)
        .header("Content-Encoding", "gzip")
        .body(containsString("DevFlow"));
  }

  @Test
  void aBrowserOpeningAnAppRouteGetsTheAppButAnApiClientGetsAProblem() {
    given()
        .accept("text/html,application/xhtml+xml")
        .get("/knowledge/sources")
        .then()
        .statusCode(200)
        .body(containsString("<div id=\"root\"></div>"));
    given()
        .accept("application/json")
        .get("/knowledge")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given().get("/assets/missing-file.js").then().statusCode(401);
  }

  @Test
  void apiHealthAndSocketPathsAreNeverTakenByTheDashboard() {
    given()
        .accept("text/html")
        .get("/api/v1/sources")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    given().accept("text/html").get("/health/live").then().statusCode(200);
    given().accept("text/html").get("/ws").then().statusCode(401);
    given().accept("text/html").post("/").then().statusCode(401);
    given().get("/assets/../../application.properties").then().statusCode(401);
  }

  @Test
  void meNamesTheTenantAndRoleOfTheKeyAndNeedsOne() {
    given()
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer");
    String admin = fixtures.aTenant("dashboard", "pro");
    given()
        .header("Authorization", Fixtures.bearer(admin))
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("mode", equalTo("saas"))
        .body("tenant", equalTo("dashboard"))
        .body("plan", equalTo("pro"))
        .body("role", equalTo("admin"))
        .body("user", equalTo("admin@dashboard.test"))
        .body("apiKey", org.hamcrest.Matchers.nullValue());
    String viewer = fixtures.aUser(admin, "eve@dashboard.test", "viewer").getString("apiKey");
    given()
        .header("Authorization", Fixtures.bearer(viewer))
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("role", equalTo("viewer"));
  }

  @Test
  void theActivityFeedListsTheCallersTenantsEventsOnlyNewestFirst() throws Exception {
    String red = Fixtures.bearer(fixtures.aTenant("activity_red", "pro"));
    String blue = Fixtures.bearer(fixtures.aTenant("activity_blue", "pro"));
    long first = event("activity_red", "crawl.started", "{\"sourceId\":\"s1\"}");
    long second = event("activity_red", "crawl.done", "{\"sourceId\":\"s1\",\"pagesEmbedded\":3}");
    event("activity_blue", "task.status", "{}");

    List<String> types =
        given()
            .header("Authorization", red)
            .get("/api/v1/events")
            .then()
            .statusCode(200)
            .body("[0].id", equalTo((int) second))
            .body("[0].payload.pagesEmbedded", equalTo(3))
            .extract()
            .jsonPath()
            .getList("type");
    assertThat(types).containsExactly("crawl.done", "crawl.started");
    given()
        .header("Authorization", red)
        .queryParam("afterId", first)
        .get("/api/v1/events")
        .then()
        .statusCode(200)
        .body("type", org.hamcrest.Matchers.contains("crawl.done"));
    given()
        .header("Authorization", blue)
        .get("/api/v1/events")
        .then()
        .statusCode(200)
        .body("type", org.hamcrest.Matchers.contains("task.status"));
    given()
        .header("Authorization", red)
        .queryParam("limit", "5000")
        .get("/api/v1/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("limit"));
    given().get("/api/v1/events").then().statusCode(401);
  }

  private long event(String tenant, String type, String payload) throws Exception {
    try (Connection c = owner.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into tenant_"
                    + tenant
                    + ".events (type, source, subject, payload)"
                    + " values (?, 'test', 'x', ?::jsonb) returning id")) {
      s.setString(1, type);
      s.setString(2, payload);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
