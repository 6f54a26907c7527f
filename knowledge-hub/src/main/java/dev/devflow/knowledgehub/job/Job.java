package dev.devflow.knowledgehub.job;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A durable ingestion job (crawl, refresh or upload) and its progress.
 *
 * @param status queued, running, done, failed or cancelled
 */
public record Job(
    UUID id,
    UUID sourceId,
    String kind,
    String status,
    int pagesFound,
    int pagesFetched,
    int pagesChunked,
    int pagesEmbedded,
    int pagesUnchanged,
    int pagesFailed,
    int chunksEmbedded,
    boolean cancelRequested,
    String error,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public boolean finished() {
    return DONE.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
  }
}
