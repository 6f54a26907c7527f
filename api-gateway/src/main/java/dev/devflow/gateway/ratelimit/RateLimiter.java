package dev.devflow.gateway.ratelimit;

import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.plan.Plans;
import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per minute per tenant, by the tenant's plan, in buckets kept in PostgreSQL (bucket4j,
 * one row per tenant locked with {@code SELECT ... FOR UPDATE}) so every gateway replica draws on
 * the same budget.
 *
 * <p>A busy tenant's tokens are drawn from the shared bucket in batches of 1% of its limit (at most
 * 1,000): the requests that follow spend the batch here without a database round trip, and without
 * leaving the event loop ({@link #drawLocally}), and the next batch is drawn in the background when
 * half of one is spent. Unspent tokens stay with this replica, so a replica holds back at most 1.5%
 * of the shared budget; a limit under 200 a minute draws one token per request.
 */
@ApplicationScoped
public class RateLimiter {

  /** The outcome of one request's draw on its tenant's bucket. */
  public record Decision(
      boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

  /**
   * Largest batch: a tenant allowed 100,000 requests a minute or more costs its bucket's row one
   * locked transaction per 1,000 requests (two a second at 2,000 requests/s) instead of twenty.
   */
  static final long MAX_BATCH = 1_000;

  /** Tokens this replica drew from a tenant's shared bucket ahead of its requests. */
  private static final class Allowance {
    final long limit;
    final long batch;
    final AtomicLong tokens = new AtomicLong();
    final AtomicBoolean refilling = new AtomicBoolean();
    volatile long sharedRemaining;
    volatile long resetSeconds;

    Allowance(long limit) {
      this.limit = limit;
      this.batch = Math.min(MAX_BATCH, limit / 100);
    }
  }

  private final ProxyManager<String> buckets;
  private final Map<String, Bucket> shared = new ConcurrentHashMap<>();
  private final Map<String, Allowance> allowances = new ConcurrentHashMap<>();
  private final Plans plans;
  private final Vertx vertx;

  @Inject
  public RateLimiter(AgroalDataSource runtime, Plans plans, Vertx vertx) {
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(runtime)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("devflow.rate_limit_buckets")
            .idColumn("id")
            .stateColumn("state")
            .build();
    this.plans = plans;
    this.vertx = vertx;
  }

  /**
   * Spends a token this replica already holds for the caller's tenant; empty when none is left and
   * {@link #draw} must reach the database. Never blocks.
   */
  public Optional<Decision> drawLocally(GatewayCaller caller) {
    Allowance allowance = allowances.get(key(caller));
    if (allowance == null) {
      return Optional.empty();
    }
    long left = allowance.tokens.decrementAndGet();
    if (left < 0) {
      allowance.tokens.incrementAndGet();
      return Optional.empty();
    }
    if (allowance.batch > 1
        && left == allowance.batch / 2
        && allowance.refilling.compareAndSet(false, true)) {
      // Half the batch is left: draw the next one now, off the request path, so a busy tenant's
      // requests never wait for the database round trip (each draw is a locked transaction).
      vertx
          .executeBlocking(() -> refill(caller, allowance), false)
          .onComplete(done -> allowance.refilling.set(false));
    }
    return Optional.of(
        new Decision(
            true, allowance.limit, allowance.sharedRemaining + left, allowance.resetSeconds, 0));
  }

  /** Draws one request from the caller's tenant bucket (blocking: may reach the database). */
  public Decision draw(GatewayCaller caller) {
    String key = key(caller);
    long perMinute = plans.requestsPerMinute(caller.plan());
    Allowance allowance = allowances.computeIfAbsent(key, k -> new Allowance(perMinute));
    // One batch at a time per tenant: concurrent misses would otherwise each draw one.
    synchronized (allowance) {
      Optional<Decision> held = drawLocally(caller);
      if (held.isPresent()) {
        return held.get();
      }
      Bucket bucket = shared.computeIfAbsent(key, k -> remote(k, perMinute));
      if (allowance.batch > 1 && takeBatch(bucket, allowance)) {
        long left = allowance.tokens.decrementAndGet(); // this request's token
        return new Decision(
            true, perMinute, allowance.sharedRemaining + left, allowance.resetSeconds, 0);
      }
      // Less than a batch left (or a small limit): one token at a time, exact to the last one.
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      return new Decision(
          probe.isConsumed(),
          perMinute,
          probe.getRemainingTokens(),
          ceilSeconds(probe.getNanosToWaitForReset()),
          ceilSeconds(probe.getNanosToWaitForRefill()));
    }
  }

  private boolean refill(GatewayCaller caller, Allowance allowance) {
    synchronized (allowance) {
      return takeBatch(
          shared.computeIfAbsent(key(caller), k -> remote(k, allowance.limit)), allowance);
    }
  }

  /**
   * Moves a batch from the shared bucket into this replica's allowance; false when less than a
   * batch is left (the requests then draw one token at a time, exact to the last one).
   */
  private static boolean takeBatch(Bucket bucket, Allowance allowance) {
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(allowance.batch);
    if (!probe.isConsumed()) {
      return false;
    }
    allowance.sharedRemaining = probe.getRemainingTokens();
    allowance.resetSeconds = ceilSeconds(probe.getNanosToWaitForReset());
    allowance.tokens.addAndGet(allowance.batch);
    return true;
  }

  private static String key(GatewayCaller caller) {
    return "tenant:" + caller.tenantId() + ":" + caller.plan();
  }

  private Bucket remote(String key, long perMinute) {
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(
                limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
            .build();
    return buckets.builder().build(key, () -> configuration);
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
