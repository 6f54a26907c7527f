package dev.devflow.gateway.plan;

import dev.devflow.gateway.db.ControlDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plans and their limits, read from {@code devflow.plans} (limits are data, not code). A
 * package of their own: tenants, accounts, usage and rate limits all read plans, and none of them
 * should have to depend on another to do so.
 */
@ApplicationScoped
public class Plans {

  /** One plan; a null limit means unlimited. */
  public record Plan(
      String id,
      String name,
      Integer maxUsers,
      Integer maxSources,
      Integer maxWorkflowsPerMonth,
      Long maxStorageBytes,
      Integer maxLlmCallsPerMonth,
      Integer maxPhasesPerWorkflow,
      int requestsPerMinute) {}

  private final ControlDatabase db;
  private final Map<String, Plan> byId = new ConcurrentHashMap<>();

  @Inject
  public Plans(ControlDatabase db) {
    this.db = db;
  }

  public Optional<Plan> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Plan plan = byId.get(id);
    if (plan == null) {
      // Plans are data: one added since the last look is found by looking again.
      byId.putAll(load());
      plan = byId.get(id);
    }
    return Optional.ofNullable(plan);
  }

  /** The plan, or a 400 naming the field and the plans there are. */
  public Plan require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                dev.devflow.common.problem.ProblemException.invalid(
                    "plan",
                    "must be one of: "
                        + String.join(", ", new java.util.TreeSet<>(byId.keySet()))));
  }

  public long requestsPerMinute(String planId) {
    return find(planId).map(Plan::requestsPerMinute).orElse(60);
  }

  private Map<String, Plan> load() {
    return db.asRuntime(
        c -> {
          Map<String, Plan> plans = new HashMap<>();
          try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM devflow.plans")) {
            while (rs.next()) {
              plans.put(
                  rs.getString("id"),
                  new Plan(
                      rs.getString("id"),
                      rs.getString("name"),
                      (Integer) rs.getObject("max_users"),
                      (Integer) rs.getObject("max_sources"),
                      (Integer) rs.getObject("max_workflows_per_month"),
                      (Long) rs.getObject("max_storage_bytes"),
                      (Integer) rs.getObject("max_llm_calls_per_month"),
                      (Integer) rs.getObject("max_phases_per_workflow"),
                      rs.getInt("requests_per_minute")));
            }
          }
          return plans;
        });
  }
}
