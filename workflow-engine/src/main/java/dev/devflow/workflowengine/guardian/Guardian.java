package dev.devflow.workflowengine.guardian;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.workflowengine.agent.Agent;
import dev.devflow.workflowengine.agent.AgentMetrics;
import dev.devflow.workflowengine.agent.AgentRepository;
import dev.devflow.workflowengine.agent.PaneRecorder;
import dev.devflow.workflowengine.config.EngineConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Samples every running agent's pane on an interval, leaves young agents alone, applies the rules
 * (and, when a model is configured, its trajectory judgment), and intervenes through {@link
 * Interventions}.
 */
@ApplicationScoped
public class Guardian {

  private static final Logger LOG = Logger.getLogger(Guardian.class);

  private final TenantSql db;
  private final AgentMetrics metrics;
  private final AgentRepository agents;
  private final PaneRecorder recorder;
  private final Interventions interventions;
  private final EngineConfig.GuardianSettings settings;
  private final PaneAnalyzer analyzer;
  private final Map<String, List<String>> lastTail = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  public Guardian(
      TenantSql db,
      AgentRepository agents,
      PaneRecorder recorder,
      Interventions interventions,
      EngineConfig config,
      AgentMetrics metrics) {
    this.metrics = metrics;
    this.db = db;
    this.agents = agents;
    this.recorder = recorder;
    this.interventions = interventions;
    this.settings = config.guardian();
    this.analyzer = new PaneAnalyzer(settings);
  }

  void start(@Observes @Priority(3100) StartupEvent event) {
    if (!settings.enabled()) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "guardian"));
    long every = settings.interval().toMillis();
    timer.scheduleWithFixedDelay(this::safeSweep, every, every, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void safeSweep() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warnf("Guardian sweep failed: %s", e.getMessage());
    }
  }

  /** One look at every running agent of every tenant; returns how many were inspected. */
  public int sweep() {
    int inspected = 0;
    int running = 0;
    for (String tenant : db.tenantsWithTable("agents")) {
      for (Agent agent : agents.listLive(tenant)) {
        if ("running".equals(agent.status())) {
          running++;
          if (oldEnough(agent)) {
            inspect(tenant, agent);
            inspected++;
          }
        }
      }
    }
    metrics.running(running);
    return inspected;
  }

  private boolean oldEnough(Agent agent) {
    return agent.startedAt().plus(settings.gracePeriod()).isBefore(OffsetDateTime.now());
  }

  private void inspect(String tenant, Agent agent) {
    Optional<String> capture = recorder.record(tenant, agent);
    if (capture.isEmpty()) {
      return; // the session ended; the recorder has dealt with it
    }
    Agent fresh = agents.findAgentById(tenant, agent.id()).orElse(agent);
    List<String> tail = PaneAnalyzer.tail(capture.get());
    List<String> previous = lastTail.put(tenant + ":" + agent.id(), tail);
    boolean changed = previous != null && !previous.equals(tail);
    Optional<PaneAnalyzer.Finding> finding =
        analyzer.analyze(
            tail,
            changed,
            fresh.startedAt(),
            fresh.lastActivityAt(),
            OffsetDateTime.now(),
            fresh.screenState(),
            fresh.waitingSince());
    if (finding.isPresent()) {
      interventions.act(tenant, fresh, finding.get());
    } else {
      interventions.consultModel(tenant, fresh, tail);
    }
  }
}
