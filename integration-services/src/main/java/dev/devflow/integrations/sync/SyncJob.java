package dev.devflow.integrations.sync;

import java.time.Instant;
import java.util.UUID;

/**
 * A durable sync run of one target.
 *
 * @param trigger {@code manual}, {@code created}, {@code webhook} or {@code schedule}
 * @param status {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param documents documents sent to the knowledge hub so far
 */
public record SyncJob(
    UUID id,
    UUID targetId,
    String trigger,
    String status,
    int documents,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
}
