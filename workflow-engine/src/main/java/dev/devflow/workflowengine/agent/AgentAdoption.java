package dev.devflow.workflowengine.agent;

import dev.devflow.agents.AgentState;
import dev.devflow.agents.Placement;
import dev.devflow.agents.docker.ContainerStarter;
import dev.devflow.agents.tmux.Tmux;
import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.workflowengine.run.Run;
import dev.devflow.workflowengine.run.RunService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Restart safety. At start-up the engine adopts the tmux sessions of its running agents, fails the
 * agents whose session died (with the reason), kills sessions no agent owns, and removes worktrees
 * no live, stopped or blocked agent needs. Nothing is orphaned and nothing runs twice. Agents on
 * runners are the runners' to adopt: a reconnecting runner reports them.
 */
@ApplicationScoped
public class AgentAdoption {

  private static final Logger LOG = Logger.getLogger(AgentAdoption.class);

  /** What one adoption pass did. */
  public record Report(int adopted, int failed, int sessionsKilled, int worktreesRemoved) {}

  private final TenantSql db;
  private final AgentRepository agents;
  private final TmuxAgentRuntime runtime;
  private final AgentLedger ledger;
  private final RunService runs;
  private final Sessions sessions;
  private final Tmux.ServerStarter starter;

  public AgentAdoption(
      TenantSql db,
      AgentRepository agents,
      TmuxAgentRuntime runtime,
      AgentLedger ledger,
      RunService runs,
      Sessions sessions,
      Tmux.ServerStarter starter) {
    this.db = db;
    this.agents = agents;
    this.runtime = runtime;
    this.ledger = ledger;
    this.runs = runs;
    this.sessions = sessions;
    this.starter = starter;
  }

  void onStart(@Observes @Priority(2500) StartupEvent event) {
    try {
      Report report = adopt();
      LOG.infof(
          "Adopted %d running agent(s); %d failed, %d orphan session(s) killed, %d stale"
              + " worktree(s) removed",
          report.adopted(), report.failed(), report.sessionsKilled(), report.worktreesRemoved());
    } catch (RuntimeException e) {
      LOG.errorf("Adopting agents at start-up failed: %s", e.getMessage());
    }
  }

  public Report adopt() {
    int adopted = 0;
    int failed = 0;
    Set<String> owned = new HashSet<>();
    Map<String, Set<Path>> keep = new HashMap<>();
    for (String tenant : db.tenantsWithTable("agents")) {
      Set<Path> tenantKeep = keep.computeIfAbsent(tenant, t -> new HashSet<>());
      for (Agent agent : agents.listAgents(tenant, null)) {
        if (agent.runnerId() != null) {
          continue;
        }
        if (agent.live()) {
          AgentState state = runtime.snapshot(agent.session()).state();
          boolean placed = !agent.worktreePath().isBlank();
          if (state.liveness() == AgentState.Liveness.RUNNING && placed) {
            if (!"running".equals(agent.status())) {
              ledger.markRunning(tenant, agent.id(), placementOf(agent));
            }
            owned.add(agent.session());
            adopted++;
          } else {
            runtime.kill(agent.session());
            ledger.fail(
                tenant,
                agent.id(),
                placed ? reasonFor(agent, state) : "engine stopped while the agent was starting");
            failed++;
            continue;
          }
        }
        if (needsWorktree(tenant, agent) && !agent.worktreePath().isBlank()) {
          tenantKeep.add(Path.of(agent.worktreePath()).normalize());
        }
      }
    }
    int killed = killOrphans(owned);
    int removed = removeStaleWorktrees(keep);
    return new Report(adopted, failed, killed, removed);
  }

  private boolean needsWorktree(String tenant, Agent agent) {
    if (agent.live() || "stopped".equals(agent.status())) {
      return true;
    }
    return db.one(
            TenantSlug.of(tenant),
            "SELECT status FROM {schema}.tasks WHERE id = ? AND agent_id = ?",
            rs -> rs.getString(1),
            agent.taskId(),
            agent.id())
        .map(s -> s.equals("blocked") || s.equals("review"))
        .orElse(false);
  }

  private static String reasonFor(Agent agent, AgentState state) {
    return state.liveness() == AgentState.Liveness.EXITED
        ? "engine restart found the agent's command exited with status " + state.exitStatus()
        : "engine restart found the agent's tmux session " + agent.session() + " gone";
  }

  private int killOrphans(Set<String> owned) {
    int killed = 0;
    for (String session : runtime.sessions()) {
      if (sessions.ours(session) && !owned.contains(session)) {
        LOG.infof("Killing tmux session %s: no running agent owns it", session);
        runtime.kill(session);
        killed++;
      }
    }
    if (starter instanceof ContainerStarter containers) {
      // Found by their label: containers whose server no longer answers, or that an engine
      // started and stopped before it recorded their agent.
      try {
        killed += containers.removeAllBut(s -> !sessions.ours(s) || owned.contains(s));
      } catch (RuntimeException e) {
        LOG.warnf("Could not list the agent containers to remove orphans: %s", e.getMessage());
      }
    }
    return killed;
  }

  /** Worktree directories {@code <root>/<tenant>/run-<n>/task-<n>} nobody needs any more. */
  private int removeStaleWorktrees(Map<String, Set<Path>> keep) {
    int removed = 0;
    for (Map.Entry<String, Set<Path>> tenant : keep.entrySet()) {
      Path tenantDir = runtime.worktreesRoot().resolve(tenant.getKey());
      for (Path runDir : children(tenantDir)) {
        Path repo = repoOf(tenant.getKey(), runDir);
        for (Path taskDir : children(runDir)) {
          if (!tenant.getValue().contains(taskDir.normalize())) {
            LOG.infof("Removing stale worktree %s", taskDir);
            runtime.removeWorktree(repo, taskDir);
            removed++;
          }
        }
      }
    }
    return removed;
  }

  private Path repoOf(String tenant, Path runDir) {
    String name = runDir.getFileName().toString();
    if (!name.matches("run-\\d{1,18}")) {
      return null;
    }
    return runs.findRunById(tenant, Long.parseLong(name.substring(4)))
        .map(Run::repoPath)
        .filter(java.util.Objects::nonNull)
        .map(Path::of)
        .orElse(null);
  }

  private static Placement placementOf(Agent agent) {
    return new Placement(agent.session(), Path.of(agent.worktreePath()), agent.branch());
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
