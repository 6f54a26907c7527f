package dev.devflow.workflowengine.agent;

import dev.devflow.agents.Snapshot;
import dev.devflow.agents.cli.CliFamily;
import dev.devflow.agents.cli.ScreenReader;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.workflowengine.config.EngineConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Looks at every agent running on this engine's machine on an interval: its pane into its log, its
 * CLI's screen read for what it shows, a session that ended settled. Runners report their agents
 * the same way over their connection.
 */
@ApplicationScoped
public class PaneRecorder {

  private static final Logger LOG = Logger.getLogger(PaneRecorder.class);

  private final TenantSql db;
  private final AgentRepository agents;
  private final TmuxAgentRuntime runtime;
  private final AgentReports reports;
  private final AgentKinds kinds;
  private final EngineConfig config;
  private ScheduledExecutorService timer;

  public PaneRecorder(
      TenantSql db,
      AgentRepository agents,
      TmuxAgentRuntime runtime,
      AgentReports reports,
      AgentKinds kinds,
      EngineConfig config) {
    this.db = db;
    this.agents = agents;
    this.runtime = runtime;
    this.reports = reports;
    this.kinds = kinds;
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

  /** One pass over every tenant's running agents on this machine. */
  public void tick() {
    for (String tenant : db.tenantsWithTable("agents")) {
      for (Agent agent : agents.listLive(tenant)) {
        if ("running".equals(agent.status()) && agent.runnerId() == null) {
          record(tenant, agent);
        }
      }
    }
  }

  /** Looks at one agent now; returns its pane's text when its session still runs. */
  public Optional<String> record(String tenant, Agent agent) {
    if (agent.runnerId() != null) {
      return agents.findLog(tenant, agent.id()); // its runner reports what it shows
    }
    Snapshot snapshot = runtime.snapshot(agent.session());
    ScreenReader.Screen screen = ScreenReader.read(familyOf(agent), snapshot.screen().orElse(""));
    boolean running = reports.observed(tenant, agent, snapshot.state(), snapshot.text(), screen);
    return running ? snapshot.text() : Optional.empty();
  }

  private CliFamily familyOf(Agent agent) {
    var kind = kinds.configured().get(agent.kind());
    return kind == null ? CliFamily.GENERIC : kind.family();
  }
}
