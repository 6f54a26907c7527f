package dev.devflow.knowledgehub.job;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.source.Source;
import dev.devflow.knowledgehub.source.SourceRepository;
import dev.devflow.knowledgehub.usage.TenantStorage;
import io.quarkus.arc.All;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Runs ingestion jobs in the background, a bounded number at a time, recording their status and
 * writing crawl.started / crawl.done / crawl.failed / crawl.cancelled events. A job already running
 * in this process is never started twice.
 */
@ApplicationScoped
public class JobRunner {

  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  private final JobRepository jobs;
  private final SourceRepository sources;
  private final List<JobWork> work;
  private final JobReports reports;
  private final TenantStorage storage;
  private final ExecutorService pool;
  private final Set<UUID> active = ConcurrentHashMap.newKeySet();

  public JobRunner(
      KnowledgeHubConfig config,
      JobRepository jobs,
      SourceRepository sources,
      @All List<JobWork> work,
      JobReports reports,
      TenantStorage storage) {
    this.jobs = jobs;
    this.storage = storage;
    this.sources = sources;
    this.work = work;
    this.reports = reports;
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, config.crawl().parallelJobs()),
            task -> {
              Thread t = new Thread(task, "ingest-job");
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues the job unless it is already running here. */
  public void submit(String tenant, UUID jobId) {
    if (active.add(jobId)) {
      reports.queued();
      long queuedAt = System.nanoTime();
      pool.submit(
          () -> {
            boolean started = false;
            try {
              started = run(tenant, jobId, queuedAt);
            } finally {
              active.remove(jobId);
              reports.left(started);
            }
          });
    }
  }

  /** Whether the job is being run by this process. */
  public boolean isActive(UUID jobId) {
    return active.contains(jobId);
  }

  /** Runs the job unless it is gone or done; whether it ran. */
  private boolean run(String tenant, UUID jobId, long queuedAt) {
    Optional<Job> found = jobs.findJobById(tenant, jobId);
    if (found.isEmpty() || found.get().finished()) {
      return false;
    }
    Job job = found.get();
    Optional<Source> source = sources.findSourceById(tenant, job.sourceId());
    if (source.isEmpty()) {
      return false;
    }
    Map<String, Object> ids =
        Map.of(
            "sourceId", job.sourceId().toString(), "jobId", jobId.toString(), "kind", job.kind());
    String status;
    String error = null;
    reports.running(System.nanoTime() - queuedAt);
    try {
      jobs.markRunning(tenant, jobId);
      sources.updateStatus(tenant, job.sourceId(), Job.RUNNING, null, false);
      reports.started(tenant, job, ids);
      status = work(job.kind()).run(tenant, jobId, source.get());
    } catch (ProblemException e) {
      // the plan's LLM calls or storage ran out: the tenant's limit, not a fault
      LOG.infof("Ingestion job %s of tenant %s stopped: %s", jobId, tenant, e.getMessage());
      status = Job.FAILED;
      error = e.getMessage();
    } catch (RuntimeException e) {
      LOG.warnf(e, "Ingestion job %s of tenant %s failed", jobId, tenant);
      status = Job.FAILED;
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    finish(tenant, job, status, error, ids);
    return true;
  }

  /** The work of the job's kind (the database allows only kinds some work runs). */
  private JobWork work(String kind) {
    return work.stream()
        .filter(w -> w.kinds().contains(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No work runs " + kind + " jobs"));
  }

  private void finish(
      String tenant, Job job, String status, String error, Map<String, Object> ids) {
    try {
      jobs.finish(tenant, job.id(), status, error);
      sources.updateStatus(tenant, job.sourceId(), status, error, Job.DONE.equals(status));
      reports.finished(tenant, job, status, error, ids);
      storage.report(tenant);
    } catch (RuntimeException e) {
      // the source may have been deleted meanwhile (its job rows went with it)
      LOG.debugf("Could not record the end of job %s: %s", job.id(), e.getMessage());
    }
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
