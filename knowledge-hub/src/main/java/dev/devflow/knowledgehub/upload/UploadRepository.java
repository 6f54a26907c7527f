package dev.devflow.knowledgehub.upload;

import dev.devflow.knowledgehub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Uploaded file bodies waiting for their job. */
@ApplicationScoped
public class UploadRepository {

  private final Sql sql;

  public UploadRepository(Sql sql) {
    this.sql = sql;
  }

  void insert(String tenant, UUID jobId, ParsedFile f) {
    sql.update(
        tenant,
        "INSERT INTO {t}.upload_files (job_id, url, name, format, body) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (job_id, url) DO UPDATE SET body = excluded.body, format = excluded.format",
        jobId,
        f.url(),
        f.name(),
        f.format(),
        f.body());
    sql.update(
        tenant,
        "INSERT INTO {t}.crawl_frontier (job_id, url, depth) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
        jobId,
        f.url());
  }

  Optional<ParsedFile> find(String tenant, UUID jobId, String url) {
    return sql.one(
        tenant,
        "SELECT name, url, format, body FROM {t}.upload_files WHERE job_id = ? AND url = ?",
        rs -> new ParsedFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
        jobId,
        url);
  }

  void deleteBodies(String tenant, UUID jobId) {
    sql.update(tenant, "DELETE FROM {t}.upload_files WHERE job_id = ?", jobId);
  }
}
