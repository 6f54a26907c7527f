package dev.devflow.workflowengine.agent;

import dev.devflow.agents.git.Merger;
import dev.devflow.common.persistence.EventLog;
import dev.devflow.workflowengine.run.Run;
import dev.devflow.workflowengine.run.RunService;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskRepository;
import dev.devflow.workflowengine.task.TaskService;
import dev.devflow.workflowengine.task.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A task reported done: its agent's branch is merged into the base branch (the task's row stays
 * locked meanwhile, so a second report waits and then finds it done). A conflict blocks the task.
 */
@ApplicationScoped
public class CompletionService {

  private final TaskRepository tasks;
  private final TaskService taskService;
  private final AgentRepository agents;
  private final RunService runs;
  private final AgentRuntimes runtimes;
  private final EventLog events;

  public CompletionService(
      TaskRepository tasks,
      TaskService taskService,
      AgentRepository agents,
      RunService runs,
      AgentRuntimes runtimes,
      EventLog events) {
    this.tasks = tasks;
    this.taskService = taskService;
    this.agents = agents;
    this.runs = runs;
    this.runtimes = runtimes;
    this.events = events;
  }

  /** The task after completion, and the agent whose session and worktree can now go. */
  public record Completed(Task task, Optional<Agent> finishedAgent) {}

  @Transactional
  public Completed complete(String tenant, long taskId, String summary) {
    Task task = tasks.lockTask(tenant, taskId).orElseThrow(() -> TaskService.notFound(taskId));
    if (!task.taskStatus().canMoveTo(TaskStatus.DONE)) {
      taskService.moveLocked(tenant, task, TaskStatus.DONE, null); // throws the 409 problem
    }
    tasks.setSummary(tenant, taskId, summary);
    Optional<Agent> agent =
        task.agentId() == null ? Optional.empty() : agents.findAgentById(tenant, task.agentId());
    if (agent.isEmpty() || agent.get().branch().isBlank()) {
      taskService.moveLocked(tenant, task, TaskStatus.DONE, "reported done");
      return new Completed(tasks.findTaskById(tenant, taskId).orElseThrow(), Optional.empty());
    }
    Run run = runs.findRunById(tenant, task.runId()).orElseThrow();
    Merger.Outcome outcome =
        runtimes
            .forAgent(agent.get())
            .merge(
                tenant,
                run,
                agent.get(),
                "Merge task " + taskId + ": " + task.title().replaceAll("[\\r\\n]+", " "));
    tasks.setMergeResult(
        tenant, taskId, outcome.commits(), outcome.conflicts(), outcome.mergeCommit());
    if (outcome.merged()) {
      taskService.moveLocked(tenant, task, TaskStatus.DONE, "merged into " + run.baseBranch());
      agents.setStatus(tenant, agent.get().id(), "finished", "task done and merged");
      events.append(tenant, "merge.done", "task:" + taskId, mergePayload(task, run, outcome));
      events.append(
          tenant,
          "agent.finished",
          "agent:" + agent.get().id(),
          Map.of("agentId", agent.get().id(), "taskId", taskId, "runId", run.id()));
      return new Completed(tasks.findTaskById(tenant, taskId).orElseThrow(), agent);
    }
    String reason =
        outcome.conflicts().isEmpty()
            ? "merge failed: " + outcome.error()
            : "merge conflict in " + String.join(", ", outcome.conflicts());
    taskService.moveLocked(tenant, task, TaskStatus.BLOCKED, reason);
    events.append(tenant, "merge.conflict", "task:" + taskId, mergePayload(task, run, outcome));
    return new Completed(tasks.findTaskById(tenant, taskId).orElseThrow(), Optional.empty());
  }

  private static Map<String, Object> mergePayload(Task task, Run run, Merger.Outcome outcome) {
    Map<String, Object> p = new HashMap<>();
    p.put("taskId", task.id());
    p.put("runId", run.id());
    p.put("baseBranch", run.baseBranch());
    p.put("commits", outcome.commits());
    if (outcome.mergeCommit() != null) {
      p.put("mergeCommit", outcome.mergeCommit());
    }
    if (!outcome.conflicts().isEmpty()) {
      p.put("conflicts", outcome.conflicts());
    }
    if (outcome.error() != null) {
      p.put("error", outcome.error());
    }
    return p;
  }
}
