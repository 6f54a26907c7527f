package dev.devflow.workflowengine.task;

import java.time.OffsetDateTime;
import java.util.List;

/** A unit of work in a run's phase. */
public record Task(
    long id,
    long runId,
    String phase,
    String title,
    String description,
    int priority,
    String status,
    Long agentId,
    String resultSummary,
    String statusReason,
    List<String> conflictFiles,
    List<String> commits,
    String mergeCommit,
    List<Long> dependsOn,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public TaskStatus taskStatus() {
    return TaskStatus.parse(status).orElseThrow();
  }
}
