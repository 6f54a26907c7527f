package dev.devflow.common.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code devflow_ready}: 1 while the service's readiness checks pass, 0 while one fails, as
 * /health/ready would answer. Prometheus scrapes /q/metrics, not /health/ready, so without it an
 * alert could only see that a process is up, not that it refuses traffic (its database gone, say).
 * The checks run every {@value #INTERVAL_SECONDS} s on a thread of their own, never on a scrape.
 */
@ApplicationScoped
public class ReadinessMetric {

  static final int INTERVAL_SECONDS = 10;
  private static final Logger LOG = Logger.getLogger(ReadinessMetric.class);

  private final SmallRyeHealthReporter health;
  private final MeterRegistry registry;
  private final Gauge gauge;
  private final AtomicInteger ready = new AtomicInteger(1);
  private final ScheduledExecutorService checks =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread t = new Thread(task, "readiness-metric");
            t.setDaemon(true);
            return t;
          });

  public ReadinessMetric(SmallRyeHealthReporter health, MeterRegistry registry) {
    this.health = health;
    this.registry = registry;
    this.gauge =
        Gauge.builder("devflow.ready", ready::get)
            .description("1 while the readiness checks pass (as /health/ready), 0 while one fails")
            .register(registry);
  }

  void start(@Observes StartupEvent event) {
    checks.scheduleWithFixedDelay(this::check, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
  }

  private void check() {
    try {
      ready.set(health.getReadiness().isDown() ? 0 : 1);
    } catch (RuntimeException e) {
      LOG.debugf("Readiness check failed: %s", e.getMessage());
      ready.set(0);
    }
  }

  // The registry can outlive the application (tests restart Quarkus in one JVM): a gauge left
  // behind would read this stopped instance, and the next one's registration would return it.
  @PreDestroy
  void stop() {
    checks.shutdownNow();
    registry.remove(gauge);
  }
}
