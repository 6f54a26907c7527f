package dev.devflow.integrations.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.devflow.integrations.support.Connect.as;
import static dev.devflow.integrations.support.FakeProviders.fleet;
import static dev.devflow.integrations.support.FakeProviders.json;
import static dev.devflow.integrations.support.FakeProviders.wireMock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.integrations.support.Await;
import dev.devflow.integrations.support.Connect;
import dev.devflow.integrations.support.FakeProviders;
import dev.devflow.integrations.support.FleetRecorder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class GitHubSyncTest {

  private static final String ALPHA = TestTokens.bearer("alpha", Role.ADMIN);
  private static final String BETA = TestTokens.bearer("beta", Role.ADMIN);

  @Inject AgroalDataSource db;

  @Test
  void firstSyncTakesReadmeDocsAndIssuesThenOnlyWhatChanged() throws Exception {
    String conn = Connect.github(ALPHA, "code-sync", "gho_sync", "syncer");
    String repo = "/gh-api/repos/acme/widgets";
    stub(repo, json("{\"full_name\":\"acme/widgets\"}"));
    stubEtag(repo + "/readme", file("README.md", "# Widgets\n\nHow widgets work."), "\"r1\"");
    stubEtag(
        repo + "/contents/docs",
        json(
            "[{\"type\":\"file\",\"path\":\"docs/guide.md\",\"sha\":\"g1\"},"
                + "{\"type\":\"file\",\"path\":\"docs/logo.png\",\"sha\":\"p1\"},"
                + "{\"type\":\"dir\",\"path\":\"docs/api\",\"sha\":\"d1\"}]"),
        "\"d1\"");
    stubEtag(
        repo + "/contents/docs/api",
        json("[{\"type\":\"file\",\"path\":\"docs/api/ref.md\",\"sha\":\"f1\"}]"),
        "\"a1\"");
    stub(repo + "/contents/docs/guide.md", file("docs/guide.md", "# Guide\n\nInstall it."));
    stub(repo + "/contents/docs/api/ref.md", file("docs/api/ref.md", "# Reference"));
    String next = "http://127.0.0.1:" + wireMock().port() + repo + "/issues?page=2";
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/issues"))
                .withQueryParam("since", absent())
                .withQueryParam("page", absent())
                .willReturn(
                    json("["
                            + issue(1, "Crash on start", "2026-11-01T10:00:00Z")
                            + ","
                            + "{\"number\":3,\"title\":\"PR\",\"pull_request\":{},\"updated_at\":\"2026-11-01T11:00:00Z\"}]")
                        .withHeader(
                            "Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\"")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/issues"))
                .withQueryParam("page", WireMock.equalTo("2"))
                .willReturn(json("[" + issue(2, "Docs typo", "2026-11-02T09:00:00Z") + "]")));

    String created =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"github-repo\",\"key\":\"acme/widgets\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .body("target.key", equalTo("acme/widgets"))
            .body("job.status", equalTo("queued"))
            .extract()
            .asString();
    String target = io.restassured.path.json.JsonPath.from(created).getString("target.id");
    String job = io.restassured.path.json.JsonPath.from(created).getString("job.id");
    assertThat(Await.job(ALPHA, job)).isEqualTo("done");

    List<String> sent = files(fleet().uploadsOf("acme__widgets"));
    assertThat(sent)
        .containsExactlyInAnyOrder(
            "acme__widgets__README.md",
            "acme__widgets__docs__guide.md",
            "acme__widgets__docs__api__ref.md",
            "acme__widgets__issue-1.md",
            "acme__widgets__issue-2.md");
    FleetRecorder.Request first = fleet().uploadsOf("acme__widgets").get(0);
    assertThat(first.path()).isEqualTo("/api/v1/sources/uploads");
    assertThat(first.body())
        .contains("GitHub acme/widgets")
        .contains("Install it.")
        .contains("Crash on start");
    assertThat(tenantOf(first.authorization())).isEqualTo("alpha");
    as(ALPHA)
        .get("/api/v1/integrations/targets/" + target)
        .then()
        .body("knowledgeSourceId", startsWith(""))
        .body("lastSyncedAt", startsWith("20"));
    assertThat(eventTypes("alpha", target)).contains("sync.started", "sync.progress", "sync.done");

    // Second sync: README unchanged (304), docs listing changed with only guide.md's sha new,
    // the api folder unchanged, and only issue 2 updated since the last one seen.
    int before = fleet().uploadsOf("acme__widgets").size();
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/readme"))
                .withHeader("If-None-Match", WireMock.equalTo("\"r1\""))
                .willReturn(aResponse().withStatus(304)));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/contents/docs"))
                .withHeader("If-None-Match", WireMock.equalTo("\"d1\""))
                .willReturn(
                    json("[{\"type\":\"file\",\"path\":\"docs/guide.md\",\"sha\":\"g2\"},"
                            + "{\"type\":\"dir\",\"path\":\"docs/api\",\"sha\":\"d2\"}]")
                        .withHeader("ETag", "\"d2\"")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/contents/docs/api"))
                .withHeader("If-None-Match", WireMock.equalTo("\"a1\""))
                .willReturn(aResponse().withStatus(304)));
    stub(repo + "/contents/docs/guide.md", file("docs/guide.md", "# Guide\n\nInstall it twice."));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/issues"))
                .withQueryParam("since", WireMock.equalTo("2026-11-02T09:00:00Z"))
                .willReturn(
                    json("[" + issue(2, "Docs typo, fixed", "2026-11-03T09:00:00Z") + "]")));

    String job2 =
        as(ALPHA)
            .post("/api/v1/integrations/targets/" + target + "/sync")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    assertThat(Await.job(ALPHA, job2)).isEqualTo("done");

    List<FleetRecorder.Request> later =
        fleet()
            .uploadsOf("acme__widgets")
            .subList(before, fleet().uploadsOf("acme__widgets").size());
    assertThat(files(later))
        .containsExactlyInAnyOrder("acme__widgets__docs__guide.md", "acme__widgets__issue-2.md");
    assertThat(later.get(0).path()).endsWith("/files");
    assertThat(later.get(0).body()).contains("Install it twice.").contains("Docs typo, fixed");
    wireMock().verify(1, getRequestedFor(urlPathEqualTo(repo + "/contents/docs/api/ref.md")));
    as(ALPHA).get("/api/v1/integrations/sync-jobs/" + job2).then().body("documents", equalTo(2));
  }

  @Test
  void rateLimitsAreWaitedOutAndA5xxRetried() {
    String conn = Connect.github(ALPHA, "code-limits", "gho_limits", "limited");
    String repo = "/gh-api/repos/acme/limits";
    stub(repo, json("{}"));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/contents/docs")).willReturn(aResponse().withStatus(404)));
    // README: a 429 with Retry-After, then the file
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/readme"))
                .inScenario("readme")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("waited"));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/readme"))
                .inScenario("readme")
                .whenScenarioStateIs("waited")
                .willReturn(file("README.md", "# Limits")));
    // issues: GitHub's 403 with the window spent, then a 502, then the page
    long reset = Instant.now().getEpochSecond() + 1;
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/issues"))
                .inScenario("issues")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(
                    aResponse()
                        .withStatus(403)
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", String.valueOf(reset)))
                .willSetStateTo("reset"));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/issues"))
                .inScenario("issues")
                .whenScenarioStateIs("reset")
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("recovered"));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/issues"))
                .inScenario("issues")
                .whenScenarioStateIs("recovered")
                .willReturn(json("[" + issue(7, "Slow", "2026-11-05T00:00:00Z") + "]")));

    String job =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"github-repo\",\"key\":\"acme/limits\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");

    assertThat(Await.job(ALPHA, job)).isEqualTo("done");
    wireMock().verify(2, getRequestedFor(urlPathEqualTo(repo + "/readme")));
    wireMock().verify(3, getRequestedFor(urlPathEqualTo(repo + "/issues")));
    assertThat(files(fleet().uploadsOf("acme__limits")))
        .containsExactlyInAnyOrder("acme__limits__README.md", "acme__limits__issue-7.md");
  }

  @Test
  void aRateLimitLongerThanTheBoundFailsTheJobInsteadOfHanging() {
    String conn = Connect.github(ALPHA, "code-hour", "gho_hour", "hourly");
    String repo = "/gh-api/repos/acme/hour";
    stub(repo, json("{}"));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(repo + "/readme"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    String job =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"github-repo\",\"key\":\"acme/hour\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");

    assertThat(Await.job(ALPHA, job)).isEqualTo("failed");
    as(ALPHA)
        .get("/api/v1/integrations/sync-jobs/" + job)
        .then()
        .body("error", containsString("rate limit"));
    wireMock().verify(1, getRequestedFor(urlPathEqualTo(repo + "/readme")));
  }

  @Test
  void aRepositoryTheTokenCannotSeeIsA422AndNothingIsCreated() {
    String conn = Connect.github(ALPHA, "code-hidden", "gho_hidden", "outsider");
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/repos/acme/secret"))
                .willReturn(aResponse().withStatus(404)));

    as(ALPHA)
        .contentType("application/json")
        .body("{\"kind\":\"github-repo\",\"key\":\"acme/secret\"}")
        .post("/api/v1/integrations/connections/" + conn + "/targets")
        .then()
        .statusCode(422)
        .contentType(startsWith("application/problem+json"))
        .body("field", equalTo("key"))
        .body("detail", containsString("acme/secret"));
    as(ALPHA)
        .get("/api/v1/integrations/connections/" + conn + "/targets")
        .then()
        .body("size()", equalTo(0));

    as(ALPHA)
        .contentType("application/json")
        .body("{\"kind\":\"jira-project\",\"key\":\"ENG\"}")
        .post("/api/v1/integrations/connections/" + conn + "/targets")
        .then()
        .statusCode(400)
        .body("field", equalTo("kind"));
    as(ALPHA)
        .contentType("application/json")
        .body("{\"kind\":\"svn-repo\",\"key\":\"a/b\"}")
        .post("/api/v1/integrations/connections/" + conn + "/targets")
        .then()
        .statusCode(400)
        .body("errors[0].field", containsString("kind"));
  }

  @Test
  void tenantAsConnectionIsNeverUsedForTenantB() {
    String conn = Connect.github(ALPHA, "code-iso", "gho_alpha_only", "alpha-user");
    String repo = "/gh-api/repos/acme/isolated";
    stub(repo, json("{}"));
    io.restassured.path.json.JsonPath created =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"github-repo\",\"key\":\"acme/isolated\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String target = created.getString("target.id");
    Await.job(ALPHA, created.getString("job.id"));
    int alphaCalls = callsWithToken("gho_alpha_only");

    as(BETA).get("/api/v1/integrations/connections/" + conn).then().statusCode(404);
    as(BETA)
        .get("/api/v1/integrations/connections")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.not(containsString(conn)));
    as(BETA)
        .contentType("application/json")
        .body("{\"kind\":\"github-repo\",\"key\":\"acme/isolated\"}")
        .post("/api/v1/integrations/connections/" + conn + "/targets")
        .then()
        .statusCode(404);
    as(BETA).post("/api/v1/integrations/targets/" + target + "/sync").then().statusCode(404);
    as(BETA)
        .contentType("application/json")
        .body("{\"issue\":\"acme/isolated#1\",\"runId\":1,\"phase\":\"build\"}")
        .post("/api/v1/integrations/connections/" + conn + "/tasks")
        .then()
        .statusCode(404);
    as(BETA).delete("/api/v1/integrations/connections/" + conn).then().statusCode(404);

    assertThat(callsWithToken("gho_alpha_only")).isEqualTo(alphaCalls);
    as(ALPHA).get("/api/v1/integrations/connections/" + conn).then().statusCode(200);
  }

  private static int callsWithToken(String token) {
    return wireMock()
        .findAll(
            WireMock.anyRequestedFor(WireMock.anyUrl())
                .withHeader("Authorization", WireMock.equalTo("Bearer " + token)))
        .size();
  }

  private List<String> eventTypes(String tenant, String subject) throws Exception {
    try (Connection c = db.getConnection();
        var ps =
            c.prepareStatement(
                "SELECT type FROM tenant_" + tenant + ".events WHERE subject = ? ORDER BY id")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new java.util.ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }

  static String tenantOf(String authorization) {
    String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
    String claims = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    return io.restassured.path.json.JsonPath.from(claims).getString("tenant");
  }

  static List<String> files(List<FleetRecorder.Request> requests) {
    return requests.stream().flatMap(r -> r.fileNames().stream()).toList();
  }

  static void stub(
      String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    wireMock().stubFor(get(urlPathEqualTo(path)).willReturn(response));
  }

  static void stubEtag(
      String path,
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response,
      String etag) {
    wireMock().stubFor(get(urlPathEqualTo(path)).willReturn(response.withHeader("ETag", etag)));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder file(
      String path, String content) {
    String b64 =
        Base64.getMimeEncoder()
            .encodeToString(content.getBytes(StandardCharsets.UTF_8))
            .replace("\r\n", "\\n");
    return json("{\"path\":\"" + path + "\",\"encoding\":\"base64\",\"content\":\"" + b64 + "\"}");
  }

  static String issue(int number, String title, String updated) {
    return "{\"number\":"
        + number
        + ",\"title\":\""
        + title
        + "\",\"state\":\"open\",\"body\":\"Details of "
        + title
        + "\",\"labels\":[{\"name\":\"bug\"}],\"updated_at\":\""
        + updated
        + "\",\"html_url\":\"https://github.com/acme/widgets/issues/"
        + number
        + "\"}";
  }
}
