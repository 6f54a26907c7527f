package dev.devflow.workflowengine.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Agents as operators watch them, summed over tenants (never a tenant label): agents spawned
 * ({@code devflow_agents_started_total}) and agents that ended, by how ({@code
 * devflow_agents_ended_total{status}}: finished, failed, stopped or cancelled), and agents running
 * in every tenant as the Guardian's last sweep found them ({@code devflow_agents_running}). Counted
 * when the engine writes the change; a transaction rolled back after it still counts, which an
 * alert on rates does not notice.
 */
// At start, so every series is in /q/metrics before the first job or agent (rate() needs a zero).
@Startup
@ApplicationScoped
public class AgentMetrics {

  static final Set<String> ENDED = Set.of("finished", "failed", "stopped", "cancelled");

  private final MeterRegistry registry;
  private final Counter started;
  private final Map<String, Counter> ended = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Gauge runningGauge;

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    started =
        Counter.builder("devflow.agents.started")
            .description("Agents spawned (restarts not included)")
            .register(registry);
    ENDED.forEach(this::ended);
    runningGauge =
        Gauge.builder("devflow.agents.running", running, AtomicInteger::get)
            .description("Agents running in every tenant, as the Guardian's last sweep found them")
            .strongReference(true)
            .register(registry);
  }

  @PreDestroy
  void stop() {
    registry.remove(runningGauge);
  }

  /** What the Guardian's sweep found. */
  public void running(int agents) {
    running.set(agents);
  }

  private Counter ended(String status) {
    String s = ENDED.contains(status) ? status : "other";
    return ended.computeIfAbsent(
        s,
        key ->
            Counter.builder("devflow.agents.ended")
                .description("Agents that ended, by status")
                .tag("status", key)
                .register(registry));
  }

  void agentStarted() {
    started.increment();
  }

  void agentEnded(String status) {
    ended(status).increment();
  }
}
