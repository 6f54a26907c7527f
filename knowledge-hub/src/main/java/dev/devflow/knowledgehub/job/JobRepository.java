package dev.devflow.knowledgehub.job;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Ingestion jobs, their progress counters and per-page errors in a tenant's schema. */
@ApplicationScoped
public class JobRepository {

  private final TenantSql sql;
  private final IngestMetrics metrics;

  public JobRepository(TenantSql sql, IngestMetrics metrics) {
    this.sql = sql;
    this.metrics = metrics;
  }

  public void insert(String tenant, UUID id, UUID sourceId, String kind) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.ingest_jobs (id, source_id, kind, status) VALUES (?, ?, ?, 'queued')",
        id,
        sourceId,
        kind);
  }

  public Optional<Job> findJobById(String tenant, UUID id) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.ingest_jobs WHERE id = ?",
        JobRepository::map,
        id);
  }

  public List<Job> listJobs(String tenant, UUID sourceId) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.ingest_jobs WHERE source_id = ? ORDER BY created_at DESC LIMIT 50",
        JobRepository::map,
        sourceId);
  }

  /** The source's queued or running job, if any. */
  public Optional<Job> findActive(String tenant, UUID sourceId) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.ingest_jobs WHERE source_id = ? AND status IN ('queued', 'running')"
            + " ORDER BY created_at DESC LIMIT 1",
        JobRepository::map,
        sourceId);
  }

  /** Jobs left queued or running, e.g. by a crash: they resume on start. */
  public List<Job> listUnfinished(String tenant) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT * FROM {schema}.ingest_jobs WHERE status IN ('queued', 'running') ORDER BY created_at",
        JobRepository::map);
  }

  public void markRunning(String tenant, UUID id) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.ingest_jobs SET status = 'running', started_at = coalesce(started_at, now())"
            + " WHERE id = ?",
        id);
  }

  public void finish(String tenant, UUID id, String status, String error) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.ingest_jobs SET status = ?, error = ?, finished_at = now() WHERE id = ?",
        status,
        error,
        id);
  }

  public boolean requestCancel(String tenant, UUID id) {
    return sql.update(
            TenantSlug.of(tenant),
            "UPDATE {schema}.ingest_jobs SET cancel_requested = true"
                + " WHERE id = ? AND status IN ('queued', 'running')",
            id)
        > 0;
  }

  public boolean cancelRequested(String tenant, UUID id) {
    return sql.one(
            TenantSlug.of(tenant),
            "SELECT cancel_requested FROM {schema}.ingest_jobs WHERE id = ?",
            rs -> rs.getBoolean(1),
            id)
        .orElse(true);
  }

  /** Adds to the progress counters; column names are fixed strings from this package. */
  public void addProgress(String tenant, UUID id, Progress delta) {
    sql.update(
        TenantSlug.of(tenant),
        """
        UPDATE {schema}.ingest_jobs SET pages_fetched = pages_fetched + ?,
          pages_chunked = pages_chunked + ?, pages_embedded = pages_embedded + ?,
          pages_unchanged = pages_unchanged + ?, pages_failed = pages_failed + ?,
          chunks_embedded = chunks_embedded + ? WHERE id = ?
        """,
        delta.fetched(),
        delta.chunked(),
        delta.embedded(),
        delta.unchanged(),
        delta.failed(),
        delta.chunks(),
        id);
    metrics.progress(delta);
  }

  public void setFound(String tenant, UUID id, long found) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.ingest_jobs SET pages_found = ? WHERE id = ?",
        (int) found,
        id);
  }

  public void setDiscovered(String tenant, UUID id) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.ingest_jobs SET discovered = true WHERE id = ?",
        id);
  }

  public boolean discovered(String tenant, UUID id) {
    return sql.one(
            TenantSlug.of(tenant),
            "SELECT discovered FROM {schema}.ingest_jobs WHERE id = ?",
            rs -> rs.getBoolean(1),
            id)
        .orElse(false);
  }

  public void addError(String tenant, UUID jobId, String url, String message) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.ingest_errors (job_id, url, message) VALUES (?, ?, ?)",
        jobId,
        url,
        message.length() > 1000 ? message.substring(0, 1000) : message);
  }

  public List<JobError> listErrors(String tenant, UUID jobId) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT url, message, created_at FROM {schema}.ingest_errors WHERE job_id = ? ORDER BY id"
            + " LIMIT 100",
        rs -> new JobError(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)),
        jobId);
  }

  private static Job map(ResultSet rs) throws SQLException {
    return new Job(
        rs.getObject("id", UUID.class),
        rs.getObject("source_id", UUID.class),
        rs.getString("kind"),
        rs.getString("status"),
        rs.getInt("pages_found"),
        rs.getInt("pages_fetched"),
        rs.getInt("pages_chunked"),
        rs.getInt("pages_embedded"),
        rs.getInt("pages_unchanged"),
        rs.getInt("pages_failed"),
        rs.getInt("chunks_embedded"),
        rs.getBoolean("cancel_requested"),
        rs.getString("error"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("started_at", OffsetDateTime.class),
        rs.getObject("finished_at", OffsetDateTime.class));
  }
}
