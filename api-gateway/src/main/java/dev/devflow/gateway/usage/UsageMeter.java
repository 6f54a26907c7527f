package dev.devflow.gateway.usage;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.db.ControlDatabase;
import dev.devflow.gateway.plan.Plans;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Meters what the plans limit, from the requests the gateway forwards: knowledge sources created
 * and deleted, workflow runs started per month. A create over the plan's limit is refused before it
 * reaches the service; counters are rows in {@code devflow.usage_counters}, written as each create
 * succeeds.
 */
@ApplicationScoped
public class UsageMeter {

  /** What one kind of request does to one counter. */
  public record Rule(
      String metric,
      String method,
      Pattern path,
      int delta,
      boolean monthly,
      Function<Plans.Plan, Number> limit) {

    boolean matches(String requestMethod, String requestPath) {
      return method.equals(requestMethod) && path.matcher(requestPath).matches();
    }
  }

  static final List<Rule> RULES =
      List.of(
          new Rule(
              "sources",
              "POST",
              Pattern.compile("/api/v1/sources(/uploads)?/?"),
              1,
              false,
              Plans.Plan::maxSources),
          new Rule(
              "sources",
              "DELETE",
              Pattern.compile("/api/v1/sources/[^/]+/?"),
              -1,
              false,
              Plans.Plan::maxSources),
          new Rule(
              "workflows",
              "POST",
              Pattern.compile("/api/v1/runs/?"),
              1,
              true,
              Plans.Plan::maxWorkflowsPerMonth));

  private final ControlDatabase db;
  private final Plans plans;

  @Inject
  public UsageMeter(ControlDatabase db, Plans plans) {
    this.db = db;
    this.plans = plans;
  }

  public Optional<Rule> ruleFor(String method, String path) {
    return RULES.stream().filter(r -> r.matches(method, path)).findFirst();
  }

  /** Refuses a create that the tenant's plan has no room for (blocking). */
  public void checkRoom(GatewayCaller caller, Rule rule) {
    Number limit = plans.find(caller.plan()).map(rule.limit()).orElse(null);
    if (rule.delta() <= 0 || limit == null) {
      return;
    }
    long used = db.inTenant(caller.tenantId(), c -> read(c, caller, rule));
    if (used + rule.delta() > limit.longValue()) {
      throw new ProblemException(
          ProblemType.QUOTA_EXCEEDED,
          "Quota '"
              + rule.metric()
              + "' of the '"
              + caller.plan()
              + "' plan is used up: "
              + used
              + " of "
              + limit
              + (rule.monthly() ? " this month." : "."));
    }
  }

  /** Records a successful create or delete (blocking). */
  public void record(GatewayCaller caller, Rule rule) {
    db.inTenant(
        caller.tenantId(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO devflow.usage_counters (tenant_id, period, metric, value)"
                      + " VALUES (?, ?, ?, GREATEST(?, 0)) ON CONFLICT (tenant_id, period, metric)"
                      + " DO UPDATE SET value = GREATEST(usage_counters.value + ?, 0)")) {
            s.setObject(1, caller.tenantId());
            s.setObject(2, period(rule.monthly()));
            s.setString(3, rule.metric());
            s.setLong(4, rule.delta());
            s.setLong(5, rule.delta());
            s.executeUpdate();
          }
          return null;
        });
  }

  /**
   * The tenant's counters: sources and storage in total, workflow runs and LLM calls this month.
   */
  public Map<String, Long> current(GatewayCaller caller) {
    Map<String, Long> usage = new LinkedHashMap<>();
    db.inTenant(
        caller.tenantId(),
        c -> {
          for (Rule rule : RULES) {
            usage.putIfAbsent(rule.metric(), read(c, caller, rule));
          }
          // spent inside the services, which count them through devflow.consume_usage and
          // devflow.report_usage (V4__metering.sql)
          usage.put("llmCalls", read(c, caller, "llmCalls", true));
          usage.put("storageBytes", read(c, caller, "storageBytes", false));
          try (ResultSet rs =
              c.createStatement().executeQuery("SELECT count(*) FROM devflow.users")) {
            rs.next();
            usage.put("users", rs.getLong(1));
          }
          return null;
        });
    return usage;
  }

  private static long read(Connection c, GatewayCaller caller, Rule rule) throws SQLException {
    return read(c, caller, rule.metric(), rule.monthly());
  }

  private static long read(Connection c, GatewayCaller caller, String metric, boolean monthly)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT value FROM devflow.usage_counters"
                + " WHERE tenant_id = ? AND period = ? AND metric = ?")) {
      s.setObject(1, caller.tenantId());
      s.setObject(2, period(monthly));
      s.setString(3, metric);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Monthly counters are keyed by the month's first day; running totals by the epoch. */
  static LocalDate period(boolean monthly) {
    return monthly ? LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1) : LocalDate.EPOCH;
  }
}
