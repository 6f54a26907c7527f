package dev.devflow.workflowengine.task;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * {@code devflow_tasks_claim_wait_seconds}: how long a claimed task had waited in the queue (since
 * its last change: created, or sent back), summed over tenants. A rising tail means agents cannot
 * keep up with the work, or none is claiming.
 */
// At start, so the series is in /q/metrics before the first claim.
@Startup
@ApplicationScoped
public class TaskMetrics {

  private final Timer claimWait;

  public TaskMetrics(MeterRegistry registry) {
    claimWait =
        Timer.builder("devflow.tasks.claim.wait")
            .description("How long a claimed task had waited in the queue, from its last change")
            .serviceLevelObjectives(
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                Duration.ofHours(1))
            .register(registry);
  }

  void claimed(double queuedSeconds) {
    claimWait.record(Duration.ofMillis(Math.max(0, (long) (queuedSeconds * 1000))));
  }
}
