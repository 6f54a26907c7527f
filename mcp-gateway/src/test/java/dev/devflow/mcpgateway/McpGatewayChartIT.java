package dev.devflow.mcpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.testing.ChartAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart quarkus-helm generated at package time, linted and rendered by real Helm. */
class McpGatewayChartIT {

  @Test
  void chartLintsAndRendersAProbedHardenedDeployment() {
    List<JsonNode> rendered = ChartAssertions.lintAndRender("mcp-gateway");

    JsonNode deployment = ChartAssertions.assertHardenedDeployment(rendered, "mcp-gateway", false);
    assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
        .startsWith("docker.io/devflow/mcp-gateway:");
  }
}
