package dev.devflow.mcpgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.devflow.common.auth.Role;
import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.TestTokens;
import dev.devflow.mcpgateway.support.Initialize;
import dev.devflow.mcpgateway.support.Mcp;
import dev.devflow.mcpgateway.support.RealUpstreams;
import dev.devflow.mcpgateway.support.Upstreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SaaS mode: /mcp answers only requests the api-gateway forwarded with its token, and every tool
 * acts as that token's tenant and role upstream.
 */
@QuarkusTest
@TestProfile(SaasAccessTest.Saas.class)
@QuarkusTestResource(value = RealUpstreams.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = InternalTokenTestResource.class, restrictToAnnotatedClass = true)
class SaasAccessTest {

  /** The gateway as deployed for many tenants. */
  public static class Saas implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("devflow.mode", "saas");
    }
  }

  @Test
  void withoutTheGatewaysTokenNothingAnswers() {
    Initialize.request()
        .post("/mcp")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("detail", containsString("DEVFLOW_API_KEY"));
    Initialize.request()
        .header("Authorization", "Bearer " + TestTokens.expired("alpha", Role.MEMBER))
        .post("/mcp")
        .then()
        .statusCode(401);
    Initialize.request()
        .header("Authorization", "Bearer " + TestTokens.signedByStranger("alpha", Role.ADMIN))
        .post("/mcp")
        .then()
        .statusCode(401);
  }

  @Test
  void toolsActAsTheTokensTenantAndNeverSeeAnotherTenant() {
    Upstreams.uploadMarkdown(
        "beta", "Beta secrets", "beta.md", "# Beta\n\nThe narwhal key rotates hourly.\n");
    Mcp alpha = Mcp.connect(TestTokens.bearer("alpha", Role.MEMBER));
    assertThat(alpha.ok("list_sources", Map.of())).doesNotContain("Beta secrets");
    assertThat(alpha.ok("search_knowledge", Map.of("query", "narwhal key rotates")))
        .doesNotContain("rotates hourly");
    Mcp beta = Mcp.connect(TestTokens.bearer("beta", Role.MEMBER));
    assertThat(beta.ok("search_knowledge", Map.of("query", "narwhal key rotates")))
        .contains("The narwhal key rotates hourly.");
  }

  @Test
  void viewersCanReadButTheirWritesAreToolErrors() {
    Mcp viewer = Mcp.connect(TestTokens.bearer("alpha", Role.VIEWER));
    viewer.ok("list_sources", Map.of());
    assertThat(
            viewer.error("add_source", Map.of("name", "Docs", "url", "http://127.0.0.1:9/docs/")))
        .contains("HTTP 403");
  }
}
