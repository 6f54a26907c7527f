package dev.devflow.workflowengine.agent;

import java.time.OffsetDateTime;

/**
 * A coding agent working one task in its own tmux session, worktree and branch, on the engine's
 * machine or (with a runner) on a developer's.
 *
 * @param screenState what its CLI's screen showed at the last look (working, permission, dialog,
 *     idle, unknown), and since when it has been waiting, if it is
 */
public record Agent(
    long id,
    long taskId,
    long runId,
    String kind,
    String mode,
    Long runnerId,
    String session,
    String worktreePath,
    String branch,
    String status,
    String statusReason,
    int restarts,
    boolean promptDelivered,
    OffsetDateTime startedAt,
    OffsetDateTime lastActivityAt,
    OffsetDateTime endedAt,
    String screenState,
    OffsetDateTime waitingSince) {

  public boolean live() {
    return "starting".equals(status) || "running".equals(status);
  }
}
