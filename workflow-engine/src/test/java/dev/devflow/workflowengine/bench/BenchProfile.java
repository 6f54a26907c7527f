package dev.devflow.workflowengine.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The benchmarks' engine: room for many agents, no Guardian timer (sweeps are driven and measured
 * by the benchmark), no model, nothing idle for an hour.
 */
public class BenchProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    String p = "devflow.workflow-engine.";
    return Map.of(
        p + "limits.max-concurrent-agents",
        "100",
        p + "guardian.enabled",
        "false",
        p + "guardian.grace-period",
        "0s",
        p + "guardian.idle-after",
        "1h",
        p + "llm.base-url",
        "",
        "quarkus.log.category.\"dev.devflow\".level",
        "WARN");
  }
}
