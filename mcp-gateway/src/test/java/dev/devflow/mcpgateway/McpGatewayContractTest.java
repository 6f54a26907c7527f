package dev.devflow.mcpgateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.ServiceContractTest;
import dev.devflow.mcpgateway.support.FakeUpstreams;
import dev.devflow.mcpgateway.support.Mcp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = true)
class McpGatewayContractTest extends ServiceContractTest {

  @Override
  protected boolean usesDatabase() {
    return false;
  }

  @Override
  protected boolean servesMcp() {
    return true;
  }

  /** A tool call, so the tool-call timer the MCP dashboard reads is in the scrape. */
  @Override
  protected void exerciseMetrics() {
    Mcp.connect().call("list_sources", Map.of());
  }

  @Test
  void readinessFollowsTheUpstreamsOutAndBack() {
    try {
      FakeUpstreams.knowledgeHubUp = false;
      awaitReadiness(503);
      given()
          .get("/health/ready")
          .then()
          .body("checks.find { it.name == 'upstreams' }.data.knowledge-hub", startsWith("DOWN"))
          .body("checks.find { it.name == 'upstreams' }.data.workflow-engine", equalTo("UP"));
    } finally {
      FakeUpstreams.knowledgeHubUp = true;
    }
    awaitReadiness(200);
    awaitMetric("devflow_ready 1.0");
  }
}
