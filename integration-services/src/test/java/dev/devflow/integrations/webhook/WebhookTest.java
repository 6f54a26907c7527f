package dev.devflow.integrations.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.devflow.integrations.support.Connect.as;
import static dev.devflow.integrations.support.FakeProviders.json;
import static dev.devflow.integrations.support.FakeProviders.wireMock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.integrations.support.Await;
import dev.devflow.integrations.support.Connect;
import dev.devflow.integrations.support.FakeProviders;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class WebhookTest {

  private static final String ALPHA = TestTokens.bearer("alpha", Role.ADMIN);

  @Inject AgroalDataSource db;

  @Test
  void aSignedGitHubPushQueuesAnIncrementalSyncAndAReplayIsRefused() throws Exception {
    String conn = Connect.github(ALPHA, "code-hook", "gho_hook", "hooker");
    String repo = "/gh-api/repos/acme/hooked";
    wireMock().stubFor(get(urlPathEqualTo(repo)).willReturn(json("{}")));
    wireMock().stubFor(get(urlPathEqualTo(repo + "/issues")).willReturn(json("[]")));
    String firstJob =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"github-repo\",\"key\":\"acme/hooked\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");
    Await.job(ALPHA, firstJob);
    String secret =
        as(ALPHA)
            .post("/api/v1/integrations/connections/" + conn + "/webhook-secret")
            .then()
            .statusCode(200)
            .body(
                "webhookUrl", equalTo("http://localhost:3737/api/v1/webhooks/github/alpha/" + conn))
            .extract()
            .path("secret");
    as(ALPHA)
        .get("/api/v1/integrations/connections/" + conn)
        .then()
        .body("webhookSecretSet", equalTo(true))
        .body(org.hamcrest.Matchers.not(containsString(secret)));

    byte[] body =
        "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/hooked\"}}"
            .getBytes(StandardCharsets.UTF_8);
    String url = "/api/v1/webhooks/github/alpha/" + conn;
    List<String> queued =
        given()
            .header("X-Hub-Signature-256", Signatures.sign(secret, body))
            .header("X-GitHub-Delivery", "d-1")
            .header("X-GitHub-Event", "push")
            .contentType("application/json")
            .body(body)
            .post(url)
            .then()
            .statusCode(202)
            .body("queuedJobs", hasSize(1))
            .extract()
            .path("queuedJobs");
    assertThat(Await.job(ALPHA, queued.get(0))).isEqualTo("done");
    as(ALPHA)
        .get("/api/v1/integrations/sync-jobs/" + queued.get(0))
        .then()
        .body("trigger", equalTo("webhook"));

    given()
        .header("X-Hub-Signature-256", Signatures.sign(secret, body))
        .header("X-GitHub-Delivery", "d-1")
        .header("X-GitHub-Event", "push")
        .contentType("application/json")
        .body(body)
        .post(url)
        .then()
        .statusCode(409)
        .contentType(startsWith("application/problem+json"))
        .body("detail", containsString("replays"));
  }

  @Test
  void aBadOrMissingSignatureIsA401AndNothingHappens() throws Exception {
    String conn = Connect.github(ALPHA, "code-badsig", "gho_badsig", "victim");
    String secret =
        as(ALPHA)
            .post("/api/v1/integrations/connections/" + conn + "/webhook-secret")
            .then()
            .statusCode(200)
            .extract()
            .path("secret");
    byte[] body = "{\"repository\":{\"full_name\":\"acme/any\"}}".getBytes(StandardCharsets.UTF_8);
    long jobs = count("SELECT count(*) FROM tenant_alpha.sync_jobs");
    long deliveries = count("SELECT count(*) FROM tenant_alpha.webhook_deliveries");
    long events = count("SELECT count(*) FROM tenant_alpha.events");
    String url = "/api/v1/webhooks/github/alpha/" + conn;

    given()
        .header("X-Hub-Signature-256", Signatures.sign("not-the-secret", body))
        .header("X-GitHub-Delivery", "bad-1")
        .contentType("application/json")
        .body(body)
        .post(url)
        .then()
        .statusCode(401)
        .contentType(startsWith("application/problem+json"));
    given()
        .header("X-GitHub-Delivery", "bad-2")
        .contentType("application/json")
        .body(body)
        .post(url)
        .then()
        .statusCode(401);
    // right secret, body changed after signing
    given()
        .header("X-Hub-Signature-256", Signatures.sign(secret, body))
        .header("X-GitHub-Delivery", "bad-3")
        .contentType("application/json")
        .body("{\"repository\":{\"full_name\":\"acme/other\"}}")
        .post(url)
        .then()
        .statusCode(401);
    // the right signature for tenant alpha's connection, sent to tenant beta's URL
    given()
        .header("X-Hub-Signature-256", Signatures.sign(secret, body))
        .header("X-GitHub-Delivery", "bad-4")
        .contentType("application/json")
        .body(body)
        .post("/api/v1/webhooks/github/beta/" + conn)
        .then()
        .statusCode(401);

    assertThat(count("SELECT count(*) FROM tenant_alpha.sync_jobs")).isEqualTo(jobs);
    assertThat(count("SELECT count(*) FROM tenant_alpha.webhook_deliveries")).isEqualTo(deliveries);
    assertThat(count("SELECT count(*) FROM tenant_alpha.events")).isEqualTo(events);
  }

  @Test
  void aConnectionWithoutAWebhookSecretTakesNoWebhooks() {
    String conn = Connect.github(ALPHA, "code-nosecret", "gho_nosecret", "quiet");
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    given()
        .header("X-Hub-Signature-256", Signatures.sign("guess", body))
        .header("X-GitHub-Delivery", "ns-1")
        .body(body)
        .post("/api/v1/webhooks/github/alpha/" + conn)
        .then()
        .statusCode(401)
        .body("detail", containsString("does not match this endpoint's secret"));
  }

  @Test
  void whetherAnEndpointExistsCannotBeToldFromOutside() {
    given()
        .body("{}")
        .post("/api/v1/webhooks/gitlab/alpha/" + java.util.UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("field", equalTo("provider"));
    String conn = Connect.github(ALPHA, "code-oracle", "gho_oracle", "oracle");
    String existing = unsigned("/api/v1/webhooks/github/alpha/" + conn);
    for (String url :
        new String[] {
          "/api/v1/webhooks/github/Not-A-Tenant/x",
          "/api/v1/webhooks/github/alpha/" + java.util.UUID.randomUUID(),
          "/api/v1/webhooks/github/nosuchtenant/" + java.util.UUID.randomUUID(),
          "/api/v1/webhooks/jira/alpha/" + conn
        }) {
      // The same status and words as for the real endpoint, whose secret the caller lacks.
      assertThat(unsigned(url).replace(url, "URL"))
          .isEqualTo(existing.replace("/api/v1/webhooks/github/alpha/" + conn, "URL"));
    }
  }

  private static String unsigned(String url) {
    return given()
        .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
        .header("X-Hub-Signature", "sha256=" + "0".repeat(64))
        .header("X-GitHub-Delivery", "oracle")
        .body("{}")
        .post(url)
        .then()
        .statusCode(401)
        .contentType(startsWith("application/problem+json"))
        .extract()
        .asString();
  }

  @Test
  void aSignedJiraWebhookQueuesTheProjectsSync() {
    String conn =
        Connect.atlassian(ALPHA, "code-jira-hook", "atl-hook", "atl-hook-r", 3600, "cloud-hook");
    String base = "/atl-api/ex/jira/cloud-hook/rest/api/3";
    wireMock().stubFor(get(urlPathEqualTo(base + "/project/HOOK")).willReturn(json("{}")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo(base + "/search/jql"))
                .willReturn(json("{\"issues\":[],\"isLast\":true}")));
    String first =
        as(ALPHA)
            .contentType("application/json")
            .body("{\"kind\":\"jira-project\",\"key\":\"HOOK\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");
    Await.job(ALPHA, first);
    String secret =
        as(ALPHA)
            .post("/api/v1/integrations/connections/" + conn + "/webhook-secret")
            .then()
            .extract()
            .path("secret");
    byte[] body =
        "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"key\":\"HOOK-3\",\"fields\":{\"project\":{\"key\":\"HOOK\"}}}}"
            .getBytes(StandardCharsets.UTF_8);

    List<String> queued =
        given()
            .header("X-Hub-Signature", Signatures.sign(secret, body))
            .header("X-Atlassian-Webhook-Identifier", "j-1")
            .contentType("application/json")
            .body(body)
            .post("/api/v1/webhooks/jira/alpha/" + conn)
            .then()
            .statusCode(202)
            .extract()
            .path("queuedJobs");
    assertThat(queued).hasSize(1);
    assertThat(Await.job(ALPHA, queued.get(0))).isEqualTo("done");
    given()
        .header("X-Hub-Signature", "sha256=00")
        .header("X-Atlassian-Webhook-Identifier", "j-2")
        .contentType("application/json")
        .body(body)
        .post("/api/v1/webhooks/jira/alpha/" + conn)
        .then()
        .statusCode(401);
  }

  private long count(String sql) throws Exception {
    try (Connection c = db.getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
