package dev.devflow.workflowengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.common.testing.ChartAssertions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart quarkus-helm generated at package time, linted and rendered by real Helm. */
class WorkflowEngineChartIT {

  @Test
  void chartLintsAndRendersAProbedHardenedDeployment() {
    List<JsonNode> rendered = ChartAssertions.lintAndRender("workflow-engine");

    JsonNode deployment =
        ChartAssertions.assertHardenedDeployment(rendered, "workflow-engine", true);
    assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
        .startsWith("docker.io/devflow/workflow-engine:");
  }
}
