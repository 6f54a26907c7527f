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
  void tokensClaimingWhatTheGatewayNeverIssuesAreRefused() {
    for (String token :
        new String[] {
          TestTokens.custom("Not A Tenant!", "member", 60),
          TestTokens.custom("alpha", "superuser", 60),
          TestTokens.custom("alpha", "member", 3600)
        }) {
      Initialize.request()
          .header("Authorization", "Bearer " + token)
          .post("/mcp")
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
    }
  }

  @Test
  void aSessionAnswersOnlyTheCallerThatOpenedIt() {
    String alpha = TestTokens.bearer("alpha", Role.MEMBER);
    String session =
        Initialize.request()
            .header("Authorization", alpha)
            .post("/mcp")
            .then()
            .statusCode(200)
            .extract()
            .header("Mcp-Session-Id");
    assertThat(session).isNotBlank();
    String beta = TestTokens.bearer("beta", Role.ADMIN);
    // Another tenant (or another user of the same tenant) holding the id: no such session.
    for (String other : new String[] {beta, TestTokens.bearer("alpha", Role.ADMIN)}) {
      io.restassured.RestAssured.given()
          .header("Authorization", other)
          .header("Mcp-Session-Id", session)
          .delete("/mcp")
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("detail", containsString("no MCP session"));
      io.restassured.RestAssured.given()
          .header("Authorization", other)
          .header("Mcp-Session-Id", session)
          .accept("text/event-stream")
          .get("/mcp")
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
    // Its owner still has it, and can end it.
    io.restassured.RestAssured.given()
        .header("Authorization", alpha)
        .header("Mcp-Session-Id", session)
        .delete("/mcp")
        .then()
        .statusCode(org.hamcrest.Matchers.lessThan(300));
    // An unknown (or ended) session is a problem document too.
    io.restassured.RestAssured.given()
        .header("Authorization", alpha)
        .header("Mcp-Session-Id", session)
        .delete("/mcp")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
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
