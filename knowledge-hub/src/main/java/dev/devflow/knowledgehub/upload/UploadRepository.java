package dev.devflow.knowledgehub.upload;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Uploaded file bodies waiting for their job. */
@ApplicationScoped
public class UploadRepository {

  private final TenantSql sql;

  public UploadRepository(TenantSql sql) {
    this.sql = sql;
  }

  void insert(String tenant, UUID jobId, ParsedFile f) {
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.upload_files (job_id, url, name, format, body) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (job_id, url) DO UPDATE SET body = excluded.body, format = excluded.format",
        jobId,
        f.url(),
        f.name(),
        f.format(),
        f.body());
    sql.update(
        TenantSlug.of(tenant),
        "INSERT INTO {schema}.crawl_frontier (job_id, url, depth) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
        jobId,
        f.url());
  }

  Optional<ParsedFile> find(String tenant, UUID jobId, String url) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT name, url, format, body FROM {schema}.upload_files WHERE job_id = ? AND url = ?",
        rs -> new ParsedFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
        jobId,
        url);
  }

  void deleteBodies(String tenant, UUID jobId) {
    sql.update(TenantSlug.of(tenant), "DELETE FROM {schema}.upload_files WHERE job_id = ?", jobId);
  }
}
