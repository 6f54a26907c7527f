package dev.devflow.knowledgehub.job;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.knowledgehub.search.IndexMaintenance;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * After tenant migrations, in the background: checks every tenant's search index (rebuilding a
 * missing or stale one) and resumes the jobs a crash or kill left queued or running.
 */
@ApplicationScoped
public class StartupRecovery {

  private static final Logger LOG = Logger.getLogger(StartupRecovery.class);

  private final TenantSql sql;
  private final JobRepository jobs;
  private final JobRunner runner;
  private final IndexMaintenance maintenance;

  public StartupRecovery(
      TenantSql sql, JobRepository jobs, JobRunner runner, IndexMaintenance maintenance) {
    this.sql = sql;
    this.jobs = jobs;
    this.runner = runner;
    this.maintenance = maintenance;
  }

  // after MigrateTenantsOnStart (default priority), so the tables exist
  void onStart(@Observes @Priority(5000) StartupEvent event) {
    Thread t = new Thread(this::recoverAll, "knowledge-recovery");
    t.setDaemon(true);
    t.start();
  }

  /** Checks indexes and resumes unfinished jobs of every tenant with knowledge-hub tables. */
  public void recoverAll() {
    try {
      for (String tenant : tenants()) {
        maintenance.checkAndRepair(tenant);
        resume(tenant);
      }
    } catch (RuntimeException e) {
      LOG.warnf("Startup recovery skipped: %s", e.getMessage());
    }
  }

  /** Resumes a tenant's queued or running jobs. */
  public void resume(String tenant) {
    for (Job job : jobs.listUnfinished(tenant)) {
      LOG.infof("Resuming %s job %s of tenant %s", job.kind(), job.id(), tenant);
      runner.submit(tenant, job.id());
    }
  }

  private List<String> tenants() {
    return sql.tenantsWithTable("ingest_jobs");
  }
}
