package dev.devflow.integrations.sync;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sync jobs of a tenant. */
@ApplicationScoped
public class SyncJobRepository {

  /** How long a running job's process may stay silent before another takes the job over. */
  public static final java.time.Duration LEASE = java.time.Duration.ofMinutes(5);

  private final TenantSql sql;

  public SyncJobRepository(TenantSql sql) {
    this.sql = sql;
  }

  public void insert(String tenant, UUID id, UUID target, String trigger) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.sync_jobs (id, target_id, trigger, status) VALUES (?,?,?,'queued')",
        id,
        target,
        trigger);
  }

  public Optional<SyncJob> findJobById(String tenant, UUID id) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_jobs WHERE id = ?",
        SyncJobRepository::map,
        id);
  }

  /** A job of the target still waiting to start, which a new trigger can simply join. */
  public Optional<SyncJob> findQueued(String tenant, UUID target) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_jobs WHERE target_id = ? AND status = 'queued'"
            + " ORDER BY created_at LIMIT 1",
        SyncJobRepository::map,
        target);
  }

  public List<SyncJob> listUnfinished(String tenant) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_jobs WHERE status IN ('queued','running') ORDER BY created_at",
        SyncJobRepository::map);
  }

  public List<SyncJob> listJobs(String tenant, UUID target) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.sync_jobs WHERE target_id = ? ORDER BY created_at DESC LIMIT 50",
        SyncJobRepository::map,
        target);
  }

  /**
   * Claims the job for this process: a queued one, or a running one whose lease went stale (its
   * process died). False when another process holds it.
   */
  public boolean claim(String tenant, UUID id) {
    return sql.update(
            TenantSlug.of(tenant),
            "UPDATE {schema}.sync_jobs SET status = 'running', started_at = coalesce(started_at, now()),"
                + " heartbeat_at = now(), error = NULL WHERE id = ? AND (status = 'queued' OR"
                + " (status = 'running' AND (heartbeat_at IS NULL"
                + " OR heartbeat_at < now() - make_interval(secs => ?))))",
            id,
            (double) LEASE.toSeconds())
        > 0;
  }

  /** Renews the lease of a running job. */
  public void heartbeat(String tenant, UUID id) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.sync_jobs SET heartbeat_at = now() WHERE id = ?",
        id);
  }

  public void addDocuments(String tenant, UUID id, int count) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.sync_jobs SET documents = documents + ? WHERE id = ?",
        count,
        id);
  }

  public void finish(String tenant, UUID id, String status, String error) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.sync_jobs SET status = ?, error = ?, finished_at = now() WHERE id = ?",
        status,
        error,
        id);
  }

  private static SyncJob map(ResultSet rs) throws SQLException {
    return new SyncJob(
        rs.getObject("id", UUID.class),
        rs.getObject("target_id", UUID.class),
        rs.getString("trigger"),
        rs.getString("status"),
        rs.getInt("documents"),
        rs.getString("error"),
        TenantSql.instant(rs, "created_at"),
        TenantSql.instant(rs, "started_at"),
        TenantSql.instant(rs, "finished_at"));
  }
}
