package dev.devflow.workflowengine.agent;

import dev.devflow.agents.Placement;
import dev.devflow.agents.cli.AgentKind;
import dev.devflow.agents.cli.AgentLaunch;
import dev.devflow.agents.cli.AgentMode;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.workflowengine.config.EngineConfig;
import dev.devflow.workflowengine.run.RemoteRepositories;
import dev.devflow.workflowengine.run.Run;
import dev.devflow.workflowengine.run.RunService;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts, stops, restarts and cancels agents; delivers their prompts; cleans up after merges.
 * Everything that can be checked is checked before anything starts: the kind, the mode, the program
 * (here) or a connected runner that serves the run's repository (elsewhere).
 */
@ApplicationScoped
public class AgentService {

  private static final Logger LOG = Logger.getLogger(AgentService.class);

  private final AgentLedger ledger;
  private final AgentRepository agents;
  private final AgentRuntimes runtimes;
  private final AgentKinds kinds;
  private final RunService runs;
  private final RemoteRepositories remote;
  private final TaskRepository tasks;
  private final EngineConfig config;
  private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2);

  public AgentService(
      AgentLedger ledger,
      AgentRepository agents,
      AgentRuntimes runtimes,
      AgentKinds kinds,
      RunService runs,
      RemoteRepositories remote,
      TaskRepository tasks,
      EngineConfig config) {
    this.ledger = ledger;
    this.agents = agents;
    this.runtimes = runtimes;
    this.kinds = kinds;
    this.runs = runs;
    this.remote = remote;
    this.tasks = tasks;
    this.config = config;
  }

  /** Claims a task, starts its agent and delivers the prompt in the background. */
  public Agent spawn(String tenant, long runId, SpawnRequest request) {
    Run run = runs.findRunById(tenant, runId).orElseThrow(() -> RunService.notFound(runId));
    if (!"running".equals(run.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Run " + runId + " is " + run.status() + ".", "runId");
    }
    AgentKind kind;
    Long runnerId = null;
    if (run.onRunner()) {
      // The runner decides where its CLIs are; a kind configured here adds its permissions.
      RemoteRepositories.Chosen chosen =
          remote.chooseRunner(tenant, run.repository(), request.kind());
      runnerId = chosen.runnerId();
      kind = kinds.find(tenant, request.kind()).orElse(chosen.kind());
    } else {
      kind = kinds.require(tenant, request.kind());
      kinds.requireRunnable(kind);
    }
    AgentMode mode = kinds.modeOf(kind, request.mode());
    AgentLedger.Reserved reserved =
        ledger.reserve(tenant, runId, request.taskId(), kind.name(), mode.id(), runnerId);
    AgentLaunch launch = launchOf(tenant, reserved.agent(), kind, mode, reserved.token());
    Placement placement;
    try {
      placement = runtimes.forRun(run).start(launch);
    } catch (RuntimeException e) {
      String why = e instanceof ProblemException p ? p.getMessage() : e.getMessage();
      LOG.warnf("Agent %d of %s could not start: %s", reserved.agent().id(), tenant, why);
      ledger.fail(tenant, reserved.agent().id(), "could not start: " + why);
      throw e instanceof ProblemException p
          ? p
          : new ProblemException(ProblemType.UNAVAILABLE, "The agent could not start: " + why);
    }
    Agent agent = ledger.markRunning(tenant, reserved.agent().id(), placement);
    deliverLater(tenant, agent, launch);
    return agent;
  }

  public Agent findAgent(String tenant, long id) {
    return agents.findAgentById(tenant, id).orElseThrow(() -> notFound(id));
  }

  /** Ends the session; the task waits blocked, its worktree and branch kept. */
  public Agent stop(String tenant, long id, String reason) {
    Agent agent = live(tenant, id);
    // The status changes first, so nobody mistakes the session's end for a crash.
    ledger.stop(tenant, id, reason);
    runtimes.forAgent(agent).kill(tenant, agent);
    return findAgent(tenant, id);
  }

  /** Starts the agent's command again in its worktree and delivers the prompt again. */
  public Agent restart(String tenant, long id, String reason) {
    Agent agent = findAgent(tenant, id);
    if (!agent.live() && !"stopped".equals(agent.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Agent " + id + " is " + agent.status() + "; only running or stopped agents restart.",
          "status");
    }
    AgentKind kind =
        agent.runnerId() == null
            ? kinds.require(tenant, agent.kind())
            : kinds.find(tenant, agent.kind()).orElse(AgentKinds.named(agent.kind()));
    AgentMode mode = AgentMode.parse(agent.mode()).orElse(kind.defaultMode());
    if (agent.runnerId() == null) {
      kinds.requireRunnable(kind);
    }
    String token = ledger.restarting(tenant, id, reason);
    AgentLaunch launch = launchOf(tenant, agent, kind, mode, token);
    try {
      runtimes.forAgent(agent).restart(launch);
    } catch (RuntimeException e) {
      ledger.fail(tenant, id, "could not restart: " + e.getMessage());
      throw new ProblemException(ProblemType.UNAVAILABLE, "Restart failed: " + e.getMessage());
    }
    Agent running =
        ledger.markRunning(
            tenant,
            id,
            new Placement(agent.session(), Path.of(agent.worktreePath()), agent.branch()));
    deliverLater(tenant, running, launch);
    return running;
  }

  /** Ends the session, removes the worktree and branch; the task is cancelled. */
  public Agent cancel(String tenant, long id, String reason) {
    Agent agent = findAgent(tenant, id);
    if (!agent.live() && !"stopped".equals(agent.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Agent " + id + " is " + agent.status() + ".", "status");
    }
    ledger.cancel(tenant, id, reason);
    AgentRuntime runtime = runtimes.forAgent(agent);
    runtime.kill(tenant, agent);
    Run run = runs.findRunById(tenant, agent.runId()).orElseThrow();
    runtime.removeWorktree(tenant, run, agent, true);
    return findAgent(tenant, id);
  }

  /** Types a message into a running agent's session. */
  public void message(String tenant, long id, String text) {
    Agent agent = live(tenant, id);
    if (!runtimes.forAgent(agent).type(tenant, agent, text)) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Agent " + id + "'s session did not accept the message (it has ended).");
    }
  }

  /** Refuses what the agent's CLI waits to be allowed (Escape), then tells it why. */
  public void refuse(String tenant, long id, String text) {
    Agent agent = live(tenant, id);
    AgentRuntime runtime = runtimes.forAgent(agent);
    if (!runtime.interrupt(tenant, agent)) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Agent " + id + "'s session did not take the refusal.");
    }
    sleep(700); // the CLI closes its question and returns to its input prompt
    if (!runtime.type(tenant, agent, text)) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Agent " + id + "'s session did not accept the message.");
    }
  }

  /**
   * After a merge: the session ends (after a moment, so the agent hears the answer) and the
   * worktree and branch go.
   */
  public void cleanUpAfterMerge(String tenant, Agent agent) {
    background.schedule(
        () -> {
          try {
            AgentRuntime runtime = runtimes.forAgent(agent);
            runtime.kill(tenant, agent);
            Run run = runs.findRunById(tenant, agent.runId()).orElseThrow();
            runtime.removeWorktree(tenant, run, agent, true);
          } catch (RuntimeException e) {
            LOG.warnf("Cleaning up agent %d of %s failed: %s", agent.id(), tenant, e.getMessage());
          }
        },
        config.cleanupDelay().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private Agent live(String tenant, long id) {
    Agent agent = findAgent(tenant, id);
    if (!agent.live()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Agent " + id + " is " + agent.status() + ", not running.",
          "status");
    }
    return agent;
  }

  private AgentLaunch launchOf(
      String tenant, Agent agent, AgentKind kind, AgentMode mode, String token) {
    Task task = tasks.findTaskById(tenant, agent.taskId()).orElseThrow();
    Run run = runs.findRunById(tenant, task.runId()).orElseThrow();
    var phase = runs.modelOf(tenant, run).phase(task.phase()).orElseThrow();
    String branch = run.branchOf(tenant, task.id());
    String prompt = PromptBuilder.build(task, phase, agent.id(), branch);
    Path repo = Path.of(run.onRunner() ? run.repository() : run.repoPath());
    Path worktree = run.onRunner() ? null : runtimes.worktreeOf(tenant, run.id(), task.id());
    return new AgentLaunch(
        tenant,
        agent.id(),
        run.id(),
        task.id(),
        kind,
        mode,
        repo,
        run.baseBranch(),
        branch,
        worktree,
        agent.session(),
        prompt,
        token,
        config.apiUrl(),
        config.mcpGatewayUrl());
  }

  private void deliverLater(String tenant, Agent agent, AgentLaunch launch) {
    background.execute(
        () -> {
          try {
            boolean ok =
                runtimes.forAgent(agent).deliver(launch, PromptBuilder.marker(agent.taskId()));
            agents.setPromptDelivered(tenant, agent.id(), ok);
            if (!ok) {
              LOG.warnf("Prompt delivery to %s could not be verified", agent.session());
            }
          } catch (RuntimeException e) {
            LOG.warnf("Prompt delivery to %s failed: %s", agent.session(), e.getMessage());
          }
        });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void shutdown() {
    background.shutdownNow();
  }

  public static ProblemException notFound(long id) {
    return ProblemException.notFound("No agent " + id + ".");
  }
}
