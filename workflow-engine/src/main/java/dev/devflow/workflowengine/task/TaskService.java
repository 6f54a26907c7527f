package dev.devflow.workflowengine.task;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.workflowengine.run.Run;
import dev.devflow.workflowengine.run.RunService;
import dev.devflow.workflowengine.workflow.WorkflowModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tasks: adding them to a running run, moving them through the transition table, claiming. */
@ApplicationScoped
public class TaskService {

  private final TaskRepository tasks;
  private final RunService runs;
  private final EventLog events;

  private final TaskMetrics metrics;

  public TaskService(TaskRepository tasks, RunService runs, EventLog events, TaskMetrics metrics) {
    this.metrics = metrics;
    this.tasks = tasks;
    this.runs = runs;
    this.events = events;
  }

  @Transactional
  public Task createTask(String tenant, long runId, TaskRequest request) {
    Run run = runningRun(tenant, runId);
    WorkflowModel model = runs.modelOf(tenant, run);
    int phaseIndex =
        model
            .phaseIndex(request.phase())
            .orElseThrow(
                () ->
                    ProblemException.invalid(
                        "phase",
                        "Run "
                            + runId
                            + " has no phase '"
                            + request.phase()
                            + "'; its phases are "
                            + model.phases().stream().map(WorkflowModel.Phase::name).toList()
                            + "."));
    List<Long> deps = request.dependsOn() == null ? List.of() : request.dependsOn();
    for (Long dep : deps) {
      if (tasks.findTaskById(tenant, dep).filter(t -> t.runId() == runId).isEmpty()) {
        throw ProblemException.invalid(
            "dependsOn", "Task " + dep + " does not exist in run " + runId + ".");
      }
    }
    long id =
        tasks.insertTask(
            tenant,
            runId,
            request.phase(),
            phaseIndex,
            request.title(),
            request.description(),
            request.priority() == null ? 0 : request.priority());
    deps.stream().distinct().forEach(dep -> tasks.insertDependency(tenant, id, dep));
    events.append(tenant, "task.created", "task:" + id, Map.of("taskId", id, "runId", runId));
    return tasks.findTaskById(tenant, id).orElseThrow();
  }

  /** Records a progress note on a live task as a {@code task.progress} event. */
  @Transactional
  public Task reportProgress(String tenant, long id, ProgressRequest request) {
    Task task = findTask(tenant, id);
    if (task.taskStatus().terminal()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Task " + id + " is " + task.status() + "; progress can only be reported on a live task.",
          "taskId");
    }
    Map<String, Object> payload = new java.util.HashMap<>();
    payload.put("taskId", id);
    payload.put("runId", task.runId());
    payload.put("message", request.message());
    if (request.percent() != null) {
      payload.put("percent", request.percent());
    }
    events.append(tenant, "task.progress", "task:" + id, payload);
    return task;
  }

  public Task findTask(String tenant, long id) {
    return tasks.findTaskById(tenant, id).orElseThrow(() -> notFound(id));
  }

  public List<Task> listTasks(String tenant, long runId, String status) {
    runs.findRunById(tenant, runId).orElseThrow(() -> RunService.notFound(runId));
    if (status != null && TaskStatus.parse(status).isEmpty()) {
      throw ProblemException.invalid("status", "Unknown status '" + status + "'.");
    }
    return tasks.listTasks(tenant, runId, status);
  }

  /** Moves a locked task to target if the transition table allows it; records the event. */
  @Transactional
  public Task transition(String tenant, long id, TaskStatus target, String reason) {
    Task task = tasks.lockTask(tenant, id).orElseThrow(() -> notFound(id));
    moveLocked(tenant, task, target, reason);
    return tasks.findTaskById(tenant, id).orElseThrow();
  }

  /** Moves an already locked task (inside the caller's transaction). */
  public void moveLocked(String tenant, Task task, TaskStatus target, String reason) {
    TaskStatus from = task.taskStatus();
    if (!from.canMoveTo(target)) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Task "
              + task.id()
              + " cannot go from "
              + from.wire()
              + " to "
              + target.wire()
              + "; allowed: "
              + (from.next().isEmpty()
                  ? "none, " + from.wire() + " is final"
                  : from.next().stream().map(TaskStatus::wire).toList())
              + ".",
          "status");
    }
    tasks.setStatus(tenant, task.id(), target, reason);
    Map<String, Object> payload = new HashMap<>();
    payload.put("taskId", task.id());
    payload.put("runId", task.runId());
    payload.put("from", from.wire());
    payload.put("to", target.wire());
    if (reason != null) {
      payload.put("reason", reason);
    }
    events.append(tenant, "task.status", "task:" + task.id(), payload);
  }

  /** Claims the run's next ready task (queued -> assigned), or empty when none is ready. */
  @Transactional
  public Optional<Task> claimNext(String tenant, long runId) {
    runningRun(tenant, runId);
    Optional<TaskRepository.Claimed> claimed = tasks.claimNextQueued(tenant, runId);
    claimed.ifPresent(c -> metrics.claimed(c.queuedSeconds()));
    Optional<Long> id = claimed.map(TaskRepository.Claimed::taskId);
    id.ifPresent(
        taskId ->
            events.append(
                tenant,
                "task.status",
                "task:" + taskId,
                Map.of(
                    "taskId",
                    taskId,
                    "runId",
                    runId,
                    "from",
                    "queued",
                    "to",
                    "assigned",
                    "reason",
                    "claimed")));
    return id.flatMap(taskId -> tasks.findTaskById(tenant, taskId));
  }

  /** Claims one given task: it must be queued with its dependencies done. */
  @Transactional
  public Task claim(String tenant, long runId, long taskId) {
    runningRun(tenant, runId);
    Task task =
        tasks
            .lockTask(tenant, taskId)
            .filter(t -> t.runId() == runId)
            .orElseThrow(
                () -> ProblemException.invalid("taskId", "No task " + taskId + " in run " + runId));
    if (task.taskStatus() != TaskStatus.QUEUED) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Task " + taskId + " is " + task.status() + ", not queued.",
          "taskId");
    }
    if (!tasks.dependenciesDone(tenant, taskId)) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Task " + taskId + " waits for its dependencies.", "taskId");
    }
    moveLocked(tenant, task, TaskStatus.ASSIGNED, "claimed");
    return tasks.findTaskById(tenant, taskId).orElseThrow();
  }

  private Run runningRun(String tenant, long runId) {
    Run run = runs.findRunById(tenant, runId).orElseThrow(() -> RunService.notFound(runId));
    if (!"running".equals(run.status())) {
      throw new ProblemException(
          ProblemType.CONFLICT, "Run " + runId + " is " + run.status() + ".", "runId");
    }
    return run;
  }

  public static ProblemException notFound(long id) {
    return ProblemException.notFound("No task " + id + ".");
  }
}
