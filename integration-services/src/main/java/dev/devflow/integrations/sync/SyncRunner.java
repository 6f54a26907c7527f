package dev.devflow.integrations.sync;

import dev.devflow.common.persistence.EventLog;
import dev.devflow.integrations.connection.Connection;
import dev.devflow.integrations.connection.ConnectionRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Runs sync jobs in the background, a bounded number at a time, as {@code sync.started}, {@code
 * sync.progress}, {@code sync.done} or {@code sync.failed} events. A job already running in this
 * process is not started twice; one left running by a crash is resumed from its cursors.
 */
@ApplicationScoped
public class SyncRunner {

  private static final Logger LOG = Logger.getLogger(SyncRunner.class);

  private final SyncTools tools;
  private final TargetRepository targets;
  private final SyncJobRepository jobs;
  private final ConnectionRepository connections;
  private final EventLog events;
  private final Map<String, Syncer> syncers = new HashMap<>();
  private final ExecutorService pool;
  private final Set<UUID> active = ConcurrentHashMap.newKeySet();

  public SyncRunner(
      SyncTools tools,
      TargetRepository targets,
      SyncJobRepository jobs,
      ConnectionRepository connections,
      EventLog events,
      Instance<Syncer> all) {
    this.tools = tools;
    this.targets = targets;
    this.jobs = jobs;
    this.connections = connections;
    this.events = events;
    all.forEach(s -> syncers.put(s.kind(), s));
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, tools.config.sync().parallelJobs()),
            task -> {
              Thread t = new Thread(task, "sync-job");
              t.setDaemon(true);
              return t;
            });
  }

  /** The syncer of a target kind. */
  public Syncer syncer(String kind) {
    return syncers.get(kind);
  }

  /** Queues the job unless it is already running here. */
  public void submit(String tenant, UUID jobId) {
    if (active.add(jobId)) {
      pool.submit(
          () -> {
            try {
              run(tenant, jobId);
            } finally {
              active.remove(jobId);
            }
          });
    }
  }

  private void run(String tenant, UUID jobId) {
    Optional<SyncJob> job = jobs.findJobById(tenant, jobId);
    if (job.isEmpty()
        || SyncJob.DONE.equals(job.get().status())
        || SyncJob.FAILED.equals(job.get().status())) {
      return;
    }
    Optional<SyncTarget> target = targets.findTargetById(tenant, job.get().targetId());
    Optional<Connection> connection =
        target.flatMap(t -> connections.findConnectionById(tenant, t.connectionId()));
    if (connection.isEmpty()) {
      return;
    }
    SyncSession session =
        new SyncSession(
            tools, targets, jobs, events, tenant, connection.get(), target.get(), job.get());
    Map<String, Object> ids = session.progress();
    if (!jobs.claim(tenant, jobId)) {
      return; // another process is running it
    }
    try {
      events.append(tenant, "sync.started", target.get().id().toString(), ids);
      syncers.get(target.get().kind()).sync(session);
      targets.markSynced(tenant, target.get().id());
      jobs.finish(tenant, jobId, SyncJob.DONE, null);
      events.append(tenant, "sync.done", target.get().id().toString(), session.progress());
    } catch (RuntimeException e) {
      String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warnf("Sync job %s of tenant %s failed: %s", jobId, tenant, error);
      failed(tenant, jobId, target.get(), session, error);
    }
  }

  private void failed(
      String tenant, UUID jobId, SyncTarget target, SyncSession session, String error) {
    try {
      jobs.finish(tenant, jobId, SyncJob.FAILED, error);
      Map<String, Object> payload = new HashMap<>(session.progress());
      payload.put("error", error);
      events.append(tenant, "sync.failed", target.id().toString(), payload);
    } catch (RuntimeException e) {
      // the target may have been deleted meanwhile, its jobs with it
      LOG.debugf("Could not record the end of sync job %s: %s", jobId, e.getMessage());
    }
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
