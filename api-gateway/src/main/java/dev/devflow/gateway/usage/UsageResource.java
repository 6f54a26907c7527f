package dev.devflow.gateway.usage;

import dev.devflow.gateway.auth.CurrentCaller;
import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.plan.Plans;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/usage}: the tenant's usage against its plan's limits. */
@Path("/api/v1/usage")
public class UsageResource {

  /** One metric: how much is used, the plan's limit (null: unlimited), and the period. */
  public record Metric(Long used, Number limit, String period, boolean metered) {}

  /** The answer. */
  public record Usage(String tenant, String plan, Map<String, Metric> metrics) {}

  private final UsageMeter meter;
  private final Plans plans;
  private final CurrentCaller current;

  @Inject
  public UsageResource(UsageMeter meter, Plans plans, CurrentCaller current) {
    this.meter = meter;
    this.plans = plans;
    this.current = current;
  }

  @GET
  public Usage usage() {
    GatewayCaller caller = current.inTenant();
    Plans.Plan plan = plans.require(caller.plan());
    Map<String, Long> used = meter.current(caller);
    Map<String, Metric> metrics = new LinkedHashMap<>();
    metrics.put("sources", new Metric(used.get("sources"), plan.maxSources(), "total", true));
    metrics.put(
        "workflows", new Metric(used.get("workflows"), plan.maxWorkflowsPerMonth(), "month", true));
    metrics.put("users", new Metric(used.get("users"), plan.maxUsers(), "total", true));
    metrics.put(
        "llmCalls", new Metric(used.get("llmCalls"), plan.maxLlmCallsPerMonth(), "month", true));
    metrics.put(
        "storageBytes",
        new Metric(used.get("storageBytes"), plan.maxStorageBytes(), "total", true));
    return new Usage(caller.tenantSlug(), plan.id(), metrics);
  }
}
