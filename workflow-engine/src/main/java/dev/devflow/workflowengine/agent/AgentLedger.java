package dev.devflow.workflowengine.agent;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.workflowengine.limits.PlanLimits;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskRepository;
import dev.devflow.workflowengine.task.TaskService;
import dev.devflow.workflowengine.task.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The agents' state changes, each in its own transaction with its events. */
@ApplicationScoped
public class AgentLedger {

  private final AgentRepository agents;
  private final TaskRepository tasks;
  private final TaskService taskService;
  private final PlanLimits limits;
  private final EventLog events;
  private final AgentTokens tokens;
  private final Sessions sessions;

  public AgentLedger(
      AgentRepository agents,
      TaskRepository tasks,
      TaskService taskService,
      PlanLimits limits,
      EventLog events,
      AgentTokens tokens,
      Sessions sessions) {
    this.agents = agents;
    this.tasks = tasks;
    this.taskService = taskService;
    this.limits = limits;
    this.events = events;
    this.tokens = tokens;
    this.sessions = sessions;
  }

  /** A booked agent and its own token (shown once: only its hash is stored). */
  public record Reserved(Agent agent, String token) {}

  /**
   * Within the tenant's agent cap, claims a task (the given one or the next) and books an agent.
   */
  @Transactional
  public Reserved reserve(
      String tenant, long runId, Long taskId, String kind, String mode, Long runnerId) {
    long live = agents.lockAndCountLive(tenant);
    int cap = limits.maxConcurrentAgents(tenant);
    if (live >= cap) {
      throw new ProblemException(
          ProblemType.QUOTA_EXCEEDED,
          "Your plan allows "
              + cap
              + " agents at once and "
              + live
              + " are running; stop one or"
              + " wait for one to finish.");
    }
    Task task =
        taskId != null
            ? taskService.claim(tenant, runId, taskId)
            : taskService
                .claimNext(tenant, runId)
                .orElseThrow(
                    () ->
                        new ProblemException(
                            ProblemType.CONFLICT,
                            "No task of run " + runId + " is queued with its dependencies done.",
                            "taskId"));
    long id =
        agents.insertAgent(
            tenant, task.id(), kind, mode, runnerId, "pending-" + java.util.UUID.randomUUID());
    agents.setPlace(tenant, id, sessions.name(tenant, id), "", "");
    tasks.setAgent(tenant, task.id(), id);
    String token = tokens.issue(tenant, id);
    return new Reserved(agents.findAgentById(tenant, id).orElseThrow(), token);
  }

  @Transactional
  public Agent markRunning(String tenant, long agentId, dev.devflow.agents.Placement placement) {
    agents.setPlace(
        tenant, agentId, placement.session(), placement.worktree().toString(), placement.branch());
    agents.setStatus(tenant, agentId, "running", null);
    Agent agent = agents.lockAgent(tenant, agentId).orElseThrow();
    Task task = tasks.lockTask(tenant, agent.taskId()).orElseThrow();
    if (task.taskStatus() != TaskStatus.RUNNING) {
      taskService.moveLocked(tenant, task, TaskStatus.RUNNING, "agent " + agentId + " started");
    }
    events.append(tenant, "agent.started", "agent:" + agentId, payload(agent, null));
    return agent;
  }

  /** The agent could not start or its session ended before it reported: both fail. */
  @Transactional
  public void fail(String tenant, long agentId, String reason) {
    Agent agent = agents.lockAgent(tenant, agentId).orElseThrow();
    agents.setStatus(tenant, agentId, "failed", reason);
    Task task = tasks.lockTask(tenant, agent.taskId()).orElseThrow();
    if (task.taskStatus().canMoveTo(TaskStatus.FAILED) && agentOwns(task, agentId)) {
      taskService.moveLocked(tenant, task, TaskStatus.FAILED, reason);
    }
    events.append(tenant, "agent.failed", "agent:" + agentId, payload(agent, reason));
  }

  /** The session ended after the agent reported its task (done, blocked on a merge, in review). */
  @Transactional
  public void finish(String tenant, long agentId, String reason) {
    Agent agent = agents.lockAgent(tenant, agentId).orElseThrow();
    agents.setStatus(tenant, agentId, "finished", reason);
    events.append(tenant, "agent.finished", "agent:" + agentId, payload(agent, reason));
  }

  /** Ends a session that ended on its own: finished if the task was reported, otherwise failed. */
  @Transactional
  public void sessionEnded(String tenant, Agent seen, String reason) {
    Optional<Agent> current = agents.lockAgent(tenant, seen.id());
    if (current.isEmpty() || !"running".equals(current.get().status())) {
      return; // restarted, stopped or finished meanwhile: not an unexpected end
    }
    Agent agent = current.get();
    Optional<Task> task = tasks.findTaskById(tenant, agent.taskId());
    boolean reported =
        task.map(
                t ->
                    t.taskStatus() == TaskStatus.DONE
                        || t.taskStatus() == TaskStatus.BLOCKED
                        || t.taskStatus() == TaskStatus.REVIEW)
            .orElse(true);
    if (reported) {
      finish(tenant, agent.id(), "session ended after the task was reported");
    } else {
      fail(tenant, agent.id(), reason);
    }
  }

  /** Stopped by a person or the Guardian: the task waits (blocked) with its worktree kept. */
  @Transactional
  public void stop(String tenant, long agentId, String reason) {
    Agent agent = agents.lockAgent(tenant, agentId).orElseThrow();
    requireStatus(agent, agent.live(), "running");
    agents.setStatus(tenant, agentId, "stopped", reason);
    Task task = tasks.lockTask(tenant, agent.taskId()).orElseThrow();
    if (task.taskStatus().canMoveTo(TaskStatus.BLOCKED) && agentOwns(task, agentId)) {
      taskService.moveLocked(tenant, task, TaskStatus.BLOCKED, "agent stopped: " + reason);
    }
    events.append(tenant, "agent.stopped", "agent:" + agentId, payload(agent, reason));
  }

  @Transactional
  public void cancel(String tenant, long agentId, String reason) {
    Agent agent = agents.lockAgent(tenant, agentId).orElseThrow();
    requireStatus(agent, agent.live() || "stopped".equals(agent.status()), "running or stopped");
    agents.setStatus(tenant, agentId, "cancelled", reason);
    Task task = tasks.lockTask(tenant, agent.taskId()).orElseThrow();
    if (task.taskStatus().canMoveTo(TaskStatus.CANCELLED) && agentOwns(task, agentId)) {
      taskService.moveLocked(tenant, task, TaskStatus.CANCELLED, reason);
    }
    events.append(tenant, "agent.cancelled", "agent:" + agentId, payload(agent, reason));
  }

  /**
   * Before a restart: the agent is starting again and its task is running again; returns the
   * agent's new token (the old one stops working).
   */
  @Transactional
  public String restarting(String tenant, long agentId, String reason) {
    Agent agent = agents.lockAgent(tenant, agentId).orElseThrow();
    agents.markRestarted(tenant, agentId);
    agents.setStatus(tenant, agentId, "starting", null);
    Task task = tasks.lockTask(tenant, agent.taskId()).orElseThrow();
    if (task.taskStatus() != TaskStatus.RUNNING
        && task.taskStatus().canMoveTo(TaskStatus.RUNNING)) {
      taskService.moveLocked(tenant, task, TaskStatus.RUNNING, "agent restarted: " + reason);
    }
    events.append(tenant, "agent.restarted", "agent:" + agentId, payload(agent, reason));
    return tokens.issue(tenant, agentId);
  }

  private static void requireStatus(Agent agent, boolean ok, String expected) {
    if (!ok) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Agent " + agent.id() + " is " + agent.status() + ", not " + expected + ".",
          "status");
    }
  }

  private static boolean agentOwns(Task task, long agentId) {
    return task.agentId() != null && task.agentId() == agentId;
  }

  private static Map<String, Object> payload(Agent agent, String reason) {
    Map<String, Object> p = new HashMap<>();
    p.put("agentId", agent.id());
    p.put("taskId", agent.taskId());
    p.put("runId", agent.runId());
    p.put("session", agent.session());
    if (reason != null) {
      p.put("reason", reason);
    }
    return p;
  }
}
