package dev.devflow.workflowengine.run;

import dev.devflow.workflowengine.workflow.WorkflowModel;

/**
 * Writes the tasks a new run starts with. Tasks know their run, not the reverse: the task package
 * implements this, so that a run is created without the run package depending on tasks.
 */
public interface TaskSeeder {

  /** Inserts the model's tasks and their dependencies for the run, in the caller's transaction. */
  void seed(String tenant, long runId, WorkflowModel model);
}
