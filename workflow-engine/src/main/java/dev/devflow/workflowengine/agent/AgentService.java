package dev.devflow.workflowengine.agent;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.workflowengine.config.EngineConfig;
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

/** Starts, stops, restarts and cancels agents; delivers their prompts; cleans up after merges. */
@ApplicationScoped
public class AgentService {

  private static final Logger LOG = Logger.getLogger(AgentService.class);

  private final AgentLedger ledger;
  private final AgentRepository agents;
  private final AgentRuntime runtime;
  private final RunService runs;
  private final TaskRepository tasks;
  private final EngineConfig config;
  private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2);

  public AgentService(
      AgentLedger ledger,
      AgentRepository agents,
      AgentRuntime runtime,
      RunService runs,
      TaskRepository tasks,
      EngineConfig config) {
    this.ledger = ledger;
    this.agents = agents;
    this.runtime = runtime;
    this.runs = runs;
    this.tasks = tasks;
    this.config = config;
  }

  /** Claims a task, starts its agent's session and delivers the prompt in the background. */
  public Agent spawn(String tenant, long runId, SpawnRequest request) {
    if (!config.agents().containsKey(request.kind())) {
      throw ProblemException.invalid(
          "kind",
          "Unknown agent kind '" + request.kind() + "'; configured: " + config.agents().keySet());
    }
    Agent reserved = ledger.reserve(tenant, runId, request.taskId(), request.kind());
    AgentRuntime.Launch launch = launchOf(tenant, reserved);
    AgentRuntime.Placement placement;
    try {
      placement = runtime.start(launch);
    } catch (RuntimeException e) {
      LOG.warnf("Agent %d of %s could not start: %s", reserved.id(), tenant, e.getMessage());
      ledger.fail(tenant, reserved.id(), "could not start: " + e.getMessage());
      throw new ProblemException(
          ProblemType.UNAVAILABLE, "The agent could not start: " + e.getMessage());
    }
    Agent agent = ledger.markRunning(tenant, reserved.id(), placement);
    deliverLater(tenant, agent, launch.prompt());
    return agent;
  }

  public Agent findAgent(String tenant, long id) {
    return agents.findAgentById(tenant, id).orElseThrow(() -> notFound(id));
  }

  /** Kills the session; the task waits blocked, its worktree and branch kept. */
  public Agent stop(String tenant, long id, String reason) {
    Agent agent = live(tenant, id);
    // The status changes first, so nobody mistakes the session's end for a crash.
    ledger.stop(tenant, id, reason);
    runtime.kill(agent.session());
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
    ledger.restarting(tenant, id, reason);
    AgentRuntime.Launch launch = launchOf(tenant, agent);
    AgentRuntime.Placement placement =
        new AgentRuntime.Placement(agent.session(), Path.of(agent.worktreePath()), agent.branch());
    try {
      runtime.restart(launch, placement);
    } catch (RuntimeException e) {
      ledger.fail(tenant, id, "could not restart: " + e.getMessage());
      throw new ProblemException(ProblemType.UNAVAILABLE, "Restart failed: " + e.getMessage());
    }
    Agent running = ledger.markRunning(tenant, id, placement);
    deliverLater(tenant, running, launch.prompt());
    return running;
  }

  /** Kills the session, removes the worktree and branch; the task is cancelled. */
  public Agent cancel(String tenant, long id, String reason) {
    Agent agent = findAgent(tenant, id);
    if (!agent.live() && !"stopped".equals(agent.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Agent " + id + " is " + agent.status() + ".", "status");
    }
    ledger.cancel(tenant, id, reason);
    runtime.kill(agent.session());
    Run run = runs.findRunById(tenant, agent.runId()).orElseThrow();
    runtime.removeWorktree(
        Path.of(run.repoPath()), Path.of(agent.worktreePath()), agent.branch(), true);
    return findAgent(tenant, id);
  }

  /** Types a message into a running agent's session. */
  public void message(String tenant, long id, String text) {
    Agent agent = live(tenant, id);
    if (!runtime.type(agent.session(), text)) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Agent " + id + "'s session did not accept the message.");
    }
  }

  /**
   * After a merge: the session ends (after a moment, so the agent hears the answer) and the
   * worktree goes.
   */
  public void cleanUpAfterMerge(String tenant, Agent agent) {
    background.schedule(
        () -> {
          try {
            runtime.kill(agent.session());
            Run run = runs.findRunById(tenant, agent.runId()).orElseThrow();
            runtime.removeWorktree(
                Path.of(run.repoPath()), Path.of(agent.worktreePath()), agent.branch(), true);
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

  private AgentRuntime.Launch launchOf(String tenant, Agent agent) {
    Task task = tasks.findTaskById(tenant, agent.taskId()).orElseThrow();
    Run run = runs.findRunById(tenant, task.runId()).orElseThrow();
    var phase = runs.modelOf(tenant, run).phase(task.phase()).orElseThrow();
    String prompt = PromptBuilder.build(task, phase, agent.id(), config.apiUrl());
    return new AgentRuntime.Launch(
        tenant,
        agent.id(),
        run.id(),
        task.id(),
        agent.kind(),
        Path.of(run.repoPath()),
        run.baseBranch(),
        prompt);
  }

  private void deliverLater(String tenant, Agent agent, String prompt) {
    background.execute(
        () -> {
          try {
            boolean ok =
                runtime.deliver(agent.session(), prompt, PromptBuilder.marker(agent.taskId()));
            agents.setPromptDelivered(tenant, agent.id(), ok);
            if (!ok) {
              LOG.warnf("Prompt delivery to %s could not be verified", agent.session());
            }
          } catch (RuntimeException e) {
            LOG.warnf("Prompt delivery to %s failed: %s", agent.session(), e.getMessage());
          }
        });
  }

  @PreDestroy
  void shutdown() {
    background.shutdownNow();
  }

  public static ProblemException notFound(long id) {
    return ProblemException.notFound("No agent " + id + ".");
  }
}
