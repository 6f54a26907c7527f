package dev.devflow.workflowengine.task;

import dev.devflow.workflowengine.run.Run;
import dev.devflow.workflowengine.run.RunService;
import dev.devflow.workflowengine.workflow.WorkflowModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Works out a run's current phase. A phase is finished when it has tasks and all of them are done
 * or cancelled; an empty phase is not finished, because its work has not been planned yet.
 */
@ApplicationScoped
public class PhaseService {

  private final RunService runs;
  private final TaskRepository tasks;

  public PhaseService(RunService runs, TaskRepository tasks) {
    this.runs = runs;
    this.tasks = tasks;
  }

  public CurrentPhase currentPhase(String tenant, long runId) {
    Run run = runs.findRunById(tenant, runId).orElseThrow(() -> RunService.notFound(runId));
    List<WorkflowModel.Phase> phases = runs.modelOf(tenant, run).phases();
    List<Task> all = tasks.listTasks(tenant, runId, null);
    for (int i = 0; i < phases.size(); i++) {
      List<Task> inPhase = inPhase(all, phases.get(i).name());
      boolean finished =
          !inPhase.isEmpty() && inPhase.stream().allMatch(t -> t.taskStatus().terminal());
      if (!finished) {
        return view(run, i, phases, inPhase, false);
      }
    }
    int last = phases.size() - 1;
    return view(run, last, phases, inPhase(all, phases.get(last).name()), true);
  }

  private static CurrentPhase view(
      Run run, int index, List<WorkflowModel.Phase> phases, List<Task> inPhase, boolean finished) {
    Map<String, Integer> counts = new TreeMap<>();
    inPhase.forEach(t -> counts.merge(t.status(), 1, Integer::sum));
    List<Task> open =
        inPhase.stream()
            .filter(t -> !t.taskStatus().terminal())
            .sorted(Comparator.comparingInt(Task::priority).reversed().thenComparing(Task::id))
            .toList();
    return new CurrentPhase(
        run.id(), run.status(), index, phases.size(), finished, phases.get(index), counts, open);
  }

  private static List<Task> inPhase(List<Task> all, String phase) {
    return all.stream().filter(t -> t.phase().equals(phase)).toList();
  }
}
