package dev.devflow.integrations.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.devflow.integrations.support.Connect.as;
import static dev.devflow.integrations.support.FakeProviders.fleet;
import static dev.devflow.integrations.support.FakeProviders.json;
import static dev.devflow.integrations.support.FakeProviders.wireMock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
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
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class AtlassianSyncTest {

  private static final String ALPHA = TestTokens.bearer("alpha", Role.ADMIN);

  @Inject AgroalDataSource db;
  @Inject SyncRecovery recovery;

  @Test
  void jiraIssuesSyncIncrementallyByLastModified() {
    String conn = Connect.atlassian(ALPHA, "code-jira", "atl-jira", "atl-jira-r", 3600, "cloud-j");
    String base = "/atl-api/ex/jira/cloud-j/rest/api/3";
    wireMock()
        .stubFor(get(urlPathEqualTo(base + "/project/ENG")).willReturn(json("{\"key\":\"ENG\"}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/search/jql"))
                .withQueryParam("jql", notContaining("updated >="))
                .willReturn(
                    json(
                        "{\"issues\":["
                            + jira("ENG-1", "Login broken", "2026-11-20T10:00:00.000+0000")
                            + "],"
                            + "\"nextPageToken\":\"p2\",\"isLast\":false}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/search/jql"))
                .withQueryParam("nextPageToken", WireMock.equalTo("p2"))
                .willReturn(
                    json(
                        "{\"issues\":["
                            + jira("ENG-2", "Slow search", "2026-11-21T10:00:00.000+0000")
                            + "],\"isLast\":true}")));

    String job =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"jira-project\",\"key\":\"ENG\",\"jql\":\"labels = backend\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");
    assertThat(Await.job(ALPHA, job)).isEqualTo("done");
    assertThat(GitHubSyncTest.files(fleet().uploadsOf("jira__ENG")))
        .containsExactlyInAnyOrder("jira__ENG-1.md", "jira__ENG-2.md");
    FleetRecorder.Request first = fleet().uploadsOf("jira__ENG").get(0);
    assertThat(first.body())
        .contains("# ENG-1: Login broken")
        .contains("Users cannot log in.")
        .contains("https://acme.atlassian.net/browse/ENG-1");
    wireMock()
        .verify(
            getRequestedFor(urlPathEqualTo(base + "/search/jql"))
                .withQueryParam("jql", containing("project = \"ENG\" AND (labels = backend)")));

    // Second sync asks only for issues updated since the last one seen (with a time-zone margin)
    // and sends only those that really changed.
    int before = fleet().uploadsOf("jira__ENG").size();
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/search/jql"))
                .withQueryParam("jql", containing("updated >= \"2026/11/20 20:00\""))
                .willReturn(
                    json(
                        "{\"issues\":["
                            + jira("ENG-2", "Slow search", "2026-11-21T10:00:00.000+0000")
                            + ","
                            + jira("ENG-7", "New one", "2026-11-22T08:00:00.000+0000")
                            + "],\"isLast\":true}")));
    String target =
        as(ALPHA)
            .get("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .extract()
            .path("[0].id");
    String job2 =
        as(ALPHA)
            .post("/api/v1/integrations/targets/" + target + "/sync")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    assertThat(Await.job(ALPHA, job2)).isEqualTo("done");

    List<FleetRecorder.Request> all = fleet().uploadsOf("jira__ENG");
    assertThat(GitHubSyncTest.files(all.subList(before, all.size())))
        .containsExactlyInAnyOrder("jira__ENG-2.md", "jira__ENG-7.md");
    assertThat(all.get(all.size() - 1).path()).endsWith("/files");
  }

  @Test
  void confluencePagesKeepTheirHierarchyAndAnUnseenSpaceIsA422() {
    String conn = Connect.atlassian(ALPHA, "code-conf", "atl-conf", "atl-conf-r", 3600, "cloud-c");
    String base = "/atl-api/ex/confluence/cloud-c/wiki/rest/api";
    wireMock()
        .stubFor(get(urlPathEqualTo(base + "/space/DOCS")).willReturn(json("{\"key\":\"DOCS\"}")));
    wireMock()
        .stubFor(get(urlPathEqualTo(base + "/space/HR")).willReturn(aResponse().withStatus(404)));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/content/search"))
                .withQueryParam("start", WireMock.equalTo("0"))
                .willReturn(
                    json(
                        "{\"results\":[{\"id\":\"11\",\"title\":\"Setup\",\"version\":{\"when\":\"2026-11-20T10:00:00.000Z\"},"
                            + "\"ancestors\":[{\"title\":\"Home\"},{\"title\":\"Guides\"}],"
                            + "\"body\":{\"storage\":{\"value\":\"<h1>Install</h1><p>Run <code>make</code>.</p><ul><li>one</li><li>two</li></ul>\"}},"
                            + "\"_links\":{\"webui\":\"/spaces/DOCS/pages/11\"}}],\"_links\":{\"next\":\"/rest/api/content/search?start=25\"}}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/content/search"))
                .withQueryParam("start", WireMock.equalTo("25"))
                .willReturn(json("{\"results\":[],\"_links\":{}}")));

    String job =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"confluence-space\",\"key\":\"DOCS\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");
    assertThat(Await.job(ALPHA, job)).isEqualTo("done");
    FleetRecorder.Request sent = fleet().uploadsOf("confluence__DOCS").get(0);
    assertThat(sent.fileNames()).containsExactly("confluence__DOCS__11-Setup.md");
    assertThat(sent.body())
        .contains("# Setup")
        .contains("Path: Home > Guides > Setup")
        .contains("## Install")
        .contains("- one")
        .contains("https://acme.atlassian.net/wiki/spaces/DOCS/pages/11")
        .doesNotContain("<h1>");
    wireMock()
        .verify(
            getRequestedFor(urlPathEqualTo(base + "/content/search"))
                .withQueryParam("cql", containing("space = \"DOCS\" AND type = page")));

    as(ALPHA)
        .contentType("application/json")
        .body("{\"kind\":\"confluence-space\",\"key\":\"HR\"}")
        .post("/api/v1/integrations/connections/" + conn + "/targets")
        .then()
        .statusCode(422)
        .body("field", equalTo("key"))
        .body("detail", containsString("'HR'"));
  }

  @Test
  void aJobLeftRunningByACrashIsResumedFromItsCursors() throws Exception {
    String conn =
        Connect.atlassian(ALPHA, "code-resume", "atl-resume", "atl-resume-r", 3600, "cloud-r");
    String base = "/atl-api/ex/jira/cloud-r/rest/api/3";
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/search/jql"))
                .willReturn(
                    json(
                        "{\"issues\":["
                            + jira("OPS-9", "Disk full", "2026-11-24T10:00:00.000+0000")
                            + "],\"isLast\":true}")));
    UUID target = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    try (Connection c = db.getConnection()) {
      var t =
          c.prepareStatement(
              "INSERT INTO tenant_alpha.sync_targets (id, connection_id, kind, key) VALUES (?,?,'jira-project','OPS')");
      t.setObject(1, target);
      t.setObject(2, UUID.fromString(conn));
      t.executeUpdate();
      var j =
          c.prepareStatement(
              "INSERT INTO tenant_alpha.sync_jobs (id, target_id, trigger, status, started_at) VALUES (?,?,'manual','running', now())");
      j.setObject(1, job);
      j.setObject(2, target);
      j.executeUpdate();
    }

    recovery.resumeAll();

    assertThat(Await.job(ALPHA, job.toString())).isEqualTo("done");
    assertThat(GitHubSyncTest.files(fleet().uploadsOf("jira__OPS")))
        .containsExactly("jira__OPS-9.md");
  }

  @Test
  void aJobAnotherLiveProcessIsRunningIsLeftToIt() throws Exception {
    String conn =
        Connect.atlassian(ALPHA, "code-lease", "atl-lease", "atl-lease-r", 3600, "cloud-l");
    UUID target = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    try (Connection c = db.getConnection()) {
      var t =
          c.prepareStatement(
              "INSERT INTO tenant_alpha.sync_targets (id, connection_id, kind, key) VALUES"
                  + " (?,?,'jira-project','LEASE')");
      t.setObject(1, target);
      t.setObject(2, UUID.fromString(conn));
      t.executeUpdate();
      var j =
          c.prepareStatement(
              "INSERT INTO tenant_alpha.sync_jobs (id, target_id, trigger, status, started_at,"
                  + " heartbeat_at) VALUES (?,?,'manual','running', now(), now())");
      j.setObject(1, job);
      j.setObject(2, target);
      j.executeUpdate();
    }

    recovery.resumeAll();
    Thread.sleep(500);

    as(ALPHA)
        .get("/api/v1/integrations/sync-jobs/" + job)
        .then()
        .body("status", equalTo("running"));
    wireMock()
        .verify(
            0, getRequestedFor(urlPathEqualTo("/atl-api/ex/jira/cloud-l/rest/api/3/search/jql")));
  }

  @Test
  void aRefusedTokenWithoutRefreshMarksTheConnectionForReauthorization() {
    String conn = Connect.github(ALPHA, "code-revoked", "gho_revoked", "revoked");
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/repos/acme/revoked"))
                .withHeader("Authorization", WireMock.equalTo("Bearer gho_revoked"))
                .willReturn(
                    aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}")));

    as(ALPHA)
        .contentType("application/json")
        .body("{\"kind\":\"github-repo\",\"key\":\"acme/revoked\"}")
        .post("/api/v1/integrations/connections/" + conn + "/targets")
        .then()
        .statusCode(409)
        .body("detail", containsString("connect it again"));
    as(ALPHA)
        .get("/api/v1/integrations/connections/" + conn)
        .then()
        .body("status", equalTo("reauthorize"));
    wireMock()
        .verify(
            1,
            getRequestedFor(urlPathEqualTo("/gh-api/repos/acme/revoked"))
                .withHeader("If-None-Match", absent()));
  }

  @Test
  void aTokenRefusedMidSyncIsRefreshedOnceAndTheCallRetried() {
    String conn = Connect.atlassian(ALPHA, "code-401", "atl-stale", "atl-401-r", 3600, "cloud-401");
    String base = "/atl-api/ex/jira/cloud-401/rest/api/3";
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/project/SEC"))
                .withHeader("Authorization", WireMock.equalTo("Bearer atl-stale"))
                .willReturn(aResponse().withStatus(401)));
    wireMock()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.post(
                    urlPathEqualTo("/atl-auth/oauth/token"))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.refresh_token", WireMock.equalTo("atl-401-r")))
                .willReturn(
                    json(
                        "{\"access_token\":\"atl-fresh\",\"refresh_token\":\"atl-401-r2\",\"expires_in\":3600}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/project/SEC"))
                .withHeader("Authorization", WireMock.equalTo("Bearer atl-fresh"))
                .willReturn(json("{}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/search/jql"))
                .withHeader("Authorization", WireMock.equalTo("Bearer atl-fresh"))
                .willReturn(json("{\"issues\":[],\"isLast\":true}")));

    String job =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"jira-project\",\"key\":\"SEC\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");

    assertThat(Await.job(ALPHA, job)).isEqualTo("done");
    as(ALPHA)
        .get("/api/v1/integrations/connections/" + conn)
        .then()
        .body("status", equalTo("active"));
  }

  static String jira(String key, String summary, String updated) {
    return "{\"key\":\""
        + key
        + "\",\"fields\":{\"summary\":\""
        + summary
        + "\",\"updated\":\""
        + updated
        + "\","
        + "\"status\":{\"name\":\"To Do\"},\"issuetype\":{\"name\":\"Bug\"},"
        + "\"description\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":"
        + "[{\"type\":\"text\",\"text\":\"Users cannot log in.\"}]}]}}}";
  }
}
