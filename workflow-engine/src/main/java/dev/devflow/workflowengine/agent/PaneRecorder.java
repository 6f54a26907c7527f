package dev.devflow.workflowengine.agent;

import dev.devflow.workflowengine.config.EngineConfig;
import dev.devflow.workflowengine.support.Jdbc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Captures every running agent's pane into its log on an interval, notices activity (the pane
 * changed), and notices sessions that ended: an agent whose session ends before it reported its
 * task fails with the reason.
 */
@ApplicationScoped
public class PaneRecorder {

  private static final Logger LOG = Logger.getLogger(PaneRecorder.class);

  private final Jdbc db;
  private final AgentRepository agents;
  private final AgentRuntime runtime;
  private final AgentLedger ledger;
  private final EngineConfig config;
  private final Map<String, Integer> lastHash = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  public PaneRecorder(
      Jdbc db,
      AgentRepository agents,
      AgentRuntime runtime,
      AgentLedger ledger,
      EngineConfig config) {
    this.db = db;
    this.agents = agents;
    this.runtime = runtime;
    this.ledger = ledger;
    this.config = config;
  }

  void start(@Observes @Priority(3000) StartupEvent event) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pane-recorder"));
    long every = config.captureInterval().toMillis();
    timer.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warnf("Capturing panes failed: %s", e.getMessage());
    }
  }

  /** One pass over every tenant's running agents. */
  public void tick() {
    for (String tenant : db.tenantsWithTable("agents")) {
      for (Agent agent : agents.listLive(tenant)) {
        if ("running".equals(agent.status())) {
          record(tenant, agent);
        }
      }
    }
  }

  /** Captures one agent now; returns the capture when its session still runs. */
  public Optional<String> record(String tenant, Agent agent) {
    AgentRuntime.Snapshot snapshot = runtime.snapshot(agent.session());
    AgentRuntime.State state = snapshot.state();
    Optional<String> text = snapshot.text();
    text.ifPresent(t -> save(tenant, agent, t));
    if (state.liveness() == AgentRuntime.Liveness.RUNNING) {
      return text;
    }
    String reason =
        state.liveness() == AgentRuntime.Liveness.EXITED
            ? "the agent's command exited with status "
                + state.exitStatus()
                + " before it reported the task done"
            : "the agent's tmux session " + agent.session() + " disappeared";
    runtime.kill(agent.session());
    ledger.sessionEnded(tenant, agent, reason);
    lastHash.remove(key(tenant, agent.id()));
    return Optional.empty();
  }

  private void save(String tenant, Agent agent, String text) {
    String content = text.stripTrailing();
    int hash = content.hashCode();
    Integer previous = lastHash.put(key(tenant, agent.id()), hash);
    if (previous == null || previous != hash) {
      agents.saveLog(
          tenant, agent.id(), content, content.isEmpty() ? 0 : content.split("\n", -1).length);
      if (previous != null) {
        agents.touch(tenant, agent.id());
      }
    }
  }

  private static String key(String tenant, long id) {
    return tenant + ":" + id;
  }
}
