package dev.devflow.workflowengine.limits;

import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.OptionalInt;

/** Plan limits from {@code devflow.workflow-engine.limits.*}, the same for every tenant. */
@ApplicationScoped
public class ConfiguredPlanLimits implements PlanLimits {

  private final EngineConfig.Limits limits;

  public ConfiguredPlanLimits(EngineConfig config) {
    this.limits = config.limits();
  }

  @Override
  public int maxConcurrentAgents(String tenant) {
    return limits.maxConcurrentAgents();
  }

  @Override
  public OptionalInt maxPhasesPerWorkflow(String tenant) {
    return limits.maxPhasesPerWorkflow().map(OptionalInt::of).orElse(OptionalInt.empty());
  }
}
