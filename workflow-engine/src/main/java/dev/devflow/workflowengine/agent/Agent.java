package dev.devflow.workflowengine.agent;

import java.time.OffsetDateTime;

/** A coding agent working one task in its own tmux session, worktree and branch. */
public record Agent(
    long id,
    long taskId,
    long runId,
    String kind,
    String session,
    String worktreePath,
    String branch,
    String status,
    String statusReason,
    int restarts,
    boolean promptDelivered,
    OffsetDateTime startedAt,
    OffsetDateTime lastActivityAt,
    OffsetDateTime endedAt) {

  public boolean live() {
    return "starting".equals(status) || "running".equals(status);
  }
}
