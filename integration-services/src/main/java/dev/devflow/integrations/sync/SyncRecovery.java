package dev.devflow.integrations.sync;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.integrations.config.IntegrationsConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Resumes the sync jobs a crash or restart left queued or running (at start, after tenant
 * migrations, and every minute; a running job is taken over only once its lease went stale), and
 * every minute queues the targets whose last sync is older than the interval.
 */
@ApplicationScoped
public class SyncRecovery {

  private static final Logger LOG = Logger.getLogger(SyncRecovery.class);

  private final TenantSql sql;
  private final SyncJobRepository jobs;
  private final TargetRepository targets;
  private final SyncRunner runner;
  private final SyncService sync;
  private final IntegrationsConfig config;

  public SyncRecovery(
      TenantSql sql,
      SyncJobRepository jobs,
      TargetRepository targets,
      SyncRunner runner,
      SyncService sync,
      IntegrationsConfig config) {
    this.sql = sql;
    this.jobs = jobs;
    this.targets = targets;
    this.runner = runner;
    this.sync = sync;
    this.config = config;
  }

  void onStart(@Observes @Priority(5000) StartupEvent event) {
    Thread t = new Thread(this::resumeAll, "sync-recovery");
    t.setDaemon(true);
    t.start();
  }

  /** Resubmits every tenant's unfinished jobs. */
  public void resumeAll() {
    try {
      for (String tenant : tenants()) {
        for (SyncJob job : jobs.listUnfinished(tenant)) {
          LOG.infof("Resuming sync job %s of tenant %s", job.id(), tenant);
          runner.submit(tenant, job.id());
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("Sync recovery skipped: %s", e.getMessage());
    }
  }

  @Scheduled(
      every = "60s",
      delayed = "60s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void syncDueTargets() {
    long seconds = config.sync().interval().toSeconds();
    try {
      for (String tenant : tenants()) {
        // GitHub redelivers for at most a few days: older delivery ids need not be remembered.
        sql.update(
            TenantSlug.of(tenant),
            "DELETE FROM {schema}.webhook_deliveries WHERE received_at < now() - interval '30 days'");
        if (seconds <= 0) {
          continue;
        }
        for (SyncTarget target : targets.listDue(tenant, seconds)) {
          sync.queue(tenant, target.id(), "schedule");
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("Scheduled sync skipped: %s", e.getMessage());
    }
  }

  private List<String> tenants() {
    return sql.with(
        c -> {
          try (var ps =
                  c.prepareStatement(
                      "SELECT n.nspname FROM pg_class c JOIN pg_namespace n"
                          + " ON n.oid = c.relnamespace WHERE c.relname = 'sync_jobs'"
                          + " AND c.relkind IN ('r', 'p') AND n.nspname LIKE 'tenant\\_%'");
              var rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
              out.add(rs.getString(1).substring("tenant_".length()));
            }
            return out;
          }
        });
  }
}
