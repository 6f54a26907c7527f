package dev.devflow.knowledgehub.job;

import dev.devflow.common.persistence.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * What the world learns of a job: crawl.started / crawl.done / crawl.failed / crawl.cancelled
 * events for the tenant, and {@link IngestMetrics} for the operator.
 */
@ApplicationScoped
public class JobReports {

  private final EventLog events;
  private final JobRepository jobs;
  private final IngestMetrics metrics;

  public JobReports(EventLog events, JobRepository jobs, IngestMetrics metrics) {
    this.events = events;
    this.jobs = jobs;
    this.metrics = metrics;
  }

  void queued() {
    metrics.jobQueued();
  }

  /**
   * The job left the queue for a slot (before {@link #started}, which may fail), after waiting
   * {@code waitedNanos} for it.
   */
  void running(long waitedNanos) {
    metrics.jobStarted(waitedNanos);
  }

  void started(String tenant, Job job, Map<String, Object> ids) {
    events.append(tenant, "crawl.started", job.sourceId().toString(), ids);
  }

  void left(boolean started) {
    metrics.jobLeft(started);
  }

  void finished(String tenant, Job job, String status, String error, Map<String, Object> ids) {
    metrics.jobFinished(job.kind(), status);
    Job done = jobs.findJobById(tenant, job.id()).orElse(job);
    Map<String, Object> payload = new HashMap<>(ids);
    payload.put("pagesFound", done.pagesFound());
    payload.put("pagesEmbedded", done.pagesEmbedded());
    payload.put("pagesUnchanged", done.pagesUnchanged());
    payload.put("pagesFailed", done.pagesFailed());
    payload.put("chunksEmbedded", done.chunksEmbedded());
    if (error != null) {
      payload.put("error", error);
    }
    String type =
        switch (status) {
          case Job.DONE -> "crawl.done";
          case Job.CANCELLED -> "crawl.cancelled";
          default -> "crawl.failed";
        };
    events.append(tenant, type, job.sourceId().toString(), payload);
  }
}
