package dev.devflow.workflowengine.limits;

import java.util.OptionalInt;

/**
 * The limits of a tenant's plan the engine enforces. Today {@link ConfiguredPlanLimits} reads them
 * from configuration; once the api-gateway serves tenant plans, an implementation asking it
 * replaces that bean without touching the callers.
 */
public interface PlanLimits {

  /** Agents the tenant may run at the same time. */
  int maxConcurrentAgents(String tenant);

  /** Phases one workflow definition may have; empty means unlimited. */
  OptionalInt maxPhasesPerWorkflow(String tenant);
}
