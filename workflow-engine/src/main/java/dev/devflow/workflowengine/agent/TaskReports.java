package dev.devflow.workflowengine.agent;

import dev.devflow.workflowengine.task.StatusRequest;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskRepository;
import dev.devflow.workflowengine.task.TaskService;
import dev.devflow.workflowengine.task.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;

/** Status reports on tasks that involve their agents: done merges, cancelled cancels the agent. */
@ApplicationScoped
public class TaskReports {

  private final TaskService tasks;
  private final CompletionService completion;
  private final AgentService agents;
  private final AgentRepository agentRepository;
  private final TaskRepository taskRepository;

  public TaskReports(
      TaskService tasks,
      CompletionService completion,
      AgentService agents,
      AgentRepository agentRepository,
      TaskRepository taskRepository) {
    this.tasks = tasks;
    this.completion = completion;
    this.agents = agents;
    this.agentRepository = agentRepository;
    this.taskRepository = taskRepository;
  }

  public Task complete(String tenant, long id, String summary) {
    CompletionService.Completed done = completion.complete(tenant, id, summary);
    done.finishedAgent().ifPresent(a -> agents.cleanUpAfterMerge(tenant, a));
    return done.task();
  }

  public Task move(String tenant, long id, TaskStatus target, StatusRequest request) {
    if (target == TaskStatus.DONE) {
      return complete(tenant, id, request.resultSummary());
    }
    Task task = tasks.findTask(tenant, id);
    if (target == TaskStatus.CANCELLED && task.agentId() != null) {
      Agent agent = agentRepository.findAgentById(tenant, task.agentId()).orElseThrow();
      if (agent.live() || "stopped".equals(agent.status())) {
        agents.cancel(tenant, agent.id(), reasonOr(request, "task cancelled"));
        return tasks.findTask(tenant, id);
      }
    }
    Task moved = tasks.transition(tenant, id, target, reasonOr(request, null));
    if (request.resultSummary() != null) {
      taskRepository.setSummary(tenant, id, request.resultSummary());
      return tasks.findTask(tenant, id);
    }
    return moved;
  }

  private static String reasonOr(StatusRequest request, String fallback) {
    return request.reason() == null || request.reason().isBlank() ? fallback : request.reason();
  }
}
