package dev.devflow.workflowengine.run;

import java.time.OffsetDateTime;

/**
 * A workflow definition version bound to a git repository and base branch: a path on the engine's
 * machine ({@code repoPath}), or a repository a runner announced ({@code repository}).
 *
 * @param uid a random key of the run, part of its branch names
 */
public record Run(
    long id,
    long workflowId,
    String workflowName,
    int workflowVersion,
    String repoPath,
    String repository,
    String baseBranch,
    String status,
    String uid,
    OffsetDateTime createdAt) {

  /** The branch of one of the run's tasks: unique per tenant and run. */
  public String branchOf(String tenant, long taskId) {
    return "devflow/" + tenant + "/run-" + id + "-" + uid + "/task-" + taskId;
  }

  /** Whether the run's repository lives on a runner rather than the engine's machine. */
  public boolean onRunner() {
    return repository != null;
  }
}
