package dev.devflow.integrations.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.devflow.integrations.support.Connect.as;
import static dev.devflow.integrations.support.FakeProviders.fleet;
import static dev.devflow.integrations.support.FakeProviders.json;
import static dev.devflow.integrations.support.FakeProviders.wireMock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.integrations.support.Await;
import dev.devflow.integrations.support.Connect;
import dev.devflow.integrations.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * As the SaaS runs it: every API call needs the gateway's token, webhooks arrive with none (their
 * signature is the credential), and the sync they trigger calls the knowledge hub with a token it
 * minted for the webhook's tenant.
 */
@QuarkusTest
@TestProfile(SaasWebhookTest.Saas.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeProviders.class)
class SaasWebhookTest {

  /** Multi-tenant mode. */
  public static class Saas implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("devflow.mode", "saas");
    }
  }

  private static final String BETA = TestTokens.bearer("beta", Role.ADMIN);

  @Test
  void apiCallsNeedATokenWebhooksOnlyTheirSignature() {
    given().get("/api/v1/integrations/connections").then().statusCode(401);
    given().post("/api/v1/integrations/github/authorize").then().statusCode(401);

    String conn = Connect.github(BETA, "code-saas", "gho_saas", "saasy");
    wireMock().stubFor(get(urlPathEqualTo("/gh-api/repos/beta-org/app")).willReturn(json("{}")));
    wireMock()
        .stubFor(get(urlPathEqualTo("/gh-api/repos/beta-org/app/issues")).willReturn(json("[]")));
    wireMock()
        .stubFor(
            get(urlPathEqualTo("/gh-api/repos/beta-org/app/readme"))
                .willReturn(json("{\"path\":\"README.md\",\"content\":\"IyBBcHA=\"}")));
    String first =
        as(BETA)
            .contentType("application/json")
            .body("{\"kind\":\"github-repo\",\"key\":\"beta-org/app\"}")
            .post("/api/v1/integrations/connections/" + conn + "/targets")
            .then()
            .statusCode(201)
            .extract()
            .path("job.id");
    Await.job(BETA, first);
    String secret =
        as(BETA)
            .post("/api/v1/integrations/connections/" + conn + "/webhook-secret")
            .then()
            .statusCode(200)
            .extract()
            .path("secret");
    byte[] body =
        "{\"repository\":{\"full_name\":\"beta-org/app\"}}".getBytes(StandardCharsets.UTF_8);

    List<String> queued =
        given()
            .header("X-Hub-Signature-256", Signatures.sign(secret, body))
            .header("X-GitHub-Delivery", "saas-1")
            .contentType("application/json")
            .body(body)
            .post("/api/v1/webhooks/github/beta/" + conn)
            .then()
            .statusCode(202)
            .extract()
            .path("queuedJobs");
    assertThat(Await.job(BETA, queued.get(0))).isEqualTo("done");

    var upload = fleet().uploadsOf("beta-org__app").get(0);
    assertThat(upload.authorization()).startsWith("Bearer ey");
    assertThat(dev.devflow.integrations.sync.GitHubSyncTestAccess.tenantOf(upload.authorization()))
        .isEqualTo("beta");
  }
}
