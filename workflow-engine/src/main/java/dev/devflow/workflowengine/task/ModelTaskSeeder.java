package dev.devflow.workflowengine.task;

import dev.devflow.workflowengine.run.TaskSeeder;
import dev.devflow.workflowengine.workflow.WorkflowModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/** Seeds a run with its workflow model's tasks, each phase's in the model's order. */
@ApplicationScoped
public class ModelTaskSeeder implements TaskSeeder {

  private final TaskRepository tasks;

  public ModelTaskSeeder(TaskRepository tasks) {
    this.tasks = tasks;
  }

  @Override
  public void seed(String tenant, long runId, WorkflowModel model) {
    Map<String, Long> ids = new HashMap<>();
    for (WorkflowModel.TaskSpec spec : model.tasks()) {
      int phaseIndex = model.phaseIndex(spec.phase()).orElseThrow();
      ids.put(
          spec.key(),
          tasks.insertTask(
              tenant,
              runId,
              spec.phase(),
              phaseIndex,
              spec.title(),
              spec.description(),
              spec.priority()));
    }
    for (WorkflowModel.TaskSpec spec : model.tasks()) {
      for (String dep : spec.dependsOn()) {
        tasks.insertDependency(tenant, ids.get(spec.key()), ids.get(dep));
      }
    }
  }
}
