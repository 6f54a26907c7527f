package dev.devflow.workflowengine.agent;

import dev.devflow.workflowengine.run.Run;
import dev.devflow.workflowengine.run.RunService;
import dev.devflow.workflowengine.task.Task;
import dev.devflow.workflowengine.task.TaskRepository;
import dev.devflow.workflowengine.task.TaskService;
import dev.devflow.workflowengine.task.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cancelling a run: its agents are cancelled (sessions and worktrees gone), then its open tasks.
 */
@ApplicationScoped
public class RunCancellation {

  private final RunService runs;
  private final AgentRepository agents;
  private final AgentService agentService;
  private final TaskRepository tasks;
  private final TaskService taskService;

  public RunCancellation(
      RunService runs,
      AgentRepository agents,
      AgentService agentService,
      TaskRepository tasks,
      TaskService taskService) {
    this.runs = runs;
    this.agents = agents;
    this.agentService = agentService;
    this.tasks = tasks;
    this.taskService = taskService;
  }

  public Run cancelRun(String tenant, long runId) {
    Run run = runs.cancelRun(tenant, runId);
    for (Agent agent : agents.listAgents(tenant, runId)) {
      if (agent.live() || "stopped".equals(agent.status())) {
        agentService.cancel(tenant, agent.id(), "run cancelled");
      }
    }
    for (Task task : tasks.listTasks(tenant, runId, null)) {
      if (task.taskStatus().canMoveTo(TaskStatus.CANCELLED)) {
        taskService.transition(tenant, task.id(), TaskStatus.CANCELLED, "run cancelled");
      }
    }
    return run;
  }
}
