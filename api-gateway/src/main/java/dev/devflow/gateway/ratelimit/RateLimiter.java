package dev.devflow.gateway.ratelimit;

import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.tenant.Plans;
import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per tenant, by the tenant's plan, in buckets kept in PostgreSQL (bucket4j,
 * one row per tenant locked with {@code SELECT ... FOR UPDATE}) so every gateway replica draws on
 * the same budget.
 */
@ApplicationScoped
public class RateLimiter {

  /** The outcome of one request's draw on its tenant's bucket. */
  public record Decision(
      boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

  private final ProxyManager<String> buckets;
  private final Map<String, Bucket> local = new ConcurrentHashMap<>();
  private final Plans plans;

  @Inject
  public RateLimiter(AgroalDataSource runtime, Plans plans) {
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(runtime)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("devflow.rate_limit_buckets")
            .idColumn("id")
            .stateColumn("state")
            .build();
    this.plans = plans;
  }

  /** Draws one request from the caller's tenant bucket (blocking: may reach the database). */
  public Decision draw(GatewayCaller caller) {
    long perMinute = plans.requestsPerMinute(caller.plan());
    Bucket bucket =
        local.computeIfAbsent(
            "tenant:" + caller.tenantId() + ":" + caller.plan(), key -> remote(key, perMinute));
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return new Decision(
        probe.isConsumed(),
        perMinute,
        probe.getRemainingTokens(),
        ceilSeconds(probe.getNanosToWaitForReset()),
        ceilSeconds(probe.getNanosToWaitForRefill()));
  }

  /**
   * A tenant's bucket as seen from this replica. Up to 1% of the limit (never more than 100
   * requests) is drawn locally between synchronisations with PostgreSQL, for at most 100 ms, so a
   * busy tenant costs a database round trip per batch instead of per request, while every replica
   * still shares one budget to within 1%.
   */
  private Bucket remote(String key, long perMinute) {
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(
                limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
            .build();
    long unsynchronised = Math.min(100, perMinute / 100);
    var builder = buckets.builder();
    if (unsynchronised > 0) {
      builder =
          builder.withOptimization(
              Optimizations.delaying(new DelayParameters(unsynchronised, Duration.ofMillis(100))));
    }
    return builder.build(key, () -> configuration);
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
