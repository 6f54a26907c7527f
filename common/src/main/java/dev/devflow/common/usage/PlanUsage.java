package dev.devflow.common.usage;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * What a tenant spends against the limits its plan sets on work only the services see: calls to an
 * OpenAI-compatible model per month, and storage. The counters are the api-gateway's ({@code
 * devflow.usage_counters}, shown by {@code GET /api/v1/usage}); the services reach them through the
 * control schema's {@code consume_usage} and {@code report_usage} functions, so metering works for
 * background work (crawls, the Guardian) as for requests, and two replicas can never both take the
 * last call of a month.
 *
 * <p>A database without the control schema (a service run on its own, without the api-gateway that
 * creates it) has no plans: nothing is metered there, and that is logged once. It is asked again
 * each time (one failed statement next to a model call), so metering starts as soon as the gateway
 * has migrated the database.
 */
@ApplicationScoped
public class PlanUsage {

  /** A running total measured by the service, and the plan's limit for it (null: unlimited). */
  public record Total(long used, Long limit, String plan) {

    /** Whether adding {@code more} would go past the limit. */
    public boolean wouldExceed(long more) {
      return limit != null && used + more > limit;
    }
  }

  private static final Logger LOG = Logger.getLogger(PlanUsage.class);
  private static final String UNDEFINED_FUNCTION = "42883";
  private static final String UNDEFINED_SCHEMA = "3F000";

  private final Instance<DataSource> dataSource;
  private final MeterRegistry registry;
  private volatile boolean saidUnmetered;

  public PlanUsage(Instance<DataSource> dataSource, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.registry = registry;
  }

  /**
   * Takes {@code calls} of the tenant's monthly LLM calls before they are made; refuses with a
   * quota problem (429, the limit named, {@code Retry-After} until the month ends) and takes
   * nothing when the plan has fewer left.
   */
  public void spendLlmCalls(String tenant, int calls) {
    if (calls > 0) {
      consume(tenant, calls, true);
    }
  }

  /**
   * Counts calls made on the operator's behalf rather than the tenant's (re-embedding after the
   * operator changed the model): they show in the usage, and are never refused.
   */
  public void countLlmCalls(String tenant, int calls) {
    if (calls > 0) {
      consume(tenant, calls, false);
    }
  }

  /**
   * Refuses up front, with the same problem, work that needs {@code calls} LLM calls when fewer are
   * left this month; takes nothing (the work spends them as it makes them).
   */
  public void requireLlmCalls(String tenant, int calls) {
    if (calls > 0) {
      consume(tenant, 0, true).filter(r -> r.wouldExceed(calls)).ifPresent(this::refuse);
    }
  }

  private Optional<Consumed> consume(String tenant, int calls, boolean enforce) {
    Optional<Consumed> result =
        call(
            "SELECT allowed, used, max_value, plan, period"
                + " FROM devflow.consume_usage(?, 'llmCalls', ?, ?)",
            s -> {
              s.setString(1, tenant);
              s.setLong(2, calls);
              s.setBoolean(3, enforce);
            },
            rs ->
                new Consumed(
                    rs.getBoolean(1),
                    rs.getLong(2),
                    (Long) rs.getObject(3),
                    rs.getString(4),
                    rs.getObject(5, LocalDate.class)));
    if (result.isPresent() && !result.get().allowed()) {
      refuse(result.get());
    }
    return result;
  }

  private void refuse(Consumed c) {
    refused("llm_calls");
    ZonedDateTime reset = c.period().plusMonths(1).atStartOfDay(ZoneOffset.UTC);
    long seconds =
        Math.max(1, Duration.between(ZonedDateTime.now(ZoneOffset.UTC), reset).toSeconds());
    throw ProblemException.quota(
        "The '"
            + c.plan()
            + "' plan allows "
            + c.limit()
            + " LLM calls a month and "
            + c.used()
            + " are used; the limit resets at "
            + reset.toInstant()
            + ".",
        (int) Math.min(Integer.MAX_VALUE, seconds));
  }

  /**
   * Records the tenant's measured storage and answers it with the plan's limit; empty where nothing
   * is metered (no control schema, or no such tenant).
   */
  public Optional<Total> reportStorage(String tenant, long bytes) {
    return call(
        "SELECT used, max_value, plan FROM devflow.report_usage(?, 'storageBytes', ?)",
        s -> {
          s.setString(1, tenant);
          s.setLong(2, Math.max(0, bytes));
        },
        rs -> new Total(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3)));
  }

  /** The problem for storage the plan has no room for: 413, the limit and the sizes named. */
  public ProblemException storageRefusal(Total total, long more, String what) {
    refused("storage");
    return new ProblemException(
        ProblemType.STORAGE_QUOTA_EXCEEDED,
        "The '"
            + total.plan()
            + "' plan allows "
            + total.limit()
            + " bytes of storage; "
            + total.used()
            + " are used and "
            + what
            + " needs about "
            + more
            + " more. Delete sources or move to a larger plan.");
  }

  private void refused(String kind) {
    Counter.builder("devflow_quota_refusals")
        .description("Work refused because the tenant's plan limit was reached, by kind")
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  private record Consumed(boolean allowed, long used, Long limit, String plan, LocalDate period) {
    boolean wouldExceed(long more) {
      return limit != null && used + more > limit;
    }
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> Optional<T> call(String sql, Binder binder, Reader<T> reader) {
    if (!dataSource.isResolvable()) {
      noControlSchema("this service has no database");
      return Optional.empty();
    }
    try (Connection c = dataSource.get().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      if (UNDEFINED_FUNCTION.equals(e.getSQLState()) || UNDEFINED_SCHEMA.equals(e.getSQLState())) {
        noControlSchema("its database has no DevFlow control schema (the api-gateway creates it)");
        return Optional.empty();
      }
      throw new IllegalStateException("Could not meter usage: " + e.getMessage(), e);
    }
  }

  private void noControlSchema(String why) {
    if (!saidUnmetered) {
      saidUnmetered = true;
      LOG.infof("LLM calls and storage are not metered against plans: %s.", why);
    }
  }
}
